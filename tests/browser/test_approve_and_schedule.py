"""Journey 3: the Redaktur approves; the Redaktur Pelaksana schedules it through the picker."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from playwright.sync_api import expect

from news.models import ArticlePage
from tests.browser.admin import expect_saved, expect_success, footer_action, type_datetime
from tests.browser.test_request_changes import open_from_dashboard

TITLE = "Kemenag Luncurkan Aplikasi Pendaftaran Haji Baru"
WIB = ZoneInfo("Asia/Jakarta")


def schedule(page, go_live) -> str:
    """Set the go-live time in the status panel's "Atur jadwal" dialog; returns what was typed."""
    page.get_by_role("button", name="Tampilkan/sembunyikan status").click()
    page.get_by_role("button", name="Atur jadwal").click()
    dialog = page.locator("#schedule-publishing-dialog")
    expect(dialog).to_be_visible()
    typed = go_live.astimezone(WIB).strftime("%d-%m-%Y %H:%M")
    type_datetime(page, dialog.locator("#id_go_live_at"), typed)
    dialog.locator("button[type=submit]").click()
    return typed


def test_redaktur_approves_and_pelaksana_schedules(browser, newsroom):
    article = newsroom.article(TITLE)

    redaktur = browser.login_as("redaktur")
    open_from_dashboard(redaktur, TITLE)
    footer_action(redaktur, "Setujui")
    expect_success(redaktur)
    browser.shot(redaktur, "redaktur-approved")
    state = ArticlePage.objects.get(pk=article.pk).current_workflow_state
    assert state.current_task_state.task.name == "Persetujuan Redaktur Pelaksana"

    pelaksana = browser.login_as("redaktur-pelaksana")
    open_from_dashboard(pelaksana, TITLE)
    # The next minute but one when this one is nearly over: at least 30 s ahead when it is saved.
    go_live = (timezone.now() + timedelta(seconds=90)).replace(second=0, microsecond=0)
    schedule(pelaksana, go_live)
    expect_saved(pelaksana)
    browser.shot(pelaksana, "pelaksana-set-schedule")
    footer_action(pelaksana, "Jadwalkan")
    expect_success(pelaksana)
    browser.shot(pelaksana, "pelaksana-scheduled")

    article.refresh_from_db()
    assert article.live is False
    revision = article.revisions.filter(approved_go_live_at__isnull=False).get()
    assert revision.approved_go_live_at == go_live
    assert revision.as_object().editor == newsroom.people["redaktur"]
    assert article.current_workflow_state is None  # both steps done
    # The Berita listing says it is scheduled, with the time in WIB.
    pelaksana.get_by_role("link", name="Berita", exact=True).first.click()
    row = pelaksana.locator("tr", has_text=TITLE)
    expect(row).to_contain_text("Terjadwal")
    expect(row).to_contain_text(go_live.astimezone(WIB).strftime("%d-%m-%Y %H:%M"))
    browser.shot(pelaksana, "listing")
