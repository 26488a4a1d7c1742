"""Write the readers' view counts held in the cache to the database (news.popular).

    python manage.py flush_view_counts

run_scheduler does this every minute; the command is for a site run without it, and for tests.
"""

from django.core.management.base import BaseCommand

from news.popular import flush_view_counts


class Command(BaseCommand):
    help = "Write the view counts of the last hours from the cache to the database."

    def handle(self, *args, **options):
        written = flush_view_counts()
        self.stdout.write(f"{written} hourly view counts written.")
