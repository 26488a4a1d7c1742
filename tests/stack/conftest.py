"""Tests over the running stack (`make stack`, then `make stack-test`): marker `stack`, collected
only with STACK_TESTS=1 (tests/conftest.py). The edge tests (test_edge.py) read var/stack/env;
the database tests (test_database_stack.py) use the primary and replica of stack/db.sh."""

import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
import requests
from urllib3.exceptions import InsecureRequestWarning

ROOT = Path(__file__).resolve().parents[2]
STATE = ROOT / "var" / "stack"
BASE = f"https://127.0.0.1:{os.environ.get('STACK_HTTPS_PORT', '8443')}"
APP_A = f"http://127.0.0.1:{os.environ.get('STACK_APP_A_PORT', '8201')}"
DB_ENV = STATE / "db.env"
PG_DIR = STATE / "pg"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.stack)
            if os.environ.get("STACK_TESTS") != "1":
                item.add_marker(pytest.mark.skip(reason="over the running stack: make stack-test"))


def stack_env() -> dict:
    env = dict(os.environ)
    for line in (STATE / "env").read_text().splitlines():
        name, _, value = line.partition("=")
        if name:
            env[name] = value
    return env


def run_action(name: str, *args) -> dict:
    """tests/stack/actions.<name>(*args) in the stack's environment; its JSON answer."""
    code = f"from tests.stack import actions; actions.{name}(*{args!r})"
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=stack_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def pid(name: str) -> int:
    return int((STATE / "run" / name).read_text())


def restart_stack():
    command = [str(ROOT / "stack" / "up")]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=300)  # noqa: S603


@pytest.fixture(scope="session")
def site():
    if not (STATE / "env").exists():
        pytest.fail("The stack is not up: run `make stack` first.")
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE and proxies would override `verify`
    session.verify = False  # the stack's self-signed certificate
    warnings.simplefilter("ignore", InsecureRequestWarning)
    return session


def eventually(check, seconds: float = 1.0, interval: float = 0.05):
    """`check()` is true within `seconds`; returns how long it took."""
    started = time.monotonic()
    while True:
        if check():
            return time.monotonic() - started
        if time.monotonic() - started > seconds:
            return None
        time.sleep(interval)


# -- the database stack (stack/db.sh) ----------------------------------------------------


def database_env(**extra) -> dict:
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
        env=database_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def psql(port: int, sql: str) -> str:
    """Run SQL on the stack's PostgreSQL at `port` as the superuser (pausing replay needs it)."""
    command = ["psql", "-X", "-At", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "warta"]
    command += ["-c", sql]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()  # noqa: S603


def replica_sql(sql: str) -> str:
    return psql(5434, sql)


def primary_sql(sql: str) -> str:
    return psql(5433, sql)


@pytest.fixture(scope="session")
def stack():
    if os.environ.get("STACK_TESTS") != "1":
        pytest.skip("tests over the running stack run with STACK_TESTS=1")
    if not DB_ENV.exists():
        pytest.skip("the database stack is not up (stack/db.sh up)")
    db_sh("up")
    migrate = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input"],
        env=database_env(),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    return database_env()
