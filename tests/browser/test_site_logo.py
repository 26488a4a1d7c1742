"""The newsroom admin sets the ministry's logo as SVG, with its PNG, through the site settings."""

import re

from playwright.sync_api import expect

from home.models import SiteSettings
from news.management.commands.load_demo_content import make_emblem, make_emblem_svg
from tests.browser.admin import expect_saved, upload_image

SVG = {"name": "lambang-kemenag.svg", "mimeType": "image/svg+xml", "buffer": make_emblem_svg()}
PNG = {"name": "lambang-kemenag.png", "mimeType": "image/png", "buffer": make_emblem()}
UNSAFE = {
    "name": "lambang-skrip.svg",
    "mimeType": "image/svg+xml",
    "buffer": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script></svg>',
}


def open_settings(page):
    page.get_by_role("button", name="Pengaturan").click()
    page.get_by_role("link", name=re.compile("^Pengaturan situs")).click()
    expect(page.locator("#id_site_name")).to_be_visible()


def save(page):
    page.locator("form button[type=submit]", has_text="Simpan").first.click()
    page.wait_for_load_state()


def test_admin_sets_an_svg_logo_with_its_png(browser, newsroom):
    admin = browser.login_as("admin-redaksi")
    open_settings(admin)

    # An SVG alone: the form says the PNG is needed, and keeps what was typed.
    admin.locator("#id_tagline").fill("Portal Berita Resmi")
    admin.locator("#id_logo_svg").set_input_files(SVG)
    save(admin)
    expect(admin.locator("#panel-child-identitas-child-logo-errors")).to_contain_text(
        "Logo SVG memerlukan juga logo PNG"
    )
    expect(admin.locator("#id_tagline")).to_have_value("Portal Berita Resmi")
    browser.shot(admin, "svg-without-png")

    # A script in the SVG is refused with the reason.
    admin.locator("#id_logo_svg").set_input_files(UNSAFE)
    save(admin)
    expect(admin.locator("#panel-child-identitas-child-logo_svg-errors")).to_contain_text(
        "Logo SVG tidak boleh memuat <script>."
    )

    # The PNG from the image chooser's upload tab, and the SVG again: saved.
    logo_field = admin.locator("[data-field-wrapper]", has=admin.locator("#id_logo"))
    upload_image(
        admin,
        logo_field.get_by_role("button", name=re.compile("Pilih")).first,
        PNG,
        title="Lambang Kemenag",
        alt="Lambang Kementerian Agama",
        caption="Lambang",
        credit="Humas",
    )
    admin.locator("#id_logo_svg").set_input_files(SVG)
    save(admin)
    expect_saved(admin)
    browser.shot(admin, "logo-saved")

    settings = SiteSettings.objects.get()
    assert settings.logo is not None and settings.logo.title == "Lambang Kemenag"
    svg_url = settings.logo_svg.url
    assert re.fullmatch(r"/media/branding/lambang-kemenag[^/]*\.svg", svg_url), svg_url

    reader = browser.anonymous()
    reader.goto("/")
    emblem = reader.locator(".site-header__logo")
    expect(emblem).to_have_attribute("src", svg_url)
    # Drawn, not a broken image: the browser decoded the SVG at its proportions.
    reader.wait_for_function("document.querySelector('.site-header__logo').naturalWidth > 0")
    box = emblem.bounding_box()
    assert box is not None and abs(box["width"] - box["height"]) < 1, box
    expect(reader.locator('link[rel=icon][type="image/svg+xml"]')).to_have_attribute("href", svg_url)
    expect(reader.locator('link[rel=icon][type="image/png"]')).to_have_attribute(
        "href", re.compile(r"max-32x32\.format-png\.png$")
    )
    browser.shot(reader, "reader-header")
