"""`make bench`: production settings on a database of BENCH_N generated articles, served locally.

The database is derived from BENCH_N: a SQLite file under var/bench/, or, when DATABASE_URL
names a PostgreSQL database, a database beside it named `<name>_bench_<N>`. BENCH_BUILDING=1
selects the database that is still being built (renamed when complete, so a half-built one is
never reused).
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

BENCH_DIR = Path(__file__).resolve().parent.parent.parent / "var" / "bench"
BENCH_N = int(os.environ.get("BENCH_N", "10000"))
BENCH_BUILDING = os.environ.get("BENCH_BUILDING") == "1"
# The DATABASE_URL given to `make bench`, kept for the servers and builds started from it.
BENCH_SOURCE_URL = os.environ.setdefault("BENCH_SOURCE_URL", os.environ.get("DATABASE_URL", ""))


def bench_database_url(source_url: str, count: int, building: bool = False) -> str:
    """The bench database for `count` articles beside the one DATABASE_URL names (SQLite if none)."""
    suffix = "-building" if building else ""
    if not source_url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{BENCH_DIR / f'warta-{count}{suffix}.sqlite3'}"
    parts = urlsplit(source_url)
    name = parts.path.lstrip("/") or "warta"
    return urlunsplit(parts._replace(path=f"/{name}_bench_{count}{'_building' if building else ''}"))


os.environ["DATABASE_URL"] = bench_database_url(BENCH_SOURCE_URL, BENCH_N, BENCH_BUILDING)
os.environ.setdefault("MEDIA_ROOT", str(BENCH_DIR / "media"))

from .base import env_bool  # noqa: E402
from .production import *  # noqa: E402, F403

# Every bench request comes from 127.0.0.1: the per-address rate limits (news.ratelimits, e.g.
# /cari/) would answer most of them 429. The bench servers run with RATELIMIT_ENABLE=false;
# production keeps its limits (django-ratelimit's default is on).
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", False)

# The bench-only URLconf adds the bare view (the ceiling) in front of the site's URLs.
ROOT_URLCONF = "cms.urls_bench"
# Bench servers speak plain HTTP on 127.0.0.1.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# The JSON line per request (news.request_log) is left out of the figures and of the report.
LOGGING["loggers"]["warta.request"]["level"] = os.environ.get("BENCH_LOG_LEVEL", "WARNING")  # noqa: F405
