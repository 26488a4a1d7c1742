"""What the stack's edge (nginx, Varnish) relies on from Django: files handed to nginx through
X-Accel-Redirect after the embargo decided, `/healthz` for the probes, the request id and the
JSON log line, and a Redis that is down being a miss rather than a 500."""

import json
import logging
from pathlib import Path
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.cache.backends.redis import RedisCacheClient
from django.db.utils import OperationalError
from django.test import SimpleTestCase, TestCase, override_settings

from news import health
from news.cache_backends import TolerantRedisCache
from news.request_log import JsonFormatter
from tests.news.test_embargo import EmbargoTestData


@override_settings(WARTA_SENDFILE=True, WARTA_SENDFILE_PREFIX="/protected-media/")
class SendfileTests(EmbargoTestData, TestCase):
    def test_a_public_file_is_handed_to_nginx_with_the_decided_headers(self):
        response = self.client.get(self.shared_image.file.url)
        self.assertEqual(response.status_code, 200)
        path = self.shared_image.file.url.split("/media/", 1)[1]
        self.assertEqual(response["X-Accel-Redirect"], f"/protected-media/{path}")
        self.assertEqual(response.content, b"")  # nginx sends the bytes
        self.assertEqual(response["Content-Type"], "image/jpeg")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Content-Security-Policy"], "default-src 'none'")
        self.assertIn("public", response["Cache-Control"])

    def test_a_withheld_file_is_never_handed_over(self):
        rendition = self.release_image.get_rendition("width-480")
        for url in (self.release_image.file.url, rendition.url, self.release_pdf.file.url):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertFalse(response.has_header("X-Accel-Redirect"))

    def test_an_editor_gets_it_private_and_downloads_what_is_not_shown(self):
        self.client.force_login(get_user_model().objects.create_superuser("redaksi", password="x"))
        response = self.client.get(self.release_pdf.file.url)
        self.assertTrue(response["X-Accel-Redirect"].startswith("/protected-media/documents/"))
        self.assertIn("private", response["Cache-Control"])
        self.assertEqual(response["Content-Type"], "application/pdf")

    def test_a_file_missing_on_disk_is_404(self):
        on_disk = Path(self.shared_image.file.path)
        on_disk.rename(on_disk.with_suffix(".away"))
        try:
            self.assertEqual(self.client.get(self.shared_image.file.url).status_code, 404)
        finally:
            on_disk.with_suffix(".away").rename(on_disk)

    @override_settings(WARTA_SENDFILE=False)
    def test_off_django_sends_the_bytes(self):
        response = self.client.get(self.shared_image.file.url)
        self.assertFalse(response.has_header("X-Accel-Redirect"))
        self.assertTrue(b"".join(response.streaming_content))


class HealthTests(TestCase):
    def test_ok_as_json_and_never_cached(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["status"], "ok")
        self.assertEqual(
            {name: check["ok"] for name, check in body["checks"].items()}, {"database": True, "cache": True}
        )
        self.assertIn("no-store", response["Cache-Control"])
        self.assertNotIn("X-Cache", response)

    def test_503_when_the_database_is_down(self):
        with mock.patch.object(health, "connections") as connections:
            connections.__getitem__.return_value.cursor.side_effect = OperationalError("down")
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["checks"]["database"], {"ok": False, "detail": "OperationalError"})

    def test_it_asks_the_database_nothing_but_its_own_check(self):
        # A site lookup before the view would fail first while PostgreSQL is down, and the probe
        # would get the HTML error page instead of the JSON saying what is down.
        with mock.patch("news.middleware.prime_site") as prime_site:
            self.assertEqual(self.client.get("/healthz").status_code, 200)
        prime_site.assert_not_called()

    def test_a_cache_that_is_down_is_reported_but_keeps_the_server_in(self):
        with mock.patch.dict(health.CHECKS, {"cache": lambda: (False, "ConnectionError")}):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.json()["checks"]["cache"]["ok"])


class UnavailablePageTests(SimpleTestCase):
    def test_the_page_for_the_cache_in_front_names_the_servers_in_indonesian(self):
        from cms.errors import unavailable_page

        servers, database = unavailable_page("servers"), unavailable_page()
        self.assertIn("Server situs sedang tidak dapat dihubungi", servers)
        self.assertNotIn("Basis data", servers)
        self.assertIn("Basis data sedang tidak dapat dihubungi", database)
        self.assertIn('<html lang="id">', servers)


class RequestLogTests(TestCase):
    def test_the_request_id_from_nginx_is_echoed_and_logged(self):
        with self.assertLogs("warta.request", "INFO") as logs:
            response = self.client.get("/robots.txt", HTTP_X_REQUEST_ID="0123abcd")
        self.assertEqual(response["X-Request-ID"], "0123abcd")
        [record] = logs.records
        line = json.loads(JsonFormatter().format(record))
        self.assertEqual(
            {key: line[key] for key in ("method", "path", "status")},
            {"method": "GET", "path": "/robots.txt", "status": 200},
        )
        self.assertIsInstance(line["duration_ms"], float)

    def test_a_bad_id_is_replaced(self):
        response = self.client.get("/robots.txt", HTTP_X_REQUEST_ID="a b\r\nSet-Cookie: x")
        self.assertRegex(response["X-Request-ID"], r"^[0-9a-f]{32}$")

    def test_the_probes_are_not_logged_at_info(self):
        logger = logging.getLogger("warta.request")
        with mock.patch.object(logger, "log") as log:
            self.client.get("/healthz")
        self.assertEqual(log.call_args.args[0], logging.DEBUG)


