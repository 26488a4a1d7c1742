"""`make bench`: build a database of N articles, serve it with gunicorn and measure it with wrk.

First the newsroom scenario (docs/performance.md, "Newsroom scenario"): readers over the whole
archive and every kind of URL (_bench_mix), every cache empty at the start, once while an editor
publishes every 10 s (_bench_publisher, a process of its own) and once without; the bare view
right after each on the same server. Then the single URLs, one at a time, as described below.

    DJANGO_SETTINGS_MODULE=cms.settings.bench BENCH_N=10000 python manage.py bench

The database (see cms.settings.bench) is built once: migrate, the demo content, then
`generate_articles` for the rest, into a `-building` database that is renamed when complete.
The site is served by gunicorn (2 sync workers, DEBUG off) on a free port of 127.0.0.1, first
with the anonymous page cache off (cold), then on (warm). Each URL gets wrk at 8 connections
for BENCH_SECONDS, in BENCH_ROUNDS rounds that rotate the URL order, after a 1-s warm-up per URL
that is not counted. Queries per request (and the time of the first one, all caches empty) are
counted in this process with Django's test client against the same database. The table is
printed and written to var/bench/bench-<db>-<N>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

import django
import wagtail
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache, caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from . import _bench_mix, _bench_publisher

BASE_DIR = Path(settings.BASE_DIR)
MANAGE = [sys.executable, str(BASE_DIR / "manage.py")]
CONNECTIONS = 8
WORKERS = 2
WARM_UP_SECONDS = 1  # per URL and server, before the rounds; not counted
LOCAL = "127.0.0.1"
NEWSROOM_LUA = Path(__file__).with_name("_bench_newsroom.lua")
READER_TIMEOUT_SECONDS = 10  # a reader gives up: a later answer counts as a timeout, not in p50/p99
BARE_SECONDS = 10  # the bare view, right after each scenario on the same server
VISIBLE_GIVE_UP_SECONDS = 8  # a publication not on the home page by then counts as never visible


class Command(BaseCommand):
    help = "Benchmark the site at BENCH_N articles (run with cms.settings.bench; see `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "5")))
        parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "2")))
        parser.add_argument("--only", help="comma-separated URL names to measure (default: all)")
        parser.add_argument("--build-only", action="store_true", help="build the database and stop")
        parser.add_argument(
            "--newsroom-seconds",
            type=float,
            default=float(os.environ.get("BENCH_NEWSROOM_SECONDS", "60")),
            help="length of each newsroom-scenario run (0: skip the scenario)",
        )
        parser.add_argument(
            "--publish-every", type=float, default=10.0, help="seconds between publications in the newsroom"
        )
        parser.add_argument("--skip-single", action="store_true", help="only the newsroom scenario")
        # The newsroom's editor, run by the bench in a process of its own (_bench_publisher).
        parser.add_argument("--publisher", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
        parser.add_argument("--start-at", type=float, help=argparse.SUPPRESS)
        parser.add_argument("--until", type=float, help=argparse.SUPPRESS)
        parser.add_argument("--out", help=argparse.SUPPRESS)

    def handle(self, *args, seconds: float, rounds: int, only: str | None, build_only: bool, **options):
        if not hasattr(settings, "BENCH_N"):
            raise CommandError("Run with DJANGO_SETTINGS_MODULE=cms.settings.bench (see `make bench`).")
        if options["publisher"]:
            result = _bench_publisher.run(
                options["port"],
                options["start_at"],
                options["until"],
                options["publish_every"],
                VISIBLE_GIVE_UP_SECONDS,
            )
            Path(options["out"]).write_text(json.dumps(result))
            return
        if not shutil.which("wrk"):
            raise CommandError("wrk is missing: apt-get install wrk (make bench does it).")
        self.count = settings.BENCH_N
        self.vendor = connection.vendor
        started = time.monotonic()
        self.build()
        built = time.monotonic() - started
        if build_only:
            return
        self.run_manage("migrate", "--no-input", "--verbosity", "0")
        self.run_manage("collectstatic", "--no-input", "--verbosity", "0")
        if hasattr(staticfiles_storage, "load_manifest"):  # read the manifest just written
            staticfiles_storage.hashed_files, staticfiles_storage.manifest_hash = (
                staticfiles_storage.load_manifest()
            )
        urls = self.bench_urls()
        if only:
            urls = {name: url for name, url in urls.items() if name in only.split(",") or name == "bare"}
        self.warm_up(urls)
        bare_bytes = len(Client(HTTP_HOST=LOCAL).get(urls["article"]).content)
        newsroom = {}
        if options["newsroom_seconds"] > 0:
            newsroom = self.newsroom(options["newsroom_seconds"], options["publish_every"], bare_bytes)
        results, memory = {}, {}
        if not options["skip_single"]:
            self.queries = self.count_queries(urls)
            for mode, cache_seconds in (("cold", 0), ("warm", 600)):
                with Server(cache_seconds, bare_bytes) as server:
                    server.check(urls)
                    results[mode] = self.measure(server, urls, seconds, rounds)
                    memory[mode] = server.max_rss_mb
        if newsroom:
            self.report_newsroom(newsroom)
        report = self.report(urls, results, memory, built, seconds, rounds, time.monotonic() - started)
        report["newsroom"] = newsroom
        path = BASE_DIR / "var" / "bench" / f"bench-{self.vendor}-{self.count}.json"
        path.write_text(json.dumps(report, indent=2))
        self.stdout.write(f"Written to {path.relative_to(BASE_DIR)}")

    # -- the database ---------------------------------------------------------

    def build(self) -> None:
        """Build the database unless a complete one exists (a half-built one keeps its -building name)."""
        from cms.settings.bench import bench_database_url

        source = settings.BENCH_SOURCE_URL
        final = bench_database_url(source, self.count)
        building = bench_database_url(source, self.count, building=True)
        if self.database_exists(final):
            self.stdout.write(f"Reusing the bench database {redact(final)}.")
            return
        self.stdout.write(f"Building the bench database {redact(final)} ({self.count} articles) ...")
        self.drop_database(building)
        self.create_database(building)
        env = {"BENCH_BUILDING": "1"}
        self.run_manage("migrate", "--no-input", "--verbosity", "0", env=env)
        self.run_manage("load_demo_content", "--verbosity", "0", env=env)
        script = "from news.models import ArticlePage; print(ArticlePage.objects.count())"
        demo = int(self.run_manage("shell", "--verbosity", "0", "-c", script, env=env).split()[-1])
        if self.count > demo:
            self.run_manage("generate_articles", str(self.count - demo), env=env, show=True)
        self.rename_database(building, final)

    def run_manage(self, *args: str, env: dict | None = None, show: bool = False) -> str:
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.bench", **(env or {})}
        result = subprocess.run(  # noqa: S603 - our own manage.py
            [*MANAGE, *args], env=environment, cwd=BASE_DIR, capture_output=not show, text=True
        )
        if result.returncode:
            raise CommandError(f"manage.py {' '.join(args)} failed:\n{result.stderr or ''}")
        return result.stdout or ""

    @staticmethod
    def postgres_admin(url: str):
        import psycopg

        parts = urlsplit(url)
        admin = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
        return psycopg.connect(admin, autocommit=True), parts.path.lstrip("/")

    def database_exists(self, url: str) -> bool:
        if url.startswith("sqlite:"):
            return Path(url.removeprefix("sqlite:///")).exists()
        admin, name = self.postgres_admin(url)
        with admin:
            return (
                admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
            )

    def drop_database(self, url: str) -> None:
        if url.startswith("sqlite:"):
            for suffix in ("", "-wal", "-shm"):
                Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
            return
        admin, name = self.postgres_admin(url)
        with admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')

    def create_database(self, url: str) -> None:
        if url.startswith("sqlite:"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            return
        admin, name = self.postgres_admin(url)
        with admin:
            admin.execute(f'CREATE DATABASE "{name}"')

    def rename_database(self, old: str, new: str) -> None:
        if old.startswith("sqlite:"):
            path = old.removeprefix("sqlite:///")
            with sqlite3.connect(path) as db:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                db.execute("PRAGMA journal_mode=DELETE")
            db.close()
            os.replace(path, new.removeprefix("sqlite:///"))
            return
        import psycopg

        with psycopg.connect(urlunsplit(urlsplit(old)._replace(scheme="postgresql")), autocommit=True) as db:
            db.execute("VACUUM ANALYZE")
        admin, name = self.postgres_admin(old)
        new_name = urlsplit(new).path.lstrip("/")
        with admin:
            admin.execute(f'ALTER DATABASE "{name}" RENAME TO "{new_name}"')

    # -- what is measured -------------------------------------------------------

    def warm_up(self, urls: dict[str, str]) -> None:
        """Request every URL once, so the image renditions its page shows exist (as after publishing).

        Renditions are kept in the bench database: a reader's request never makes one.
        """
        client = Client(HTTP_HOST=LOCAL)
        with override_settings(WARTA_PAGE_CACHE_SECONDS=0):
            for url in urls.values():
                client.get(url)

    def bench_urls(self) -> dict[str, str]:
        from news.models import ARTICLES_PER_PAGE, CategoryIndexPage, WorkUnit, published

        nasional = CategoryIndexPage.objects.get(slug="nasional")
        pages = max(1, -(-nasional.get_articles().count() // ARTICLES_PER_PAGE))
        middle = published().order_by("published_at", "pk").exclude(hero_image=None)
        article = middle[middle.count() // 2]
        units = WorkUnit.objects.filter(slug__startswith="kanwil-", children__isnull=False).distinct()
        unit = units.filter(slug="kanwil-jawa-timur").first() or units.order_by("slug").first()
        index = Client(HTTP_HOST=LOCAL).get("/sitemap.xml").content.decode()
        months = re.findall(r"<loc>https?://[^/]+(/sitemap-articles-[^<]+)</loc>", index)
        if not months:
            raise CommandError("The sitemap index lists no month.")
        return {
            "bare": "/__bench__/bare/",
            "home": "/",
            "category": "/nasional/",
            "category_deep": f"/nasional/?page={min(1000, pages)}",
            "article": article.url,
            "tag": "/tag/haji/",
            "unit": unit.get_absolute_url(),
            "news_filter": "/berita/?layanan=haji",
            "rss": "/rss/",
            "sitemap": "/sitemap.xml",
            "sitemap_month": months[min(1, len(months) - 1)],
            "sitemap_news": "/sitemap-news.xml",
            "search": "/cari/?q=haji",
        }

    # -- the newsroom scenario ------------------------------------------------------

    def newsroom(self, seconds: float, every: float, bare_bytes: int) -> dict:
        """Readers over the whole archive (the mix of _bench_mix) for `seconds`, every cache empty
        at the start, with publications every `every` s ("newsroom") and without ("readers");
        after each, the bare view on the same server."""
        mix = _bench_mix.build_mix(_bench_mix.collect_urls())
        path = BASE_DIR / "var" / "bench" / f"mix-{self.vendor}-{self.count}.tsv"
        _bench_mix.write_mix(mix, path)
        kinds = {kind: sum(1 for _w, k, _u in mix if k == kind) for kind in _bench_mix.SHARES}
        self.stdout.write(
            f"Newsroom mix: {len(mix)} URLs ({', '.join(f'{k} {n}' for k, n in kinds.items())})"
        )
        self.check_mix(mix)
        runs = {}
        for scenario, publishing in (("newsroom", True), ("readers", False)):
            self.flush_caches()
            with Server(None, bare_bytes) as server:
                runs[scenario] = self.run_scenario(server, path, seconds, every if publishing else 0)
                runs[scenario]["worker_max_rss_mb"] = round(server.max_rss_mb, 1)
        return {
            "seconds": seconds,
            "connections": CONNECTIONS,
            "reader_timeout_seconds": READER_TIMEOUT_SECONDS,
            "zipf_s": _bench_mix.ZIPF_S,
            "shares": _bench_mix.SHARES,
            "urls": len(mix),
            "urls_by_kind": kinds,
            "scenarios": runs,
        }

    def check_mix(self, mix) -> None:
        """Before the caches are emptied: the most popular and a few random URLs of each kind
        answer 200 in-process, and every hero photo's renditions exist (kept in the database, as
        after publishing: a reader's request does not make one)."""
        import random

        from news.models import ArticlePage

        rng = random.Random(2021)  # noqa: S311 - a sample, not a secret
        client = Client(HTTP_HOST=LOCAL)
        sample = []
        for kind in _bench_mix.SHARES:
            urls = [url for _w, k, url in mix if k == kind]
            sample += urls[:3] + rng.sample(urls, min(3, len(urls)))
        photos = ArticlePage.objects.live().public().filter(withdrawn_at__isnull=True)
        for image in photos.order_by().values_list("hero_image", flat=True).distinct():
            if image is not None:
                sample.append(photos.filter(hero_image=image).order_by("-pk").first().url)
        with override_settings(WARTA_PAGE_CACHE_SECONDS=0, RATELIMIT_ENABLE=False):
            for url in dict.fromkeys(sample):
                status = client.get(url).status_code
                if status != 200:
                    raise CommandError(f"newsroom mix: {url} answered {status} in-process")

    def flush_caches(self) -> None:
        """Every configured cache empty (shared ones such as Redis or the file-based generation;
        the per-process ones go with the server's restart)."""
        for alias in settings.CACHES:
            caches[alias].clear()

    def run_scenario(self, server: Server, mix_path: Path, seconds: float, every: float) -> dict:
        label = "newsroom" if every else "readers"
        load_before = os.getloadavg()
        publisher = out = None
        start_at = time.time() + 5  # the publisher's start-up (Django) is not in the run
        if every:
            out = mix_path.with_name(f"publisher-{os.getpid()}.json")
            out.unlink(missing_ok=True)
            publisher = subprocess.Popen(  # noqa: S603 - our own manage.py
                [*MANAGE, "bench", "--publisher", "--port", str(server.port), "--start-at", str(start_at),
                 "--until", str(start_at + seconds), "--publish-every", str(every), "--out", str(out)],
                env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.bench"},
                cwd=BASE_DIR,
            )  # fmt: skip
        time.sleep(max(0.0, start_at - time.time()))
        run = wrk_mix(f"http://{LOCAL}:{server.port}", mix_path, seconds)
        publications = []
        if publisher is not None:
            if publisher.wait(timeout=120):
                raise CommandError("the newsroom's publisher failed (see above)")
            publications = json.loads(out.read_text())["publications"]
            out.unlink()
        load_after = os.getloadavg()
        bare = wrk(f"http://{LOCAL}:{server.port}/__bench__/bare/", BARE_SECONDS, check=False)
        visible = [event["visible_seconds"] for event in publications]
        seen = [value for value in visible if value is not None]
        marked = run["hits"] + run["misses"]
        result = {
            **run,
            "rps": run["requests"] / (run["duration_us"] / 1e6),
            # wrk leaves answers later than the timeout out of its latencies: none left, no figure.
            "p50_ms": run["p50_us"] / 1000 if run["p99_us"] else None,
            "p99_ms": run["p99_us"] / 1000 if run["p99_us"] else None,
            "errors": run["connect_errors"] + run["read_errors"] + run["write_errors"] + run["status_errors"],
            "hit_ratio": run["hits"] / marked if marked else None,
            "bare": bare,
            "publications": publications,
            "visible_median_s": statistics.median(seen) if seen else None,
            "visible_max_s": max(seen) if seen else None,
            "never_visible": len(visible) - len(seen),
            "load_average_before": load_before,
            "load_average_after": load_after,
        }
        result["x_bare"] = result["rps"] / bare["rps"] if bare["rps"] else None
        self.stdout.write(
            f"  {label}: {result['rps']:.1f} req/s (bare {bare['rps']:.0f}), p50 {ms(result['p50_ms'])} ms, "
            f"p99 {ms(result['p99_ms'])} ms, {result['errors']} errors, {result['timeouts']} timeouts, "
            f"load {load_before[0]:.1f}->{load_after[0]:.1f}"
        )
        return result

    def report_newsroom(self, newsroom: dict) -> None:
        self.stdout.write(
            f"\nNEWSROOM ({newsroom['urls']} URLs, Zipf s={newsroom['zipf_s']:g}, "
            f"{newsroom['seconds']:g} s each, "
            f"{newsroom['connections']} connections, every cache empty at the start; timeout "
            f"{newsroom['reader_timeout_seconds']} s)"
        )
        self.stdout.write(
            f"{'scenario':<10} {'req/s':>7} {'bare':>7} {'x bare':>7} {'p50 ms':>7} {'p99 ms':>7} "
            f"{'errors':>6} {'timeouts':>8} {'hit %':>6} {'visible med/max s':>18} {'load':>10}"
        )
        for name, row in newsroom["scenarios"].items():
            hit = "-" if row["hit_ratio"] is None else f"{row['hit_ratio']:.0%}"
            if row["publications"]:
                med = "-" if row["visible_median_s"] is None else f"{row['visible_median_s']:.2f}"
                top = "-" if row["visible_max_s"] is None else f"{row['visible_max_s']:.2f}"
                never = f" +{row['never_visible']} never" if row["never_visible"] else ""
                visible = f"{med}/{top}{never} ({len(row['publications'])})"
            else:
                visible = "no publications"
            load = f"{row['load_average_before'][0]:.1f}-{row['load_average_after'][0]:.1f}"
            self.stdout.write(
                f"{name:<10} {row['rps']:7.1f} {row['bare']['rps']:7.0f} {row['x_bare']:7.1%} "
                f"{ms(row['p50_ms']):>7} {ms(row['p99_ms']):>7} {row['errors']:6d} {row['timeouts']:8d} "
                f"{hit:>6} {visible:>18} {load:>10}"
            )
        row = newsroom["scenarios"]["newsroom"]
        statuses = ", ".join(f"{code}: {count}" for code, count in sorted(row["statuses"].items()))
        self.stdout.write(
            f"  newsroom answers by status: {statuses}; page cache marker (X-Cache) HIT {row['hits']}, "
            f"MISS {row['misses']}, none {row['unmarked']} (hit % = HIT / (HIT + MISS))"
        )
        targets = [
            ("newsroom >= 10% of the bare view", row["x_bare"] >= 0.10, f"{row['x_bare']:.1%}"),
            ("newsroom p99 < 250 ms", (row["p99_ms"] or 1e9) < 250, f"{ms(row['p99_ms'])} ms"),
            (
                "newsroom 0 errors, 0 timeouts",
                not row["errors"] and not row["timeouts"],
                f"{row['errors']} / {row['timeouts']}",
            ),
            (
                "every publication on the front page within 1 s",
                bool(row["publications"]) and not row["never_visible"] and (row["visible_max_s"] or 0) <= 1,
                f"max {row['visible_max_s']} s, {row['never_visible']} never",
            ),
        ]
        newsroom["targets"] = [{"target": label, "met": met, "value": value} for label, met, value in targets]
        self.stdout.write("Newsroom targets (figures are noisy: the machine is shared)")
        for label, met, value in targets:
            self.stdout.write(f"  [{'met' if met else 'MISSED'}] {label}: {value}")

    def count_queries(self, urls: dict[str, str]) -> dict[str, dict]:
        """Queries per request: first (all caches empty, also timed), cold (page cache off) and warm
        (page cache on)."""
        counts = {}
        client = Client(HTTP_HOST=LOCAL)
        for name, url in urls.items():
            row = {}
            with override_settings(WARTA_PAGE_CACHE_SECONDS=0):
                cache.clear()
                started = time.perf_counter()
                row["first"] = self.queries_for(client, url)
                row["first_ms"] = (time.perf_counter() - started) * 1000
                row["cold"] = self.queries_for(client, url)
            with override_settings(WARTA_PAGE_CACHE_SECONDS=600):
                self.queries_for(client, url)
                row["warm"] = self.queries_for(client, url)
            counts[name] = row
        return counts

    @staticmethod
    def queries_for(client: Client, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code} in-process")
        return len(queries)

    def measure(self, server: Server, urls: dict[str, str], seconds: float, rounds: int) -> dict:
        names = list(urls)
        # Each worker builds its own cached fragments and results on its first requests (the cost
        # after a publication, reported as "first ms"); the rounds measure what follows.
        for name in names:
            wrk(f"http://{LOCAL}:{server.port}{urls[name]}", WARM_UP_SECONDS)
        runs: dict[str, list[dict]] = {name: [] for name in names}
        for number in range(rounds):
            shift = number * len(names) // max(rounds, 1)
            for name in names[shift:] + names[:shift]:
                run = wrk(f"http://{LOCAL}:{server.port}{urls[name]}", seconds)
                runs[name].append(run)
                self.stdout.write(
                    f"  {server.label} round {number + 1} {name:<14} {run['rps']:8.1f} req/s "
                    f"p50 {run['p50_ms']:7.1f} ms  p99 {run['p99_ms']:7.1f} ms"
                )
        results = {}
        for name, name_runs in runs.items():
            requests = sum(run["requests"] for run in name_runs)
            duration = sum(run["seconds"] for run in name_runs)
            results[name] = {
                "url": urls[name],
                "rps": requests / duration,
                "p50_ms": sorted(run["p50_ms"] for run in name_runs)[len(name_runs) // 2],
                "p99_ms": max(run["p99_ms"] for run in name_runs),
                "requests": requests,
                "errors": sum(run["errors"] for run in name_runs),
                "load_average": max(run["load_average"] for run in name_runs),
                "rounds": name_runs,
            }
        return results

    # -- the report ---------------------------------------------------------------

    def report(self, urls, results, memory, built, seconds, rounds, total) -> dict:
        machine = machine_info()
        summary = {
            "n": self.count,
            "database": self.vendor,
            "machine": machine,
            "seconds_per_url_and_round": seconds,
            "rounds": rounds,
            "connections": CONNECTIONS,
            "workers": WORKERS,
            "build_seconds": round(built, 1),
            "total_seconds": round(total, 1),
        }
        if not results:
            return {**summary, "results": {}, "targets": []}
        self.stdout.write("\nSINGLE URLS (one URL requested over and over: a footnote to the newsroom)")
        for mode in ("cold", "warm"):
            bare = results[mode]["bare"]["rps"]
            self.stdout.write(f"\n{mode.upper()} ({'page cache on' if mode == 'warm' else 'page cache off'})")
            self.stdout.write(
                f"{'URL':<40} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'queries':>8} {'x bare':>7} "
                f"{'first ms':>9} {'load':>5}"
            )
            for name, row in results[mode].items():
                row["queries"] = self.queries[name][mode]
                row["queries_first"] = self.queries[name]["first"]
                row["first_ms"] = round(self.queries[name]["first_ms"], 1)
                row["ratio"] = row["rps"] / bare
                self.stdout.write(
                    f"{row['url'][:40]:<40} {row['rps']:8.1f} {row['p50_ms']:8.1f} {row['p99_ms']:8.1f} "
                    f"{row['queries']:8d} {row['ratio']:7.3f} {row['first_ms']:9.1f} "
                    f"{row['load_average']:5.1f}"
                )
        cold, warm = results["cold"], results["warm"]
        listed = [name for name in cold if name != "bare"]
        targets = [
            (
                "cold: article >= 10% of bare",
                cold["article"]["ratio"] >= 0.10,
                f"{cold['article']['ratio']:.1%}",
            ),
            (
                "cold: every URL p99 < 150 ms (SQLite)",
                all(cold[name]["p99_ms"] < 150 for name in listed),
                f"max {max(cold[name]['p99_ms'] for name in listed):.0f} ms "
                f"({max(listed, key=lambda name: cold[name]['p99_ms'])})",
            ),
            (
                "cold: deep page within 2x of page 1",
                cold["category_deep"]["rps"] * 2 >= cold["category"]["rps"],
                f"{cold['category']['rps'] / cold['category_deep']['rps']:.2f}x",
            ),
            (
                "cold: sitemap index and child p99 < 500 ms",
                cold["sitemap"]["p99_ms"] < 500 and cold["sitemap_month"]["p99_ms"] < 500,
                f"{cold['sitemap']['p99_ms']:.0f} / {cold['sitemap_month']['p99_ms']:.0f} ms",
            ),
            (
                "warm: home and article >= 50% of bare",
                warm["home"]["ratio"] >= 0.5 and warm["article"]["ratio"] >= 0.5,
                f"{warm['home']['ratio']:.0%} / {warm['article']['ratio']:.0%}",
            ),
            (
                "worker RSS < 300 MB",
                max(memory.values()) < 300,
                f"max {max(memory.values()):.0f} MB",
            ),
        ]
        self.stdout.write("\nTargets")
        for label, met, value in targets:
            self.stdout.write(f"  [{'met' if met else 'MISSED'}] {label}: {value}")
        return {
            **summary,
            "worker_max_rss_mb": memory,
            "results": results,
            "targets": [{"target": label, "met": met, "value": value} for label, met, value in targets],
        }


class Server:
    """gunicorn with the bench settings on a free local port, and its workers' peak memory."""

    def __init__(self, cache_seconds: int | None, bare_bytes: int):
        """`cache_seconds`: the page cache's lifetime (0: off); None: as the settings have it."""
        self.cache_seconds = cache_seconds
        self.label = "warm" if cache_seconds else "cold"
        self.bare_bytes = bare_bytes
        self.max_rss_mb = 0.0
        self.port = free_port()

    def __enter__(self) -> Server:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.bench",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": LOCAL,
            "SECURE_SSL_REDIRECT": "false",
            "BENCH_BARE_BYTES": str(self.bare_bytes),
            # One address sends every request: the per-address limits (/cari/) are off here.
            "RATELIMIT_ENABLE": "false",
        }
        if self.cache_seconds is not None:
            env["WARTA_PAGE_CACHE_SECONDS"] = str(self.cache_seconds)
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 - our own server
            [gunicorn, "cms.wsgi", "--workers", str(WORKERS), "--bind", f"{LOCAL}:{self.port}", "--log-level",
             "warning"],
            env=env,
            cwd=BASE_DIR,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                urlopen(f"http://{LOCAL}:{self.port}/__bench__/bare/", timeout=5).read()  # noqa: S310
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise CommandError("gunicorn did not start") from None
                time.sleep(0.3)
        self.stop_sampling = threading.Event()
        self.sampler = threading.Thread(target=self.sample_memory, daemon=True)
        self.sampler.start()
        return self

    def __exit__(self, *exc):
        self.stop_sampling.set()
        self.sampler.join()
        self.process.terminate()
        self.process.wait(timeout=30)

    def check(self, urls: dict[str, str]) -> None:
        """Every URL answers 200 before anything is measured."""
        for name, url in urls.items():
            try:
                with urlopen(f"http://{LOCAL}:{self.port}{url}", timeout=60) as response:  # noqa: S310
                    status = response.status
            except OSError as error:
                raise CommandError(f"{name} {url}: {error}") from error
            if status != 200:
                raise CommandError(f"{name} {url} answered {status}")

    def workers(self) -> list[int]:
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in children.split()]

    def sample_memory(self) -> None:
        while not self.stop_sampling.wait(0.5):
            for pid in self.workers():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                match = re.search(r"VmRSS:\s+(\d+) kB", status)
                if match:
                    self.max_rss_mb = max(self.max_rss_mb, int(match.group(1)) / 1024)


