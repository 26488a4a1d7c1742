"""Run `publish_due` at the start of every minute until stopped (used by `make run`).

Go-live times are set to the minute, so a run just after each minute starts publishes a page
within about a second of its time; a time set to the second (by an import, say) is met too.
"""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from news.scheduling import next_due, publish_due, seconds_until_next_run


class Command(BaseCommand):
    help = "Publish scheduled pages every minute, until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between runs (default 60).")

    def handle(self, *args, interval: float, **options):
        self.stdout.write(f"Scheduler: publishing due pages every {interval:g} s and at their time.")
        try:
            while True:
                close_old_connections()
                published, unpublished = publish_due()
                if published or unpublished:
                    self.stdout.write(f"Scheduler: published {published}, unpublished {unpublished}.")
                now = timezone.now()
                time.sleep(seconds_until_next_run(now, next_due(now), interval))
        except KeyboardInterrupt:
            self.stdout.write("Scheduler stopped.")
