"""A content generation that every cached public fragment and page depends on.

Publishing, unpublishing, moving or deleting a page, or changing a vocabulary or the site
settings, starts a new generation (see news.signals); cache keys carry the generation, so
nothing cached before the change is served after it.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control
from wagtail.models import PageViewRestriction

GENERATION_KEY = "warta:generation"
# Fragments keyed by the content generation live at most this long.
FRAGMENT_CACHE_SECONDS = 60 * 60
# Search is left out so that every query reaches the search-terms report.
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/media/", "/static/", "/cari/", "/pratinjau/")


def content_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def new_content_generation(**kwargs) -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def restricted_paths() -> list[str]:
    """The paths of pages with a view restriction (private sections), cached until the content
    changes (saving or deleting a restriction starts a new generation, see news.signals)."""
    key = f"warta:restricted-paths:{content_generation()}"
    paths = cache.get(key)
    if paths is None:
        paths = sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))
        cache.set(key, paths, FRAGMENT_CACHE_SECONDS)
    return paths


class PublicPageMixin:
    """Answers Wagtail's view-restriction check from the cached restricted paths.

    Wagtail asks every page served for its and its ancestors' restrictions (two queries); a
    page below no restricted path has none, which the cached list already tells.
    """

    def get_view_restrictions(self):
        if not any(self.path.startswith(path) for path in restricted_paths()):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


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
