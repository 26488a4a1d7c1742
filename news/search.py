"""Site search: the query form, filters, counts and highlighting for `/cari/`."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime, time, timedelta

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Case, Count, F, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from .forms import NewsFilterForm
from .models import (
    ArticlePage,
    LocalDatePart,
    ServiceArea,
    article_cards,
    attach_categories,
    live_categories,
    published,
    with_card_renditions,
)

MAX_QUERY_LENGTH = 200
MAX_COUNTED = 50_000  # results counted per category, service area and year
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]+")
WORD = re.compile(r"\w+", re.UNICODE)


def clean_query(raw: str) -> str:
    """A query cut to a sane length, without control characters or runs of spaces."""
    text = CONTROL_CHARACTERS.sub(" ", raw or "")[: MAX_QUERY_LENGTH * 2]
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def query_terms(query: str) -> list[str]:
    """The words of a query, longest first, for highlighting."""
    terms = {word.lower() for word in WORD.findall(query) if len(word) > 1}
    return sorted(terms, key=len, reverse=True)


def highlight(text: str, terms: list[str]) -> SafeString:
    """`text` escaped, with words starting with a query term wrapped in <mark>."""
    if not terms:
        return escape(text)
    pattern = re.compile(r"\b(" + "|".join(re.escape(term) for term in terms) + r")\w*", re.IGNORECASE)
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(format_html("<mark>{}</mark>", match.group(0)))
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part is escaped


class SearchForm(NewsFilterForm):
    """The query plus the filters of the all-news listing, a date range and the order."""

    RELEVANCE, NEWEST = "relevansi", "terbaru"

    q = forms.CharField(label=_("Search"), required=False, widget=forms.SearchInput)
    dari = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sampai = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    urut = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[(RELEVANCE, _("Most relevant")), (NEWEST, _("Newest"))],
    )

    field_order = ["q", "kategori", "layanan", "satker", "tahun", "bulan", "dari", "sampai", "urut"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            data["q"] = clean_query(data.get("q", ""))
        super().__init__(data, *args, **kwargs)
        self.fields["q"].widget.attrs.update({"maxlength": MAX_QUERY_LENGTH})

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            self.add_error("sampai", _("The end date is before the start date."))
        return data

    def filter(self, queryset):
        queryset = super().filter(queryset)
        data = self.cleaned_data
        # Whole days in Jakarta time, as plain datetime ranges that search backends can apply.
        zone = timezone.get_default_timezone()
        if data.get("dari"):
            queryset = queryset.filter(published_at__gte=datetime.combine(data["dari"], time.min, zone))
        if data.get("sampai"):
            end = datetime.combine(data["sampai"] + timedelta(days=1), time.min, zone)
            queryset = queryset.filter(published_at__lt=end)
        return queryset


class RankedResults:
    """Search results as a ranked list of ids, sliceable and countable for the paginator.

    `rows` holds each result's page path and year (Jakarta time) for the facet counts; when
    the ids come from the cache they are read again only if the counts are not cached too.
    """

    def __init__(self, ids: list[int], rows: dict[int, tuple[str, str]] | None = None):
        self.ids = ids
        self.rows = rows

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, key):
        ids = self.ids[key]
        cards = {article.pk: article for article in article_cards(ArticlePage.objects.filter(pk__in=ids))}
        return with_card_renditions([cards[pk] for pk in ids if pk in cards])

    def facet_rows(self) -> dict[int, tuple[str, str]]:
        if self.rows is None:
            self.rows = facet_rows(ArticlePage.objects.filter(pk__in=id_list(self.ids)))
        return self.rows


def facet_rows(queryset) -> dict[int, tuple[str, str]]:
    """{pk: (page path, year)} of the queryset's articles, in its order, in one query."""
    rows = queryset.values_list("pk", "path", LocalDatePart("published_at", "%Y"))
    return {pk: (path, year) for pk, path, year in rows}


def id_list(ids: list[int]):
    """A subquery of `ids` sent as one parameter: tens of thousands of matches are more than
    SQLite or PostgreSQL accept as separate parameters."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::integer[])", [list(ids)])  # noqa: S611 - one parameter
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])  # noqa: S611
    return list(ids)


def database_backend() -> str | None:
    """ "sqlite" or "postgresql" when Wagtail's database search backend runs on that database."""
    name = type(get_search_backend()).__name__
    if connection.vendor == "sqlite" and name == "SQLiteSearchBackend":
        return "sqlite"
    if connection.vendor == "postgresql" and name == "PostgresSearchBackend":
        return "postgresql"
    return None


