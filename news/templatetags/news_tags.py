"""Template helpers for dates, datelines and attachments in Indonesian."""

import zoneinfo

from django import template
from django.core.cache import cache
from django.template.defaultfilters import date as format_date
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Site

from home.models import CACHE_SECONDS
from news.models import TimeZone, menu_cache_key, public_q, zone_abbreviation

register = template.Library()


@register.filter
def local_datetime(value, zone_name: str = TimeZone.WIB) -> str:
    """“Rabu, 22 September 2021 14:05 WIB” in the given Indonesian time zone."""
    if not value:
        return ""
    zone_name = zone_name or TimeZone.WIB
    local = timezone.localtime(value, zoneinfo.ZoneInfo(zone_name))
    return f"{format_date(local, 'l, j F Y H:i')} {zone_abbreviation(zone_name)}"


@register.filter
def short_date(value) -> str:
    """“22 September 2021” in Jakarta time."""
    if not value:
        return ""
    return format_date(timezone.localtime(value), "j F Y")


@register.filter
def with_dateline(html, dateline: str) -> SafeString:
    """Put the dateline (“Jakarta (Kemenag) —”) at the start of the first paragraph."""
    html = str(html)
    if not dateline:
        return mark_safe(html)  # noqa: S308 - rich text is already sanitised by Wagtail
    marker = format_html('<strong class="article__dateline">{}</strong> ', dateline)
    if html.startswith("<p"):
        end = html.find(">") + 1
        return mark_safe(html[:end] + marker + html[end:])  # noqa: S308
    return mark_safe(format_html("<p>{}</p>", marker) + html)  # noqa: S308


@register.filter
def file_size(document) -> str:
    """The size of a document's file, “1,2 MB”, or empty when the file is missing."""
    try:
        size = document.get_file_size()
    except (OSError, ValueError):
        return ""
    return filesizeformat(size) if size is not None else ""


@register.filter
def file_type(document) -> str:
    return (document.file_extension or "").upper()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The categories editors put in the menu (“Show in menus” on the page)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = menu_items(site) if site else []
    current = context.get("page")
    active = None
    if current is not None:
        active = next((item["path"] for item in items if current.path.startswith(item["path"])), None)
    return {"items": items, "active": active, "is_home": current is not None and current.depth == 2}


def menu_items(site) -> list[dict]:
    """Title, URL and tree path of the menu's pages, kept in the cache (see news.signals)."""
    key = menu_cache_key(site.pk)
    items = cache.get(key)
    if items is None:
        pages = site.root_page.get_children().live().filter(public_q()).in_menu()
        items = [{"title": page.title, "url": page.get_url(), "path": page.path} for page in pages]
        cache.set(key, items, CACHE_SECONDS)
    return items
