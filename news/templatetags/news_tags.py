"""Template helpers for dates, datelines, attachments and structured data."""

import json
import zoneinfo

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import date as format_date
from django.template.defaultfilters import filesizeformat, truncatewords
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page, Site
from wagtail.templatetags.wagtailcore_tags import pageurl

from news import caching, images
from news.branding import brand_images as read_brand_images
from news.models import CategoryIndexPage, TimeZone, public_q, zone_abbreviation
from news.queries import compiled

register = template.Library()

JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def local_datetime(value, zone_name: str = TimeZone.WIB) -> str:
    """“Rabu, 22 September 2021 14:05 WIB” in the given Indonesian time zone.

    Outside WIB the Jakarta time follows, as the ministry schedules in WIB:
    “Rabu, 22 September 2021 16:05 WIT (14:05 WIB)”.
    """
    if not value:
        return ""
    zone_name = zone_name or TimeZone.WIB
    local = timezone.localtime(value, zoneinfo.ZoneInfo(zone_name))
    text = f"{format_date(local, 'l, j F Y H:i')} {zone_abbreviation(zone_name)}"
    if zone_name != TimeZone.WIB:
        text += f" ({format_date(timezone.localtime(value, zoneinfo.ZoneInfo(TimeZone.WIB)), 'H:i')} WIB)"
    return text


@register.simple_tag
def site_name() -> str:
    """The newsroom's name (WAGTAIL_SITE_NAME), which the admin shows in place of "Wagtail"."""
    return settings.WAGTAIL_SITE_NAME


@register.filter
def phone_href(number: str) -> str:
    """A phone number as a tel: link wants it: digits and a leading plus."""
    number = number.strip()
    digits = "".join(char for char in number if char.isdigit())
    return f"+{digits}" if number.startswith("+") else digits


@register.filter
def iso_datetime(value) -> str:
    """Jakarta time as ISO 8601 to the second, as HTML's datetime attribute wants it."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.filter
def short_date(value) -> str:
    """“22 September 2021” in Jakarta time: Django's `date:"j F Y"` (the month's name from
    Django's catalogue), written directly: the date filter was a tenth of a card."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{local.day} {MONTHS[local.month]} {local.year:04d}"


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


@register.simple_tag
def brand_images(site_settings) -> dict:
    """The emblem's renditions for icons, manifest and social cards (news.branding)."""
    return read_brand_images(site_settings)


@register.filter
def section_layout(articles) -> dict:
    """How a front-page section lays out its articles, so that no slot is ever empty.

    One article: a wide single item. Two: a pair side by side. Three or more: the first with a
    photo leads, the rest follow as a compact list; with no photo at all, a list of titles.
    A card without a photo is always drawn as a text item, never with an empty picture box.
    """
    articles = list(articles)
    if len(articles) == 1:
        return {"kind": "single", "lead": articles[0], "rest": []}
    if len(articles) == 2:
        return {"kind": "pair", "lead": None, "rest": articles}
    lead = next((article for article in articles if article.hero_image_id), None)
    if lead is None:
        return {"kind": "list", "lead": None, "rest": articles}
    return {"kind": "feature", "lead": lead, "rest": [article for article in articles if article is not lead]}


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The categories editors put in the menu (“Show in menus” on the page)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = menu_items(site, request) if site else []
    current = context.get("page")
    active = None
    if current is not None:
        active = next((item["path"] for item in items if current.path.startswith(item["path"])), None)
    return {"items": items, "active": active, "is_home": current is not None and current.depth == 2}


MENU_FIELDS = ["id", "path", "depth", "title", "url_path"]


def menu_items(site, request=None) -> list[dict]:
    """Title, URL and tree path of the menu's pages, cached until a category changes.

    Only categories sit below the home page (ArticlePage.parent_page_types). They are read
    from the category table and sorted here: `get_children()` ordered by path makes SQLite walk
    the path index of every article below the home page (70 ms at 100,000 articles).
    """

    def read() -> list[dict]:
        # As light pages (only what an address is made from) of a query built once per site
        # and set of private sections (news.queries): whole category pages were half of it.
        root = site.root_page
        rows = compiled(
            "menu",
            (root.pk, root.path, root.depth, tuple(caching.restricted_paths())),
            lambda: (
                CategoryIndexPage.objects.child_of(root)
                .live()
                .filter(public_q())
                .in_menu()
                .order_by()
                .values_list(*MENU_FIELDS)
            ),
        )
        pages = sorted((Page.from_db(rows.db, MENU_FIELDS, row) for row in rows), key=lambda page: page.path)
        return [{"title": page.title, "url": page.get_url(request), "path": page.path} for page in pages]

    return caching.cached("menu", (site.pk,), read, tags=["menu"])


@register.filter
def json_ld(data) -> SafeString:
    """A JSON-LD script element; `<`, `>` and `&` are escaped so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request and url else url


@register.simple_tag(takes_context=True)
def collection_page_ld(context, name: str, description: str = "") -> SafeString:
    """schema.org CollectionPage for a listing of news."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": name,
        "url": request.build_absolute_uri(),
        "inLanguage": "id",
    }
    if description:
        data["description"] = description
    return json_ld(data)


@register.simple_tag(takes_context=True)
def website_ld(context) -> SafeString:
    """schema.org WebSite of the home page."""
    request = context["request"]
    site_settings = context["settings"]["home"]["SiteSettings"]
    data = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site_settings.site_name,
        "alternateName": site_settings.short_name,
        "url": request.build_absolute_uri("/"),
        "inLanguage": "id",
        "publisher": {"@type": "GovernmentOrganization", "name": site_settings.site_name},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": request.build_absolute_uri(reverse("search")) + "?q={q}",
            },
            "query-input": "required name=q",
        },
    }
    return json_ld(data)


