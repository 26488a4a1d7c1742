"""Rich text as readers get it (pages, feeds, the API's HTML): a link to a page they cannot open
is its text alone.

Wagtail's page link gives any page's address, a draft's or a scheduled press release's too, and
its slug is often the embargoed headline. news.wagtail_hooks registers this in its place; the
article linking to it is purged when that page is published or unpublished (news.signals).
"""

from __future__ import annotations

from django.db.models import Model
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler


class PublicPageLinkHandler(PageLinkHandler):
    """`<a href>` for a live, public page; a bare `<a>` (the link's text) for any other."""

    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list[Model | None]:
        ids = [str(attrs.get("id")) for attrs in attrs_list]
        pages = (
            Page.objects.filter(pk__in=[pk for pk in ids if pk.isdigit()])
            .live()
            .public()
            .defer_streamfields()
            .specific()
        )
        by_id = {str(page.pk): page for page in pages}
        return [by_id.get(pk) for pk in ids]
