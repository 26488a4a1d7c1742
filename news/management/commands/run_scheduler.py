"""Run `publish_due` at the start of every minute until stopped (used by `make run`), and write
the readers' view counts from the cache to the database (news.popular.flush_view_counts).

Go-live times are set to the minute, so a run just after each minute starts publishes a page
within about a second of its time; a time set to the second (by an import, say) is met too.

A run that fails (the database restarting, a lock held too long) is logged and tried again a
few seconds later, then less often while the fault lasts: a release due during a short outage
goes out as soon as the database is back, without anyone restarting the scheduler. With
`--supervise` (as `make run` starts it) the loop runs in a child process that is started again
should it ever die (killed, out of memory); in production systemd's Restart=always does that.
"""

import logging
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from news.popular import flush_view_counts
from news.scheduling import next_due, publish_due, seconds_until_next_run

logger = logging.getLogger("news.scheduler")

RETRY_SECONDS = (5, 10, 20, 30)


class Command(BaseCommand):
    help = "Publish scheduled pages every minute, until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between runs (default 60).")
        parser.add_argument(
            "--supervise", action="store_true", help="Run in a child process, started again if it dies."
        )

    def handle(self, *args, interval: float, supervise: bool = False, **options):
        if supervise:
            return self.supervise([sys.executable, sys.argv[0], "run_scheduler", f"--interval={interval}"])
        self.stdout.write(f"Scheduler: publishing due pages every {interval:g} s and at their time.")
        failures = 0
        try:
            while True:
                try:
                    wait = self.run_once(interval)
                    if failures:
                        logger.warning("Scheduler: running again after %d failed run(s).", failures)
                    failures = 0
                except Exception:
                    # Whatever went wrong, the next run may work: the process must not die.
                    wait = RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)]
                    failures += 1
                    logger.exception("Scheduler: run failed (%d in a row); again in %d s.", failures, wait)
                time.sleep(wait)
        except KeyboardInterrupt:
            self.stdout.write("Scheduler stopped.")

    def supervise(self, command: list[str], restart_seconds: float = 5) -> None:
        """Run `command` until this process is told to stop; start it again whenever it exits."""
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True
            child.terminate()

        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, stop)
        while not stopping:
            child = subprocess.Popen(command)  # noqa: S603 - our own interpreter and manage.py
            code = child.wait()
            if not stopping:
                logger.error(
                    "Scheduler: exited with code %s; starting it again in %g s.",
                    code,
                    restart_seconds,
                )
                time.sleep(restart_seconds)
        self.stdout.write("Scheduler stopped.")

    def run_once(self, interval: float) -> float:
        """Publish what is due; the seconds until the next run."""
        # A connection broken by the last failure (or too old) is replaced here.
        close_old_connections()
        published, unpublished = publish_due()
        if published or unpublished:
            self.stdout.write(f"Scheduler: published {published}, unpublished {unpublished}.")
        try:
            flush_view_counts()
        except Exception:
            # Counting reads must never hold back publishing; the next run writes them.
            logger.exception("Scheduler: the view counts could not be written.")
        now = timezone.now()
        return seconds_until_next_run(now, next_due(now), interval)
