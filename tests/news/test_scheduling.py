from datetime import UTC, datetime, timedelta
from io import StringIO

import time_machine
from django.core.management import call_command
from django.test import TestCase
from wagtail.models import PageLogEntry

from news.models import ArticlePage
from news.scheduling import next_due, publish_due, seconds_until_next_run
from tests.utils import make_article, make_category

NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)  # 10:00 WIB


class SchedulingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")

    def schedule(self, title: str, go_live_at: datetime) -> ArticlePage:
        page = make_article(self.nasional, title, publish=False)
        page.go_live_at = go_live_at
        page.save_revision().publish()  # with a future go-live time this only schedules
        page.refresh_from_db()
        return page

    def test_page_goes_live_at_its_time_and_not_before(self):
        with time_machine.travel(NOW, tick=False):
            page = self.schedule("Siaran pers terjadwal", NOW + timedelta(hours=1))
            self.assertFalse(page.live)
            self.assertEqual(self.client.get("/nasional/siaran-pers-terjadwal/").status_code, 404)
        with time_machine.travel(NOW + timedelta(minutes=59, seconds=59), tick=False):
            self.assertEqual(publish_due(), (0, 0))
        with time_machine.travel(NOW + timedelta(hours=1), tick=False):
            self.assertEqual(publish_due(), (1, 0))
            page.refresh_from_db()
            self.assertTrue(page.live)
            self.assertEqual(self.client.get(page.url).status_code, 200)

    def test_a_second_run_publishes_nothing_again(self):
        with time_machine.travel(NOW, tick=False):
            page = self.schedule("Sekali saja", NOW + timedelta(minutes=5))
        with time_machine.travel(NOW + timedelta(minutes=6), tick=False):
            self.assertEqual(publish_due(), (1, 0))
            self.assertEqual(publish_due(), (0, 0))
            call_command("publish_due", stdout=StringIO())
        publishes = PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled")
        self.assertEqual(publishes.count(), 1)

    def test_expired_pages_are_unpublished(self):
        with time_machine.travel(NOW, tick=False):
            page = make_article(self.nasional, "Pengumuman berakhir")
            page.expire_at = NOW + timedelta(days=1)
            page.save_revision().publish()
        with time_machine.travel(NOW + timedelta(days=1, seconds=1), tick=False):
            self.assertEqual(publish_due(), (0, 1))
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertTrue(page.expired)

    def test_overdue_report_exits_non_zero(self):
        with time_machine.travel(NOW, tick=False):
            self.schedule("Terlambat", NOW + timedelta(minutes=1))
        with time_machine.travel(NOW + timedelta(minutes=2), tick=False):
            call_command("report_overdue", stdout=StringIO())  # due, but still within the grace
        with time_machine.travel(NOW + timedelta(minutes=10), tick=False):
            errors = StringIO()
            with self.assertRaises(SystemExit) as exit_info:
                call_command("report_overdue", stdout=StringIO(), stderr=errors)
            self.assertEqual(exit_info.exception.code, 1)
            self.assertIn("OVERDUE: Terlambat", errors.getvalue())
            publish_due()
            out = StringIO()
            call_command("report_overdue", stdout=out)
            self.assertIn("No overdue pages.", out.getvalue())


class SchedulerTimingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")

    schedule = SchedulingTests.schedule

    def test_the_scheduler_wakes_at_the_minute_or_when_something_is_due(self):
        at = NOW + timedelta(seconds=30)  # 10:00:30 WIB
        self.assertAlmostEqual(seconds_until_next_run(at, None), 30.05)
        self.assertAlmostEqual(seconds_until_next_run(at, at + timedelta(seconds=10)), 10.05)
        self.assertAlmostEqual(seconds_until_next_run(at, at + timedelta(minutes=5)), 30.05)
        self.assertAlmostEqual(seconds_until_next_run(at, at - timedelta(seconds=1)), 30.05)

    def test_next_due_is_the_earliest_pending_time(self):
        with time_machine.travel(NOW, tick=False):
            self.assertIsNone(next_due())
            self.schedule("Nanti", NOW + timedelta(hours=2))
            self.schedule("Lebih dulu", NOW + timedelta(minutes=3))
            expiring = make_article(self.nasional, "Berakhir")
            expiring.expire_at = NOW + timedelta(minutes=1)
            expiring.save_revision().publish()
            self.assertEqual(next_due(), NOW + timedelta(minutes=1))


