"""The Content-Security-Policy refuses nothing that a reader's page or the editor needs.

Every journey fails on a refusal (conftest's `browser` fixture); this one walks through what the
journeys touch least: a video, the search suggestions, an editor's userbar on the public site,
the editor's choosers, preview panel and checks, and the image editor's focal point.
"""

from playwright.sync_api import expect

from news.management.commands.load_demo_content import VIDEO_URL
from news.management.commands.load_demo_content import Command as DemoContent
from tests.browser.admin import choose, preview_panel
from tests.utils import make_image

TITLE = "Menag Tinjau Kesiapan Asrama Haji Embarkasi Surabaya"


def published_article_with_video(newsroom):
    DemoContent().build_embed()  # the video's embed, stored: no provider is asked
    article = newsroom.article(
        TITLE,
        submit=False,
        body=[
            ("paragraph", "<p>Menteri Agama meninjau asrama haji.</p>"),
            ("video", {"video": VIDEO_URL, "caption": "Kunjungan Menteri"}),
        ],
    )
    article.get_latest_revision().publish()
    return article


def test_reader_pages_and_editor_work_under_the_policy(browser, newsroom):
    article = published_article_with_video(newsroom)
    image = make_image(title="Asrama haji")

    reader = browser.anonymous()
    reader.goto("/")
    reader.locator("input[name=q]").first.fill("Asrama")
    expect(reader.locator(".site-search__suggestions")).to_contain_text(TITLE)
    reader.goto(article.url)
    # A poster and a link first; the player's frame comes when the reader asks for it (its
    # address is outside the test's network, so it stays blank), and the policy lets it in.
    player = ".video__frame iframe[src^='https://www.youtube-nocookie.com/']"
    expect(reader.locator(player)).to_have_count(0)
    reader.locator(".video__poster").click()
    expect(reader.locator(player)).to_have_count(1)
    reader.goto(article.get_parent().url)
    reader.goto("/cari/?q=haji")
    reader.goto("/tidak-ada/")
    browser.shot(reader, "reader")

    editor = browser.login_as("redaktur-pelaksana")
    editor.goto(article.url)
    userbar = editor.locator("wagtail-userbar")
    userbar.locator("#wagtail-userbar-trigger").click()
    expect(userbar.get_by_role("menuitem").first).to_be_visible()

    editor.goto(f"/admin/pages/{article.pk}/edit/")
    hero = editor.locator("#panel-child-konten-foto_utama-content")
    choose(editor, hero.locator("[data-chooser-action-choose]").first, "Asrama haji")
    expect(hero).to_contain_text("Asrama haji")
    frame = preview_panel(editor)
    expect(frame.locator("h1")).to_contain_text(TITLE, timeout=30_000)
    expect(frame.locator(".video__poster[data-video-src]")).to_have_count(1)
    editor.get_by_role("button", name="Tampilkan/sembunyikan pemeriksaan").first.click()
    editor.wait_for_timeout(1500)
    browser.shot(editor, "editor-preview")

    editor.goto(f"/admin/images/{image.pk}/")
    expect(editor.locator(".focal-point-chooser")).to_be_visible()
    browser.shot(editor, "image-focal-point")


def test_a_refused_inline_script_fails_the_journey(browser, newsroom):
    """The watch on the policy itself: an injected inline script is refused and reported."""
    reader = browser.anonymous()
    reader.goto("/")
    reader.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.append(s); }"
    )
    expect(reader.locator("body")).to_be_visible()
    reader.wait_for_timeout(500)
    assert reader.evaluate("() => window.ran") is None
    assert any("script-src" in refused for refused in browser.csp_violations), browser.csp_violations
    browser.csp_violations.clear()  # expected here; any other refusal still fails
