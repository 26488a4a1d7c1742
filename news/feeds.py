"""RSS 2.0 and Atom 1.0 feeds for all news and for every category, service area, work unit and tag.

Built on Django's syndication framework. Each feed renders its 50 newest live, public articles
in a fixed number of queries: the articles, their photos, categories, terms, people, and the
images and documents in their bodies are each fetched once for the whole feed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from home.models import SiteSettings

from .branding import brand_images
from .caching import canonical_path, canonical_query, category_tag, depends_on, page_tag, term_tag
from .forms import NewsFilterForm
from .images import SomeRenditions, rendition_of
from .models import (
    ArticlePage,
    ArticleReporter,
    ArticleWorkUnit,
    CategoryIndexPage,
    ServiceArea,
    WorkUnit,
    article_cards,
    attach_categories,
    listed_below,
    public_q,
    tag_articles,
)

FEED_LENGTH = 50
TERM_MODELS = {"service_area": ServiceArea, "work_unit": WorkUnit}
FEED_TTL_MINUTES = 15
ENCLOSURE_SPEC = "width-1200|format-jpeg"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
RELATIVE_URL = re.compile(r'\b(href|src)="/(?!/)')


def clean_text(value) -> str:
    """Text safe for XML 1.0: C0 control characters (but tab and newlines) removed."""
    return CONTROL_CHARACTERS.sub("", str(value or ""))


def absolutize(html: str, base_url: str) -> str:
    """Make root-relative links and image sources absolute (feed readers have no base)."""
    return RELATIVE_URL.sub(lambda match: f'{match.group(1)}="{base_url}/', html)


@dataclass
class FeedItemContext:
    """What rendering an item needs beyond the article: the request and the bodies' media."""

    request: HttpRequest
    images: dict
    documents: dict

    @property
    def base_url(self) -> str:
        return self.request.build_absolute_uri("/").rstrip("/")


@dataclass
class FeedScope:
    """The slice of news a feed covers."""

    title: str
    link: str
    description: str
    articles: QuerySet
    request: HttpRequest


class ArticleRssFeed(feedgenerator.Rss201rev2Feed):
    content_type = "application/rss+xml; charset=utf-8"

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
            "xmlns:media": "http://search.yahoo.com/mrss/",
        }

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.startElement("image", {})
        handler.addQuickElement("url", self.feed["logo_url"])
        handler.addQuickElement("title", self.feed["title"])
        handler.addQuickElement("link", self.feed["link"])
        handler.addQuickElement("width", str(self.feed["logo_width"]))
        handler.addQuickElement("height", str(self.feed["logo_height"]))
        handler.endElement("image")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["contributors"]:
            handler.addQuickElement("dc:contributor", name)
        if item.get("media"):
            media = item["media"]
            handler.addQuickElement("media:content", None, media)
        handler.addQuickElement("content:encoded", item["content_html"])


