"""The public read-only API (Wagtail API v2) for aggregators and apps: published pages only.

Only the pages endpoint is offered: the image and document endpoints would list files of
unpublished press releases, which stay private until their embargo ends (see news.embargo).
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from .models import ArticlePage


class PublishedPagesAPIViewSet(PagesAPIViewSet):
    """Live, public pages, without withdrawn articles."""

    def get_base_queryset(self):
        withdrawn = ArticlePage.objects.filter(withdrawn_at__isnull=False).values("pk")
        return super().get_base_queryset().exclude(pk__in=withdrawn)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublishedPagesAPIViewSet)
