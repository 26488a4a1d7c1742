import os
import shutil
from datetime import datetime

import pytest
import time_machine
from django.conf import settings

# The whole suite runs on a clock that starts at a fixed moment and ticks on. By default it is
# 00:30 WIB on 1 December, when the UTC date is still 30 November: a test that mixes Jakarta and
# UTC dates (or days and months) fails every time, not only in the evening. WARTA_TEST_NOW runs
# the suite at another moment, e.g. WARTA_TEST_NOW=2026-06-15T03:00:00+00:00 make test.
# The tests over the running database stack (tests/stack/, stack/db.sh up) only on request.
collect_ignore = [] if os.environ.get("STACK_TESTS") == "1" else ["stack"]

TEST_NOW = datetime.fromisoformat(os.environ.get("WARTA_TEST_NOW", "2026-11-30T17:30:00+00:00"))


@pytest.fixture(autouse=True, scope="session")
def clock():
    """The suite's clock; a test that needs the machine's real time (a browser) stops it."""
    traveller = time_machine.travel(TEST_NOW, tick=True)
    traveller.start()
    yield traveller
    traveller.stop()


@pytest.fixture(autouse=True, scope="session")
def clean_test_media():
    """Test uploads go to a throwaway folder that is removed afterwards."""
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def clear_cache():
    """Every test starts with empty caches, and leaves them empty: a TestCase's rolled-back
    rows must not live on in the cache for the next class's setUpTestData, which runs before
    this fixture (the demo loader then found the previous class's site settings and logo)."""
    from django.core.cache import caches

    def clear():
        caches["default"].clear()
        caches["ratelimit"].clear()
        caches["views"].clear()

    clear()
    yield
    clear()


@pytest.fixture(autouse=True, scope="session")
def invalidate_inside_test_transactions():
    """A TestCase runs each test (and its setUpTestData) in a transaction that never commits, so
    cache invalidations (news.caching, run after the commit) would never run: there they run at
    once, as before a commit. Tests of the order itself use TransactionTestCase, where the real
    order holds."""
    from django.db import connection, transaction

    from news import caching

    def after_commit(func):
        if any(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
            func()
        else:
            transaction.on_commit(func, robust=True)

    real = caching.after_commit
    caching.after_commit = after_commit
    yield
    caching.after_commit = real
