"""Admin page search over everything the public search reads, with the same stemming.

Wagtail's admin searches pages with `autocomplete()`, which only reads a model's
`AutocompleteField`s: the title. Here a search matches what `/cari/` matches (title, lead,
body with its quotes and speakers, credits, tags, units; stemmed by the backend's
configuration, `indonesian` on PostgreSQL), or a title starting with the words typed so far.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from wagtail.admin.views.pages import workflow
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import MATCH_ALL, MatchAll
from wagtail.search.utils import parse_query_string

from .models import ArticlePage
from .office_admin import OfficeListingTitlesMixin, OfficeWorkflowViewMixin
from .status import annotate_status


def admin_search(queryset: QuerySet, query, order_by_relevance: bool = True):
    """`queryset` narrowed to full-text matches of `query` (a string or a parsed query) or
    to titles starting with its words; title matches first, then the latest edited."""
    if isinstance(query, str):
        # Parsed as Wagtail's own page search parses it: a stray quote or bracket is a word, not
        # full-text syntax the database refuses.
        _filters, query = parse_query_string(query, operator="and", zero_terms=MATCH_ALL)
    if isinstance(query, MatchAll):
        return queryset
    backend = get_search_backend()
    model = queryset.model
    full_text = backend.search(query, model, operator="and", order_by_relevance=False)
    if not hasattr(full_text, "get_queryset"):
        # A search server (Elasticsearch, OpenSearch) ranks with its own analyzers.
        return backend.search(query, queryset, operator="and", order_by_relevance=order_by_relevance)
    titles = backend.autocomplete(query, model, operator="and", order_by_relevance=False)
    full_text_ids = full_text.get_queryset().order_by().values("pk")
    title_ids = titles.get_queryset().order_by().values("pk")
    matches = queryset.filter(Q(pk__in=full_text_ids) | Q(pk__in=title_ids))
    if order_by_relevance:
        title_match = Exists(titles.get_queryset().order_by().filter(pk=OuterRef("pk")))
        matches = matches.annotate(_title_match=title_match).order_by(
            "-_title_match", "-latest_revision_created_at", "-pk"
        )
    return matches


class AdminSearchMixin:
    """For Wagtail's page listing views: search with `admin_search()` instead of autocomplete."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return admin_search(queryset, self.search_query, order_by_relevance=not self.is_explicitly_ordered)


class NewsroomStatusMixin:
    """Articles among the pages of a listing get their newsroom status in the listing's query."""

    def annotate_queryset(self, pages):
        return annotate_status(super().annotate_queryset(pages), articles=ArticlePage.objects.all())


class PageSearchView(OfficeListingTitlesMixin, NewsroomStatusMixin, SearchView):
    """The admin's page search (“Cari” in the sidebar), over the full text of every page."""

    def get_queryset(self):
        self.all_pages = Page.objects.all()
        self.all_pages = self.all_pages.filter(
            pk__in=self.permission_policy.explorable_instances(self.request.user).values_list("pk", flat=True)
        )
        pages = self.all_pages
        if self.show_locale_labels:
            pages = pages.select_related("locale")
        if self.ordering:
            pages = pages.order_by(self.ordering)
        if self.selected_content_type:
            pages = pages.filter(content_type=self.selected_content_type)
        pages = self.annotate_queryset(pages)

        filters, query = parse_query_string(self.search_query, operator="and", zero_terms=MATCH_ALL)
        live = (filters.get("live") or filters.get("published") or "").lower()
        if live in {"yes", "true", "no", "false"}:
            is_live = live in {"yes", "true"}
            pages = pages.filter(live=is_live)
            self.all_pages = self.all_pages.filter(live=is_live)

        pages = admin_search(pages, query, order_by_relevance=not self.ordering)
        self.all_pages = admin_search(self.all_pages, query, order_by_relevance=False)
        counts = self.all_pages.order_by().values_list("content_type").annotate(n=Count("pk"))
        self.content_types = sorted(
            ((ContentType.objects.get_for_id(pk), n) for pk, n in counts),
            key=lambda pair: -pair[1],
        )
        return pages


class PageExplorerIndexView(
    OfficeListingTitlesMixin, NewsroomStatusMixin, AdminSearchMixin, ExplorableIndexView
):
    pass


def office_view(view_class):
    return type(view_class.__name__, (OfficeWorkflowViewMixin, view_class), {})


class NewsroomPageViewSet(PageViewSet):
    """Wagtail's default page views, with the full-text admin search, and workflow views that
    name no page outside the user's office."""

    model = Page
    index_view_class = PageExplorerIndexView
    search_view_class = PageSearchView
    workflow_action_view_class = office_view(workflow.WorkflowActionView)
    collect_workflow_action_data_view_class = office_view(workflow.CollectWorkflowActionDataView)
    confirm_workflow_cancellation_view_class = office_view(workflow.ConfirmWorkflowCancellationView)
    workflow_preview_view_class = office_view(workflow.PreviewRevisionForTaskView)