class TolerantRedisTests(SimpleTestCase):
    def test_a_redis_that_is_down_is_a_miss(self):
        # Nothing listens on port 1.
        cache = TolerantRedisCache(
            "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}
        )
        self.assertIsNone(cache.get("x"))
        self.assertEqual(cache.get("x", "fallback"), "fallback")
        self.assertEqual(cache.get_or_set("x", "made"), "made")
        self.assertFalse(cache.add("x", 1))
        cache.set("x", 1)
        self.assertEqual(cache.get_many(["x", "y"]), {})
        self.assertEqual(cache.incr("x"), 1)

    def test_plain_redis_would_raise(self):
        client = RedisCacheClient(["redis://127.0.0.1:1/0"], socket_connect_timeout=0.2)
        with self.assertRaises(client._lib.ConnectionError):
            client.get("x", None)


@override_settings(WARTA_SENDFILE=True, WARTA_SENDFILE_PREFIX="/protected-media/")
class MediaSurrogateKeyTests(EmbargoTestData, TestCase):
    """Varnish keeps public file answers; they must go when the file may be withheld again."""

    def test_a_public_file_names_what_withholds_it_and_unpublishing_purges_that(self):
        from news import caching

        response = self.client.get(self.shared_image.file.url)
        keys = set(response["Surrogate-Key"].split())
        self.assertIn(caching.file_tag(self.shared_image), keys)
        self.assertIn(caching.page_tag(self.live.pk), keys)
        rendition = self.shared_image.get_rendition("width-480")
        self.assertIn(caching.page_tag(self.live.pk), self.client.get(rendition.url)["Surrogate-Key"].split())

        purged = []
        with mock.patch.object(caching, "purge_frontend", side_effect=lambda tags: purged.extend(tags)):
            with self.captureOnCommitCallbacks(execute=True):
                self.live.unpublish()
            with self.captureOnCommitCallbacks(execute=True):
                self.shared_image.title = "Foto umum (baru)"
                self.shared_image.save()
        self.assertIn(caching.page_tag(self.live.pk), purged)
        self.assertIn(caching.file_tag(self.shared_image), purged)

    def test_a_withheld_file_names_no_keys(self):
        self.client.force_login(get_user_model().objects.create_superuser("redaksi", password="x"))
        response = self.client.get(self.release_pdf.file.url)
        self.assertFalse(response.has_header("Surrogate-Key"))


class ReplicaHealthTests(TestCase):
    def test_the_replica_is_reported_when_there_is_one_and_never_makes_the_server_unhealthy(self):
        lagging = {"configured": True, "usable": True, "lag_seconds": 30.0, "error": ""}
        with mock.patch("cms.db_router.replica_status", return_value=lagging):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["checks"]["replica"], {"ok": False, "detail": "lag 30.0"})
        fine = {"configured": True, "usable": True, "lag_seconds": 0.2, "error": ""}
        with mock.patch("cms.db_router.replica_status", return_value=fine):
            self.assertTrue(self.client.get("/healthz").json()["checks"]["replica"]["ok"])


@override_settings(WARTA_SENDFILE=True, WARTA_SENDFILE_PREFIX="/protected-media/")
class DocumentSendfileTests(EmbargoTestData, TestCase):
    """Wagtail's /documents/<id>/<name> view decides, nginx sends the bytes."""

    def publish_release(self):
        from news.models import ArticlePage

        ArticlePage.objects.get(pk=self.release.pk).save_revision().publish()

    def test_a_public_document_is_handed_to_nginx_without_a_length_for_an_empty_body(self):
        self.publish_release()
        response = self.client.get(self.release_pdf.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Accel-Redirect"], f"/protected-media/{self.release_pdf.file.name}")
        self.assertEqual(response.content, b"")
        self.assertNotEqual(response.get("Content-Length"), str(self.release_pdf.file.size))
        self.assertFalse(response.has_header("Content-Encoding"))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("siaran-pers", response["Content-Disposition"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Content-Security-Policy"], "default-src 'none'")

    def test_an_embargoed_document_is_never_handed_over_by_any_address(self):
        pdf = self.release_pdf
        addresses = [
            pdf.url,
            f"/documents/{pdf.pk}/lain.pdf",
            f"/documents/{pdf.pk}/{pdf.filename}.",
            f"/documents/{pdf.pk}/{pdf.filename}/",
            f"/documents/{pdf.pk}//{pdf.filename}",
            pdf.file.url,
            f"/media/documents//{pdf.filename}",
            f"/media/documents/./{pdf.filename}",
            f"/media/images/../documents/{pdf.filename}",
            f"/media/documents/{pdf.filename}.",
        ]
        for address in addresses:
            with self.subTest(address):
                response = self.client.get(address)
                self.assertEqual(response.status_code, 404)
                self.assertFalse(response.has_header("X-Accel-Redirect"))

    def test_an_editor_gets_the_embargoed_document_from_nginx(self):
        self.client.force_login(get_user_model().objects.create_superuser("redaksi", password="x"))
        response = self.client.get(self.release_pdf.url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["X-Accel-Redirect"].startswith("/protected-media/documents/"))

    @override_settings(WARTA_SENDFILE=False)
    def test_off_python_sends_the_bytes(self):
        self.publish_release()
        response = self.client.get(self.release_pdf.url)
        self.assertFalse(response.has_header("X-Accel-Redirect"))
        self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.4\n% test\n")
        self.assertFalse(response.has_header("Content-Encoding"))
