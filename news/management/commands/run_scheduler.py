"""Run `publish_due` every minute until stopped (used by `make run`)."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from news.scheduling import publish_due


class Command(BaseCommand):
    help = "Publish scheduled pages every minute, until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between runs (default 60).")

    def handle(self, *args, interval: float, **options):
        self.stdout.write(f"Scheduler: publishing due pages every {interval:g} s.")
        try:
            while True:
                close_old_connections()
                published, unpublished = publish_due()
                if published or unpublished:
                    self.stdout.write(f"Scheduler: published {published}, unpublished {unpublished}.")
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("Scheduler stopped.")
