import unittest

from django.db import connection
from django.test import TestCase
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from news.models import Person
from tests.utils import make_article, make_category


def quote(text: str, speaker: str) -> tuple:
    return ("quote", {"text": text, "speaker": speaker, "role": ""})


class AdminSearchTests(WagtailTestUtils, TestCase):
    """The admin finds an article by any word the public search finds it by."""

    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        reporter = Person.objects.create(name="Bambang Wirawan")
        cls.article = make_article(
            cls.nasional,
            "Rapat koordinasi daerah",
            lead="Kementerian mempercepat sertifikasi halal bagi usaha kecil.",
            body=[
                ("paragraph", "<p>Peserta membahas layanan zakat di pelosok.</p>"),
                quote("Kami siap membantu.", "Siti Aminah"),
            ],
            reporters=[reporter],
            editor=Person.objects.create(name="Dewi Kartika"),
            photographer=Person.objects.create(name="Yusuf Hakim"),
        )
        make_article(cls.nasional, "Pameran buku nasional", lead="Buku murah untuk pelajar.")
        cls.draft = make_article(
            cls.nasional, "Konsep belum terbit", lead="Naskah tentang wakaf produktif.", publish=False
        )

    def setUp(self):
        self.login()

    def listing(self, query):
        response = self.client.get(reverse("articles:index"), {"q": query})
        self.assertEqual(response.status_code, 200)
        return [page.title for page in response.context["object_list"]]

    def page_search(self, query):
        response = self.client.get(reverse("wagtailadmin_pages:search"), {"q": query})
        self.assertEqual(response.status_code, 200)
        return [page.title for page in response.context["object_list"]]

    def explorer(self, query):
        response = self.client.get(reverse("wagtailadmin_explore", args=[self.nasional.pk]), {"q": query})
        self.assertEqual(response.status_code, 200)
        return [page.title for page in response.context["object_list"]]

    def test_words_of_lead_body_and_credits_are_found_in_every_admin_search(self):
        for query in ["sertifikasi halal", "zakat", "Aminah", "Bambang", "Kartika", "Yusuf"]:
            for search in (self.listing, self.page_search, self.explorer):
                with self.subTest(query=query, search=search.__name__):
                    self.assertEqual(search(query), ["Rapat koordinasi daerah"])

    def test_titles_are_still_found_as_they_are_typed(self):
        self.assertEqual(self.listing("Rapat koord"), ["Rapat koordinasi daerah"])
        self.assertEqual(self.page_search("pamer"), ["Pameran buku nasional"])

    def test_drafts_are_found_by_their_text(self):
        self.assertEqual(self.listing("wakaf"), ["Konsep belum terbit"])

    def test_every_word_must_match(self):
        self.assertEqual(self.listing("halal buku"), [])

    def test_title_matches_come_first(self):
        make_article(self.nasional, "Buku halal untuk UMKM", lead="Panduan.")
        self.assertEqual(self.listing("halal"), ["Buku halal untuk UMKM", "Rapat koordinasi daerah"])

    def test_quotes_and_brackets_are_words_not_syntax(self):
        for query in ['"', '"><script>', "(", "NEAR(", "haji OR", "a*b", "^", "' OR 1=1"]:
            for search in (self.listing, self.page_search, self.explorer):
                with self.subTest(query=query, search=search.__name__):
                    search(query)  # a 200, not the database's syntax error
        self.assertEqual(self.listing('"zakat'), ["Rapat koordinasi daerah"])

    def test_page_search_counts_matches_per_page_type(self):
        response = self.client.get(reverse("wagtailadmin_pages:search"), {"q": "Aminah"})
        self.assertEqual([(ct.model, n) for ct, n in response.context["content_types"]], [("articlepage", 1)])


@unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL's Indonesian stemmer")
class AdminSearchStemmingTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        nasional = make_category("Nasional", "nasional")
        body = [("paragraph", "<p>Peningkatan pelayanan KUA.</p>")]
        make_article(nasional, "Rapat kerja", lead="Teras.", body=body)

    def setUp(self):
        self.login()

    def test_word_forms_match_as_in_the_public_search(self):
        for query in ["layanan", "melayani", "dilayani"]:
            response = self.client.get(reverse("articles:index"), {"q": query})
            self.assertEqual([page.title for page in response.context["object_list"]], ["Rapat kerja"], query)
