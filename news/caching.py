"""The one cache layer: every key, every lifetime and every invalidation of the public site.

Entries name what they were built from with tags (surrogate keys): "page:12", "category:5",
"term:tag:9", "popular:24h", "home", "news", "sitemaps", "feeds", "settings", "menu", "restrictions",
"all".
The shared "generation" store (a folder here, Redis in production: one for the web workers,
the scheduler and commands) keeps a version per tag; an entry remembers the versions it was
built with and is served only while they are unchanged. A change bumps the tags it touches
(`affected_by_page`, news.signals), after its transaction commits, so a publication in one
category leaves the articles of every other category cached.

A global epoch changes with every bump: while it is the one an entry was stamped with, the
entry is valid without reading its tags, so a hit costs one read of the epoch per request.
Every key also carries the release (settings.WARTA_RELEASE): a deploy starts with an empty cache.

Other modules call only `cached`, `depends_on`, `invalidate`, `affected_by_page`, the
middleware, the template tags in news_tags and the readers' view counters (`first_view`,
`count_view`, `hour_view_counts`, for news.popular); none of them writes a key.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import QueryDict
from django.utils.cache import patch_cache_control
from wagtail.models import Page, PageViewRestriction

from .queries import compiled

# Cached values and responses live at most this long, whatever their tags say.
FRAGMENT_CACHE_SECONDS = 60 * 60
# Search is left out so that every query reaches the search-terms report.
EXCLUDED_PREFIXES = (
    "/admin/",
    "/api/",
    "/documents/",
    "/media/",
    "/static/",
    "/cari/",
    "/pratinjau/",
    "/_util/",  # Wagtail's sign-in and password forms for private pages
    "/healthz",
)
# The query parameters some public view reads; every other one (utm_*, fbclid, ...) is dropped
# from the key and from the request before the view sees it.
READ_PARAMETERS = frozenset({"page", "p", "kategori", "layanan", "satker", "tahun", "bulan"})
EPOCH = "epoch"
# When the content last changed (a bump), for the database router (cms.db_router).
CHANGED_AT = "changed-at"
ALL = "all"
# Given as a tag: the value does not carry "all" (the site settings follow only "settings" and
# the release, so that `invalidate_all` is what a publication anywhere could change).
NOT_ALL = "-all"
# Carried by responses that declared nothing they depend on: every change bumps it.
ANY = "any"


# -- keys -------------------------------------------------------------------


def make_key(key: str, key_prefix: str, version) -> str:
    """KEY_FUNCTION of the default cache: the release first, so a new release finds no key."""
    return f"{settings.WARTA_RELEASE}:{key_prefix}:{version}:{key}"


def digest(*parts) -> str:
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:32]


def value_key(name: str, parts) -> str:
    return f"warta:{name}:{digest(*parts)}"


def response_key(request) -> str:
    return value_key("response", (request.get_host(), request.path, request.META.get("QUERY_STRING", "")))


def tag_key(tag: str) -> str:
    return f"warta:tag:{tag}"


# -- tag versions ------------------------------------------------------------

# The epoch the request being served started with (ResponseCacheMiddleware).
request_epoch: ContextVar[str | None] = ContextVar("warta_request_epoch", default=None)
# The tags of whatever is being built now (a response, a cached value).
collecting: ContextVar[set | None] = ContextVar("warta_collecting", default=None)


def store():
    return caches["generation"]


def read_epoch() -> str:
    return store().get_or_set(EPOCH, lambda: uuid.uuid4().hex, None)


def current_epoch() -> str:
    return request_epoch.get() or read_epoch()


def tag_versions(tags: Iterable[str]) -> dict[str, str]:
    """The current version of each tag; a tag never bumped (or evicted) gets a new one."""
    keys = {tag_key(tag): tag for tag in tags}
    found = store().get_many(list(keys))
    for key in keys.keys() - found.keys():
        store().add(key, uuid.uuid4().hex, None)
    missing = [key for key in keys if key not in found]
    if missing:
        found.update(store().get_many(missing))
    return {tag: found.get(key, "") for key, tag in keys.items()}


def bump(tags: Iterable[str]) -> None:
    """New versions for `tags` now. The epoch changes before and after the tags: a builder that
    read a new tag also sees a new epoch and does not store, a reader that revalidated against
    old tags stamped the entry with an epoch that is already gone."""
    tags = set(tags) | {ANY}
    store().set(CHANGED_AT, time.time(), None)
    store().set(EPOCH, uuid.uuid4().hex, None)
    store().set_many({tag_key(tag): uuid.uuid4().hex for tag in tags}, None)
    epoch = uuid.uuid4().hex
    store().set(EPOCH, epoch, None)
    if request_epoch.get() is not None:  # the rest of this request sees its own change
        request_epoch.set(epoch)
    purge_frontend(tags)


def seconds_since_change() -> float:
    """Seconds since the last bump (infinite when none is known)."""
    changed = store().get(CHANGED_AT)
    return float("inf") if changed is None else time.time() - changed


_pending = threading.local()


def invalidate(*tags: str) -> None:
    """Bump `tags` once the current transaction commits (at once outside a transaction).

    Every call registers a callback that bumps everything pending, so a transaction that
    touches thousands of rows bumps each tag once; tags of a rolled-back savepoint stay pending
    until the next bump (one extra miss, never a stale hit).
    """
    pending = getattr(_pending, "tags", None)
    if pending is None:
        pending = _pending.tags = set()
    pending.update(tags)
    after_commit(flush)


def after_commit(func: Callable[[], None]) -> None:
    # robust: a cache that is down must not turn a committed publication into an error page.
    transaction.on_commit(func, robust=True)


def flush() -> None:
    tags = getattr(_pending, "tags", None)
    if tags:
        _pending.tags = set()
        bump(tags)


def invalidate_all() -> None:
    """Every entry but the site settings (they all carry "all"): for bulk loads and the tests'
    "right after a publication"."""
    invalidate(ALL)


# -- cached values -------------------------------------------------------------


def depends_on(*tags: str) -> None:
    """Record that what is being built (a response, a cached value) depends on `tags`."""
    collector = collecting.get()
    if collector is not None:
        collector.update(tags)


def lookup(key: str):
    """The entry under `key` while its tags are unchanged, else None. Propagates its tags."""
    entry = cache.get(key)
    if entry is None:
        return None
    epoch, versions, value, timeout = entry
    if epoch != current_epoch():
        if tag_versions(versions) != versions:
            return None
        # Still valid: stamp it with this epoch, so the next hit need not read its tags.
        cache.set(key, (current_epoch(), versions, value, timeout), timeout)
    depends_on(*versions)
    return entry


def build(key: str, make: Callable, tags: Iterable[str] = (), timeout: int = FRAGMENT_CACHE_SECONDS):
    """`make()` with the tags it and `tags` depend on, stored unless a bump came in between."""
    epoch = current_epoch()
    outer = collecting.get()
    collector = {*tags} if NOT_ALL in tags else {ALL, *tags}
    token = collecting.set(collector)
    try:
        value = make()
    finally:
        collecting.reset(token)
    if outer is not None:
        outer.update(collector - {NOT_ALL})
    return value, collector, lambda: store_entry(key, epoch, collector, value, timeout)


def store_entry(key: str, epoch: str, tags: set, value, timeout: int) -> None:
    versions = tag_versions(tags - {NOT_ALL})
    if read_epoch() == epoch and timeout:
        cache.set(key, (epoch, versions, value, timeout), timeout)


def cached(name: str, parts, make: Callable, tags: Iterable[str] = (), timeout: int = FRAGMENT_CACHE_SECONDS):
    """`make()`, kept until one of `tags` (or a tag `make` depended on) changes.

    `name` and `parts` identify the value; tags name what it is built from.
    """
    key = value_key(name, parts)
    entry = lookup(key)
    if entry is not None:
        return entry[2]
    value, _tags, save = build(key, make, tags, timeout)
    save()
    return value


def page_tag(pk) -> str:
    return f"page:{pk}"


def popular_tag(period: str) -> str:
    """“Terpopuler” of `period` ("24h", "7d"): bumped when the scheduler's ranking changes."""
    return f"popular:{period}"