def wrk(url: str, seconds: float, check: bool = True) -> dict:
    """One wrk run at 8 connections: requests/s, p50 and p99 in ms, requests, non-2xx answers
    (failed requests stop the bench unless `check` is false)."""
    result = subprocess.run(  # noqa: S603 - wrk from the PATH, our arguments
        [
            shutil.which("wrk"),
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds:g}s",
            "--timeout",
            "30s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    requests = int(re.search(r"(\d+) requests in ([\d.]+)(\w+)", out).group(1))
    duration = re.search(r"\d+ requests in ([\d.]+)(ms|s|m)", out)
    elapsed = float(duration.group(1)) * {"ms": 0.001, "s": 1, "m": 60}[duration.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = int(errors.group(1)) if errors else 0
    if socket_errors:
        failed += sum(int(value) for value in socket_errors.groups())
    if failed and check:
        raise CommandError(f"{url}: {failed} failed requests under load\n{out}")
    return {
        "requests": requests,
        "seconds": elapsed,
        "rps": requests / elapsed,
        "p50_ms": latency_ms(out, "50%"),
        "p99_ms": latency_ms(out, "99%"),
        "errors": failed,
        "load_average": os.getloadavg()[0],
    }


def wrk_mix(base_url: str, mix_path: Path, seconds: float) -> dict:
    """One wrk run of the newsroom mix (_bench_newsroom.lua) at 8 connections: its figures as the
    script's done() prints them (latencies in microseconds; answers later than
    READER_TIMEOUT_SECONDS count as timeouts, not in the latencies)."""
    result = subprocess.run(  # noqa: S603 - wrk from the PATH, our arguments
        [shutil.which("wrk"), "-t2", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--timeout",
         f"{READER_TIMEOUT_SECONDS}s", "-s", str(NEWSROOM_LUA), base_url],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "BENCH_MIX": str(mix_path)},
    )  # fmt: skip
    match = re.search(r"^BENCH_RESULT (\{.*\})$", result.stdout, re.MULTILINE)
    if not match:
        raise CommandError(f"wrk printed no result:\n{result.stdout}\n{result.stderr}")
    return json.loads(match.group(1))


def ms(value: float | None) -> str:
    """A latency for the table; "-" when every answer timed out."""
    return "-" if value is None else f"{value:.0f}"


def latency_ms(out: str, percentile: str) -> float:
    match = re.search(rf"^\s*{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
    return float(match.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[match.group(2)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOCAL, 0))
        return probe.getsockname()[1]


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return urlunsplit(parts)


def machine_info() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    memory = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    info = {
        "cpu": model.group(1).strip() if model else platform.processor(),
        "cores": os.cpu_count(),
        "ram_gb": round(int(memory.group(1)) / 1024 / 1024, 1) if memory else None,
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "sqlite": sqlite3.sqlite_version,
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["postgresql"] = cursor.fetchone()[0]
    return info