def postgres_queries(words: str) -> tuple[str, list]:
    """SQL that matches every word in the title or body, using the GIN indexes to narrow down."""
    config = get_search_backend().config or "simple"
    condition = (
        "entry.content_type_id = %s "
        "AND (entry.title @@ to_tsquery(%s::regconfig, %s) OR entry.body @@ to_tsquery(%s::regconfig, %s)) "
        "AND (entry.title || entry.body) @@ plainto_tsquery(%s::regconfig, %s)"
    )
    any_word = " | ".join(words.split())
    params = [
        ContentType.objects.get_for_model(ArticlePage).pk,
        config,
        any_word,
        config,
        any_word,
        config,
        words,
    ]
    return condition, params


def fts_ids(words: str) -> RawSQL | None:
    """The ids of articles whose index entry matches every word, straight from SQLite's FTS5 table.

    Wagtail's SQLite backend ranks by a correlated subquery per matching row, which takes
    minutes at 10,000 matches; one pass over the FTS table takes milliseconds. CROSS JOIN
    makes SQLite run the full-text match once and look entries up by rowid, instead of
    probing the FTS table once per index entry.
    """
    vendor = database_backend()
    if vendor is None or not words:
        return None
    if vendor == "postgresql":
        condition, params = postgres_queries(words)
        select = "SELECT CAST(entry.object_id AS INTEGER) FROM wagtailsearch_indexentry AS entry"
        sql = f"{select} WHERE {condition}"  # noqa: S608 - fixed SQL, values as parameters
        return RawSQL(sql, params)  # noqa: S611 - fixed SQL, values as parameters
    match = " AND ".join(f'"{word}"' for word in words.split())
    content_type = ContentType.objects.get_for_model(ArticlePage).pk
    return RawSQL(
        "SELECT CAST(entry.object_id AS INTEGER) FROM wagtailsearch_indexentry_fts AS fts "
        "CROSS JOIN wagtailsearch_indexentry AS entry ON entry.id = fts.rowid "
        "WHERE wagtailsearch_indexentry_fts MATCH %s AND entry.content_type_id = %s",
        [match, content_type],
    )


def ranked_ids(words: str) -> list[int]:
    """Matching article ids, those with the words in their title first, then by the database's
    rank (SQLite: BM25 over the FTS5 columns autocomplete, body, title, the title weighing ten
    times the body; PostgreSQL: ts_rank with the title weighed the same way)."""
    if database_backend() == "postgresql":
        condition, params = postgres_queries(words)
        config = params[1]
        title_hits = " + ".join(
            ["(entry.title @@ plainto_tsquery(%s::regconfig, %s))::int"] * len(words.split())
        )
        hit_params = [value for word in words.split() for value in (config, word)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT CAST(entry.object_id AS INTEGER), ({title_hits}) AS title_hits, "  # noqa: S608
                "10 * ts_rank(entry.title, plainto_tsquery(%s::regconfig, %s)) "
                "+ ts_rank(entry.body, plainto_tsquery(%s::regconfig, %s)) AS score "
                f"FROM wagtailsearch_indexentry AS entry WHERE {condition} "
                "ORDER BY title_hits DESC, score DESC",
                [*hit_params, config, words, config, words, *params],
            )
            return [row[0] for row in cursor.fetchall()]
    match = " AND ".join(f'"{word}"' for word in words.split())
    title_hits = " + ".join(["(instr(lower(entry.title), %s) > 0)"] * len(words.split()))
    content_type = ContentType.objects.get_for_model(ArticlePage).pk
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT CAST(entry.object_id AS INTEGER), ({title_hits}) AS title_hits, "  # noqa: S608 - placeholders only
            "bm25(wagtailsearch_indexentry_fts, 0.0, 1.0, 10.0) AS score "
            "FROM wagtailsearch_indexentry_fts CROSS JOIN wagtailsearch_indexentry AS entry "
            "ON entry.id = wagtailsearch_indexentry_fts.rowid "
            "WHERE wagtailsearch_indexentry_fts MATCH %s AND entry.content_type_id = %s "
            "ORDER BY title_hits DESC, score ASC",
            [*(word.lower() for word in words.split()), match, content_type],
        )
        return [row[0] for row in cursor.fetchall()]


def searchable():
    """`published()` in terms a search backend can filter on (path prefixes, indexed fields)."""
    return ArticlePage.objects.live().public().filter(withdrawn_at__isnull=True).defer_streamfields()


def suggest_articles(words: str, limit: int = 5) -> list:
    """Up to `limit` live public articles whose title starts words like the query's."""
    public = published().defer_streamfields()
    if database_backend() != "sqlite":
        return list(searchable().autocomplete(words, operator="and")[:limit])
    terms = words.split()
    match = "autocomplete : (" + " AND ".join([*(f'"{t}"' for t in terms[:-1]), f'"{terms[-1]}"*']) + ")"
    content_type = ContentType.objects.get_for_model(ArticlePage).pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT CAST(entry.object_id AS INTEGER) FROM wagtailsearch_indexentry_fts "
            "CROSS JOIN wagtailsearch_indexentry AS entry ON entry.id = wagtailsearch_indexentry_fts.rowid "
            "WHERE wagtailsearch_indexentry_fts MATCH %s AND entry.content_type_id = %s "
            "ORDER BY bm25(wagtailsearch_indexentry_fts) LIMIT 50",
            [match, content_type],
        )
        ranked = [row[0] for row in cursor.fetchall()]
    found = {article.pk: article for article in public.filter(pk__in=ranked)}
    return [found[pk] for pk in ranked if pk in found][:limit]


