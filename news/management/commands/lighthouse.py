"""`make lighthouse`: Lighthouse (mobile) on the home page, an article and a category.

The demo site is built into var/lighthouse/ (its own SQLite database and media: migrate and the
demo content, both idempotent), the static files are collected (Whitenoise's compressed,
hashed files) and gunicorn serves it with the production settings (DEBUG off) on
127.0.0.1:LIGHTHOUSE_PORT. The Makefile sets the environment:

    DJANGO_SETTINGS_MODULE=cms.settings.production SECRET_KEY=... ALLOWED_HOSTS=127.0.0.1 \
    SECURE_SSL_REDIRECT=false DATABASE_URL=sqlite:///var/lighthouse/warta.sqlite3 \
    MEDIA_ROOT=var/lighthouse/media python manage.py lighthouse

Lighthouse (tools/lighthouse, pinned; `npm ci`) runs each page `--runs` times with its mobile
preset (simulated throttling) in Debian's Chromium; the run with the median performance score
is kept. The table prints the four category scores and LCP, TBT, CLS and FCP per page, with the
load average; every report is written to var/lighthouse/<page>-<run>.json and the summary to
var/lighthouse/summary.json. Nothing is asserted: the figures are read (docs/performance.md).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from news.models import ArticlePage, CategoryIndexPage

BASE_DIR = Path(settings.BASE_DIR)
OUT_DIR = BASE_DIR / "var" / "lighthouse"
LIGHTHOUSE = BASE_DIR / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
PACKAGE = BASE_DIR / "tools" / "lighthouse" / "node_modules" / "lighthouse" / "package.json"
LOCAL = "127.0.0.1"
RUN_ATTEMPTS = 3  # Lighthouse runs it could not record (NO_NAVSTART) are run again
CHROME_FLAGS = " ".join(
    ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
     "--disable-component-update", "--no-first-run"]
)  # fmt: skip
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
    "FCP": "first-contentful-paint",
}


class Command(BaseCommand):
    help = "Lighthouse (mobile) on home, an article and a category served as in production."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("LIGHTHOUSE_PORT", "8320")))
        parser.add_argument("--runs", type=int, default=int(os.environ.get("LIGHTHOUSE_RUNS", "3")))
        parser.add_argument("--only", help="comma-separated page names (home, article, category)")

    def handle(self, *args, port: int, runs: int, only: str | None, **options):
        if settings.DEBUG:
            raise CommandError("Run with production settings (DEBUG off): see `make lighthouse`.")
        if not LIGHTHOUSE.exists():
            raise CommandError("Lighthouse is missing: npm ci --prefix tools/lighthouse (`make lighthouse`).")
        chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_demo_content", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        pages = self.pages()
        if only:
            pages = {name: url for name, url in pages.items() if name in only.split(",")}
        results = {}
        with Server(port) as server:
            for url in pages.values():
                server.get(url)  # the renditions are made here, not while Lighthouse watches
            for name, url in pages.items():
                results[name] = self.measure(name, server.base + url, runs, chrome)
        self.report(pages, results, runs)

    def pages(self) -> dict[str, str]:
        """Home, the newest article with a main photo (one with a video if there is one) and the
        first category."""
        articles = list(
            ArticlePage.objects.live()
            .public()
            .filter(hero_image__isnull=False)
            .order_by("-first_published_at")[:50]
        )
        if not articles:
            raise CommandError("The demo content has no article with a main photo.")
        with_video = [a for a in articles if any(block.block_type == "video" for block in a.body)]
        article = (with_video or articles)[0]
        category = CategoryIndexPage.objects.live().public().order_by("path").first()
        return {"home": "/", "article": article.url, "category": category.url}

    def measure(self, name: str, url: str, runs: int, chrome: str) -> dict:
        reports = []
        for run in range(1, runs + 1):
            path = OUT_DIR / f"{name}-{run}.json"
            load = os.getloadavg()[0]
            report = self.lighthouse(name, url, path, chrome)
            summary = summarise(report)
            summary["load"] = round(load, 2)
            summary["file"] = str(path.relative_to(BASE_DIR))
            reports.append(summary)
            self.stderr.write(f"{name} run {run}: performance {summary['performance']:.2f} (load {load:.2f})")
        ordered = sorted(reports, key=lambda r: r["performance"])
        median = ordered[len(ordered) // 2]
        return {"median": median, "runs": reports}

    def lighthouse(self, name: str, url: str, path, chrome: str, attempts: int = RUN_ATTEMPTS) -> dict:
        """One Lighthouse report of `url`. A run that Lighthouse itself could not record (its
        NO_NAVSTART and similar trace errors, which it asks to retry) is run again, up to
        `attempts` times; it is not a score, so it is never counted."""
        for attempt in range(1, attempts + 1):
            path.unlink(missing_ok=True)
            result = subprocess.run(  # noqa: S603 - the pinned Lighthouse, our arguments
                [
                    str(LIGHTHOUSE),
                    url,
                    "--quiet",
                    "--form-factor=mobile",
                    "--output=json",
                    f"--output-path={path}",
                    f"--chrome-flags={CHROME_FLAGS}",
                ],
                env={**os.environ, "CHROME_PATH": chrome},
                timeout=300,
                check=False,
            )
            report = json.loads(path.read_text()) if path.exists() else {}
            if report.get("runtimeError"):
                problem = report["runtimeError"].get("message")
            elif result.returncode != 0:
                problem = f"exit status {result.returncode}"
            elif not report:
                problem = "no report written"
            else:
                return report
            self.stderr.write(f"{name}: Lighthouse could not record the run ({problem}), attempt {attempt}")
        raise CommandError(f"{name}: Lighthouse failed {attempts} times in a row")

    def report(self, pages: dict[str, str], results: dict, runs: int) -> None:
        header = ["page", "perf", "a11y", "bp", "seo", "LCP s", "TBT ms", "CLS", "FCP s", "load", "perf runs"]
        rows = []
        for name, result in results.items():
            m = result["median"]
            rows.append(
                [
                    name,
                    f"{m['performance']:.2f}",
                    f"{m['accessibility']:.2f}",
                    f"{m['best-practices']:.2f}",
                    f"{m['seo']:.2f}",
                    f"{m['LCP'] / 1000:.2f}",
                    f"{m['TBT']:.0f}",
                    f"{m['CLS']:.3f}",
                    f"{m['FCP'] / 1000:.2f}",
                    f"{m['load']:.2f}",
                    " ".join(f"{r['performance']:.2f}" for r in result["runs"]),
                ]
            )
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            cells = (str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells))
        self.stdout.write(f"Median of {runs} runs per page (mobile, simulated throttling); load: 1 min.")
        summary = {
            "lighthouse": json.loads(PACKAGE.read_text())["version"],
            "pages": pages,
            "results": results,
            "load_average_end": os.getloadavg(),
            "median_performance": statistics.median(r["median"]["performance"] for r in results.values()),
        }
        path = OUT_DIR / "summary.json"
        path.write_text(json.dumps(summary, indent=2))
        self.stdout.write(f"Written to {path.relative_to(BASE_DIR)}")


def summarise(report: dict) -> dict:
    """The four category scores and the four metrics (ms; CLS unitless) of one report."""
    summary = {key: report["categories"][key]["score"] for key in CATEGORIES}
    for label, audit in METRICS.items():
        summary[label] = report["audits"][audit]["numericValue"]
    return summary


class Server:
    """gunicorn with the environment's (production) settings on 127.0.0.1:<port>."""

    def __init__(self, port: int):
        self.port = port
        self.base = f"http://{LOCAL}:{port}"

    def __enter__(self) -> Server:
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        # A long timeout: the first request for a page makes its renditions (AVIF, WebP).
        self.process = subprocess.Popen(  # noqa: S603 - our own server
            [gunicorn, "cms.wsgi", "--workers", "2", "--timeout", "300", "--bind", f"{LOCAL}:{self.port}",
             "--log-level", "warning"],
            env={**os.environ, "LOG_LEVEL": "WARNING"},
            cwd=BASE_DIR,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                urlopen(f"{self.base}/healthz", timeout=5).read()  # noqa: S310 - our own server
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.process.kill()
                    raise CommandError(f"gunicorn did not start on {self.base}") from None
                time.sleep(0.3)

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)

    def get(self, url: str) -> None:
        with urlopen(f"{self.base}{url}", timeout=300) as response:  # noqa: S310 - our own server
            if response.status != 200:
                raise CommandError(f"{url} answered {response.status}")
            response.read()
