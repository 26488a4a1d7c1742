"""The cache in front of the site (Varnish with xkey, or a CDN) as a `wagtail.contrib.frontend_cache`
backend.

Warta tags every cached response with surrogate keys (news.caching: "page:12", "category:5",
"home", "feeds", ...) in its Surrogate-Key header. When a change bumps tags, news.caching hands
them to `purge_tags`, which asks every configured WAGTAILFRONTENDCACHE backend that knows tags
(`purge_tags` on the backend) to drop what carries them: one HTTP PURGE with an `xkey-purge`
header per cache, as Varnish's xkey module takes it. Wagtail's own per-URL purges (page
published or unpublished, through frontend_cache's signal handlers and PurgeBatch) reach the
same backend through `purge`/`purge_batch`: a PURGE of the address, with the site's Host.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest
from wagtail.contrib.frontend_cache.utils import get_backends

logger = logging.getLogger("news.frontend_cache")

XKEY_HEADER = "xkey-purge"
PURGE_TIMEOUT_SECONDS = 2


class XkeyBackend(HTTPBackend):
    """Varnish with the xkey vmod at LOCATION (e.g. "http://127.0.0.1:6081").

    `purge(url)`: a PURGE of that address (Wagtail's page signals, PurgeBatch).
    `purge_tags(tags)`: one PURGE of "/" with `xkey-purge: <tags>` (news.caching).
    Varnish's VCL must accept PURGE only from the application's addresses.
    """

    def __init__(self, params):
        params = dict(params)
        self.location = params["LOCATION"].rstrip("/")
        self.timeout = params.pop("TIMEOUT", PURGE_TIMEOUT_SECONDS)
        super().__init__(params)

    def purge_tags(self, tags: Iterable[str]) -> None:
        header = " ".join(sorted(set(tags)))
        if not header:
            return
        request = PurgeRequest(
            url=f"{self.location}/", headers={XKEY_HEADER: header, "User-Agent": "Warta-xkey"}
        )
        self.send(request, header)

    def purge(self, url) -> None:
        # Wagtail's HTTPBackend.purge, with a timeout: a cache that does not answer must not
        # hold a publication.
        request = self.url_request(url)
        self.send(request, url)

    def url_request(self, url) -> PurgeRequest:
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        target = urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, parts.query, ""])
        return PurgeRequest(url=target, headers={"Host": host, "User-Agent": "Warta-xkey"})

    def send(self, request, what: str) -> None:
        try:
            urlopen(request, timeout=self.timeout).close()  # noqa: S310 - LOCATION is the operator's
        except HTTPError as error:
            logger.warning("Could not purge %s from %s: HTTP %s", what, self.location, error.code)
        except (URLError, OSError) as error:
            logger.warning("Could not purge %s from %s: %s", what, self.location, error)


def purge_tags(tags: Iterable[str]) -> None:
    """Drop everything tagged with one of `tags` from each cache in front that knows tags."""
    tags = set(tags)
    if not tags:
        return
    for backend in get_backends().values():
        if hasattr(backend, "purge_tags"):
            backend.purge_tags(tags)
