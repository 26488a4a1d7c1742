"""Journey 5: a Ralat and then a withdrawal of a published article, made through the admin."""

import re
from zoneinfo import ZoneInfo

from django.utils import timezone
from playwright.sync_api import expect

from news.models import ArticlePage
from tests.browser.admin import add_block, expect_saved, menu_action, type_datetime

TITLE = "Kuota Haji Indonesia Bertambah 20.000 Jemaah"
WIB = ZoneInfo("Asia/Jakarta")
RALAT = "Sebelumnya tertulis tambahan 10.000 jemaah; yang benar 20.000 jemaah."
REASON = "Angka kuota belum final menunggu keputusan Arab Saudi."


def open_in_listing(page, title: str):
    page.get_by_role("link", name="Berita", exact=True).first.click()
    page.locator("tr", has_text=title).get_by_role("link", name=title).first.click()
    expect(page.locator("#id_title")).to_have_value(title)


def test_pelaksana_adds_ralat_then_withdraws(browser, newsroom):
    article = newsroom.article(TITLE, approved_by=("redaktur", "redaktur-pelaksana"))
    assert article.live

    pelaksana = browser.login_as("redaktur-pelaksana")
    open_in_listing(pelaksana, TITLE)
    corrections = pelaksana.locator("#panel-child-konten-corrections-content")
    ralat = add_block(pelaksana, corrections, "Ralat")
    now = timezone.now().astimezone(WIB)
    type_datetime(pelaksana, ralat.locator("input[name$=-value-date]"), now.strftime("%d-%m-%Y %H:%M"))
    ralat.locator("textarea").fill(RALAT)
    pelaksana.locator("#id_title").fill(TITLE)  # unchanged; the lead carries the fix
    pelaksana.locator("#id_lead").fill("Indonesia mendapat tambahan kuota 20.000 jemaah haji tahun ini.")
    browser.shot(pelaksana, "ralat-written")
    # Outside a review the main button stays "Simpan konsep"; publishing is in its menu.
    menu_action(pelaksana, "Terbitkan")
    expect_saved(pelaksana)
    browser.shot(pelaksana, "ralat-published")

    reader = browser.anonymous()
    reader.goto(article.url)
    section = reader.locator(".corrections")
    expect(section).to_contain_text("Ralat")
    expect(section).to_contain_text(RALAT)
    expect(reader.locator(".article__lead")).to_contain_text("20.000 jemaah")
    browser.shot(reader, "reader-ralat")

    # The listing marks an article that carries a Ralat.
    pelaksana.get_by_role("link", name="Berita", exact=True).first.click()
    expect(pelaksana.locator("tr", has_text=TITLE)).to_contain_text(re.compile("Ralat|Diralat"))

    open_in_listing(pelaksana, TITLE)
    pelaksana.get_by_role("tab", name="Pengaturan").click()
    type_datetime(pelaksana, pelaksana.locator("#id_withdrawn_at"), now.strftime("%d-%m-%Y %H:%M"))
    pelaksana.locator("#id_withdrawal_reason").fill(REASON)
    browser.shot(pelaksana, "withdrawal-written")
    menu_action(pelaksana, "Terbitkan")
    expect_saved(pelaksana)

    article = ArticlePage.objects.get(pk=article.pk)
    assert article.withdrawn_at is not None
    reader.goto(article.url)
    notice = reader.locator(".notice--withdrawn")
    expect(notice).to_contain_text("Berita ini ditarik pada")
    expect(notice).to_contain_text(REASON)
    reader.goto("/")
    expect(reader.get_by_role("link", name=TITLE)).to_have_count(0)
    browser.shot(reader, "reader-withdrawn")

    # Withdrawn, not "live", in the listing.
    pelaksana.get_by_role("link", name="Berita", exact=True).first.click()
    row = pelaksana.locator("tr", has_text=TITLE)
    expect(row).to_contain_text("Ditarik")
    expect(row).not_to_contain_text(re.compile("AKTIF|TERPUBLIKASI", re.IGNORECASE))
    browser.shot(pelaksana, "listing-withdrawn")
