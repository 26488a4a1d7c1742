"""A content generation that every cached public fragment and page depends on.

Publishing, unpublishing, moving or deleting a page, or changing a vocabulary or the site
settings, starts a new generation (see news.signals); cache keys carry the generation, so
nothing cached before the change is served after it.
"""

import hashlib
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache, caches
from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port
from django.utils.cache import patch_cache_control
from wagtail.models import Page, PageViewRestriction, Site

GENERATION_KEY = "warta:generation"
# Fragments keyed by the content generation live at most this long.
FRAGMENT_CACHE_SECONDS = 60 * 60
# Search is left out so that every query reaches the search-terms report.
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/media/", "/static/", "/cari/", "/pratinjau/")


# The generation a request is being served with (ContentGenerationMiddleware).
request_generation: ContextVar[str | None] = ContextVar("warta_request_generation", default=None)


def shared_version(key: str) -> str:
    """A version token from the store that every process of the site shares.

    The web workers, the scheduler and management commands each have their own memory cache,
    so what tells them that content changed lives in the "generation" cache: a file on this
    machine by default, Redis in production (cms.settings). A page published by the scheduler
    changes what every worker serves at once.
    """
    return caches["generation"].get_or_set(key, lambda: uuid.uuid4().hex, None)


def new_shared_version(key: str) -> str:
    version = uuid.uuid4().hex
    caches["generation"].set(key, version, None)
    return version


def read_generation() -> str:
    """The current content generation, as every process of the site sees it."""
    return shared_version(GENERATION_KEY)


def content_generation() -> str:
    """The generation of the request being served (read once per request), else the current."""
    return request_generation.get() or read_generation()


def new_content_generation(**kwargs) -> None:
    generation = new_shared_version(GENERATION_KEY)
    if request_generation.get() is not None:  # the rest of this request sees its own change
        request_generation.set(generation)


class ContentGenerationMiddleware:
    """Read the content generation once per request: every fragment of a page then comes from
    the same generation, and the shared store is asked once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_generation.set(read_generation())
        try:
            return self.get_response(request)
        finally:
            request_generation.reset(token)


def restricted_paths() -> list[str]:
    """The paths of pages with a view restriction (private sections), cached until the content
    changes (saving or deleting a restriction starts a new generation, see news.signals)."""
    return cache.get_or_set(
        f"warta:restricted-paths:{content_generation()}",
        # The restricted pages by id: a join from the restrictions made SQLite scan every page
        # (27 ms at 100,000 articles with no restriction at all).
        lambda: sorted(
            Page.objects.filter(pk__in=PageViewRestriction.objects.values("page_id")).values_list(
                "path", flat=True
            )
        ),
        FRAGMENT_CACHE_SECONDS,
    )


class PublicPageMixin:
    """Answers Wagtail's view-restriction check from the cached restricted paths.

    Wagtail asks every page served for its and its ancestors' restrictions (two queries); a
    page below no restricted path has none, which the cached list already tells.
    """

    def get_view_restrictions(self):
        if not any(self.path.startswith(path) for path in restricted_paths()):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def serves_readers(request) -> bool:
    """A plain read by an anonymous reader outside the admin."""
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith("/admin/")
        and not request.user.is_authenticated
        and not getattr(request, "is_preview", False)
    )


def cached_site(request, find: bool = True) -> Site | None:
    """The request's Wagtail site with its specific home page, cached until the content changes
    (saving or deleting a site, or publishing the home page, starts a new generation).

    With `find` false a site not yet cached is not looked up here (None).
    """
    try:
        hostname = split_domain_port(request.get_host())[0]
    except DisallowedHost:
        return None
    key = f"warta:site:{content_generation()}:{hostname}:{request.get_port()}"
    site = cache.get(key)
    if site is None and find:
        site = Site.find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
            cache.set(key, site, FRAGMENT_CACHE_SECONDS)
    return site


class CachedSiteMiddleware:
    """Hand Wagtail each reader's site and home page from the cache.

    For every page it serves Wagtail looks up the site (one query) and the home page's
    specific object (another). `Site.find_for_request` answers from `request._wagtail_site`
    when it is set, which is what this middleware does for readers. Pages fill the cache;
    other views (feeds, sitemaps, tags) use it when it is there and otherwise leave the
    lookup to Wagtail, which then costs them no home page query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve

        if serves_readers(request):
            site = cached_site(request, find=view_func is serve)
            if site is not None:
                request._wagtail_site = site


def cached_route(root, request, path_components, route):
    """`route(request, path_components)` below `root`, the page found kept until the content
    changes, so that a reader's next request for the same address makes no routing queries.

    Only readers' plain requests use it, and only routes to a page itself (no arguments for a
    routable page). The page is still asked to route itself, which refuses it if not live.
    """
    if not path_components or not serves_readers(request):
        return route(request, path_components)
    path = hashlib.sha256("/".join(path_components).encode()).hexdigest()
    key = f"warta:route:{content_generation()}:{root.pk}:{path}"
    page = cache.get(key)
    if page is not None:
        return page.route(request, [])
    result = route(request, path_components)
    page, args, kwargs = result
    if not args and not kwargs:
        cache.set(key, page, FRAGMENT_CACHE_SECONDS)
    return result


class AnonymousPageCacheMiddleware:
    """Serve anonymous readers' public pages from the cache until the content changes.

    Only plain GET/HEAD requests without a session cookie are cached, and only 200 responses
    that set no cookie and do not vary on it: password-protected and private pages, forms
    with CSRF tokens and everything editors see are never stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.WARTA_PAGE_CACHE_SECONDS
        if not seconds or not self.cacheable_request(request):
            return self.get_response(request)
        key = f"warta:page:{content_generation()}:{request.get_host()}:{request.get_full_path()}"
        response = cache.get(key)
        if response is not None:
            response["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        if self.cacheable_response(response):
            patch_cache_control(response, public=True, max_age=settings.WARTA_BROWSER_CACHE_SECONDS)
            if hasattr(response, "render") and callable(response.render):
                response.add_post_render_callback(lambda r: cache.set(key, r, seconds))
            else:
                cache.set(key, response, seconds)
            response["X-Cache"] = "MISS"
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
        return (
            response.status_code == 200
            and not response.cookies
            and "Cookie" not in response.get("Vary", "")
            and not response.has_header("Cache-Control")
            and not getattr(response, "streaming", False)
        )