class SchedulerFaultTests(TestCase):
    """`run_scheduler` outlives a database outage and publishes once the database is back."""

    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")

    def test_a_database_error_is_logged_and_retried(self):
        from unittest import mock

        from django.db import OperationalError

        with time_machine.travel(NOW, tick=False):
            page = make_article(self.nasional, "Rilis saat basis data mati", publish=False)
            page.go_live_at = NOW + timedelta(seconds=30)
            page.save_revision().publish()
        real_publish_due = publish_due
        calls, waits = [], []

        def flaky_publish_due():
            calls.append(1)
            if len(calls) <= 2:
                raise OperationalError("server closed the connection unexpectedly")
            return real_publish_due()

        def sleep(seconds):
            waits.append(seconds)
            if len(waits) == 3:
                raise KeyboardInterrupt

        out = StringIO()
        with (
            time_machine.travel(NOW + timedelta(minutes=1), tick=False),
            mock.patch("news.management.commands.run_scheduler.publish_due", flaky_publish_due),
            # Closing the connection would end the test's transaction (PostgreSQL).
            mock.patch("news.management.commands.run_scheduler.close_old_connections"),
            mock.patch("news.management.commands.run_scheduler.time.sleep", sleep),
            self.assertLogs("news.scheduler", "WARNING") as logs,
        ):
            call_command("run_scheduler", stdout=out)
        self.assertEqual(len(calls), 3)
        self.assertEqual(waits[:2], [5, 10])  # retried soon, then less often
        self.assertIn("run failed (1 in a row); again in 5 s", logs.output[0])
        self.assertIn("OperationalError", "\n".join(logs.output))
        self.assertIn("published 1", out.getvalue())
        self.assertTrue(ArticlePage.objects.get(pk=page.pk).live)

    def test_the_supervisor_starts_a_dead_scheduler_again(self):
        import os
        import signal
        import sys
        import tempfile
        import threading
        from pathlib import Path

        from news.management.commands.run_scheduler import Command

        # A stand-in for the scheduler that dies at once, three times, then stops the supervisor.
        runs = Path(tempfile.mkdtemp()) / "runs"
        script = (
            "import os, pathlib, signal, sys; p = pathlib.Path(sys.argv[1]); "
            "p.write_text(p.read_text() + 'x' if p.exists() else 'x'); "
            "len(p.read_text()) == 3 and os.kill(os.getppid(), signal.SIGTERM); sys.exit(1)"
        )
        command = Command(stdout=StringIO())
        previous = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
        timer = threading.Timer(30, os.kill, (os.getpid(), signal.SIGTERM))  # never hang the suite
        timer.start()
        try:
            with self.assertLogs("news.scheduler", "ERROR") as logs:
                command.supervise([sys.executable, "-c", script, str(runs)], restart_seconds=0.1)
        finally:
            timer.cancel()
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        self.assertEqual(runs.read_text(), "xxx")
        self.assertIn("exited with code 1; starting it again", logs.output[0])


class ScheduledPressReleaseTests(TestCase):
    """A press release goes live on schedule only with its number and a reachable press contact."""

    @classmethod
    def setUpTestData(cls):
        from news.models import CategoryIndexPage, Person

        cls.releases = make_category("Siaran Pers", "siaran-pers")
        CategoryIndexPage.objects.filter(pk=cls.releases.pk).update(press_releases=True)
        cls.nasional = make_category("Nasional", "nasional")
        cls.contact = Person.objects.create(
            name="Humas", phone="+62 21 3811642", email="humas@kemenag.example"
        )

    def schedule(self, parent, title, **fields):
        with time_machine.travel(NOW, tick=False):
            page = make_article(parent, title, publish=False, **fields)
            page.go_live_at = NOW + timedelta(minutes=10)
            page.save_revision().publish()
        return page

    def test_a_release_that_lost_its_contacts_email_stays_unpublished_and_overdue(self):
        release = self.schedule(
            self.releases, "Siaran pers kuota haji", release_number="9/Humas", press_contact=self.contact
        )
        other = self.schedule(self.nasional, "Berita biasa")
        self.contact.email = ""
        self.contact.save()
        with (
            time_machine.travel(NOW + timedelta(minutes=11), tick=False),
            self.assertLogs("news.scheduler", "ERROR") as logs,
        ):
            self.assertEqual(publish_due(), (1, 0))
        self.assertFalse(ArticlePage.objects.get(pk=release.pk).live)
        self.assertTrue(ArticlePage.objects.get(pk=other.pk).live)  # the others still go out
        self.assertIn("Siaran pers kuota haji not published", logs.output[0])
        err = StringIO()
        with time_machine.travel(NOW + timedelta(minutes=20), tick=False), self.assertRaises(SystemExit):
            call_command("report_overdue", stderr=err)
        self.assertIn("OVERDUE: Siaran pers kuota haji", err.getvalue())
        self.contact.email = "humas@kemenag.example"
        self.contact.save()
        with time_machine.travel(NOW + timedelta(minutes=21), tick=False):
            self.assertEqual(publish_due(), (1, 0))
        self.assertTrue(ArticlePage.objects.get(pk=release.pk).live)
