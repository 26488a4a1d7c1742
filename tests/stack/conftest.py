"""Tests over the running database stack (stack/db.sh up): marker `stack`, collected only with
STACK_TESTS=1 (tests/conftest.py), skipped when var/stack/db.env is missing."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DB_ENV = ROOT / "var" / "stack" / "db.env"
PG_DIR = ROOT / "var" / "stack" / "pg"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/stack/" in str(item.fspath):
            item.add_marker(pytest.mark.stack)


def stack_env(**extra) -> dict:
    env = dict(os.environ)
    for line in DB_ENV.read_text().splitlines():
        key, _, value = line.partition("=")
        env[key] = value
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="stack-tests-only",
        ALLOWED_HOSTS="testserver,127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        DB_CONN_MAX_AGE="60",
    )
    env.update(extra)
    return env


def db_sh(*args) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROOT / "stack" / "db.sh"), *args], check=True, capture_output=True, text=True)  # noqa: S603


def probe(scenario: str, **env) -> dict:
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "tests" / "stack" / "probe.py"), scenario],
        env=stack_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def replica_sql(sql: str) -> str:
    """Run SQL on the replica as the superuser (pausing replay needs it)."""
    command = [
        "psql",
        "-X",
        "-At",
        "-h",
        "127.0.0.1",
        "-p",
        "5434",
        "-U",
        "postgres",
        "-d",
        "warta",
        "-c",
        sql,
    ]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()  # noqa: S603


def primary_sql(sql: str) -> str:
    command = [
        "psql",
        "-X",
        "-At",
        "-h",
        "127.0.0.1",
        "-p",
        "5433",
        "-U",
        "postgres",
        "-d",
        "warta",
        "-c",
        sql,
    ]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()  # noqa: S603


@pytest.fixture(scope="session")
def stack():
    if os.environ.get("STACK_TESTS") != "1":
        pytest.skip("tests over the running stack run with STACK_TESTS=1")
    if not DB_ENV.exists():
        pytest.skip("the database stack is not up (stack/db.sh up)")
    db_sh("up")
    migrate = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input"],
        env=stack_env(),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    return stack_env()
