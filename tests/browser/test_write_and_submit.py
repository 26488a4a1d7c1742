"""Journey 1: a Kontributor writes a full article, previews it and submits it for review."""

import re

from playwright.sync_api import expect

from news.models import ArticlePage
from tests.browser.admin import (
    add_block,
    add_tag,
    choose,
    choose_page,
    expect_success,
    footer_action,
    photo,
    preview_panel,
    type_rich_text,
    upload_image,
)

TITLE = "Kemenag Buka Layanan Nikah Terpadu di Seluruh KUA"


def start_article(page, section: str = "Nasional"):
    """From the Berita listing: "Tambah berita", then the section as the parent page (asked only
    of those who may write in more than one)."""
    page.get_by_role("link", name="Berita", exact=True).first.click()
    page.get_by_role("link", name="Tambah berita").click()
    page.wait_for_load_state()
    if page.locator("#id_title").count() == 0:
        choose_page(page, page.get_by_role("button", name=re.compile("Pilih halaman")), *section.split("/"))
        page.get_by_role("button", name="Buat berita baru").click()
    expect(page.locator("#id_title")).to_be_visible()


def write_article(page, title: str = TITLE):
    page.locator("#id_title").fill(title)
    page.locator("#id_lead").fill(
        "Calon pengantin kini dapat mengurus seluruh berkas nikah di satu meja layanan KUA."
    )
    page.locator("#id_dateline").fill("Jakarta")
    hero = page.locator("#panel-child-konten-foto_utama-content")
    upload_image(
        page,
        hero.locator("[data-chooser-action-choose]").first,
        photo("kua-layanan.jpg"),
        title="Petugas KUA melayani calon pengantin",
        alt="Petugas KUA memeriksa berkas calon pengantin di meja layanan.",
        caption="Petugas KUA Menteng melayani calon pengantin, Senin.",
        credit="Humas Kemenag",
    )
    expect(hero).to_contain_text("Petugas KUA melayani calon pengantin")

    body = page.locator("#panel-child-konten-body-content")
    paragraph = add_block(page, body, "Paragraf")
    type_rich_text(page, paragraph, "Layanan nikah terpadu mulai berlaku di 5.900 KUA pada Januari.")
    quote = add_block(page, body, "Kutipan")
    quote.locator("textarea").first.fill("Warga cukup datang sekali untuk semua berkas.")
    quote.get_by_label("Narasumber").fill("Abu Rokhmad")
    quote.get_by_label("Jabatan").fill("Dirjen Bimas Islam")
    image = add_block(page, body, "Gambar")
    choose(page, image.locator("[data-chooser-action-choose]").first, "Petugas KUA melayani calon pengantin")
    image.get_by_label("Keterangan foto").fill("Meja layanan terpadu di KUA Menteng.")

    page.get_by_label("Nikah dan Rujuk").check()
    page.get_by_label("Bimbingan Masyarakat Islam").check()
    add_tag(page, "tags", "nikah terpadu")
    add_tag(page, "tags", "KUA")


def test_kontributor_writes_previews_and_submits(browser, newsroom):
    page = browser.login_as("kontributor")
    start_article(page)
    # Credits come from the logged-in user: the reporter and the originating unit are filled.
    credits = page.locator("#panel-child-konten-kredit-content")
    expect(credits).to_contain_text("Fajar Nugroho")
    classification = page.locator("#panel-child-konten-klasifikasi-content")
    expect(classification).to_contain_text("Biro Hubungan Masyarakat, Data, dan Informasi")
    write_article(page)
    browser.shot(page, "written")

    frame = preview_panel(page)
    expect(frame.locator("h1")).to_have_text(TITLE, timeout=30_000)
    expect(frame.locator("body")).to_contain_text("Warga cukup datang sekali untuk semua berkas.")
    expect(frame.locator("body")).to_contain_text("Foto: Humas Kemenag")
    browser.shot(page, "preview")

    footer_action(page, "Ajukan ke Redaksi")
    expect_success(page)
    browser.shot(page, "submitted")

    article = ArticlePage.objects.get(title=TITLE)
    assert article.live is False
    state = article.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert state.requested_by == newsroom.users["kontributor"]
    draft = article.get_latest_revision_as_object()
    assert draft.hero_image.caption == "Petugas KUA Menteng melayani calon pengantin, Senin."
    assert draft.hero_image.credit == "Humas Kemenag"
    assert draft.hero_image.description.startswith("Petugas KUA memeriksa berkas")
    assert [block.block_type for block in draft.body] == ["paragraph", "quote", "image"]
    assert draft.body[1].value["speaker"] == "Abu Rokhmad"
    assert draft.body[2].value["image"] == draft.hero_image
    assert {area.slug for area in draft.service_areas.all()} == {"nikah", "bimas-islam"}
    assert sorted(tag.name for tag in draft.tags.all()) == ["KUA", "nikah terpadu"]
    assert [link.unit.slug for link in draft.work_unit_links.all()] == ["biro-humas"]
    assert [credit.person.name for credit in draft.reporters.all()] == ["Fajar Nugroho"]
