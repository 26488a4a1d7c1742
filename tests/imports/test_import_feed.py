import io
import tempfile
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from wagtail.images import get_image_model

from imports.models import ImportRecord
from news.models import ArticlePage, WorkUnit
from tests.utils import LoopbackServer, make_category

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RSS = FIXTURES / "regional.rss"
ATOM = FIXTURES / "regional.atom"
PHOTO = Path(__file__).resolve().parents[2] / "docs" / "examples" / "images" / "kantor-kemenag.jpg"
CLOSED_PORT = "http://127.0.0.1:9"  # nothing listens there: connections are refused at once


def run_feed(location, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_feed", str(location), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class LocalServer(LoopbackServer):
    """A web server on 127.0.0.1 that serves fixed answers by path (and can be slow)."""

    def __init__(self, routes: dict[str, tuple[int, str, bytes]], delay: float = 0, on_request=None):
        class Handler(BaseHTTPRequestHandler):
            def do_GET(handler):  # noqa: N802 - the stdlib's name
                if on_request:
                    on_request(handler.path)
                if delay:
                    time.sleep(delay)
                status, content_type, body = routes.get(handler.path, (404, "text/plain", b"tidak ada"))
                handler.send_response(status)
                if 300 <= status < 400:  # a redirect: the second item is where to
                    handler.send_header("Location", content_type)
                handler.send_header("Content-Type", content_type)
                handler.send_header("Content-Length", str(len(body)))
                handler.end_headers()
                handler.wfile.write(body)

            def log_message(handler, *args):
                pass

        super().__init__(Handler)
        self.base = self.url


class FeedImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        daerah = make_category("Daerah", "daerah")
        cls.jatim = make_category("Jawa Timur", "jawa-timur", parent=daerah)

    def drafts(self):
        return ArticlePage.objects.child_of(self.jatim).order_by("pk")

    def test_rss_file_becomes_drafts_once(self):
        out, err = run_feed(RSS, "--category", "daerah/jawa-timur", "--work-unit", "kanwil-jawa-timur")
        self.assertIn("3 new drafts, 0 already imported, 0 failed", out)
        # The file names jatim.kemenag.example as its site: images elsewhere are not fetched.
        self.assertIn("image left out: http://127.0.0.1:9/foto/petugas.jpg is not on the feed's host", err)
        drafts = list(self.drafts())
        self.assertEqual(
            [page.title for page in drafts],
            [
                "Kanwil Jatim Latih Petugas Haji Kloter Pertama",
                "Penyuluh Agama Malang Kunjungi Desa Terpencil",
                "Madrasah Jember Raih Juara Kompetisi Sains",
            ],
        )
        first = drafts[0]
        self.assertFalse(first.live)
        self.assertIsNone(first.hero_image, "an image that cannot be fetched is left out")
        self.assertEqual(
            first.lead, "Sebanyak 120 petugas haji kloter pertama mengikuti pelatihan di Surabaya."
        )
        self.assertEqual(first.published_at.isoformat(), "2023-06-05T02:30:00+00:00")
        self.assertEqual(first.originating_unit, WorkUnit.objects.get(slug="kanwil-jawa-timur"))
        self.assertEqual(first.latest_revision.as_object().title, first.title)
        body = "".join(str(block.value.source) for block in first.body if block.block_type == "paragraph")
        self.assertIn("<b>pelayanan lansia</b>", body)
        self.assertNotIn("script", body)
        self.assertNotIn("javascript", body)
        self.assertTrue(first.body[-1].value.source.startswith("<p>Sebanyak 120 petugas"))
        last_paragraph = first.body[-1].value.source.split("</p>")[-2] + "</p>"
        self.assertEqual(
            last_paragraph,
            '<p>Sumber: <a href="https://jatim.kemenag.example/berita/latih-petugas-haji">'
            "Kanwil Kemenag Jawa Timur</a></p>",
        )
        records = ImportRecord.objects.filter(source="feed:jatim.kemenag.example")
        self.assertEqual(
            sorted(records.values_list("source_id", flat=True)),
            [
                "https://jatim.kemenag.example/berita/penyuluh-desa-terpencil",
                "jatim-berita-501",
                "jatim-berita-503",
            ],
        )

        out, err = run_feed(RSS, "--category", "daerah/jawa-timur")
        self.assertIn("0 new drafts, 3 already imported", out)
        self.assertEqual([page.pk for page in self.drafts()], [page.pk for page in drafts])

    def test_atom_file_becomes_drafts_once(self):
        out, _err = run_feed(ATOM, "--category", "daerah/jawa-timur")
        self.assertIn("2 new drafts", out)
        first, second = self.drafts()
        self.assertEqual(first.title, "KUA Surabaya Buka Layanan Nikah Hari Sabtu")
        self.assertEqual([block.block_type for block in first.body], ["paragraph", "subheading", "paragraph"])
        self.assertEqual(first.body[1].value, "Syarat pendaftaran")
        self.assertIn(
            'Sumber: <a href="https://surabaya.kemenag.example/berita/kua-sabtu">', str(first.body[2].value)
        )
        self.assertEqual(
            second.published_at.isoformat(), "2023-06-09T03:30:00+00:00", "updated when not published"
        )
        self.assertEqual(
            second.lead, "Siswa dari sepuluh madrasah menanam seribu bibit pohon di bantaran sungai."
        )

        out, _err = run_feed(ATOM, "--category", "daerah/jawa-timur")
        self.assertIn("0 new drafts, 2 already imported", out)
        self.assertEqual(self.drafts().count(), 2)

    def test_drafts_are_not_public(self):
        run_feed(RSS, "--category", "daerah/jawa-timur")
        page = self.drafts().first()
        self.assertEqual(self.client.get(f"/daerah/jawa-timur/{page.slug}/").status_code, 404)
        self.assertNotContains(self.client.get("/daerah/jawa-timur/"), page.title)
        self.assertEqual(list(self.client.get("/cari/", {"q": "Kloter"}).context["results"]), [])

    def test_feed_and_image_by_url(self):
        feed = RSS.read_bytes().replace(b"http://127.0.0.1:9/foto/petugas.jpg", b"FOTO")
        routes = {"/foto/petugas.jpg": (200, "image/jpeg", PHOTO.read_bytes())}
        with LocalServer(routes) as server:
            routes["/feed.xml"] = (
                200,
                "application/rss+xml",
                feed.replace(b"FOTO", f"{server.base}/foto/petugas.jpg".encode()),
            )
            out, err = run_feed(f"{server.base}/feed.xml", "--category", "daerah/jawa-timur")
        self.assertIn("3 new drafts", out)
        first = self.drafts().first()
        self.assertIsNotNone(first.hero_image)
        self.assertEqual(first.hero_image.alt_text, first.title)
        self.assertEqual(first.hero_image.credit, "Kanwil Kemenag Jawa Timur")
        self.assertEqual(ImportRecord.objects.filter(source="feed:jatim.kemenag.example").count(), 3)

    def test_images_come_only_from_the_feeds_host_or_the_allowed_hosts(self):
        hits = []
        routes = {"/foto/petugas.jpg": (200, "image/jpeg", PHOTO.read_bytes())}
        with LocalServer(routes, on_request=hits.append) as other:
            feed = RSS.read_bytes().replace(
                b"http://127.0.0.1:9", other.base.replace("127.0.0.1", "localhost").encode()
            )
            path = Path(self.enterContext(tempfile.TemporaryDirectory())) / "feed.rss"
            path.write_bytes(feed)
            out, err = run_feed(path, "--category", "daerah/jawa-timur")
            self.assertIn("3 new drafts", out)
            self.assertIn("is not on the feed's host or the allowed image hosts", err)
            self.assertEqual(hits, [])
            self.assertIsNone(self.drafts().first().hero_image)
            ArticlePage.objects.all().delete()
            ImportRecord.objects.all().delete()
            host = other.base.split("//")[1].replace("127.0.0.1", "localhost")
            out, err = run_feed(path, "--category", "daerah/jawa-timur", "--image-host", host)
        self.assertIn("/foto/petugas.jpg", hits)
        self.assertIsNotNone(self.drafts().first().hero_image)

    def test_a_redirect_to_another_host_is_not_followed(self):
        hits = []
        with LocalServer({}, on_request=hits.append) as inside:
            target = inside.base.replace("127.0.0.1", "localhost") + "/rahasia.jpg"
            routes = {"/foto/petugas.jpg": (302, target, b"")}
            with LocalServer(routes) as server:
                feed = RSS.read_bytes().replace(b"http://127.0.0.1:9", server.base.encode())
                routes["/feed.xml"] = (200, "application/rss+xml", feed)
                out, err = run_feed(f"{server.base}/feed.xml", "--category", "daerah/jawa-timur")
        self.assertIn("3 new drafts", out)
        self.assertIn("which is not an allowed host", err)
        self.assertEqual(hits, [])


class FeedFailureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        daerah = make_category("Daerah", "daerah")
        make_category("Jawa Timur", "jawa-timur", parent=daerah)

    def assertNothingImported(self, location, message, *args):
        images = get_image_model().objects.count()
        with self.assertRaisesMessage(CommandError, message) as raised:
            run_feed(location, "--category", "daerah/jawa-timur", *args)
        self.assertIn("Nothing was imported.", str(raised.exception))
        self.assertEqual(ArticlePage.objects.count(), 0)
        self.assertEqual(ImportRecord.objects.count(), 0)
        self.assertEqual(get_image_model().objects.count(), images)

    def test_malformed_feed(self):
        self.assertNothingImported(FIXTURES / "malformed.xml", "is not a valid RSS or Atom feed")

    def test_a_web_page_is_not_a_feed(self):
        self.assertNothingImported(FIXTURES / "not-a-feed.html", "is not a valid RSS or Atom feed")

    def test_missing_file(self):
        self.assertNothingImported(FIXTURES / "tidak-ada.xml", "cannot read")

    def test_unreachable_url(self):
        self.assertNothingImported(f"{CLOSED_PORT}/feed.xml", "cannot reach http://127.0.0.1:9/feed.xml")

    def test_http_error(self):
        with LocalServer({}) as server:
            self.assertNothingImported(f"{server.base}/feed.xml", "answered HTTP 404")

    def test_timeout(self):
        with LocalServer({"/feed.xml": (200, "application/rss+xml", RSS.read_bytes())}, delay=2) as server:
            self.assertNothingImported(
                f"{server.base}/feed.xml", "did not answer within 0.5 s", "--timeout", "0.5"
            )

    def test_unknown_category_or_work_unit(self):
        with self.assertRaisesMessage(CommandError, "Unknown category 'daerah/atlantis'"):
            run_feed(RSS, "--category", "daerah/atlantis")
        with self.assertRaisesMessage(CommandError, "Unknown work unit 'satker-fiktif'"):
            run_feed(RSS, "--category", "daerah/jawa-timur", "--work-unit", "satker-fiktif")
        self.assertEqual(ArticlePage.objects.count(), 0)
