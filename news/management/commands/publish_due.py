"""Publish the pages whose go-live time has come (and unpublish expired ones), once.

Run it every minute (`run_scheduler` does, and `make run` starts that), or from cron:

    * * * * *  cd /srv/warta && .venv/bin/python manage.py publish_due
"""

from django.core.management.base import BaseCommand

from news.scheduling import publish_due


class Command(BaseCommand):
    help = "Publish due scheduled pages and unpublish expired ones."

    def handle(self, *args, **options):
        published, unpublished = publish_due()
        if published or unpublished or options["verbosity"] > 1:
            self.stdout.write(f"Published {published}, unpublished {unpublished}.")
