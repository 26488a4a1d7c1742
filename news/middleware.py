"""Requests that no page can answer, refused before they reach a view or the database; the
lifetime of signed-in sessions."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext

from news.sites import prime_site


class RejectNullBytesMiddleware:
    """A NUL byte in the address or the query is never a real reader's request.

    PostgreSQL refuses NUL in text, so such a value reaching a query (a slug, a search, a
    redirect lookup) would be a server error instead of a clear answer: say 400 at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(
                gettext("Invalid address."), content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """Signed-in sessions end WARTA_SESSION_MAX_AGE seconds after sign-in, however busy.

    The idle timeout is Django's own: SESSION_COOKIE_AGE, renewed by every request
    (SESSION_SAVE_EVERY_REQUEST). This adds the ceiling, so a stolen or forgotten session
    cannot be kept alive for ever.
    """

    KEY = "warta_signed_in_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            signed_in = request.session.setdefault(self.KEY, now)
            if now - signed_in > settings.WARTA_SESSION_MAX_AGE:
                logout(request)
        return self.get_response(request)


class SiteMiddleware:
    """The request's site, root paths and home page in one query, before a page view needs
    them (news.sites). Static files, media, the sitemaps (built from cached values) and the
    probes' /healthz (which must answer its JSON while the database is down) do not ask for one."""

    SKIPPED = ("/static/", "/media/", "/sitemap", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not request.path.startswith(self.SKIPPED):
            prime_site(request)
        return self.get_response(request)
