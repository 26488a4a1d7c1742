"""Set up a regional office: `python manage.py add_province_office jawa-timur`.

Creates the province page under Daerah when it is missing, a media collection, and the
"Kontributor <Province>" and "Redaktur <Province>" groups with rights only there. Add
people to the groups in the admin (Settings > Users).
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from news.models import CategoryIndexPage
from news.roles import add_province_office


class Command(BaseCommand):
    help = "Create the groups, collection and page of a regional office (province under Daerah)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The province page's slug, e.g. jawa-timur")
        parser.add_argument("--title", help="The province's name, for a page that does not exist yet")

    def handle(self, *args, slug: str, title: str | None = None, **options):
        daerah = CategoryIndexPage.objects.filter(depth=3, slug="daerah").first()
        if daerah is None:
            raise CommandError("There is no Daerah category page.")
        province = CategoryIndexPage.objects.child_of(daerah).filter(slug=slug).first()
        with transaction.atomic():
            if province is None:
                if not title:
                    raise CommandError(f"No province page “{slug}”: give --title to create it.")
                province = CategoryIndexPage(
                    title=title, slug=slug, intro=f"Berita Kementerian Agama di {title}."
                )
                daerah.add_child(instance=province)
                province.save_revision().publish()
            contributors, editors = add_province_office(apps, province, province.title)
        self.stdout.write(
            self.style.SUCCESS(f"Office {province.title}: groups “{contributors.name}” and “{editors.name}”.")
        )