def category_tag(pk) -> str:
    return f"category:{pk}"


def term_tag(kind: str, pk) -> str:
    """`kind`: "servicearea", "workunit" or "tag"."""
    return f"term:{kind}:{pk}"


def page_tags(page) -> list[str]:
    """A page and the categories above it (their titles and addresses show on it), from the
    parents that routing and breadcrumbs already loaded."""
    tags = [page_tag(page.pk)]
    parent = page.get_parent() if page.depth > 3 else None
    while parent is not None and parent.depth > 2:
        tags.append(page_tag(parent.pk))
        parent = parent.get_parent() if parent.depth > 3 else None
    return tags


def file_tag(obj) -> str:
    """An image or a document, for the answers that hand out its files (original, renditions)."""
    return f"file:{obj._meta.label_lower}:{obj.pk}"


def file_tags(obj) -> set[str]:
    """What a public file's answer depends on: the file itself, the pages that use it (while one
    of them is live and public the file is; their unpublication may withhold it again) and the
    site settings (the logo is public too). The settings' own SVG logo follows the settings alone."""
    if obj._meta.label_lower == "home.sitesettings":
        return {"settings"}
    return {file_tag(obj), "settings", *(page_tag(pk) for pk in showing_page_ids(obj))}


def reading_tags(article, area_ids, unit_ids, tag_ids) -> list[str]:
    """What "<Kategori> Lainnya" and "Berita Lainnya" read at request time: the listing of the
    article's category and of each of its terms."""
    parent = article.get_parent()
    tags = [category_tag(parent.pk)] if parent is not None else []
    tags += [term_tag("servicearea", pk) for pk in area_ids]
    tags += [term_tag("workunit", pk) for pk in unit_ids]
    tags += [term_tag("tag", pk) for pk in tag_ids]
    return tags


