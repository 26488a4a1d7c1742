"""Regional news feeds (RSS 2.0 or Atom) into draft articles for the newsroom to review.

A feed is fetched and parsed completely before anything is written, so a network error,
a timeout or a malformed feed changes nothing. Items are recognised by their guid (Atom:
id), or their link when they have none; a re-run adds only items not seen before.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
from django.conf import settings
from django.db import DataError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from news.models import ArticlePage, ArticleWorkUnit, WorkUnit

from .importing import ArticleWriter, ItemResult, LineError, Photo, check_image
from .models import ImportRecord
from .richtext import html_to_blocks, paragraphs_to_blocks, source_paragraph, text_of, truncate

FETCH_TIMEOUT = 15
MAX_FEED_BYTES = 10 * 1024 * 1024
USER_AGENT = "Warta/1.0 (news feed import)"
LEAD_LENGTH = 300
TITLE_LENGTH = 255


class FeedError(Exception):
    """The feed cannot be read at all; nothing was changed."""


@dataclass
class FeedSummary:
    created: int = 0
    skipped: int = 0
    failed: int = 0
    warnings: int = 0


def is_url(location: str) -> bool:
    return urlsplit(location).scheme in ("http", "https")


def host_of(url: str) -> str:
    """ "host[:port]" of an address, lower case, without any user name."""
    return urlsplit(url).netloc.rpartition("@")[2].lower()


class AllowedHostsRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows redirects only to the hosts a fetch may reach."""

    def __init__(self, hosts: set[str] | None):
        self.hosts = hosts

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if self.hosts is not None and (not is_url(newurl) or host_of(newurl) not in self.hosts):
            raise FeedError(f"{req.full_url} redirects to {newurl}, which is not an allowed host")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(
    url: str,
    *,
    timeout: float = FETCH_TIMEOUT,
    limit: int = MAX_FEED_BYTES,
    accept: str = "*/*",
    hosts: set[str] | None = None,
) -> bytes:
    """The body at an http(s) URL; FeedError with a readable reason otherwise.

    With `hosts`, the URL and every redirect must stay on those hosts ("host[:port]"): an
    outside feed cannot make the server request addresses of its choosing.
    """
    if not is_url(url):
        raise FeedError(f"{url} is not an http(s) address")
    if hosts is not None and host_of(url) not in hosts:
        raise FeedError(f"{url} is not on the feed's host or the allowed image hosts")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})  # noqa: S310
    opener = urllib.request.build_opener(AllowedHostsRedirectHandler(hosts))
    try:
        with opener.open(request, timeout=timeout) as response:
            data = response.read(limit + 1)
    except urllib.error.HTTPError as error:
        raise FeedError(f"{url} answered HTTP {error.code} {error.reason}") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FeedError(f"{url} did not answer within {timeout:g} s") from error
        raise FeedError(f"cannot reach {url}: {error.reason}") from error
    except TimeoutError as error:
        raise FeedError(f"{url} did not answer within {timeout:g} s") from error
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise FeedError(f"cannot read {url}: {error}") from error
    if len(data) > limit:
        raise FeedError(f"{url} is larger than {limit // (1024 * 1024)} MB")
    return data


def parse(data: bytes, name: str) -> feedparser.FeedParserDict:
    """A parsed RSS or Atom feed; FeedError when `data` is not one."""
    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = parsed.get("bozo_exception") or "no RSS or Atom elements found"
        raise FeedError(f"{name} is not a valid RSS or Atom feed ({reason})")
    return parsed


