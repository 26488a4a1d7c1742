"""Site search: the query form, filters, counts and highlighting for `/cari/`."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Case, Count, F, Value, When
from django.db.models.functions import ExtractYear, Substr
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .forms import NewsFilterForm
from .models import ArticlePage, CategoryIndexPage, ServiceArea, attach_categories

MAX_QUERY_LENGTH = 200
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

    q = forms.CharField(label=_("Search"), required=False)
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
        self.fields["q"].widget.attrs.update({"type": "search", "maxlength": MAX_QUERY_LENGTH})

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


def search_articles(form: SearchForm):
    """The search results for a valid form, best match first unless newest was asked for.

    Relevance puts articles whose title holds the query's words above those that only
    mention them further down, then follows the backend's own score. (SQLite's FTS5
    ranking weighs all columns alike, so the title boost alone would not do it.)
    """
    base = form.filter(ArticlePage.objects.live().public().defer_streamfields())
    words = search_words(form.cleaned_data["q"])
    by_relevance = form.cleaned_data.get("urut") != SearchForm.NEWEST
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
    """A subquery of the primary keys of every result (database backends), or a list."""
    if hasattr(results, "get_queryset"):
        return results.get_queryset().order_by().values("pk")
    return [article.pk for article in results[:10_000]]


def result_counts(results, home: Page) -> dict:
    """Counts of the results per top-level category, service area and year."""
    ids = matching_ids(results)
    matches = ArticlePage.objects.filter(pk__in=ids)
    prefix = len(home.path) + Page.steplen
    sections = dict(
        matches.annotate(section=Substr("path", 1, prefix))
        .values_list("section")
        .annotate(n=Count("pk"))
        .order_by()
    )
    categories = [
        (category, sections[category.path])
        for category in CategoryIndexPage.objects.child_of(home).live().order_by("path")
        if category.path in sections
    ]
    areas = ServiceArea.objects.filter(articles__in=ids).annotate(n=Count("articles")).order_by("-n", "name")
    years = (
        matches.annotate(year=ExtractYear("published_at"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by("-year")
    )
    return {
        "categories": categories,
        "service_areas": [(area, area.n) for area in areas],
        "years": list(years),
    }


def prepare_results(articles, terms: list[str]) -> list:
    """Results with their category and the lead highlighted."""
    articles = attach_categories(articles)
    for article in articles:
        article.highlighted_title = highlight(article.title, terms)
        article.highlighted_lead = highlight(article.lead, terms)
    return articles