# -- what a change touches ------------------------------------------------------


def ancestor_ids(path: str) -> list[int]:
    """Ids of the categories above the page at `path` (home and root excluded)."""
    steplen = Page.steplen
    prefixes = [path[:length] for length in range(3 * steplen, len(path), steplen)]
    if not prefixes:
        return []
    return list(Page.objects.filter(path__in=prefixes).values_list("pk", flat=True))


def term_tags(article) -> set[str]:
    """The listings of an article's service areas, work units (and the units above) and tags."""
    from news.models import ArticlePage, ArticleTag, ArticleWorkUnit, WorkUnit

    tags = set()
    through = ArticlePage.service_areas.through
    for area_id in through.objects.filter(articlepage_id=article.pk).values_list("servicearea_id", flat=True):
        tags.add(term_tag("servicearea", area_id))
    unit_ids = ArticleWorkUnit.objects.filter(page_id=article.pk).values_list("unit_id", flat=True)
    for tree_path in WorkUnit.objects.filter(pk__in=unit_ids).values_list("tree_path", flat=True):
        tags.update(unit_tags(tree_path))
    for tag_id in ArticleTag.objects.filter(content_object_id=article.pk).values_list("tag_id", flat=True):
        tags.add(term_tag("tag", tag_id))
    return tags


def unit_tags(tree_path: str) -> set[str]:
    """A work unit's listing and those of the units above it (they list its articles too)."""
    return {term_tag("workunit", pk) for pk in tree_path.strip("/").split("/") if pk}


def affected_by_page(page, path: str | None = None) -> set[str]:
    """Every tag a publication, unpublication, move or deletion of `page` changes.

    An article: itself, its category chain's listings, home, /berita/ and the archives, its
    terms' listings, the sitemaps (and with them the feeds of all those). Another page (a
    category, the home page): itself, the menu and the category lists, home and the sitemaps.
    Not the other articles.
    """
    from news.models import ArticlePage

    path = path or page.path
    tags = {page_tag(page.pk), "home", "news", "sitemaps"}
    tags.update(category_tag(pk) for pk in ancestor_ids(path))
    if isinstance(page.specific_deferred, ArticlePage):
        tags.update(term_tags(page))
    else:
        tags.update({"menu", category_tag(page.pk)})
    return tags


