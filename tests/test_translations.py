import re
from pathlib import Path

from babel.messages.pofile import read_po
from django.contrib.auth import get_user_model
from django.test import SimpleTestCase, TestCase
from django.utils import translation

from tests.utils import make_article, make_category

LOCALE = Path(__file__).resolve().parents[1] / "locale"
PO_FILE = LOCALE / "id" / "LC_MESSAGES" / "django.po"
WAGTAIL_PO_FILES = [
    LOCALE / "wagtail" / "id" / "LC_MESSAGES" / f"{domain}.po" for domain in ("django", "djangojs")
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>")


class TranslationTests(SimpleTestCase):
    def test_every_string_is_translated(self):
        with PO_FILE.open("rb") as handle:
            catalog = read_po(handle, locale="id")
        untranslated = [
            message.id
            for message in catalog
            if message.id
            and (
                message.fuzzy
                or not all(message.string if isinstance(message.string, tuple) else [message.string])
            )
        ]
        self.assertEqual(untranslated, [])

    def test_compiled_catalog_is_used(self):
        with translation.override("id"):
            self.assertEqual(translation.gettext("Other news"), "Berita Lainnya")
            self.assertEqual(
                translation.gettext("More from %(category)s") % {"category": "Nasional"}, "Nasional Lainnya"
            )

    def test_wagtail_admin_catalogues_are_complete_and_keep_every_placeholder(self):
        for path in WAGTAIL_PO_FILES:
            with path.open("rb") as handle:
                catalog = read_po(handle, locale="id")
            messages = [message for message in catalog if message.id]
            self.assertGreater(len(messages), 50)
            for message in messages:
                # Indonesian has one plural form: it stands for the English plural.
                msgid = message.id if isinstance(message.id, str) else message.id[1]
                string = message.string if isinstance(message.string, str) else message.string[0]
                with self.subTest(path=path.name, msgid=msgid):
                    self.assertFalse(message.fuzzy)
                    self.assertTrue(string)
                    self.assertEqual(sorted(PLACEHOLDER.findall(msgid)), sorted(PLACEHOLDER.findall(string)))


class AdminLanguageTests(TestCase):
    def test_the_page_editor_speaks_indonesian_where_wagtail_does_not(self):
        article = make_article(make_category("Nasional", "nasional"), "Berita uji admin")
        self.client.force_login(get_user_model().objects.create_superuser("redaksi", "r@example.com", "x"))
        response = self.client.get(f"/admin/pages/{article.pk}/edit/")
        self.assertEqual(response.status_code, 200)
        for indonesian, english in [
            ("Belum ada jadwal terbit", "No publishing schedule set"),
            ("Atur jadwal terbit", "Set publishing schedule"),
            ("Jadwalkan terbit", "Schedule to publish"),
            ("Langsung ke konten utama", "Skip to main content"),
        ]:
            with self.subTest(english=english):
                self.assertContains(response, indonesian)
                self.assertNotContains(response, english)

    def test_the_admin_scripts_speak_indonesian(self):
        self.client.force_login(get_user_model().objects.create_superuser("redaksi", "r@example.com", "x"))
        catalog = self.client.get("/admin/jsi18n/").content.decode()
        for indonesian in ["Sisipkan blok", "Perubahan telah disimpan otomatis.", "Tulis komentar Anda..."]:
            with self.subTest(indonesian=indonesian):
                self.assertIn(indonesian, catalog)
