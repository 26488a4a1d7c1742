"""Two schedulers (one per application server) against PostgreSQL publish each due page once.

These tests commit (TransactionTestCase) and run two schedulers in threads, each on its own
database connection, as two processes would. SQLite has no advisory locks and no concurrent
writers to race: there the tests are skipped (tests/news/test_scheduling.py covers it).
"""

import threading
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.db import connection, connections
from django.test import TransactionTestCase
from django.utils import timezone
from wagtail.models import PageLogEntry

from news import scheduling
from news.models import ArticlePage
from tests.utils import make_article, make_category

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")

DUE_PAGES = 12


def in_thread(func):
    """Run `func` in a thread with a database connection of its own; its result or exception."""
    outcome = {}

    def run():
        try:
            outcome["result"] = func()
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


class SchedulerLockTests(TransactionTestCase):
    serialized_rollback = True  # the page tree and site that migrations made

    def setUp(self):
        self.nasional = make_category("Nasional", "nasional")
        self.go_live_at = timezone.now() + timedelta(hours=1)
        self.pages = []
        for number in range(DUE_PAGES):
            page = make_article(self.nasional, f"Siaran terjadwal {number}", publish=False)
            page.go_live_at = self.go_live_at
            page.save_revision().publish()  # a future go-live time: this only schedules it
            self.pages.append(page)

    def run_two_schedulers(self):
        """Both schedulers start their run at the same moment, after the go-live time."""
        barrier = threading.Barrier(2)

        def scheduler():
            barrier.wait(timeout=30)
            return scheduling.publish_due()

        with time_machine.travel(self.go_live_at + timedelta(minutes=1), tick=True):
            runs = [in_thread(scheduler) for _ in range(2)]
            for thread, _ in runs:
                thread.join(timeout=120)
        for _, outcome in runs:
            if "error" in outcome:
                raise outcome["error"]
        return [outcome["result"] for _, outcome in runs]

    def assert_each_published_once(self, results):
        self.assertEqual(sum(published for published, _ in results), DUE_PAGES, results)
        for page in self.pages:
            self.assertTrue(ArticlePage.objects.get(pk=page.pk).live, page.title)
            publications = PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled")
            self.assertEqual(publications.count(), 1, page.title)

    def test_two_schedulers_publish_each_due_page_once(self):
        self.assert_each_published_once(self.run_two_schedulers())

    def test_the_lock_alone_keeps_each_page_to_one_publication(self):
        # Without the row claims (SELECT ... FOR UPDATE SKIP LOCKED) both schedulers would read
        # every revision as due while the other is publishing it: only the lock prevents that.
        with mock.patch.object(scheduling, "claim", lambda queryset: queryset):
            results = self.run_two_schedulers()
        self.assert_each_published_once(results)
        self.assertIn((0, 0), results)  # one of them skipped the whole run

    def test_a_scheduler_skips_its_run_while_another_one_runs(self):
        holding, release = threading.Event(), threading.Event()

        def other_scheduler():
            with scheduling.scheduler_lock() as acquired:
                holding.set()
                release.wait(timeout=60)
                return acquired

        thread, outcome = in_thread(other_scheduler)
        try:
            self.assertTrue(holding.wait(timeout=30))
            with time_machine.travel(self.go_live_at + timedelta(minutes=1), tick=True):
                self.assertEqual(scheduling.publish_due(), (0, 0))
                self.assertFalse(
                    ArticlePage.objects.filter(pk__in=[p.pk for p in self.pages], live=True).exists()
                )
        finally:
            release.set()
            thread.join(timeout=60)
        self.assertTrue(outcome["result"])
        # Released with the other run's end: the next run publishes everything.
        with time_machine.travel(self.go_live_at + timedelta(minutes=2), tick=True):
            self.assertEqual(scheduling.publish_due(), (DUE_PAGES, 0))
