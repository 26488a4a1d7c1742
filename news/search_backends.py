"""Wagtail's database search backend, with an index update whose cost does not grow with the archive.

After every indexed save (an article is saved three times when it is published: added to the
tree, its revision, its publication), Wagtail's database backend sets `title_norm` (the average
title length over the title's length, for ranking) by averaging every entry's title and
rewriting every entry still at the default: two scans of the whole index, 0.45 s of each save
at 100,000 articles (1.4 s of each publication). Here the average is read once a day per
process (one article more barely moves the mean of thousands of titles) and only the entries
just written get their norm; `update_index` (the full rebuild) still recomputes every entry
with the exact average.

Settings: WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "news.search_backends"}}.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Avg, F
from django.db.models.functions import Length
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.utils import get_content_type_pk

from .caching import NOT_ALL, cached

TITLE_LENGTH_SECONDS = 24 * 60 * 60


class IndexedEntryNorms:
    """A mixin for the database backends' index classes (SQLiteIndex, PostgresIndex)."""

    written: tuple[int, list[str]] | None = None

    def add_items(self, model, objs):
        objs = list(objs)
        self.written = (get_content_type_pk(model), [str(obj.pk) for obj in objs])
        try:
            return super().add_items(model, objs)
        finally:
            self.written = None

    def _refresh_title_norms(self, full=False):
        if full or self.written is None:
            return super()._refresh_title_norms(full=full)
        average = self.average_title_length()
        if not average:
            return None
        content_type_pk, object_ids = self.written
        return (
            self.entries.filter(content_type_id=content_type_pk, object_id__in=object_ids)
            .annotate(title_length=Length("title"))
            .filter(title_length__gt=0)
            .update(title_norm=average / F("title_length"))
        )

    def average_title_length(self) -> float | None:
        def read():
            return (
                self.entries.annotate(title_length=Length("title"))
                .filter(title_length__gt=0)
                .aggregate(Avg("title_length"))["title_length__avg"]
            )

        # NOT_ALL: not a page's content; only the lifetime ends it.
        return cached("search-title-length", (connection.vendor,), read, [NOT_ALL], TITLE_LENGTH_SECONDS)


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = database_backend(params)
    base = backend.index_class
    if hasattr(base, "_refresh_title_norms") and not issubclass(base, IndexedEntryNorms):
        backend.index_class = type(base.__name__, (IndexedEntryNorms, base), {})
    return backend
