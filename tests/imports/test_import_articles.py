import io
import json
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.core.management.base import CommandError, OutputWrapper
from django.test import SimpleTestCase, TestCase
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex, Revision
from wagtail.search.backends import get_search_backend

from imports.models import ARCHIVE_SOURCE, ImportRecord
from imports.progress import Progress
from news.models import ArticlePage, Person
from tests.utils import make_category

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
EXAMPLE = EXAMPLES / "archive.jsonl"
JAKARTA = ZoneInfo("Asia/Jakarta")


def run_import(path, *args) -> tuple[str, str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def article(source_id: str) -> ArticlePage:
    return ImportRecord.objects.get(source=ARCHIVE_SOURCE, source_id=source_id).page


def make_tree():
    nasional = make_category("Nasional", "nasional")
    daerah = make_category("Daerah", "daerah")
    make_category("Jawa Timur", "jawa-timur", parent=daerah)
    return nasional


class ArchiveFolderMixin:
    """A scratch folder with the example's images, for archives written by a test."""

    def setUp(self):
        super().setUp()
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        shutil.copytree(EXAMPLES / "images", self.folder / "images")

    def write(self, *lines, name="arsip.jsonl") -> Path:
        path = self.folder / name
        path.write_text(
            "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n",
            encoding="utf-8",
        )
        return path


def good_line(source_id: str, title: str, **fields) -> dict:
    return {
        "id": source_id,
        "category": "nasional",
        "title": title,
        "lead": f"Teras {title}.",
        "published_at": "2022-05-10T09:00:00+07:00",
        "body": [f"Isi {title}."],
        **fields,
    }


class ImportExampleArchiveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_tree()
        cls.out, cls.err, cls.error = run_import(EXAMPLE)

    def test_imports_every_line_published_with_the_original_date(self):
        self.assertIsNone(self.error, self.err)
        self.assertIn("4 created, 0 updated, 0 failed", self.out)
        self.assertEqual(ArticlePage.objects.count(), 4)
        first = article("legacy-1001")
        self.assertTrue(first.live)
        self.assertEqual(first.get_parent().slug, "nasional")
        expected = datetime(2021, 9, 22, 10, 0, tzinfo=JAKARTA)
        self.assertEqual(first.published_at, expected)
        self.assertEqual(first.first_published_at, expected)
        self.assertEqual(first.last_published_at, expected)
        self.assertIsNone(first.updated_at)
        self.assertEqual(first.live_revision_id, first.latest_revision_id)
        self.assertEqual(first.latest_revision.as_object().title, first.title)

    def test_naive_dates_are_read_as_jakarta_time(self):
        self.assertEqual(article("legacy-1002").published_at, datetime(2022, 3, 14, 8, 30, tzinfo=JAKARTA))

    def test_credits_classification_and_tags(self):
        first, second = article("legacy-1001"), article("legacy-1002")
        self.assertEqual(first.editor.name, "Indah Lestari")
        self.assertEqual(second.editor, first.editor, "people are matched by name, whatever the case")
        self.assertEqual(Person.objects.filter(name__iexact="indah lestari").count(), 1)
        self.assertEqual([link.person.name for link in first.reporters.all()], ["Bagas Pratama"])
        self.assertEqual(first.photographer.name, "Dewi Anggraini")
        self.assertEqual([area.slug for area in first.service_areas.all()], ["haji"])
        self.assertEqual([unit.slug for unit in first.ordered_work_units], ["ditjen-phu"])
        self.assertEqual(sorted(tag.name for tag in first.tags.all()), ["pelayanan publik", "pelunasan haji"])
        self.assertEqual(article("legacy-1004").dateline_place, "Jember")

    def test_html_body_becomes_paragraphs_subheadings_and_quotes(self):
        first = article("legacy-1001")
        self.assertEqual(
            [block.block_type for block in first.body], ["paragraph", "subheading", "paragraph", "quote"]
        )
        self.assertIn("<b>jadwal bank penerima setoran</b>", first.body[0].value.source)
        self.assertEqual(first.body[1].value, "Layanan tetap dibuka di akhir pekan")
        self.assertIn('href="https://haji.kemenag.example/loket"', first.body[2].value.source)
        legacy_markup = article("legacy-1003").body[0].value.source
        self.assertNotIn("font", legacy_markup)
        self.assertNotIn("class=", legacy_markup)
        self.assertIn("<ul><li>Sesi keluarga sakinah</li>", legacy_markup)

    def test_missing_lead_comes_from_the_body(self):
        self.assertTrue(
            article("legacy-1003").lead.startswith("Pasangan calon pengantin kini dapat mengikuti")
        )

    def test_photos_are_stored_once_with_alt_text_caption_and_credit(self):
        first, last = article("legacy-1001"), article("legacy-1004")
        self.assertEqual(get_image_model().objects.count(), 2)
        self.assertEqual(first.hero_image, last.hero_image, "the same file is stored once")
        image = first.hero_image
        self.assertTrue(image.alt_text.startswith("Deretan gedung kantor"))
        self.assertEqual(image.credit, "Humas Kemenag")
        self.assertEqual(first.caption, "Loket pelunasan di kantor kementerian tetap buka hingga sore hari.")
        self.assertEqual(last.caption, "Kantor penyuluh agama di Jember.")

    def test_related_links_point_to_earlier_and_later_lines(self):
        first = article("legacy-1001")
        self.assertEqual([link.page_id for link in first.related_links.all()], [article("legacy-1003").pk])
        self.assertEqual(
            [link.page_id for link in article("legacy-1004").related_links.all()],
            [article("legacy-1003").pk, article("legacy-1002").pk],
        )
        self.assertEqual(first.live_revision_id, first.latest_revision_id)
        response = self.client.get(first.url)
        self.assertContains(response, article("legacy-1003").title)

    def test_old_urls_redirect_permanently_to_the_new_pages(self):
        for source_id, old in [
            ("legacy-1001", "/nasional/pelunasan-haji-1001.html"),
            ("legacy-1002", "/daerah/jatim/literasi-digital-1002.html"),
            ("legacy-1003", "/berita.php?id=1003"),
        ]:
            response = self.client.get(old)
            page = article(source_id)
            self.assertEqual(response.status_code, 301, old)
            self.assertEqual(response["Location"], page.url)
            self.assertEqual(self.client.get(response["Location"]).status_code, 200)

    def test_articles_are_searchable_and_listed_in_their_category(self):
        results = self.client.get("/cari/", {"q": "Pelunasan"}).context["results"]
        self.assertIn(article("legacy-1001").pk, [result.pk for result in results])
        listing = self.client.get("/daerah/jawa-timur/")
        self.assertContains(listing, "Pekan Literasi Digital Digelar di Madrasah Surabaya")
        self.assertContains(
            self.client.get("/nasional/"), "Bimbingan Perkawinan Kini Bisa Diikuti dari Rumah"
        )


class ReimportTests(ArchiveFolderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        make_tree()

    def test_importing_again_updates_the_same_pages(self):
        run_import(EXAMPLE)
        pages = dict(ImportRecord.objects.values_list("source_id", "page_id"))
        counts = (Person.objects.count(), Tag.objects.count(), get_image_model().objects.count())
        revisions = Revision.objects.count()

        out, err, error = run_import(EXAMPLE)

        self.assertIsNone(error, err)
        self.assertIn("0 created, 4 updated", out)
        self.assertEqual(dict(ImportRecord.objects.values_list("source_id", "page_id")), pages)
        self.assertEqual(ArticlePage.objects.count(), 4)
        self.assertEqual(Redirect.objects.count(), 3)
        self.assertEqual(
            (Person.objects.count(), Tag.objects.count(), get_image_model().objects.count()), counts
        )
        self.assertEqual(Revision.objects.count(), revisions + 4, "one new revision per article")
        self.assertEqual(self.client.get("/berita.php?id=1003").status_code, 301)

    def test_changed_line_changes_the_live_article(self):
        path = self.write(good_line("legacy-9", "Judul lama"))
        run_import(path)
        page = article("legacy-9")
        path = self.write(good_line("legacy-9", "Judul baru", category="daerah/jawa-timur"))
        out, err, error = run_import(path)
        self.assertIsNone(error, err)
        page.refresh_from_db()
        self.assertEqual(article("legacy-9").pk, page.pk)
        self.assertEqual(page.title, "Judul baru")
        self.assertEqual(page.get_parent().slug, "jawa-timur")
        self.assertEqual(self.client.get(page.url).status_code, 200)


class BadLineTests(ArchiveFolderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        make_tree()

    def test_each_bad_line_is_reported_with_its_number_and_skipped(self):
        (self.folder / "images" / "rusak.jpg").write_bytes(b"bukan gambar")
        path = self.write(
            good_line("ok-1", "Berita baik pertama"),
            '{"id": "bad-json", "title": ',
            '["bukan", "objek"]',
            {k: v for k, v in good_line("x", "Tanpa id").items() if k != "id"},
            {k: v for k, v in good_line("no-category", "Tanpa kategori").items() if k != "category"},
            {k: v for k, v in good_line("no-title", "Tanpa judul").items() if k != "title"},
            {k: v for k, v in good_line("no-date", "Tanpa tanggal").items() if k != "published_at"},
            good_line("unknown-category", "Kategori asing", category="daerah/atlantis"),
            good_line(
                "unknown-area", "Layanan asing", service_areas=["haji", "layanan-fiktif"], editor="Orang Baru"
            ),
            good_line("unknown-unit", "Satker asing", work_units=["satker-fiktif"]),
            good_line("bad-image", "Foto rusak", image={"file": "images/rusak.jpg", "alt": "Foto"}),
            good_line("missing-image", "Foto hilang", image={"file": "images/tidak-ada.jpg", "alt": "Foto"}),
            good_line("bad-date", "Tanggal salah", published_at="22 September 2021"),
            good_line("future", "Tanggal depan", published_at="2999-01-01T00:00:00+07:00"),
            good_line("long-dateline", "Dateline panjang", dateline="Jakarta " * 20),
            good_line("ok-2", "Berita baik kedua"),
        )
        out, err, error = run_import(path)

        self.assertIsNotNone(error, "the command exits non-zero when a line failed")
        self.assertIn("14 failed", out)
        expected = {
            2: "invalid JSON",
            3: "a line must be a JSON object",
            4: "missing required field: id",
            5: "missing required field: category",
            6: "missing required field: title",
            7: "missing required field: published_at",
            8: "unknown category 'daerah/atlantis'",
            9: "unknown service area layanan-fiktif",
            10: "unknown work unit satker-fiktif",
            11: "image images/rusak.jpg is not a readable image",
            12: "image images/tidak-ada.jpg cannot be read",
            13: "is not an ISO 8601 date and time",
            14: "is in the future",
            15: "dateline: ",
        }
        for number, reason in expected.items():
            self.assertIn(f"line {number}: failed: ", err)
            failure = next(line for line in err.splitlines() if line.startswith(f"line {number}: failed: "))
            self.assertIn(reason, failure)
        self.assertNotIn("line 1:", err)
        self.assertNotIn("line 16:", err)
        self.assertEqual(sorted(ImportRecord.objects.values_list("source_id", flat=True)), ["ok-1", "ok-2"])
        self.assertEqual(ArticlePage.objects.count(), 2)
        self.assertFalse(Person.objects.filter(name="Orang Baru").exists(), "a failed line leaves nothing")
        self.assertEqual(get_image_model().objects.count(), 0)

    def test_unknown_related_id_is_a_warning_not_a_failure(self):
        path = self.write(good_line("ok-1", "Berita dengan tautan", related=["tidak-ada", "ok-1"]))
        out, err, error = run_import(path)
        self.assertIsNone(error, err)
        self.assertIn("line 1: warning: related article 'tidak-ada' not found", err)
        self.assertIn("line 1: warning: an article cannot be related to itself", err)
        self.assertTrue(article("ok-1").live)

    def test_image_without_alt_text_or_caption_is_refused(self):
        path = self.write(good_line("no-alt", "Foto tanpa alt", image={"file": "images/ruang-kelas.png"}))
        out, err, error = run_import(path)
        self.assertIsNotNone(error)
        self.assertIn('line 1: failed: image images/ruang-kelas.png needs an "alt" text', err)


class IndexTests(ArchiveFolderMixin, TestCase):
    """Search and reference index entries are written per batch, for the lines that succeeded."""

    @classmethod
    def setUpTestData(cls):
        make_tree()

    def test_batches_index_what_succeeded_and_nothing_else(self):
        photo = {"file": "images/kantor-kemenag.jpg", "alt": "Gedung kantor", "caption": "Gedung kantor."}
        path = self.write(
            good_line(
                "ix-1", "Gerhana bulan teramati", image=photo, editor="Wulan Sabrina", tags=["astronomi"]
            ),
            good_line("ix-bad", "Baris gagal", editor="Orang Gagal", service_areas=["layanan-fiktif"]),
            good_line("ix-2", "Rukyat hilal serentak", related=["ix-1", "ix-3"]),
            good_line("ix-3", "Observatorium dibuka untuk umum"),
        )
        with mock.patch("imports.archive.BATCH", 2):
            out, err, error = run_import(path)
        self.assertIn("3 created, 0 updated, 1 failed", out)
        first, second, third = article("ix-1"), article("ix-2"), article("ix-3")
        live = ArticlePage.objects.live()
        self.assertEqual([page.pk for page in live.search("Gerhana")], [first.pk])
        self.assertEqual([page.pk for page in live.search("Wulan")], [first.pk], "editor's name")
        self.assertEqual([page.pk for page in live.search("astronomi")], [first.pk], "tag")
        self.assertEqual([page.pk for page in live.search("Observatorium")], [third.pk], "later batch")
        backend = get_search_backend()
        self.assertEqual([person.name for person in backend.search("Wulan", Person)], ["Wulan Sabrina"])
        self.assertFalse(Person.objects.filter(name="Orang Gagal").exists())
        self.assertEqual(list(backend.search("Gagal", Person)), [])
        self.assertEqual(list(ArticlePage.objects.search("Baris gagal")), [])
        image_users = ReferenceIndex.get_references_to(first.hero_image).values_list("object_id", flat=True)
        self.assertEqual(list(image_users), [str(first.pk)])
        # The forward link is added in the second pass, and indexed too.
        linked = ReferenceIndex.get_references_for_object(second).filter(model_path="related_links.item.page")
        self.assertEqual(sorted(int(ref.to_object_id) for ref in linked), sorted([first.pk, third.pk]))


class DryRunAndDraftTests(ArchiveFolderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        make_tree()

    def counts(self):
        return [
            model.objects.count()
            for model in (ArticlePage, ImportRecord, Redirect, Person, Tag, Revision, get_image_model())
        ]

    @staticmethod
    def example_files() -> set[Path]:
        # Only the example's own file names: other test runs may share the media folder.
        storage = Path(get_image_model()._meta.get_field("file").storage.location)
        return {
            path for path in storage.rglob("*") if path.name.startswith(("kantor-kemenag", "ruang-kelas"))
        }

    def test_dry_run_reports_and_writes_nothing(self):
        before = self.counts()
        media = self.example_files()
        bad = self.write(good_line("bad", "Kategori asing", category="tidak-ada"), name="buruk.jsonl")
        shutil.copy(EXAMPLE, self.folder / "arsip.jsonl")
        with (self.folder / "arsip.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(bad.read_text(encoding="utf-8"))

        out, err, error = run_import(self.folder / "arsip.jsonl", "--dry-run")

        self.assertIn("Dry run, nothing was written.", out)
        self.assertIn("4 would create, 0 would update, 1 failed", out)
        self.assertIn("line 5: failed: unknown category 'tidak-ada'", err)
        self.assertIsNotNone(error)
        self.assertEqual(self.counts(), before)
        self.assertEqual(self.example_files(), media, "no image file is stored")

    def test_as_draft_keeps_articles_off_the_site(self):
        out, err, error = run_import(EXAMPLE, "--as-draft")
        self.assertIsNone(error, err)
        page = article("legacy-1001")
        self.assertFalse(page.live)
        self.assertIsNone(page.first_published_at)
        self.assertEqual(page.latest_revision.as_object().title, page.title)
        self.assertEqual(self.client.get("/nasional/").status_code, 200)
        self.assertNotContains(self.client.get("/nasional/"), page.title)
        self.assertEqual(self.client.get(f"/nasional/{page.slug}/").status_code, 404)
        self.assertEqual(list(self.client.get("/cari/", {"q": "Pelunasan"}).context["results"]), [])

    def test_as_draft_on_a_published_article_keeps_the_live_version(self):
        path = self.write(good_line("legacy-9", "Judul terbit"))
        run_import(path)
        run_import(self.write(good_line("legacy-9", "Judul draf")), "--as-draft")
        page = article("legacy-9")
        self.assertTrue(page.live)
        self.assertEqual(page.title, "Judul terbit")
        self.assertTrue(page.has_unpublished_changes)
        self.assertEqual(page.get_latest_revision_as_object().title, "Judul draf")


class SanitisingTests(ArchiveFolderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        make_tree()

    def test_scripts_and_javascript_links_do_not_survive(self):
        body = (
            '<p onclick="steal()">Awal <a href="javascript:alert(1)">tautan jahat</a> '
            '<a href=" JaVaScRiPt:alert(2)">lagi</a> <a href="https://kemenag.go.id/">baik</a></p>'
            "<script>alert('x')</script><style>p{display:none}</style>"
            '<img src="x" onerror="alert(3)"><iframe src="https://evil.example/"></iframe><p>Akhir</p>'
        )
        out, err, error = run_import(self.write(good_line("xss", "Uji sanitasi", body=body)))
        self.assertIsNone(error, err)
        page = article("xss")
        stored = json.dumps(list(page.body.raw_data))
        for bad in ("script", "javascript", "onclick", "onerror", "iframe", "<img", "alert"):
            self.assertNotIn(bad, stored.lower())
        self.assertIn('href=\\"https://kemenag.go.id/\\"', stored)
        response = self.client.get(page.url)
        self.assertContains(response, "tautan jahat")
        self.assertNotContains(response, "javascript:")
        self.assertNotContains(response, "alert(")

    def test_plain_paragraphs_are_escaped(self):
        run_import(self.write(good_line("plain", "Teks polos", body=["Tanda <b>bukan</b> HTML & lain"])))
        self.assertIn("Tanda &lt;b&gt;bukan&lt;/b&gt; HTML &amp; lain", article("plain").body[0].value.source)


class ProgressTests(SimpleTestCase):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    def test_bar_on_a_terminal_and_a_line_every_500_otherwise(self):
        terminal = OutputWrapper(self.Terminal())
        progress = Progress(terminal, 20, noun="lines")
        for done in range(1, 21):
            progress.update(done)
        progress.finish()
        shown = terminal._out.getvalue()
        self.assertIn("\r[" + "#" * 15 + "-" * 15 + "] 10/20 lines", shown)
        self.assertIn("\r[" + "#" * 30 + "] 20/20 lines", shown)

        log = OutputWrapper(io.StringIO())
        progress = Progress(log, 1200, noun="lines")
        for done in range(1, 1201):
            progress.update(done)
        self.assertEqual(
            [line.split(" (")[0] for line in log._out.getvalue().splitlines()],
            ["500/1200 lines", "1000/1200 lines"],
        )
