"""Journey 6: the Jawa Timur office writes a regional article and gets it published; it never
sees the centre's drafts."""

from playwright.sync_api import expect

from news.models import ArticlePage
from tests.browser.admin import (
    add_block,
    expect_success,
    footer_action,
    photo,
    type_rich_text,
    upload_image,
)
from tests.browser.test_request_changes import open_from_dashboard
from tests.browser.test_write_and_submit import start_article

TITLE = "Kanwil Jawa Timur Gelar Manasik Haji Akbar di Surabaya"
CENTRAL_DRAFT = "Rancangan Kebijakan Biaya Haji Pusat"


def test_jawa_timur_writes_and_gets_published_without_seeing_central_drafts(browser, newsroom):
    newsroom.article(CENTRAL_DRAFT)  # submitted in Nasional by the centre's Kontributor
    newsroom.article(CENTRAL_DRAFT + " (konsep)", submit=False)

    jatim = browser.login_as("kontributor-jatim")
    for query in (None, "Rancangan"):
        jatim.get_by_role("link", name="Berita", exact=True).first.click()
        if query:
            jatim.get_by_role("textbox", name="Cari").first.fill(query)
            jatim.keyboard.press("Enter")
            jatim.wait_for_load_state()
        expect(jatim.locator("main")).not_to_contain_text(CENTRAL_DRAFT)
    browser.shot(jatim, "jatim-listing")

    start_article(jatim, "Daerah/Jawa Timur")
    jatim.locator("#id_title").fill(TITLE)
    jatim.locator("#id_lead").fill(
        "Sebanyak 3.000 calon jemaah haji mengikuti manasik akbar di Asrama Haji Sukolilo."
    )
    hero = jatim.locator("#panel-child-konten-foto_utama-content")
    upload_image(
        jatim,
        hero.locator("[data-chooser-action-choose]").first,
        photo("manasik-sukolilo.jpg", color=(180, 120, 30)),
        title="Manasik haji akbar di Sukolilo",
        alt="Calon jemaah berpakaian ihram berbaris di lapangan Asrama Haji Sukolilo.",
        caption="Calon jemaah haji mengikuti manasik akbar di Sukolilo.",
        credit="Humas Kanwil Jatim",
    )
    paragraph = add_block(jatim, jatim.locator("#panel-child-konten-body-content"), "Paragraf")
    type_rich_text(jatim, paragraph, "Manasik diikuti calon jemaah dari 38 kabupaten dan kota.")
    footer_action(jatim, "Ajukan ke Redaksi")
    expect_success(jatim)
    browser.shot(jatim, "jatim-submitted")
    article = ArticlePage.objects.get(title=TITLE)
    assert article.get_parent().slug == "jawa-timur"
    assert article.hero_image.collection.name == "Jawa Timur"

    redaktur_jatim = browser.login_as("redaktur-jatim")
    open_from_dashboard(redaktur_jatim, TITLE)
    footer_action(redaktur_jatim, "Setujui")
    expect_success(redaktur_jatim)
    # The regional Redaktur does not see the centre's article in review either.
    redaktur_jatim.goto("/admin/")
    expect(redaktur_jatim.locator("main")).not_to_contain_text(CENTRAL_DRAFT)

    pelaksana = browser.login_as("redaktur-pelaksana")
    open_from_dashboard(pelaksana, TITLE)
    footer_action(pelaksana, "Terbitkan")
    expect_success(pelaksana)
    browser.shot(pelaksana, "pelaksana-published")

    reader = browser.anonymous()
    reader.goto("/daerah/jawa-timur/")
    reader.get_by_role("link", name=TITLE).first.click()
    expect(reader.locator("h1")).to_have_text(TITLE)
    expect(reader.locator(".article__caption")).to_contain_text("Foto: Humas Kanwil Jatim")
    expect(reader.locator(".article__credit-row", has_text="Editor")).to_contain_text("Hasan Basri")
    expect(reader.locator(".article__credit-row", has_text="Penulis")).to_contain_text("Dewi Kartika")
    browser.shot(reader, "reader")
