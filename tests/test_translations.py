from pathlib import Path

from babel.messages.pofile import read_po
from django.test import SimpleTestCase
from django.utils import translation

PO_FILE = Path(__file__).resolve().parents[1] / "locale" / "id" / "LC_MESSAGES" / "django.po"


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