def affected_by_pages(page_ids: Iterable[int]) -> set[str]:
    tags = set()
    for page in Page.objects.filter(pk__in=set(page_ids)).specific(defer=True):
        tags |= affected_by_page(page)
    return tags


def referencing_page_ids(obj) -> set[int]:
    """Pages whose content refers to `obj` (an image, a document): Wagtail's reference index."""
    from wagtail.models import ReferenceIndex

    page_type = ReferenceIndex._get_base_content_type(Page)
    references = ReferenceIndex.get_references_to(obj).filter(base_content_type=page_type)
    return {int(object_id) for object_id in references.values_list("object_id", flat=True)}


def showing_page_ids(obj) -> set[int]:
    """Pages that show `obj` (an image, a document): those whose content refers to it, and for
    an image the articles whose main photo it is."""
    from wagtail.images import get_image_model

    from news.models import ArticlePage

    page_ids = referencing_page_ids(obj)
    if isinstance(obj, get_image_model()):
        page_ids |= set(ArticlePage.objects.filter(hero_image=obj).values_list("pk", flat=True))
    return page_ids


def linked_from(page) -> set[str]:
    """What shows a link to `page` from another page's content (a rich-text link, a chooser):
    those pages, and the feeds that carry their text. The link is there only while `page` is
    live and public (news.rich_text), and gives its address."""
    page_ids = referencing_page_ids(page) - {page.pk}
    if not page_ids:
        return set()
    return {page_tag(pk) for pk in page_ids} | {"feeds"}


# -- readers' responses ----------------------------------------------------------


def serves_readers(request) -> bool:
    """A plain read by an anonymous reader outside the admin."""
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith("/admin/")
        and not request.user.is_authenticated
        and not getattr(request, "is_preview", False)
    )


def canonical_query(request) -> str:
    """The query string with only the parameters a page reads, in a fixed order."""
    params = QueryDict(mutable=True)
    for name in sorted(request.GET):
        if name in READ_PARAMETERS:
            params.setlist(name, request.GET.getlist(name))
    return params.urlencode()


def canonical_path(request) -> str:
    """The request's path with only the parameters the page reads (pagination and filters)."""
    query = canonical_query(request)
    return f"{request.path}?{query}" if query else request.path


def canonical_url(request) -> str:
    """The page's own absolute address with only the parameters it reads."""
    return request.build_absolute_uri(canonical_path(request))