def search_articles(form: SearchForm):
    """The search results for a valid form, best match first unless newest was asked for.

    Relevance puts articles whose title holds the query's words above those that only
    mention them further down, then follows the backend's own score. (SQLite's FTS5
    ranking weighs all columns alike, so the title boost alone would not do it.)
    """
    base = form.filter(published().defer_streamfields())
    words = search_words(form.cleaned_data["q"])
    by_relevance = form.cleaned_data.get("urut") != SearchForm.NEWEST
    if database_backend() is not None:
        # One full-text pass, then one query that applies the filters and reads what the
        # facets count: the counts need no further pass over the matches.
        if by_relevance:
            ranked = ranked_ids(words)
            rows = facet_rows(base.filter(pk__in=id_list(ranked)).order_by())
            return RankedResults([pk for pk in ranked if pk in rows], rows)
        rows = facet_rows(base.filter(pk__in=fts_ids(words)).order_by("-published_at", "-pk"))
        return RankedResults(list(rows), rows)
    # Search backends apply only filters on indexed fields: the same slice, said their way.
    base = form.filter(searchable())
    if not by_relevance:
        base = base.order_by("-published_at", "-id")
    results = base.search(words, operator="and", order_by_relevance=by_relevance)
    if not by_relevance or not hasattr(results, "get_queryset"):
        return results
    ranked = results.get_queryset()
    title_hits = sum(
        (Case(When(title__icontains=word, then=Value(1)), default=Value(0)) for word in words.split()[:10]),
        Value(0),
    )
    lead_hits = sum(
        (Case(When(lead__icontains=word, then=Value(1)), default=Value(0)) for word in words.split()[:10]),
        Value(0),
    )
    backend_order = list(ranked.query.order_by)
    return ranked.annotate(title_hits=title_hits, lead_hits=lead_hits).order_by(
        F("title_hits").desc(), F("lead_hits").desc(), *backend_order
    )


def search_words(query: str) -> str:
    """Only the words of a query: quotes, operators and punctuation never reach the backend."""
    return " ".join(WORD.findall(query))


def matching_ids(results):
    """The primary keys of every result of a search backend other than the database's."""
    if isinstance(results, QuerySet):
        # Run the full-text match once; the three count queries then filter on plain ids.
        return list(results.order_by().values_list("pk", flat=True)[:MAX_COUNTED])
    if hasattr(results, "get_queryset"):
        return results.get_queryset().order_by().values("pk")
    return [article.pk for article in results[:MAX_COUNTED]]


def result_counts(results, home: Page) -> dict:
    """Counts of the results per top-level category, service area and year."""
    prefix = len(home.path) + Page.steplen
    if isinstance(results, RankedResults):
        rows = results.facet_rows()
        sections = Counter(path[:prefix] for path, year in rows.values())
        years = sorted(Counter(int(year) for path, year in rows.values()).items(), reverse=True)
        ids = id_list(results.ids)
    else:
        ids = matching_ids(results)
        matches = ArticlePage.objects.filter(pk__in=ids)
        sections = dict(
            matches.annotate(section=Substr("path", 1, prefix))
            .values_list("section")
            .annotate(n=Count("pk"))
            .order_by()
        )
        years = (
            matches.annotate(year=LocalDatePart("published_at", "%Y"))
            .values_list("year")
            .annotate(n=Count("pk"))
            .order_by("-year")
        )
        years = [(int(year), count) for year, count in years]
    categories = [
        (category, sections[category.path])
        for category in live_categories(depth=home.depth + 1, path__startswith=home.path)
        if category.path in sections
    ]
    # Counted on the link table alone (one index walk), then named from the short area list.
    per_area = dict(
        ArticlePage.service_areas.through.objects.filter(articlepage__in=ids)
        .values_list("servicearea")
        .annotate(n=Count("pk"))
        .order_by()
    )
    areas = sorted(
        ((area, per_area[area.pk]) for area in ServiceArea.objects.filter(pk__in=per_area)),
        key=lambda pair: (-pair[1], pair[0].name),
    )
    return {
        "categories": categories,
        "service_areas": areas,
        "years": years,
    }


def prepare_results(articles, terms: list[str]) -> list:
    """Results with their category and the lead highlighted."""
    articles = attach_categories(articles)
    for article in articles:
        article.highlighted_title = highlight(article.title, terms)
        article.highlighted_lead = highlight(article.lead, terms)
    return articles
