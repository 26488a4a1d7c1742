"""`make bench`: build a database of N articles, serve it with gunicorn and measure it with wrk.

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

import json
import os
import platform
import re
import secrets
import shutil
import socket
import sqlite3
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
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

BASE_DIR = Path(settings.BASE_DIR)
MANAGE = [sys.executable, str(BASE_DIR / "manage.py")]
CONNECTIONS = 8
WORKERS = 2
WARM_UP_SECONDS = 1  # per URL and server, before the rounds; not counted
LOCAL = "127.0.0.1"


class Command(BaseCommand):
    help = "Benchmark the site at BENCH_N articles (run with cms.settings.bench; see `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "5")))
        parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "2")))
        parser.add_argument("--only", help="comma-separated URL names to measure (default: all)")
        parser.add_argument("--build-only", action="store_true", help="build the database and stop")

    def handle(self, *args, seconds: float, rounds: int, only: str | None, build_only: bool, **options):
        if not hasattr(settings, "BENCH_N"):
            raise CommandError("Run with DJANGO_SETTINGS_MODULE=cms.settings.bench (see `make bench`).")
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
        self.queries = self.count_queries(urls)
        bare_bytes = len(Client(HTTP_HOST=LOCAL).get(urls["article"]).content)
        results, memory = {}, {}
        for mode, cache_seconds in (("cold", 0), ("warm", 600)):
            with Server(cache_seconds, bare_bytes) as server:
                server.check(urls)
                results[mode] = self.measure(server, urls, seconds, rounds)
                memory[mode] = server.max_rss_mb
        report = self.report(urls, results, memory, built, seconds, rounds, time.monotonic() - started)
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
                "rounds": name_runs,
            }
        return results

    # -- the report ---------------------------------------------------------------

    def report(self, urls, results, memory, built, seconds, rounds, total) -> dict:
        machine = machine_info()
        for mode in ("cold", "warm"):
            bare = results[mode]["bare"]["rps"]
            self.stdout.write(f"\n{mode.upper()} ({'page cache on' if mode == 'warm' else 'page cache off'})")
            self.stdout.write(
                f"{'URL':<40} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'queries':>8} {'x bare':>7} "
                f"{'first ms':>9}"
            )
            for name, row in results[mode].items():
                row["queries"] = self.queries[name][mode]
                row["queries_first"] = self.queries[name]["first"]
                row["first_ms"] = round(self.queries[name]["first_ms"], 1)
                row["ratio"] = row["rps"] / bare
                self.stdout.write(
                    f"{row['url'][:40]:<40} {row['rps']:8.1f} {row['p50_ms']:8.1f} {row['p99_ms']:8.1f} "
                    f"{row['queries']:8d} {row['ratio']:7.3f} {row['first_ms']:9.1f}"
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
            "n": self.count,
            "database": self.vendor,
            "machine": machine,
            "seconds_per_url_and_round": seconds,
            "rounds": rounds,
            "connections": CONNECTIONS,
            "workers": WORKERS,
            "build_seconds": round(built, 1),
            "total_seconds": round(total, 1),
            "worker_max_rss_mb": memory,
            "results": results,
            "targets": [{"target": label, "met": met, "value": value} for label, met, value in targets],
        }


class Server:
    """gunicorn with the bench settings on a free local port, and its workers' peak memory."""

    def __init__(self, cache_seconds: int, bare_bytes: int):
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
            "WARTA_PAGE_CACHE_SECONDS": str(self.cache_seconds),
            "BENCH_BARE_BYTES": str(self.bare_bytes),
        }
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


def wrk(url: str, seconds: float) -> dict:
    """One wrk run at 8 connections: requests/s, p50 and p99 in ms, requests, non-2xx answers."""
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
    if failed:
        raise CommandError(f"{url}: {failed} failed requests under load\n{out}")
    return {
        "requests": requests,
        "seconds": elapsed,
        "rps": requests / elapsed,
        "p50_ms": latency_ms(out, "50%"),
        "p99_ms": latency_ms(out, "99%"),
        "errors": failed,
    }


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
