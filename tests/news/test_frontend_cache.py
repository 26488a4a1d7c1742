"""The cache in front (news.frontend_cache.XkeyBackend): tag purges and Wagtail's URL purges reach
a real HTTP server on 127.0.0.1 as Varnish's xkey module expects them."""

from http.server import BaseHTTPRequestHandler

from django.db import transaction
from django.test import SimpleTestCase, TransactionTestCase, override_settings
from wagtail.contrib.frontend_cache.utils import PurgeBatch

from news.caching import invalidate
from news.frontend_cache import XkeyBackend, purge_tags
from tests.utils import LoopbackServer


class FakeVarnish(LoopbackServer):
    """An HTTP server on a free port of 127.0.0.1 that records every request."""

    def __init__(self):
        self.requests = []
        seen = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):  # noqa: N802 - the method name is the HTTP verb
                seen.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(Handler)


def frontend(url):
    return {"varnish": {"BACKEND": "news.frontend_cache.XkeyBackend", "LOCATION": url}}


class XkeyBackendTests(SimpleTestCase):
    def test_tags_go_in_one_xkey_purge(self):
        with FakeVarnish() as varnish, override_settings(WAGTAILFRONTENDCACHE=frontend(varnish.url)):
            purge_tags({"page:7", "home", "category:3"})
        [(method, path, headers)] = varnish.requests
        self.assertEqual(method, "PURGE")
        self.assertEqual(path, "/")
        self.assertEqual(headers["xkey-purge"], "category:3 home page:7")

    def test_a_url_is_purged_at_its_address_with_its_host(self):
        with FakeVarnish() as varnish:
            XkeyBackend({"LOCATION": varnish.url}).purge("https://warta.example/berita/satu/?page=2")
        [(method, path, headers)] = varnish.requests
        self.assertEqual((method, path), ("PURGE", "/berita/satu/?page=2"))
        self.assertEqual(headers["host"], "warta.example")
        self.assertNotIn("xkey-purge", headers)

    def test_a_cache_that_is_down_is_logged_not_raised(self):
        with FakeVarnish() as varnish:
            url = varnish.url
        with self.assertLogs("news.frontend_cache", "WARNING"):
            XkeyBackend({"LOCATION": url, "TIMEOUT": 0.5}).purge_tags({"home"})

    def test_backends_that_know_no_tags_are_skipped(self):
        plain = "wagtail.contrib.frontend_cache.backends.HTTPBackend"
        settings = {"plain": {"BACKEND": plain, "LOCATION": "x"}}
        with override_settings(WAGTAILFRONTENDCACHE=settings):
            purge_tags({"home"})  # HTTPBackend would need a URL: not called at all


class PurgeRouteTests(TransactionTestCase):
    serialized_rollback = True  # the page tree and site that migrations made

    def test_invalidate_purges_its_tags_after_commit(self):
        with (
            FakeVarnish() as varnish,
            override_settings(WAGTAILFRONTENDCACHE=frontend(varnish.url)),
            transaction.atomic(),
        ):
            invalidate("page:12", "feeds")
            self.assertEqual(varnish.requests, [])  # nothing before the commit
        [(_method, _path, headers)] = varnish.requests
        self.assertEqual(set(headers["xkey-purge"].split()), {"page:12", "feeds", "any"})

    def test_wagtails_purge_batch_reaches_the_same_backend(self):
        with FakeVarnish() as varnish:
            batch = PurgeBatch()
            batch.add_urls(["http://localhost/berita/", "http://localhost/"])
            batch.purge(backend_settings=frontend(varnish.url))
        self.assertEqual(sorted(path for _m, path, _h in varnish.requests), ["/", "/berita/"])
        self.assertTrue(all(method == "PURGE" for method, _p, _h in varnish.requests))
