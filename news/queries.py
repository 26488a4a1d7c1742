"""Querysets built once per process and copied for every use.

Django builds a query in Python every time a QuerySet is made: its filters, joins, subqueries
and selected columns. For the queries every page runs with the same shape (the menu, the cards'
rows) that building was half of the query's cost and more, while only a list of ids changes
from one request to the next. `prepared(name, key, build)` keeps the QuerySet `build()` makes
for the latest `key` (what its shape depends on, e.g. the private sections it leaves out) and
returns a copy; callers add what varies (`.filter(pk__in=ids)`).

The kept QuerySet is never evaluated, so it holds no rows: `.all()` and `.filter()` copy the
query, not results. It names no database: the copy is routed when it runs (cms.db_router).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable

from django.db.models import QuerySet

_prepared: dict[str, tuple[Hashable, QuerySet]] = {}
_lock = threading.Lock()


def prepared(name: str, key: Hashable, build: Callable[[], QuerySet]) -> QuerySet:
    """A copy of the QuerySet named `name` as `build()` makes it for `key`."""
    entry = _prepared.get(name)
    if entry is None or entry[0] != key:
        query = build()
        with _lock:
            _prepared[name] = entry = (key, query)
    return entry[1].all()
