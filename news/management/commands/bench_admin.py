"""Server time of the admin pages a newsroom uses most, on the current database.

    python manage.py bench_admin [--repeat 3] [--only edit,preview] [--profile preview]

Each page is requested in this process through Django's test client, logged in as a
superuser (created as `bench-admin` if missing), with a Jawa Timur Kontributor for the unit
chooser. "first" is the first request of each page (after one warm-up request that loads the
process: middleware, icon sprite); "then" is the median of the next requests. Both are given
as wall time and as CPU time of this process (on a busy machine the wall time includes
waiting for a core; database time in SQLite counts as CPU). `make bench`
runs it after the public benchmark. `--profile NAME` prints the top of a cProfile of that page's
first request.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from news.models import ArticlePage, CategoryIndexPage

HOST = "127.0.0.1"


class Command(BaseCommand):
    help = "Time the admin pages (dashboard, listing, explorer, edit, create, choosers, preview)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3, help="requests after the first (median)")
        parser.add_argument("--only", help="comma-separated page names (default: all)")
        parser.add_argument("--profile", help="print a cProfile of this page's first request")
        parser.add_argument("--sort", default="cumulative", help="cProfile sort order (e.g. tottime)")
        parser.add_argument("--filter", default="", help="only profile lines matching this regex")

    def handle(self, *args, repeat: int, only: str | None, profile: str | None, sort: str, **options):
        self.sort, self.filter = sort, options["filter"]
        admin = self.user("bench-admin", superuser=True)
        pages = self.pages()
        if only:
            pages = {name: spec for name, spec in pages.items() if name in only.split(",")}
        # The process's own start-up (middleware, the icon sprite) is not any page's cost.
        warm_up = Client(HTTP_HOST=HOST)
        warm_up.force_login(admin)
        warm_up.get(reverse("wagtailadmin_home"))
        rows = []
        for name, (user, method, url, data) in pages.items():
            client = Client(HTTP_HOST=HOST)
            client.force_login(user or admin)
            first = self.request(client, method, url, data, profile=name == profile)
            then = [self.request(client, method, url, data) for _ in range(repeat)] or [first]
            rows.append(
                (
                    name,
                    *first,
                    statistics.median(row[0] for row in then),
                    statistics.median(row[1] for row in then),
                )
            )
        self.stdout.write(
            f"{'page':10} {'first ms':>9} {'cpu ms':>7} {'queries':>8} {'then ms':>8} {'cpu ms':>7}"
        )
        for name, first_ms, first_cpu, queries, then_ms, then_cpu in rows:
            self.stdout.write(
                f"{name:10} {first_ms:9.0f} {first_cpu:7.0f} {queries:8d} {then_ms:8.0f} {then_cpu:7.0f}"
            )

    @staticmethod
    def user(username: str, superuser: bool = False, group: str | None = None):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, is_superuser=superuser, is_staff=superuser)
            if group:
                from django.contrib.auth.models import Group

                user.groups.add(Group.objects.get(name=group))
        return user

    @staticmethod
    def forget_renditions(article: ArticlePage) -> None:
        """The first preview of an article whose photo was just uploaded: no renditions yet."""
        if article.hero_image_id:
            article.hero_image.renditions.all().delete()

    def pages(self) -> dict[str, tuple]:
        nasional = CategoryIndexPage.objects.filter(slug="nasional").first()
        article = ArticlePage.objects.filter(live=True).order_by("-published_at", "-pk").first()
        if nasional is None or article is None:
            raise CommandError("No Nasional category or no article: load the demo content first.")
        regional = get_user_model().objects.filter(groups__name="Kontributor Jawa Timur").first()
        preview = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
        self.forget_renditions(article)
        return {
            "dashboard": (None, "get", reverse("wagtailadmin_home"), None),
            "listing": (None, "get", reverse("articles:index"), None),
            "explorer": (None, "get", reverse("wagtailadmin_explore", args=[nasional.pk]), None),
            "edit": (None, "get", reverse("wagtailadmin_pages:edit", args=[article.pk]), None),
            "create": (
                None,
                "get",
                reverse("wagtailadmin_pages:add", args=["news", "articlepage", nasional.pk]),
                None,
            ),
            "images": (None, "get", reverse("wagtailimages_chooser:choose"), None),
            "units": (regional, "get", reverse("wagtailsnippetchoosers_news_workunit:choose"), None),
            "preview": (None, "preview", preview, self.preview_data(article)),
            "save": (
                None,
                "post",
                reverse("wagtailadmin_pages:edit", args=[article.pk]),
                self.preview_data(article),
            ),
        }

    @staticmethod
    def preview_data(article: ArticlePage) -> dict:
        """The edit form of `article` as the editor posts it for a preview (a one-paragraph body)."""
        links = article.work_unit_links.all()
        return nested_form_data(
            {
                "title": article.title,
                "slug": article.slug,
                "lead": article.lead,
                "dateline": article.dateline,
                "hero_image": article.hero_image_id or "",
                "hero_caption": article.hero_caption,
                "body": streamfield([("paragraph", rich_text("<p>Isi pratinjau.</p>"))]),
                "editor": article.editor_id or "",
                "photographer": article.photographer_id or "",
                "reporters": inline_formset([{"person": link.person_id} for link in article.reporters.all()]),
                "work_unit_links": inline_formset([{"unit": link.unit_id} for link in links]),
                "tags": "",
                "related_links": inline_formset([]),
                "corrections": streamfield([]),
                "attachments": streamfield([]),
                "comments": inline_formset([]),
            }
        )

    def request(self, client: Client, method: str, url: str, data, profile: bool = False):
        profiler = cProfile.Profile() if profile else None
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            if method == "post":
                # Saving a draft: the redirect back to the editor is counted under "edit".
                response = client.post(url, data)
                if response.status_code != 302:
                    raise CommandError(f"{url}: the draft was not saved ({response.status_code})")
                response.status_code = 200
            elif method == "preview":
                # The editor's first preview: the form is posted, then the preview is shown.
                response = client.post(url, data)
                if response.status_code == 200 and response.json().get("is_valid"):
                    response = client.get(url)
            else:
                response = client.get(url)
            if profiler:
                profiler.disable()
            elapsed = (time.perf_counter() - started) * 1000
            cpu = (time.process_time() - started_cpu) * 1000
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")

        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(self.sort).print_stats(self.filter, 60)
            self.stdout.write(out.getvalue())
        return elapsed, cpu, len(queries)
