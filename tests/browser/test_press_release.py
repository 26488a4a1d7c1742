"""Journey 7: a press release with a PDF, under embargo, read early by a journalist through a
preview link opened logged out."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from playwright.sync_api import expect

from news.models import ArticlePage
from tests.browser.admin import (
    add_block,
    choose,
    expect_saved,
    expect_success,
    footer_action,
    pdf,
    type_rich_text,
    upload_document,
)
from tests.browser.test_approve_and_schedule import schedule
from tests.browser.test_request_changes import open_from_dashboard
from tests.browser.test_write_and_submit import start_article

TITLE = "Siaran Pers: Menteri Agama Umumkan Hasil Sidang Isbat"
NUMBER = "123/Humas/XII/2026"
WIB = ZoneInfo("Asia/Jakarta")
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def test_press_release_with_pdf_under_embargo_and_preview_link(browser, newsroom):
    kontributor = browser.login_as("kontributor")
    start_article(kontributor, "Siaran Pers")
    kontributor.locator("#id_title").fill(TITLE)
    kontributor.locator("#id_lead").fill("Sidang isbat menetapkan 1 Ramadan 1448 H jatuh pada Rabu.")
    body = kontributor.locator("#panel-child-konten-body-content")
    type_rich_text(kontributor, add_block(kontributor, body, "Paragraf"), "Sidang isbat digelar di Jakarta.")
    release = kontributor.locator("#panel-child-konten-siaran_pers-content")
    release.locator("#id_release_number").fill(NUMBER)
    choose(kontributor, release.locator("[data-chooser-action-choose]").first, "Anna Hasbie", search="Anna")
    attachment = add_block(kontributor, release, "Lampiran PDF")
    upload_document(
        kontributor,
        attachment.locator("[data-chooser-action-choose]").first,
        pdf("siaran-pers-isbat.pdf", "Siaran Pers Sidang Isbat"),
        title="Siaran pers sidang isbat (ditandatangani)",
    )
    browser.shot(kontributor, "release-written")
    footer_action(kontributor, "Ajukan ke Redaksi")
    expect_success(kontributor)
    article = ArticlePage.objects.get(title=TITLE)

    # No preview link while nobody has approved it yet.
    pelaksana = browser.login_as("redaktur-pelaksana")
    pelaksana.goto(f"/admin/pages/{article.pk}/preview-links/")
    expect(pelaksana.get_by_role("button", name="Buat tautan pratinjau")).to_have_count(0)

    newsroom.approve(article, "redaktur")
    open_from_dashboard(pelaksana, TITLE)
    embargo = (timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    schedule(pelaksana, embargo)
    expect_saved(pelaksana)
    footer_action(pelaksana, "Jadwalkan")
    expect_success(pelaksana)
    browser.shot(pelaksana, "release-scheduled")

    # The journalist's link, made from the article's menu.
    open_from_dashboard(pelaksana, TITLE)
    pelaksana.locator("header").get_by_role("button", name=re.compile("Tindakan|Lainnya|Aksi")).first.click()
    pelaksana.get_by_role("link", name="Tautan pratinjau").click()
    pelaksana.locator("main form input[type=text]").first.fill("Antara, Rudi Hartono")
    pelaksana.get_by_role("button", name="Buat tautan pratinjau").click()
    expect_success(pelaksana)
    link = pelaksana.locator("main table input[readonly]").first.input_value()
    browser.shot(pelaksana, "preview-link")

    journalist = browser.anonymous()
    journalist.goto(link)
    expect(journalist.locator("h1")).to_have_text(TITLE)
    local = embargo.astimezone(WIB)
    expect(journalist.locator(".embargo-notice")).to_contain_text(
        f"{local.day} {MONTHS[local.month - 1]} {local.year} {local:%H:%M} WIB"
    )
    expect(journalist.locator(".article__release-number")).to_contain_text(NUMBER)
    expect(journalist.locator(".press-contact")).to_contain_text("Anna Hasbie")
    pdf_link = journalist.locator(".attachment__link")
    expect(pdf_link).to_contain_text("Siaran pers sidang isbat")
    pdf_url = pdf_link.get_attribute("href")
    download = journalist.request.get(pdf_url)
    assert download.ok and download.body().startswith(b"%PDF")
    browser.shot(journalist, "journalist-preview")

    # Everyone else (a reader without the link): nothing until the embargo ends.
    article.refresh_from_db()
    assert not article.live
    reader = browser.anonymous()
    assert reader.goto(article.url).status == 404
    assert reader.request.get(pdf_url).status in (403, 404)
