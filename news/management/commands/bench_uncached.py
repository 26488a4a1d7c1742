"""What a page costs with every cache empty: in-process, over many different addresses.

    DJANGO_SETTINGS_MODULE=cms.settings.bench BENCH_N=100000 python manage.py bench_uncached

Caches only multiply what a page costs to build; this measures that cost. Before each request
every cache is emptied (the page and fragment cache, the shared content generation, Wagtail's
site root paths, which live there too), so each request is what a reader sees after a deploy
or a publication. The addresses are drawn at random (`--seed`) over the whole archive, and no
address is requested twice: random articles, categories and their page 50, service area, work
unit and tag pages, `/berita/` filters (a mix, then each filter alone: service area, category,
work unit, year, year and month), and the home page. A few other addresses of each kind
are requested first and not counted, so that imports, compiled templates and the image
renditions the pages show exist, as in a running server.

Each request goes through Django's test client, the whole middleware stack and the WSGI handler;
the time is wall clock around it (and this process's CPU time, which on a busy machine says
more, and on SQLite includes the database's work), the queries are counted in the same request.
The table gives per kind the median and p90 in ms and the median and highest number of queries,
against the targets of issue 18; `--json` writes it to a file. `--profile KIND` prints a cProfile summary of
the requests of that kind instead.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import random
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

LOCAL = "127.0.0.1"
# Median ms (and, for articles, queries) that issue 18 asks for, with every cache empty.
TARGETS = {
    "article": (25, 8),
    "category": (30, None),
    "category_page_50": (30, None),
    "service_area": (30, None),
    "work_unit": (30, None),
    "tag": (30, None),
    "news_filter": (30, None),
    "filter_layanan": (30, None),
    "filter_kategori": (30, None),
    "filter_satker": (30, None),
    "filter_tahun": (30, None),
    "filter_bulan": (30, None),
    "home": (40, None),
}
WARM_UP = 3  # addresses per kind requested before the measured ones, not counted


def empty_caches() -> None:
    for alias in settings.CACHES:
        if alias != "ratelimit":
            caches[alias].clear()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = "Time pages of every kind with every cache empty, in-process (see `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--samples", type=int, default=25, help="addresses per kind (default 25)")
        parser.add_argument("--seed", type=int, default=18)
        parser.add_argument("--only", help="comma-separated kinds to measure (default: all)")
        parser.add_argument("--profile", metavar="KIND", help="print a cProfile summary for this kind")
        parser.add_argument("--json", metavar="PATH", help="also write the figures to this file")

    def handle(self, *args, samples: int, seed: int, only: str | None, profile: str | None, **options):
        self.rng = random.Random(seed)  # noqa: S311 - a sample, not a secret
        self.client = Client(HTTP_HOST=LOCAL)
        kinds = self.addresses(samples + WARM_UP)
        if only:
            kinds = {kind: urls for kind, urls in kinds.items() if kind in only.split(",")}
        if profile:
            kinds = {kind: urls for kind, urls in kinds.items() if kind == profile}
            if not kinds:
                raise CommandError(f"Unknown kind {profile!r}: one of {', '.join(TARGETS)}.")
        with override_settings(WARTA_PAGE_CACHE_SECONDS=0):
            for url in self.photo_articles:
                self.request(url)
            for urls in kinds.values():
                for url in urls[:WARM_UP]:
                    self.request(url)
            if profile:
                self.profile(kinds[profile][WARM_UP:])
                return
            results = {kind: self.measure(urls[WARM_UP:]) for kind, urls in kinds.items()}
        self.report(results, options.get("json"))

    # -- the addresses ----------------------------------------------------------

    def addresses(self, count: int) -> dict[str, list[str]]:
        """`count` different addresses of each kind, drawn over the whole archive."""
        from taggit.models import Tag

        from news.models import (
            ARTICLES_PER_PAGE,
            ArticlePage,
            CategoryIndexPage,
            ServiceArea,
            WorkUnit,
            live_categories,
            published,
        )

        ids = list(published().order_by().values_list("pk", flat=True))
        if len(ids) < count:
            raise CommandError(f"Only {len(ids)} published articles: generate more (generate_articles).")
        chosen = self.rng.sample(ids, count)
        articles = [page.url for page in ArticlePage.objects.filter(pk__in=chosen)]
        self.rng.shuffle(articles)
        # One other article per hero photo comes first, so that every photo's renditions exist:
        # a reader's request never makes one (they are made when an article is published).
        photos = published().exclude(pk__in=chosen).exclude(hero_image=None).order_by("hero_image", "pk")
        seen, photo_articles = set(), []
        for page in photos.only("pk", "hero_image", "url_path").iterator():
            if page.hero_image_id not in seen:
                seen.add(page.hero_image_id)
                photo_articles.append(page.url)
        categories = live_categories()
        deep = [
            category
            for category in categories
            if CategoryIndexPage.objects.get(pk=category.pk).get_articles().count() > 50 * ARTICLES_PER_PAGE
        ]
        areas = [f"/layanan/{slug}/" for slug in ServiceArea.objects.values_list("slug", flat=True)]
        units = [unit.get_absolute_url() for unit in WorkUnit.objects.filter(is_active=True)]
        tags = [f"/tag/{slug}/" for slug in Tag.objects.values_list("slug", flat=True)]
        area_slugs = list(ServiceArea.objects.values_list("slug", flat=True))
        unit_slugs = list(WorkUnit.objects.filter(is_active=True).values_list("slug", flat=True))
        by_filter = {
            "filter_layanan": [f"/berita/?layanan={slug}" for slug in area_slugs],
            "filter_kategori": [
                f"/berita/?kategori={'/'.join(c.url_path.strip('/').split('/')[1:])}" for c in categories
            ],
            "filter_satker": [f"/berita/?satker={slug}" for slug in unit_slugs],
            "filter_tahun": [f"/berita/?tahun={year}" for year in range(2017, 2027)],
            "filter_bulan": [
                f"/berita/?tahun={year}&bulan={month}" for year in range(2017, 2027) for month in range(1, 13)
            ],
        }
        # The mix as it has always been drawn (same addresses for the same seed).
        filters = [*by_filter["filter_layanan"], *by_filter["filter_satker"], *by_filter["filter_kategori"]]
        filters += by_filter["filter_tahun"]
        filters += [f"/berita/?layanan={slug}&page=2" for slug in area_slugs]
        # The home page has one address: the others carry a tracking parameter it ignores.
        homes = ["/"] + [f"/?utm_source=bench{number}" for number in range(1, count)]
        self.photo_articles = photo_articles
        return {
            "article": articles,
            "category": self.draw([c.url for c in categories], count),
            "category_page_50": self.draw([f"{c.url}?page=50" for c in deep], count),
            "service_area": self.draw(areas, count),
            "work_unit": self.draw(units, count),
            "tag": self.draw(tags, count),
            "news_filter": self.draw(filters, count),
            **{kind: self.draw(urls, count) for kind, urls in by_filter.items()},
            "home": homes,
        }

    def draw(self, urls: list[str], count: int) -> list[str]:
        """Up to `count` different addresses among `urls`, in random order."""
        return self.rng.sample(urls, min(count, len(urls)))

    # -- the requests -----------------------------------------------------------

    def request(self, url: str) -> tuple[float, float, int]:
        """Wall-clock ms, this process's CPU ms (SQLite's work included) and queries of one request."""
        empty_caches()
        with CaptureQueriesContext(connection) as queries:
            started, cpu = time.perf_counter(), time.process_time()
            response = self.client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            cpu = (time.process_time() - cpu) * 1000
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        return elapsed, cpu, len(queries)

    def measure(self, urls: list[str]) -> dict:
        times, cpu_times, counts = [], [], []
        for url in urls:
            elapsed, cpu, queries = self.request(url)
            times.append(elapsed)
            cpu_times.append(cpu)
            counts.append(queries)
        return {
            "urls": len(urls),
            "median_ms": statistics.median(times),
            "p90_ms": percentile(times, 0.9),
            "median_cpu_ms": statistics.median(cpu_times),
            "median_queries": statistics.median(counts),
            "max_queries": max(counts),
            "example": urls[0],
        }

    def profile(self, urls: list[str]) -> None:
        profiler = cProfile.Profile()
        for url in urls:
            empty_caches()
            profiler.enable()
            self.client.get(url)
            profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
        stats.print_stats(60)
        out.write("\n--- by own time ---\n")
        stats.sort_stats("tottime").print_stats(30)
        self.stdout.write(out.getvalue())

    # -- the report -------------------------------------------------------------

    def report(self, results: dict[str, dict], path: str | None) -> None:
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        count = self.article_count()
        self.stdout.write(
            f"Every cache empty, in-process: {connection.vendor}, {count} articles, load average {load}"
        )
        self.stdout.write(
            f"{'kind':<18}{'URLs':>5}{'median ms':>11}{'p90 ms':>9}{'cpu ms':>8}"
            f"{'queries':>9}{'max q':>7}  target"
        )
        for kind, row in results.items():
            target_ms, target_queries = TARGETS[kind]
            met = row["median_ms"] <= target_ms and (
                target_queries is None or row["max_queries"] <= target_queries
            )
            target = f"≤ {target_ms} ms" + (f", ≤ {target_queries} q" if target_queries else "")
            row.update({"target": target, "met": met})
            self.stdout.write(
                f"{kind:<18}{row['urls']:>5}{row['median_ms']:>11.1f}{row['p90_ms']:>9.1f}{row['median_cpu_ms']:>8.1f}"
                f"{row['median_queries']:>9.0f}{row['max_queries']:>7}  {target} {'met' if met else 'MISSED'}"
            )
        if path:
            report = {"vendor": connection.vendor, "articles": count, "load_average": os.getloadavg()}
            Path(path).write_text(json.dumps({**report, "kinds": results}, indent=2))
            self.stdout.write(f"Written to {path}")

    @staticmethod
    def article_count() -> int:
        from news.models import ArticlePage

        return ArticlePage.objects.count()
