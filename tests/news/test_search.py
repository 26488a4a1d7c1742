import json
import unittest
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import TestCase
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from news.models import ArticlePage, Person, ServiceArea, WorkUnit
from news.search import clean_query, highlight
from tests.utils import make_article, make_category, make_image

JAKARTA = ZoneInfo("Asia/Jakarta")


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.daerah = make_category("Daerah", "daerah")
        cls.haji = ServiceArea.objects.get(slug="haji")
        cls.nikah = ServiceArea.objects.get(slug="nikah")
        cls.surabaya = WorkUnit.objects.get(slug="kankemenag-kota-surabaya")
        cls.in_title = make_article(
            cls.nasional,
            "Pendaftaran zakat dibuka",
            days_ago=30,
            lead="Masyarakat dapat mendaftar.",
            body=[("paragraph", "<p>Tanpa kata kunci.</p>")],
        )
        cls.in_body = make_article(
            cls.nasional,
            "Berita lain",
            days_ago=1,
            lead="Teras biasa.",
            body=[("paragraph", "<p>Petugas membahas zakat di akhir berita.</p>")],
        )
        cls.regional = make_article(
            cls.daerah,
            "Manasik haji di Surabaya",
            days_ago=2,
            service_areas=[cls.haji],
            work_units=[cls.surabaya],
            tags=["manasik"],
            lead="Calon jemaah haji berlatih manasik.",
        )
        cls.by_person = make_article(
            cls.daerah,
            "Kegiatan penyuluh",
            days_ago=3,
            service_areas=[cls.nikah],
            reporters=[Person.objects.create(name="Sutrisno Wibowo")],
            hero_image=make_image(caption="Penyuluh di balai nikah"),
        )
        ArticlePage.objects.filter(pk=cls.by_person.pk).update(
            published_at=datetime(2021, 6, 1, 9, tzinfo=JAKARTA)
        )
        cls.draft = make_article(cls.nasional, "Draf zakat haji", publish=False)
        cls.private = make_article(cls.nasional, "Privat zakat haji")
        PageViewRestriction.objects.create(page=cls.private, restriction_type="login")
        cls.future = make_article(cls.nasional, "Terjadwal zakat haji", publish=False)
        cls.future.go_live_at = timezone.now() + timedelta(days=2)
        cls.future.save_revision().publish()

    def search(self, status=200, **params):
        response = self.client.get("/cari/", params)
        self.assertEqual(response.status_code, status, params)
        return response

    def titles(self, **params):
        return [article.title for article in self.search(**params).context["results"]]

    def test_title_match_ranks_above_body_match(self):
        self.assertEqual(self.titles(q="zakat"), ["Pendaftaran zakat dibuka", "Berita lain"])

    def test_newest_order(self):
        self.assertEqual(self.titles(q="zakat", urut="terbaru"), ["Berita lain", "Pendaftaran zakat dibuka"])

    def test_searches_people_captions_tags_service_areas_and_units(self):
        self.assertEqual(self.titles(q="Sutrisno"), ["Kegiatan penyuluh"])
        self.assertEqual(self.titles(q="balai"), ["Kegiatan penyuluh"])
        self.assertIn("Manasik haji di Surabaya", self.titles(q="manasik"))
        self.assertIn("Kegiatan penyuluh", self.titles(q="Rujuk"))  # service area "Nikah dan Rujuk"
        self.assertIn("Manasik haji di Surabaya", self.titles(q="Kankemenag"))

    def test_drafts_private_and_future_articles_never_appear(self):
        for query in ["zakat", "haji", "Draf", "Privat", "Terjadwal"]:
            titles = self.titles(q=query)
            for hidden in ["Draf zakat haji", "Privat zakat haji", "Terjadwal zakat haji"]:
                self.assertNotIn(hidden, titles, query)
        suggestions = self.client.get("/cari/saran/", {"q": "Draf"}).json()["suggestions"]
        self.assertEqual(suggestions, [])

    def test_filters(self):
        self.assertEqual(self.titles(q="haji", kategori="daerah"), ["Manasik haji di Surabaya"])
        self.assertEqual(self.titles(q="zakat", kategori="daerah"), [])
        self.assertEqual(self.titles(q="haji", layanan="haji"), ["Manasik haji di Surabaya"])
        self.assertEqual(self.titles(q="manasik", satker="kanwil-jawa-timur"), ["Manasik haji di Surabaya"])
        self.assertEqual(self.titles(q="penyuluh", tahun=2021), ["Kegiatan penyuluh"])
        self.assertEqual(
            self.titles(q="penyuluh", dari="2021-06-01", sampai="2021-06-01"), ["Kegiatan penyuluh"]
        )
        self.assertEqual(self.titles(q="penyuluh", dari="2021-06-02"), [])

    def test_counts_per_category_service_area_and_year(self):
        counts = self.search(q="haji").context["counts"]
        self.assertEqual([(c.title, n) for c, n in counts["categories"]], [("Daerah", 1)])
        self.assertEqual([(a.slug, n) for a, n in counts["service_areas"]], [("haji", 1)])
        year = timezone.localtime(self.regional.published_at).year
        self.assertEqual(counts["years"], [(year, 1)])
        response = self.search(q="zakat")
        self.assertEqual(response.context["result_count"], 2)
        self.assertContains(response, 'href="?q=zakat&amp;kategori=nasional">Nasional</a>')

    def test_highlights_are_escaped(self):
        html = str(highlight("Haji <script>alert(1)</script> & haji2026", ["haji"]))
        self.assertEqual(
            html, "<mark>Haji</mark> &lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>haji2026</mark>"
        )
        self.assertEqual(str(highlight("amp &", ["amp"])), "<mark>amp</mark> &amp;")
        response = self.search(q="haji")
        self.assertContains(response, "Calon jemaah <mark>haji</mark> berlatih manasik.")

    def test_empty_query_shows_a_helpful_page(self):
        for params in [{}, {"q": ""}, {"q": "   "}, {"q": "\"'*"}]:
            response = self.search(**params)
            self.assertContains(response, "Haji dan Umrah")
            self.assertNotIn("results", response.context)

    def test_hostile_queries_are_answered_without_error(self):
        hostile = [
            "a" * 10_000,
            '"unbalanced',
            "haji OR nikah",
            "NEAR(a b)",
            "-haji",
            "haji*",
            "* : ^ ( ) { } [ ]",
            "\x01haji\x1f",
            "<script>alert(1)</script>",
            "'; DROP TABLE news_articlepage; --",
            "🕋 haji",
            "%",
            "\\",
        ]
        for query in hostile:
            response = self.client.get("/cari/", {"q": query})
            self.assertIn(response.status_code, (200,), query)
            self.assertNotContains(response, "<script>alert(1)</script>")
            self.assertEqual(self.client.get("/cari/saran/", {"q": query}).status_code, 200, query)
        # A NUL byte is refused for every address before it reaches search (news.middleware).
        self.assertEqual(self.client.get("/cari/", {"q": "\x00haji"}).status_code, 400)
        self.assertEqual(self.client.get("/cari/saran/", {"q": "\x00haji"}).status_code, 400)
        self.assertLessEqual(len(clean_query("a" * 10_000)), 200)
        self.assertEqual(clean_query("\x00\x01haji\x1f  2026"), "haji 2026")

    def test_cached_results_follow_publication(self):
        self.assertContains(self.client.get("/cari/", {"q": "zakat"}), "/pendaftaran-zakat-dibuka/")
        fresh = make_article(self.nasional, "Zakat fitrah disalurkan", days_ago=0)
        self.assertContains(self.client.get("/cari/", {"q": "zakat"}), "/zakat-fitrah-disalurkan/")
        fresh.unpublish()
        self.assertNotContains(self.client.get("/cari/", {"q": "zakat"}), "/zakat-fitrah-disalurkan/")

    def test_bad_filters_are_400_and_bad_pages_404(self):
        self.search(status=400, q="haji", dari="2021-13-01")
        self.search(status=400, q="haji", dari="2021-06-02", sampai="2021-06-01")
        self.search(status=400, q="haji", urut="acak")
        self.search(status=400, q="haji", kategori="tidak-ada")
        self.assertEqual(self.client.get("/cari/", {"q": "haji", "page": "9"}).status_code, 404)

    def test_editors_picks_and_search_terms_report(self):
        query = Query.get("zakat")
        SearchPromotion.objects.create(
            query=query, page=self.in_body, description="Pilihan redaksi", sort_order=0
        )
        SearchPromotion.objects.create(
            query=query, page=self.draft, description="Tidak boleh tampil", sort_order=1
        )
        response = self.search(q="zakat")
        self.assertEqual([pick.page.pk for pick in response.context["picks"]], [self.in_body.pk])
        self.assertContains(response, "Pilihan redaksi")
        self.assertNotContains(response, "Tidak boleh tampil")
        self.assertEqual(Query.get("zakat").hits, 1)

    def test_suggestions_endpoint(self):
        data = self.client.get("/cari/saran/", {"q": "manas"}).json()
        self.assertEqual(
            data["suggestions"], [{"title": "Manasik haji di Surabaya", "url": self.regional.url}]
        )
        self.assertEqual(self.client.get("/cari/saran/", {"q": "m"}).json()["suggestions"], [])

    def test_opensearch_description_and_header_search_box(self):
        response = self.client.get("/opensearch.xml")
        self.assertEqual(response["Content-Type"], "application/opensearchdescription+xml")
        self.assertContains(response, 'template="http://testserver/cari/?q={searchTerms}"')
        home = self.client.get("/")
        self.assertContains(home, 'rel="search" type="application/opensearchdescription+xml"')
        self.assertContains(home, '<form class="site-search" method="get" action="/cari/" role="search"')
        website = json.loads(
            home.content.decode().split('<script type="application/ld+json">')[1].split("</script>")[0]
        )
        self.assertEqual(website["potentialAction"]["@type"], "SearchAction")


@unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL's Indonesian stemmer")
class IndonesianStemmingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        nasional = make_category("Nasional", "nasional")
        make_article(
            nasional, "Peningkatan pelayanan KUA", lead="Teras.", body=[("paragraph", "<p>Isi.</p>")]
        )
        make_article(nasional, "Arah kebijakan baru", lead="Teras.", body=[("paragraph", "<p>Isi.</p>")])
        make_article(nasional, "Pernikahan massal", lead="Teras.", body=[("paragraph", "<p>Isi.</p>")])

    def titles(self, query):
        return [a.title for a in self.client.get("/cari/", {"q": query}).context["results"]]

    def test_word_forms_match(self):
        self.assertEqual(self.titles("layanan"), ["Peningkatan pelayanan KUA"])  # pe-an prefix/suffix
        self.assertEqual(self.titles("bijak"), ["Arah kebijakan baru"])  # ke-an
        self.assertEqual(self.titles("nikah"), ["Pernikahan massal"])  # per-an
        self.assertEqual(self.titles("melayani"), ["Peningkatan pelayanan KUA"])  # me-i
        self.assertEqual(self.titles("dilayani"), ["Peningkatan pelayanan KUA"])  # di-i
        # "kebijaksanaan" (wisdom) stems to "bijaksana", not to "bijak": no false match.
        self.assertEqual(self.titles("kebijaksanaan"), [])
