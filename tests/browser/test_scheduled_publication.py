"""Journey 4: the scheduler publishes a scheduled article; a logged-out reader sees it, credited."""

from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

TITLE = "Pemerintah Tetapkan Biaya Haji 2027"


def test_scheduler_publishes_and_reader_sees_editor_credit(browser, newsroom):
    go_live = (timezone.now() + timedelta(minutes=2)).replace(second=0, microsecond=0)
    article = newsroom.article(TITLE, approved_by=("redaktur",))
    article = newsroom.approve_scheduled(article, go_live)
    assert not article.live

    reader = browser.anonymous()
    reader.goto("/")
    expect(reader.get_by_role("link", name=TITLE)).to_have_count(0)
    response = reader.goto(article.url)
    assert response.status == 404

    # The go-live minute passes (the clock of this process, and so of the live server, moves on);
    # the scheduler's pass publishes the article.
    with time_machine.travel(go_live + timedelta(seconds=5), tick=True):
        call_command("publish_due")
        article.refresh_from_db()
        assert article.live

        reader.goto("/")
        reader.get_by_role("link", name=TITLE).first.click()
        expect(reader.locator("h1")).to_have_text(TITLE)
        credits = reader.locator(".article__credits")
        expect(credits.locator(".article__credit-row", has_text="Editor")).to_contain_text("Indah Lestari")
        expect(credits.locator(".article__credit-row", has_text="Penulis")).to_contain_text("Fajar Nugroho")
        expect(credits).not_to_contain_text("Rina Marlina")
        browser.shot(reader, "reader")