@register.simple_tag(takes_context=True)
def facet_query(context, name: str, value) -> str:
    """The current query string with one filter set and the page dropped."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    params[name] = str(value)
    return params.urlencode()


@register.simple_tag
def depends_on(*objects) -> str:
    """`{% depends_on article %}`: what is being cached shows these pages (news.caching)."""
    caching.depends_on(*(caching.page_tag(obj.pk) for obj in objects if obj is not None and obj.pk))
    return ""


@register.simple_tag
def cache_version(*tags: str) -> str:
    """`{% cache_version "settings" "menu" as version %}`: a token that changes with `tags`, for
    `{% wagtailcache %}` to vary on, so a fragment shared by every page is built once and
    rebuilt when what it shows changes. The page that shows it depends on the tags too."""
    caching.depends_on(*tags)
    return caching.digest(*sorted(caching.tag_versions(tags).items()))


@register.inclusion_tag("news/includes/most_read.html", takes_context=True)
def most_read_block(context, period: str = "24h", limit: int = 5, heading: str = "h2", articles=None):
    """`{% most_read_block "24h" %}`: “Terpopuler” for the home page and article sidebars;
    `articles=` gives the cards when the page read them already (an article's sidebar)."""
    from news import popular

    request = context.get("request")
    return {
        "request": request,
        "articles": popular.most_read(period, limit, request) if articles is None else articles,
        "period_title": popular.PERIOD_TITLES[period],
        "heading": heading,
    }


@register.simple_tag
def video_embed(url: str) -> dict:
    """`{% video_embed url as video %}`: the video's address, title, provider and, when its
    player can be framed under the site's CSP, the player's address (`src`, else "")."""
    import html
    import re
    from urllib.parse import urlsplit

    from wagtail.embeds.embeds import get_embed
    from wagtail.embeds.exceptions import EmbedException

    video = {"url": url, "src": "", "title": "", "provider": ""}
    try:
        embed = get_embed(url)
    except EmbedException:
        return video
    video.update(title=embed.title or "", provider=embed.provider_name or "")
    found = re.search(r'<iframe[^>]*\ssrc="([^"]+)"', embed.html or "")
    src = html.unescape(found.group(1)) if found else ""
    parts = urlsplit(src)
    if parts.scheme == "https" and f"https://{parts.netloc}" in settings.VIDEO_PLAYER_ORIGINS:
        video["src"] = src
    return video


@register.simple_tag
def photo(image, *patterns: str, **attrs) -> str:
    """`{% picture image <patterns> attr=... %}` from the renditions the page read with its
    cards (news.images.renditions): `{% photo image "format-{avif,jpeg}" "width-{480,800}"
    sizes="..." %}` writes what `{% picture image format-{avif,jpeg} width-{480,800} sizes="..." %}`
    writes."""
    return images.picture(image, images.expand(*patterns), **attrs)


CARD_PICTURE_SPECS = images.expand("format-{avif,webp,jpeg}", "fill-{400x225,800x450}")
CARD_PICTURE_SIZES = "(min-width: 64em) 25vw, (min-width: 40em) 45vw, 100vw"


@register.simple_tag
def card_picture(image, first: bool = False) -> str:
    """A card's photo: what `{% picture image format-{avif,webp,jpeg} fill-{400x225,800x450}
    sizes=... loading="lazy" alt="" class="card__image" %}` gives, in a fifth of the time (a
    front page draws about 34 of them). The `first` card of a listing is at the top of a phone's
    screen, its largest paint: loaded at once and before the other images."""
    loading = {"fetchpriority": "high"} if first else {"loading": "lazy"}
    return images.picture(
        image,
        CARD_PICTURE_SPECS,
        sizes=CARD_PICTURE_SIZES,
        **loading,
        alt="",
        **{"class": "card__image"},
    )


@register.simple_tag(takes_context=True)
def article_card(
    context, article, modifier: str = "", show_lead: bool = False, heading: str = "h3", first=False
):
    """`{% article_card article modifier="compact" %}`: what `{% include "includes/article_card.html"
    with modifier="compact" %}` writes, written here for readers' pages.

    A front page shows about 34 cards, an article 15, a listing 20: one include per card (a
    context, a dozen nodes, four tags) was a third of the front page's time with every cache
    empty. Previews still render the template, which stays the reference (tests compare the two
    for every kind of card).
    """
    request = context.get("request")
    if getattr(request, "is_preview", False):
        return get_template("includes/article_card.html").render(
            {
                "article": article,
                "modifier": modifier,
                "show_lead": show_lead,
                "heading": heading,
                "first": first,
                "request": request,
            }
        )
    depends_on(article)
    heading = images.escaped(heading or "h3")
    classes = "card"
    if modifier:
        classes += f" card--{modifier}"
    if not article.hero_image:
        classes += " card--text"
    parts = [f'<article class="{images.escaped(classes)}">']
    if article.hero_image:
        parts.append(f'<div class="card__media">{card_picture(article.hero_image, first=first)}</div>')
    parts.append('<div class="card__body">')
    category = getattr(article, "category", None)
    if category:
        parts.append(f'<p class="card__category">{images.escaped(category.title)}</p>')
    url = images.escaped(pageurl(context, article))
    parts.append(
        f'<{heading} class="card__title"><a class="card__link" href="{url}">'
        f"{images.escaped(article.title)}</a></{heading}>"
    )
    if show_lead:
        parts.append(f'<p class="card__lead">{images.escaped(truncatewords(article.lead, 30))}</p>')
    published = article.published_at
    parts.append(
        f'<p class="card__date"><time datetime="{images.escaped(iso_datetime(published))}">'
        f"{images.escaped(short_date(published))}</time></p></div></article>"
    )
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above