class FeedImporter:
    def __init__(
        self,
        location: str,
        *,
        category: str,
        work_unit: str | None = None,
        timeout: float = FETCH_TIMEOUT,
        image_hosts: tuple[str, ...] = (),
    ):
        self.location = location
        self.category_path = category
        self.work_unit_slug = work_unit
        self.timeout = timeout
        self.extra_image_hosts = {host.lower() for host in (*image_hosts, *settings.WARTA_FEED_IMAGE_HOSTS)}

    def prepare(self) -> None:
        """Everything that can go wrong before writing: category, unit, fetching, parsing."""
        self.writer = ArticleWriter()
        try:
            self.category = self.writer.category(self.category_path)
        except LineError as error:
            raise FeedError(str(error).capitalize()) from error
        self.unit = None
        if self.work_unit_slug:
            self.unit = WorkUnit.objects.filter(slug=self.work_unit_slug).first()
            if self.unit is None:
                raise FeedError(f"Unknown work unit {self.work_unit_slug!r}")
        if is_url(self.location):
            data = fetch(
                self.location,
                timeout=self.timeout,
                accept="application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
            )
        else:
            path = Path(self.location)
            try:
                data = path.read_bytes()
            except OSError as error:
                raise FeedError(f"cannot read {self.location}: {error.strerror or error}") from error
        self.feed = parse(data, self.location)
        site_link = self.feed.feed.get("link", "")
        host = urlsplit(site_link).netloc or urlsplit(self.location).netloc
        self.source = f"feed:{host}" if host else f"feed:{Path(self.location).name}"
        self.label = text_of(self.feed.feed.get("title", "")) or host
        # Images come from the feed's own host (where it was fetched, and the site it names)
        # or from the hosts allowed by --image-host and WARTA_FEED_IMAGE_HOSTS.
        own = {host_of(self.location) if is_url(self.location) else "", host_of(site_link)}
        self.image_hosts = (own | self.extra_image_hosts) - {""}

    @property
    def problem(self) -> str:
        """What the parser complained about in a feed it could still read, if anything."""
        if self.feed.bozo:
            return str(self.feed.get("bozo_exception", "")) or "the feed is not well-formed"
        return ""

    def run(self, report=lambda result: None) -> FeedSummary:
        summary = FeedSummary()
        for number, entry in enumerate(self.feed.entries, start=1):
            result = self.import_entry(number, entry)
            if result.action == "created":
                summary.created += 1
            elif result.action == "skipped":
                summary.skipped += 1
            else:
                summary.failed += 1
            summary.warnings += len(result.warnings)
            report(result)
        return summary

    def import_entry(self, number: int, entry) -> ItemResult:
        result = ItemResult(number=number)
        try:
            link = entry.get("link", "").strip()
            key = (entry.get("id") or link).strip()
            if not key:
                raise LineError("item has neither a guid nor a link")
            result.source_id = key
            seen = Q(source_id=key[:500]) | (Q(source_url=link[:1000]) if link else Q(pk__in=[]))
            if ImportRecord.objects.filter(seen, source=self.source).exists():
                result.action = "skipped"
                return result
            title = truncate(text_of(entry.get("title", "")), TITLE_LENGTH)
            if not title:
                raise LineError("item has no title")
            photo = self.photo(entry, title, result)
            with transaction.atomic():
                self.write(entry, key, link, title, photo, result)
        except (DataError, IntegrityError) as error:
            self.writer.item_failed()
            result.action, result.reason, result.page = "failed", f"the database refused it ({error})", None
            return result
        except LineError as error:
            self.writer.item_failed()
            result.action, result.reason, result.page = "failed", str(error), None
            return result
        self.writer.item_succeeded()
        return result

    def write(self, entry, key: str, link: str, title: str, photo: Photo | None, result: ItemResult) -> None:
        summary_html = entry.get("summary", "")
        contents = entry.get("content") or []
        content = (
            contents[0]
            if contents
            else {"value": summary_html, "type": entry.get("summary_detail", {}).get("type")}
        )
        if content.get("type") == "text/plain":
            body = paragraphs_to_blocks(content.get("value", "").split("\n\n"))
        else:
            body = html_to_blocks(content.get("value", ""))
        if link:
            # The source is the closing paragraph of the body's last text.
            kind, html = source_paragraph(link, self.label)
            if body and body[-1][0] == "paragraph":
                body[-1] = (kind, body[-1][1] + html)
            else:
                body.append((kind, html))
        lead = truncate(text_of(summary_html) or text_of(content.get("value", "")), LEAD_LENGTH) or title
        if not body:
            body = paragraphs_to_blocks([lead])

        page = ArticlePage(title=title, lead=lead, published_at=self.date(entry, result), body=body)
        if photo is not None:
            page.hero_image = self.writer.image(photo)
        if self.unit is not None:
            page.work_unit_links = [ArticleWorkUnit(unit=self.unit, sort_order=0)]
        self.writer.save(page, self.category, publish=False)
        ImportRecord.objects.create(
            source=self.source, source_id=key[:500], page=page, source_url=link[:1000]
        )
        result.action, result.page = "created", page

    @staticmethod
    def date(entry, result: ItemResult) -> datetime:
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if parsed:
            return datetime(*parsed[:6], tzinfo=UTC)
        result.warnings.append("item has no date; the time of import is used")
        return timezone.now()

    def photo(self, entry, title: str, result: ItemResult) -> Photo | None:
        """The item's image (media:content, an image enclosure or media:thumbnail), downloaded.

        An image that cannot be fetched or read is a warning: the article comes without it.
        """
        url = image_url(entry)
        if not url:
            return None
        base = (
            entry.get("link")
            or self.feed.feed.get("link")
            or (self.location if is_url(self.location) else "")
        )
        url = urljoin(base, url)
        limit = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", MAX_FEED_BYTES)
        try:
            data = fetch(url, timeout=self.timeout, limit=limit, accept="image/*", hosts=self.image_hosts)
            name = Path(urlsplit(url).path).name or "foto"
            check_image(data, name)
        except (FeedError, LineError) as error:
            result.warnings.append(f"image left out: {error}")
            return None
        description = text_of(entry.get("media_description", "") or "")
        credit = entry.get("media_credit") or []
        credit_name = credit[0].get("content", "") if credit and isinstance(credit, list) else ""
        return Photo(
            data=data,
            name=name,
            alt=description or title,
            caption=description,
            credit=credit_name or self.label,
        )


def image_url(entry) -> str:
    for media in entry.get("media_content") or []:
        kind = media.get("medium") or media.get("type", "").split("/")[0]
        if media.get("url") and kind in ("image", ""):
            return media["url"]
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and link.get("type", "").startswith("image/") and link.get("href"):
            return link["href"]
    for thumbnail in entry.get("media_thumbnail") or []:
        if thumbnail.get("url"):
            return thumbnail["url"]
    return ""
