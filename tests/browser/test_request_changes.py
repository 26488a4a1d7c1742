"""Journey 2: a Redaktur comments and requests changes; the Kontributor reads why, fixes, resubmits."""

import re

from playwright.sync_api import expect
from wagtail.models import Comment

from news.models import ArticlePage
from tests.browser.admin import expect_success, footer_action, menu_action, modal

TITLE = "Madrasah Negeri Terima Siswa Baru Secara Daring"
MESSAGE = "Mohon lengkapi teras berita dengan jumlah madrasah yang ikut."


def open_from_dashboard(page, title: str):
    page.goto("/admin/")
    page.get_by_role("link", name=title).first.click()
    expect(page.locator("#id_title")).to_have_value(title)


def test_redaktur_requests_changes_and_kontributor_resubmits(browser, newsroom):
    article = newsroom.article(TITLE, lead="Pendaftaran siswa baru madrasah dibuka secara daring.")

    redaktur = browser.login_as("redaktur")
    open_from_dashboard(redaktur, TITLE)
    # A comment on the lead, then "Minta perbaikan" with the reason.
    redaktur.locator("[data-comment-add][aria-describedby=id_lead-label]").click()
    comment = redaktur.locator("li.comment--mode-creating")
    comment.locator("textarea.comment__input").fill("Berapa madrasah yang ikut?")
    comment.locator("button.comment__button--primary").click()
    # Saved into the page's form (the comments formset) before the next action, as a person's
    # next click always is: under load Playwright's click came before the form had it.
    expect(redaktur.locator("li.comment.comment--mode-default")).to_contain_text("Berapa madrasah yang ikut?")
    expect(redaktur.locator('input[name="comments-TOTAL_FORMS"]')).to_have_value("1")
    browser.shot(redaktur, "redaktur-commented")
    menu_action(redaktur, "Minta perubahan")
    dialog = modal(redaktur)
    dialog.locator("textarea").fill(MESSAGE)
    dialog.locator("button[type=submit]").click()
    expect_success(redaktur)
    browser.shot(redaktur, "redaktur-requested-changes")

    state = ArticlePage.objects.get(pk=article.pk).current_workflow_state
    assert state.status == "needs_changes"
    assert Comment.objects.filter(page=article, user=newsroom.users["redaktur"]).exists()

    kontributor = browser.login_as("kontributor")
    # The dashboard says, in Indonesian, that changes were asked for.
    expect(kontributor.locator("main")).to_contain_text(re.compile("perubahan diminta", re.IGNORECASE))
    open_from_dashboard(kontributor, TITLE)
    # The editor shows the reviewer's message and name at the top.
    banner = kontributor.locator("main").get_by_text(MESSAGE).first
    expect(banner).to_be_visible()
    expect(kontributor.locator("main")).to_contain_text("Indah Lestari")
    browser.shot(kontributor, "kontributor-sees-message")
    kontributor.locator("#id_lead").fill(
        "Pendaftaran siswa baru di 1.250 madrasah negeri dibuka secara daring."
    )
    footer_action(kontributor, "Ajukan ke Redaksi")
    expect_success(kontributor)
    browser.shot(kontributor, "kontributor-resubmitted")

    article.refresh_from_db()
    state = article.current_workflow_state
    assert state.status == "in_progress"
    assert state.current_task_state.task.name == "Review Redaktur"
    assert "1.250 madrasah" in article.get_latest_revision_as_object().lead