class ArticleAtomFeed(feedgenerator.Atom1Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("logo", self.feed["logo_url"])
        handler.addQuickElement("icon", self.feed["icon_url"])

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["contributors"]:
            handler.startElement("contributor", {})
            handler.addQuickElement("name", name)
            handler.endElement("contributor")
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


class ArticleFeed(Feed):
    """RSS 2.0 feed of a slice of the news; `ArticleAtom` is the same as Atom 1.0."""

    feed_type = ArticleRssFeed
    item_guid_is_permalink = False
    language = "id"
    ttl = FEED_TTL_MINUTES

    def __call__(self, request, *args, **kwargs):
        # Readers get the document from the response cache (news.caching) until its tags change.
        depends_on("feeds", "settings")
        response = super().__call__(request, *args, **kwargs)
        # The feed generator writes thousands of small pieces, which the server would then
        # send one system call each (about 120 feeds/s instead of thousands): one piece.
        response.content = response.content
        response["Cache-Control"] = f"public, max-age={FEED_TTL_MINUTES * 60}"
        return response

    # -- the slice ----------------------------------------------------------

    def get_object(self, request, scope: str = "all", slug: str = "", category_path: str = "") -> FeedScope:
        articles = article_cards()
        if scope == "all":
            form = NewsFilterForm(request.GET or None)
            if form.is_bound:
                if not form.is_valid():
                    raise BadRequest(_("Invalid filter."))
                articles = form.filter(articles, listing=True)
            depends_on("news")
            if form.is_bound and (filters := form.active_filters()):
                # "Berita Layanan Haji": the filter named, and the listing it comes from.
                named = " · ".join(f"{label} {value}" for label, value in filters)
                title = _("News: %(filters)s") % {"filters": named}
                link = f"{reverse('news_index')}?{canonical_query(request)}"
                return FeedScope(title, link, title, articles, request)
            return FeedScope(
                _("All news"), reverse("news_index"), _("The latest news of the ministry."), articles, request
            )
        if scope == "category":
            site = Site.find_for_request(request)
            category = (
                CategoryIndexPage.objects.live()
                .filter(public_q(), url_path=f"{site.root_page.url_path}{category_path}")
                .first()
            )
            if category is None:
                raise Http404(_("Page not found"))
            depends_on(page_tag(category.pk), category_tag(category.pk))
            return FeedScope(
                category.title,
                category.get_url(request),
                category.intro or category.title,
                listed_below(articles, category),
                request,
            )
        if scope in TERM_MODELS:
            term = get_object_or_404(TERM_MODELS[scope], slug=slug)
            depends_on(term_tag(TERM_MODELS[scope]._meta.model_name, term.pk))
            return FeedScope(
                term.name,
                term.get_absolute_url(),
                term.description or term.name,
                term.get_articles(),
                request,
            )
        if scope == "tag":
            tag = get_object_or_404(Tag, slug=slug)
            depends_on(term_tag("tag", tag.pk))
            return FeedScope(
                f"#{tag.name}", reverse("tag", args=[tag.slug]), f"#{tag.name}", tag_articles(tag), request
            )
        raise Http404(_("Page not found"))

    # -- channel ------------------------------------------------------------

    def title(self, scope: FeedScope) -> str:
        site_name = SiteSettings.for_request(scope.request).site_name
        return clean_text(f"{scope.title} | {site_name}")

    def link(self, scope: FeedScope) -> str:
        return scope.link

    def feed_url(self, scope: FeedScope) -> str:
        # The self link names the filters too (only those the feed reads: news.caching).
        return canonical_path(scope.request)

    def description(self, scope: FeedScope) -> str:
        return clean_text(scope.description)

    def author_name(self, scope: FeedScope) -> str:
        # Atom needs an author for entries without credited people: the ministry itself.
        return clean_text(SiteSettings.for_request(scope.request).site_name)

    def feed_extra_kwargs(self, scope: FeedScope) -> dict:
        images = brand_images(SiteSettings.for_request(scope.request))
        absolute = scope.request.build_absolute_uri
        return {
            "logo_url": absolute(images["feed"]["url"]),
            "logo_width": images["feed"]["width"],
            "logo_height": images["feed"]["height"],
            "icon_url": absolute(images["icons"][32]["url"]),
        }

    # -- items --------------------------------------------------------------

    def items(self, scope: FeedScope) -> list[ArticlePage]:
        articles = list(
            # Listings defer the body; a feed carries it in full.
            scope.articles.defer(None)
            .select_related("editor", "photographer")
            .prefetch_related(
                "service_areas",
                "tagged_items__tag",
                Prefetch(
                    "work_unit_links",
                    queryset=ArticleWorkUnit.objects.select_related("unit").order_by("sort_order", "pk"),
                ),
                Prefetch(
                    "reporters",
                    queryset=ArticleReporter.objects.select_related("person").order_by("sort_order", "pk"),
                ),
                # The photo a feed item carries.
                SomeRenditions("hero_image__renditions", Q(filter_spec=ENCLOSURE_SPEC)),
            )[:FEED_LENGTH]
        )
        attach_categories(articles)
        # The feed object serves every request: per-request state travels on the items.
        context = FeedItemContext(scope.request, *self.body_media(articles))
        for article in articles:
            article.feed_context = context
        return articles

    @staticmethod
    def body_media(articles) -> tuple[dict, dict]:
        """Every image and document used in the bodies, in one query each."""
        image_ids, document_ids = set(), set()
        for article in articles:
            for block in article.body.raw_data:
                value = block.get("value")
                if block["type"] == "image" and isinstance(value, dict):
                    image_ids.add(value.get("image"))
                elif block["type"] == "attachment" and isinstance(value, dict):
                    document_ids.add(value.get("document"))
        images = (
            get_image_model().objects.filter(pk__in=image_ids - {None}).prefetch_renditions(ENCLOSURE_SPEC)
        )
        documents = get_document_model().objects.filter(pk__in=document_ids - {None})
        return {image.pk: image for image in images}, {document.pk: document for document in documents}

    def item_title(self, item: ArticlePage) -> str:
        return clean_text(item.title)

    def item_link(self, item: ArticlePage) -> str:
        return item.get_url(request=item.feed_context.request)

    def item_guid(self, item: ArticlePage) -> str:
        # The translation key is a UUID given once to a page: it survives title and slug changes.
        return f"urn:uuid:{item.translation_key}"

    def item_description(self, item: ArticlePage) -> str:
        # The lead is plain text; readers treat a description as HTML.
        return escape(clean_text(item.lead))

    def item_pubdate(self, item: ArticlePage) -> datetime | None:
        # A page made live without being published (by code, not the admin) has no dates yet.
        return timezone.localtime(item.published_at) if item.published_at else None

    def item_updateddate(self, item: ArticlePage) -> datetime | None:
        dates = [date for date in (item.published_at, item.last_published_at) if date]
        return timezone.localtime(max(dates)) if dates else None

    def item_author_name(self, item: ArticlePage) -> str | None:
        reporters = [link.person.name for link in item.reporters.all()]
        names = reporters or ([item.editor.name] if item.editor else [])
        return clean_text(", ".join(names)) or None

    def item_extra_kwargs(self, item: ArticlePage) -> dict:
        contributors = []
        if item.editor and item.reporters.all():
            contributors.append(clean_text(f"{item.editor.name} ({_('Editor')})"))
        if item.photographer:
            contributors.append(clean_text(f"{item.photographer.name} ({_('Photographer')})"))
        extra = {"contributors": contributors, "content_html": clean_text(self.content_html(item))}
        rendition = self.hero_rendition(item)
        if rendition is not None:
            extra["media"] = {
                "url": item.feed_context.base_url + rendition.url,
                "type": "image/jpeg",
                "medium": "image",
                "width": str(rendition.width),
                "height": str(rendition.height),
            }
        return extra

    def item_categories(self, item: ArticlePage) -> list[str]:
        names = [item.category.title] if getattr(item, "category", None) else []
        names += [area.name for area in item.service_areas.all()]
        names += [link.unit.name for link in item.work_unit_links.all()]
        names += [tagged.tag.name for tagged in item.tagged_items.all()]
        return [clean_text(name) for name in dict.fromkeys(names)]

    def item_enclosures(self, item: ArticlePage) -> list[feedgenerator.Enclosure]:
        rendition = self.hero_rendition(item)
        if rendition is None:
            return []
        try:
            length = rendition.file.size
        except OSError:
            return []
        return [
            feedgenerator.Enclosure(item.feed_context.base_url + rendition.url, str(length), "image/jpeg")
        ]

    # -- helpers ------------------------------------------------------------

    def hero_rendition(self, item: ArticlePage):
        if not item.hero_image:
            return None
        if not hasattr(item, "_feed_rendition"):
            item._feed_rendition = rendition_of(item.hero_image, ENCLOSURE_SPEC)
        return item._feed_rendition

    def content_html(self, item: ArticlePage) -> str:
        """The article's full text as plain HTML with absolute URLs."""
        parts = []
        rendition = self.hero_rendition(item)
        if rendition is not None:
            parts.append(
                self.figure(rendition, item.hero_image.alt_text, item.caption, item.hero_image.credit)
            )
        for block in item.body.raw_data:
            parts.append(self.block_html(block["type"], block.get("value"), item.feed_context))
        return absolutize("".join(parts), item.feed_context.base_url)

    def figure(self, rendition, alt: str, caption: str, credit: str) -> str:
        text = caption
        if credit:
            text = f"{caption} " + _("Photo: %(name)s") % {"name": credit}
        return format_html(
            '<figure><img src="{}" width="{}" height="{}" alt="{}">{}</figure>',
            rendition.url,
            rendition.width,
            rendition.height,
            alt,
            format_html("<figcaption>{}</figcaption>", text.strip()) if text.strip() else "",
        )

    def block_html(self, block_type: str, value, context: FeedItemContext) -> str:
        if block_type == "paragraph":
            return expand_db_html(value or "")
        if block_type == "subheading":
            return format_html("<h2>{}</h2>", value)
        if block_type == "quote" and isinstance(value, dict):
            source = ", ".join(filter(None, [value.get("speaker"), value.get("role")]))
            text = mark_safe(escape(value.get("text", "")).replace("\n", "<br>"))  # noqa: S308 - escaped
            return format_html(
                "<blockquote><p>{}</p>{}</blockquote>",
                text,
                format_html("<p>— {}</p>", source) if source else "",
            )
        if block_type == "image" and isinstance(value, dict):
            image = context.images.get(value.get("image"))
            if image is None:
                return ""
            return self.figure(
                rendition_of(image, ENCLOSURE_SPEC),
                value.get("alt") or image.alt_text,
                value.get("caption") or image.caption,
                value.get("credit") or image.credit,
            )
        if block_type == "video" and isinstance(value, dict) and value.get("video"):
            return format_html('<p><a href="{0}">{0}</a></p>', value["video"])
        if block_type == "attachment" and isinstance(value, dict):
            document = context.documents.get(value.get("document"))
            if document is None:
                return ""
            return format_html(
                '<p>{}: <a href="{}">{}</a> ({})</p>',
                _("Attachment"),
                document.url,
                value.get("title") or document.title,
                document.file_extension.upper(),
            )
        if block_type == "table" and isinstance(value, dict):
            rows = [row for row in value.get("data") or [] if row]
            if not rows:
                return ""
            body = format_html_join(
                "",
                "<tr>{}</tr>",
                ((format_html_join("", "<td>{}</td>", ((cell or "",) for cell in row)),) for row in rows),
            )
            return format_html("<table>{}</table>", body)
        return ""


class ArticleAtom(ArticleFeed):
    feed_type = ArticleAtomFeed

    def subtitle(self, scope: FeedScope) -> str:
        return self.description(scope)
