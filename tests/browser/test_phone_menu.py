"""A reader on a phone: the menu opens and closes by keyboard, and no page scrolls sideways."""

import pytest

from tests.browser.conftest import PHONE
from tests.utils import make_article

NARROW = {"width": 320, "height": 640}


def test_phone_menu_works_by_keyboard(browser, newsroom):
    make_article(newsroom.sections["nasional"], "Kemenag Buka Layanan Baru")
    page = browser.anonymous(viewport=PHONE)
    page.goto("/")
    button = page.get_by_role("button", name="Menu")
    search = page.locator("#site-search-q")
    # Closed at first: the sections and the search are out of sight.
    assert button.get_attribute("aria-expanded") == "false"
    assert not search.is_visible()
    # Tab from the top of the page: the skip link, the brand, then the button.
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "menu-button"
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    assert page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Nasional").is_visible()
    browser.shot(page, "menu-open")
    # Tab moves on through the menu; Escape closes it and gives focus back to the button.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('site-menu').contains(document.activeElement)")
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.className") == "menu-button"
    assert not search.is_visible()


def test_without_javascript_the_menu_is_a_plain_list(browser, newsroom, chromium):
    context = chromium.new_context(base_url=newsroom.url, viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/")
        assert not page.locator(".menu-button").is_visible()
        assert page.locator("#site-search-q").is_visible()
        assert (
            page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Daerah").is_visible()
        )
    finally:
        context.close()


@pytest.mark.parametrize("kind", ["home", "article", "category", "search", "not_found"])
def test_nothing_scrolls_sideways_at_320_px(browser, newsroom, kind):
    article = make_article(
        newsroom.sections["nasional"],
        "Penyelenggaraan Ibadah Haji Tahun Ini Melibatkan Ribuan Petugas Kloter Pemberangkatan",
    )
    url = {
        "home": "/",
        "article": article.url,
        "category": newsroom.sections["nasional"].url,
        "search": "/cari/?q=haji",
        "not_found": "/tidak-ada-halaman-ini/",
    }[kind]
    page = browser.anonymous(viewport=NARROW)
    page.goto(url)
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], widths
    # Open, the menu fits too.
    page.get_by_role("button", name="Menu").click()
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], widths
