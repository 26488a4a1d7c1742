"""Queries built and compiled to SQL once per process, then run with the values that vary.

Django builds a query in Python every time a QuerySet is made (its filters, joins, subqueries
and selected columns) and compiles it to SQL every time it runs. A page's queries have the same
shape on every request, with only a few values changing (an article's slug, a list of ids):
with every cache empty, building and compiling was two thirds of an article's database time and
more than half of some queries' whole cost. `compiled(name, key, build, **values)` builds the
query once per shape with stand-ins for the values, compiles it once per database, and runs the
SQL with the real values put where the stand-ins were.

Nothing read from the database is kept: the kept QuerySet is never evaluated. The shape is
what `key` and the lengths of the values say (the private sections a query leaves out are in
its key), like Django keeps compiled templates.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.db.models.sql import Query

_lock = threading.Lock()

# -- compiled once ---------------------------------------------------------------------------

_SLOT_INT = -(2**62)  # placeholders the real values replace, far from any id or count
_MAX_SHAPES = 1024


class CompiledQuery(Query):
    """A query whose SQL was compiled for another copy of it (see `compiled`): its compiler
    answers with that SQL and the real values instead of compiling. Its filters hold the
    placeholders, so it cannot be changed into another query."""

    compiled_as = None  # (database alias, sql, params, compiler state)

    def clone(self):
        # Every change (a filter, a count, a slice) starts from a copy: refuse them all.
        raise TypeError("A compiled query runs as it was built: change the query in its build function.")

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = super().get_compiler(using, connection, elide_empty)
        alias, sql, params, state = self.compiled_as
        if compiler.connection.alias != alias:
            raise TypeError(f"A query compiled for {alias!r} cannot run on {compiler.connection.alias!r}.")

        def as_sql(with_limits=True, with_col_aliases=False):
            if not with_limits or with_col_aliases:
                raise TypeError("A compiled query runs only as a whole query.")
            (
                compiler.select,
                compiler.klass_info,
                compiler.annotation_col_map,
                compiler.col_count,
                compiler.has_extra_select,
            ) = state
            return sql, params

        compiler.as_sql = as_sql
        return compiler


class _Shape:
    """One shape of a query: the QuerySet built with stand-ins, and per database its SQL, where
    each value goes, and what the compiler found out while compiling it (the selected columns
    and how rows become objects); None for a shape that cannot be kept."""

    def __init__(self, template: QuerySet, origin: dict):
        self.template = template
        self.origin = origin
        self.by_db: dict[str, tuple | None] = {}


_shapes: dict[Hashable, _Shape] = {}


def _placeholders(values: dict) -> tuple[dict, dict]:
    """Stand-ins for `values` (each list item and each scalar its own), and where each came from."""
    fake, origin = {}, {}

    def stand_in(value, place):
        number = len(origin)
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise TypeError(f"compiled() takes ints and strings, not {type(value).__name__}")
        token = _SLOT_INT + number if isinstance(value, int) else f"\x00warta-slot-{number}\x00"
        origin[token] = place
        return token

    for name, value in values.items():
        if isinstance(value, list | tuple):
            fake[name] = [stand_in(item, (name, index)) for index, item in enumerate(value)]
        else:
            fake[name] = stand_in(value, (name, None))
    return fake, origin


def _compile(shape: _Shape, db: str) -> tuple | None:
    compiler = shape.template.all().query.get_compiler(using=db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    places, seen = [], []
    for param in params:
        try:
            place = shape.origin.get(param)
        except TypeError:  # an unhashable constant (a PostgreSQL array)
            place = None
        if place is None:
            places.append((False, param, None))
        else:
            seen.append(param)
            places.append((True, *place))
    # Every value must reach the database once and unchanged, as a parameter of its own: one
    # that Django rewrote (a LIKE pattern) or wrote into the SQL cannot be put back.
    if sorted(seen, key=repr) != sorted(shape.origin, key=repr):
        return None
    if any(isinstance(token, str) and token in sql for token in shape.origin):
        return None
    state = (
        compiler.select,
        compiler.klass_info,
        compiler.annotation_col_map,
        compiler.col_count,
        compiler.has_extra_select,
    )
    return sql, places, state


def compiled(name: str, key: Hashable, build: Callable[..., QuerySet], **values) -> QuerySet:
    """`build(**values)`, compiled to SQL once per `key`, database and length of each list in
    `values`, then run with the real values put in their places.

    Compiling queries to SQL was two thirds of the database time of an uncached page (5.5 of
    8 ms on an article): Django compiles every QuerySet afresh, although a page's queries have
    the same shape on every request. `values` are the ints and strings (or lists of them) that
    vary; `key` is what else the shape depends on (the private sections, a category's path);
    `build` must make the same query from any values of the same lengths. The result is
    iterated as it is, not changed further (a TypeError says so). A shape in which a value
    does not reach the database unchanged (a `startswith` pattern, an empty list) is built and
    compiled on every call, as without this.
    """
    lengths = tuple(
        (field, len(value) if isinstance(value, list | tuple) else -1) for field, value in values.items()
    )
    shape = _shapes.get((name, key, lengths))
    if shape is None:
        fake, origin = _placeholders(values)
        shape = _Shape(build(**fake), origin)
        with _lock:
            if len(_shapes) >= _MAX_SHAPES:
                _shapes.clear()
            _shapes[(name, key, lengths)] = shape
    db = shape.template.db
    if db not in shape.by_db:
        shape.by_db[db] = _compile(shape, db)
    found = shape.by_db[db]
    if found is None:
        return build(**values)
    sql, places, state = found
    params = tuple(
        (values[where] if index is None else values[where][index]) if is_value else where
        for is_value, where, index in places
    )
    queryset = shape.template.using(db)
    queryset.query.__class__ = CompiledQuery
    queryset.query.compiled_as = (db, sql, params, state)
    return queryset
