"""For monitoring: exit 1 and list pages that should be live and are not.

A page is overdue when its go-live time passed more than two minutes ago and it is still
waiting: the scheduler is not running, or failing.
"""

import sys

from django.core.management.base import BaseCommand

from news.scheduling import overdue_revisions


class Command(BaseCommand):
    help = "List overdue scheduled pages; exit non-zero when there are any."

    def handle(self, *args, **options):
        overdue = list(overdue_revisions())
        if not overdue:
            self.stdout.write("No overdue pages.")
            return
        for revision in overdue:
            self.stderr.write(
                f"OVERDUE: {revision.object_str} (page {revision.object_id}), "
                f"due {revision.approved_go_live_at.isoformat()}"
            )
        sys.exit(1)
