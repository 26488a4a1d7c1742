"""Store “<Kategori> Lainnya” and “Berita Lainnya” for published articles that have none.

    python manage.py store_reading_lists [--all]

Publishing stores them (news.related); articles published before that read them at each
uncached request until they are stored here or on their next publication; so do articles whose
"Berita Lainnya" was stored short (before it took the latest news). `--all` chooses them
again for every published article. Each article takes a few queries (about 10 ms), so 100,000
articles take minutes; it can run while the site serves.
"""

from django.core.management.base import BaseCommand

from news.models import RELATED_LIMIT, published
from news.related import store_reading_lists


def incomplete_ids() -> list[int]:
    """Articles with no lists, or with a "Berita Lainnya" shorter than five: stored before it
    was filled up with the latest news (issue 20)."""
    return [
        pk
        for pk, lists in published().values_list("pk", "reading_lists").iterator(chunk_size=5000)
        if lists is None or len(lists.get("related", [])) < RELATED_LIMIT
    ]


class Command(BaseCommand):
    help = (
        "Store the reading lists of published articles that have none or a short one (--all: of every one)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="choose them again for every article")

    def handle(self, *args, all: bool, **options):
        articles = published() if all else published().filter(pk__in=incomplete_ids())
        count = 0
        for article in articles.defer_streamfields().order_by("pk").iterator(chunk_size=500):
            store_reading_lists(article)
            count += 1
            if count % 1000 == 0:
                self.stdout.write(f"{count} articles")
        self.stdout.write(self.style.SUCCESS(f"Reading lists stored for {count} articles."))