class ResponseCacheMiddleware:
    """The one response cache: anonymous readers' public pages, feeds and sitemaps.

    Only plain GET/HEAD requests without a session cookie are cached, and only 200 responses
    that set no cookie, do not vary on it and are not private: password-protected and private
    pages, forms with CSRF tokens and everything editors see are never stored. Each response
    carries its tags in a Surrogate-Key header, for a cache in front (Varnish xkey, a CDN).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_epoch.set(read_epoch())
        try:
            return self.serve(request)
        finally:
            request_epoch.reset(token)

    def serve(self, request):
        seconds = settings.WARTA_PAGE_CACHE_SECONDS
        if not self.cacheable_request(request):
            return self.get_response(request)
        query, original = canonical_query(request), (request.META.get("QUERY_STRING", ""), request.GET)
        if query == original[0]:
            return self.cached_response(request, seconds)
        # The view, its links and its canonical address see only what it reads; the redirects
        # (outside) see the address as it came.
        request.META["QUERY_STRING"], request.GET = query, QueryDict(query)
        try:
            return self.cached_response(request, seconds)
        finally:
            request.META["QUERY_STRING"], request.GET = original

    def cached_response(self, request, seconds: int):
        if not seconds:
            return self.get_response(request)
        key = response_key(request)
        entry = lookup(key)
        if entry is not None:
            response = entry[2]
            response["X-Cache"] = "HIT"
            return response
        path_tag = f"path:{request.path.rstrip('/')}"  # a redirect made for the address
        response, tags, save = build(key, lambda: self.rendered(request), [path_tag], seconds)
        if self.cacheable_response(response):
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, public=True, max_age=settings.WARTA_BROWSER_CACHE_SECONDS)
            response[settings.WARTA_SURROGATE_KEY_HEADER] = " ".join(sorted(tags))
            save()
            response["X-Cache"] = "MISS"
        return response

    def rendered(self, request):
        response = self.get_response(request)
        if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
            response.render()
        if not {tag for tag in collecting.get() if tag != ALL and not tag.startswith("path:")}:
            depends_on(ANY)  # nothing declared: any change may touch it
        return response

    @staticmethod
    def cacheable_request(request) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(EXCLUDED_PREFIXES)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.user.is_authenticated
            and not getattr(request, "is_preview", False)
        )

    @staticmethod
    def cacheable_response(response) -> bool:
        control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.cookies
            and "Cookie" not in response.get("Vary", "")
            and not any(word in control for word in ("private", "no-cache", "no-store"))
            and (not control or "public" in control)
            and not getattr(response, "streaming", False)
        )


# -- private sections ---------------------------------------------------------------


def restricted_paths() -> list[str]:
    """The paths of pages with a view restriction (private sections)."""
    return cached(
        "restricted-paths",
        (),
        # The restricted pages by id: a join from the restrictions made SQLite scan every page
        # (27 ms at 100,000 articles with no restriction at all).
        lambda: sorted(
            compiled(
                "restricted-paths",
                (),
                lambda: Page.objects.filter(pk__in=PageViewRestriction.objects.values("page_id")).values_list(
                    "path", flat=True
                ),
            )
        ),
        tags=["restrictions"],
    )


class PublicPageMixin:
    """Answers Wagtail's view-restriction check from the cached restricted paths, and tags a
    served page with itself and the categories above it.

    Wagtail asks every page served for its and its ancestors' restrictions (two queries); a
    page below no restricted path has none, which the cached list already tells.
    """

    def get_view_restrictions(self):
        if not any(self.path.startswith(path) for path in restricted_paths()):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        depends_on(*page_tags(self))
        return response


# -- readers' view counts ------------------------------------------------------------
#
# news.popular decides what counts; these keys hold it until the flush writes the database.
# In the "views" cache (Redis in production): per hour, a sequence numbers each article the
# first time it is read in that hour (its slot), and a counter per article and hour holds the
# reads. The flush reads the slots and counters of the last few hours and writes the totals,
# so a counter is never reset and a flush that runs twice writes the same numbers.

VIEW_KEYS_SECONDS = 4 * 60 * 60  # the flush reads the current hour and the two before it


def views_store():
    return caches["views"]


def first_view(client: str, article_id: int, window: int) -> bool:
    """Whether `client` has not read `article_id` in the last `window` seconds (and mark it)."""
    return views_store().add(f"views:seen:{client}:{article_id}", 1, window)


def count_view(article_id: int, hour: int) -> None:
    """One more read of `article_id` in the hour starting at `hour` (a POSIX timestamp)."""
    views = views_store()
    counter = f"views:count:{hour}:{article_id}"
    if views.add(counter, 1, VIEW_KEYS_SECONDS):
        # The article's first read in this hour: give it a slot the flush will find.
        sequence = f"views:sequence:{hour}"
        views.add(sequence, 0, VIEW_KEYS_SECONDS)
        views.set(f"views:slot:{hour}:{views.incr(sequence)}", article_id, VIEW_KEYS_SECONDS)
        return
    try:
        views.incr(counter)
    except ValueError:  # expired between the add and the incr
        views.add(counter, 1, VIEW_KEYS_SECONDS)


def hour_view_counts(hour: int) -> dict[int, int]:
    """The reads counted so far in the hour starting at `hour`: {article id: reads}."""
    views = views_store()
    count = views.get(f"views:sequence:{hour}") or 0
    slots = views.get_many([f"views:slot:{hour}:{number}" for number in range(1, count + 1)])
    article_ids = set(slots.values())
    counters = views.get_many([f"views:count:{hour}:{pk}" for pk in article_ids])
    return {pk: counters.get(f"views:count:{hour}:{pk}", 0) for pk in article_ids}


# -- a cache in front ---------------------------------------------------------------


def purge_frontend(tags: Iterable[str]) -> None:
    """Ask each cache in front (WAGTAILFRONTENDCACHE, news.frontend_cache) to drop what carries
    `tags`."""
    from news.frontend_cache import purge_tags

    purge_tags(tags)
