"""The public read-only API (Wagtail API v2) for aggregators and apps: published pages only.

Only the pages endpoint is offered: the image and document endpoints would list files of
unpublished press releases, which stay private until their embargo ends (see news.embargo).
"""

from django.core.exceptions import ValidationError
from wagtail.api.rich_text import APIRichText
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from .models import ArticlePage
from .search import clean_query, search_words

# Far beyond any archive, and within every database's integer range.
MAX_OFFSET = 10_000_000


class BoundedPagination(WagtailPagination):
    """Wagtail's pagination, with an offset the database can hold (a 20-digit one was a 500)."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class WordsSearchFilter(SearchFilter):
    """Wagtail's API search, given only the words of ?search= as /cari/ is: quotes, brackets and
    operators made the database's full-text syntax fail (a 500 for "<script>")."""

    def filter_queryset(self, request, queryset, view):
        if "search" in request.GET:
            request.GET._mutable = True
            request.GET["search"] = search_words(clean_query(request.GET["search"]))
            request.GET._mutable = False
        return super().filter_queryset(request, queryset, view)


class PublishedPagesAPIViewSet(PagesAPIViewSet):
    """Live, public pages, without withdrawn articles."""

    pagination_class = BoundedPagination
    filter_backends = [WordsSearchFilter if f is SearchFilter else f for f in PagesAPIViewSet.filter_backends]

    def handle_exception(self, exc):
        # A filter value the field cannot hold (?published_at=abc) is the client's error.
        if isinstance(exc, ValidationError):
            exc = BadRequestError("field filter error. " + " ".join(exc.messages))
        return super().handle_exception(exc)

    def resolve_rich_text_format(self):
        rich_text_format = super().resolve_rich_text_format()
        if rich_text_format == APIRichText.FORMAT_MARKDOWN:
            # Its links come from Wagtail's editor converter, which gives any page's address
            # (a draft's too); the HTML format links only to published pages (news.rich_text).
            raise BadRequestError("rich_text_format 'markdown' is not offered: use 'html' or 'db_markdown'")
        return rich_text_format

    def get_base_queryset(self):
        withdrawn = ArticlePage.objects.filter(withdrawn_at__isnull=False).values("pk")
        return super().get_base_queryset().exclude(pk__in=withdrawn)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublishedPagesAPIViewSet)
