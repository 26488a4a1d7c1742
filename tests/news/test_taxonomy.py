from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from news.caching import invalidate_all
from news.models import ServiceArea, WorkUnit
from tests.utils import make_article, make_category, make_image


class TermPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.daerah = make_category("Daerah", "daerah")
        cls.haji = ServiceArea.objects.get(slug="haji")
        cls.nikah = ServiceArea.objects.get(slug="nikah")
        cls.kanwil = WorkUnit.objects.get(slug="kanwil-jawa-timur")
        cls.kankemenag = WorkUnit.objects.get(slug="kankemenag-kota-surabaya")
        cls.other_unit = WorkUnit.objects.get(slug="kanwil-bali")
        cls.kanwil_news = make_article(
            cls.daerah,
            "Berita Kanwil",
            days_ago=2,
            service_areas=[cls.haji],
            work_units=[cls.kanwil],
            tags=["manasik"],
        )
        cls.kankemenag_news = make_article(
            cls.daerah, "Berita Kankemenag", days_ago=1, service_areas=[cls.haji], work_units=[cls.kankemenag]
        )
        cls.bali_news = make_article(
            cls.daerah, "Berita Bali", service_areas=[cls.nikah], work_units=[cls.other_unit]
        )
        cls.draft = make_article(
            cls.daerah,
            "Draf Kanwil",
            publish=False,
            service_areas=[cls.haji],
            work_units=[cls.kanwil],
            tags=["manasik"],
        )
        cls.private = make_article(
            cls.daerah, "Privat Kanwil", service_areas=[cls.haji], work_units=[cls.kanwil], tags=["manasik"]
        )
        PageViewRestriction.objects.create(page=cls.private, restriction_type="login")

    def titles(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return [article.title for article in response.context["articles"]]

    def test_service_area_lists_its_live_public_articles_newest_first(self):
        self.assertEqual(self.titles("/layanan/haji/"), ["Berita Kankemenag", "Berita Kanwil"])
        self.assertEqual(self.titles("/layanan/nikah/"), ["Berita Bali"])

    def test_work_unit_includes_descendant_units(self):
        self.assertEqual(self.titles("/satker/kanwil-jawa-timur/"), ["Berita Kankemenag", "Berita Kanwil"])
        self.assertEqual(self.titles("/satker/kankemenag-kota-surabaya/"), ["Berita Kankemenag"])

    def test_tag_page(self):
        self.assertEqual(self.titles("/tag/manasik/"), ["Berita Kanwil"])

    def test_large_terms_list_the_same_articles_by_walking_the_newest(self):
        # A term of at least LARGE_TERM articles is an EXISTS per article (news.models.with_term):
        # the same lists, in the same order, as the `pk IN (...)` of a small term.
        urls = [
            "/layanan/haji/",
            "/layanan/nikah/",
            "/tag/manasik/",
            "/berita/?layanan=haji",
            "/satker/kanwil-jawa-timur/",
            "/berita/?satker=kanwil-jawa-timur",
        ]
        small = {url: self.titles(url) for url in urls}
        for large_term in (1, 2):
            with mock.patch("news.models.LARGE_TERM", large_term):
                for url in urls:
                    invalidate_all()
                    with CaptureQueriesContext(connection) as captured:
                        self.assertEqual(self.titles(url), small[url], (url, large_term))
                    # The listing's ids, newest first (ListingPage reads the cards after).
                    newest_first = 'ORDER BY "news_articlepage"."published_at" DESC'
                    listing = [q["sql"] for q in captured if newest_first in q["sql"]]
                    self.assertTrue(listing, url)
                    uses_exists = any("EXISTS" in sql for sql in listing)
                    # nikah has one link; haji and manasik have three or more (drafts count).
                    self.assertEqual(uses_exists, url != "/layanan/nikah/" or large_term == 1, url)
        self.assertEqual(small["/layanan/haji/"], ["Berita Kankemenag", "Berita Kanwil"])
        self.assertEqual(small["/berita/?satker=kanwil-jawa-timur"], ["Berita Kankemenag", "Berita Kanwil"])

    def test_a_small_terms_listing_names_its_articles(self):
        # Ids as a list, not a subquery: PostgreSQL then plans with the real rows (a subquery
        # made it walk the whole archive for an empty work unit), and an empty unit asks nothing.
        for url in ["/satker/kanwil-jawa-timur/", "/berita/?satker=kanwil-jawa-timur", "/layanan/nikah/"]:
            invalidate_all()
            with CaptureQueriesContext(connection) as captured:
                self.client.get(url)
            listing = [q["sql"] for q in captured if '"news_articlepage"."lead"' in q["sql"]]
            self.assertTrue(listing, url)
            self.assertFalse(
                any("news_articleworkunit" in sql or "servicearea" in sql for sql in listing), url
            )
        invalidate_all()
        with CaptureQueriesContext(connection) as captured:
            self.assertContains(self.client.get("/satker/kankemenag-kabupaten-jember/"), "Belum ada berita")
        self.assertFalse([q for q in captured if '"news_articlepage"."lead"' in q["sql"]])

    def test_empty_listings_say_so(self):
        self.assertContains(self.client.get("/layanan/zakat-wakaf/"), "Belum ada berita.")
        empty = make_category("Opini", "opini")
        self.assertContains(self.client.get(empty.url), "Belum ada berita dalam kategori ini.")

    def test_unknown_slugs_are_404(self):
        for url in ["/layanan/tidak-ada/", "/satker/tidak-ada/", "/tag/tidak-ada/"]:
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_bad_page_numbers_are_404_never_500(self):
        for page in ["0", "-1", "abc", "99", "1.5", "", "%00", "9" * 30]:
            response = self.client.get("/layanan/haji/", {"page": page})
            self.assertEqual(response.status_code, 404, page)
        self.assertEqual(self.client.get("/layanan/haji/", {"page": "1"}).status_code, 200)

    def test_index_pages_count_live_public_articles(self):
        response = self.client.get("/layanan/")
        counts = {area.slug: area.article_count for area in response.context["areas"]}
        self.assertEqual(counts["haji"], 2)
        self.assertEqual(counts["nikah"], 1)
        response = self.client.get("/satker/")
        self.assertContains(response, "Kanwil Kemenag Provinsi Jawa Timur")
        nodes = {node["unit"].slug: node for node in response.context["tree"]}
        self.assertEqual(nodes["kanwil-jawa-timur"]["unit"].article_count, 2)
        children = {
            child["unit"].slug: child["unit"].article_count
            for child in nodes["kanwil-jawa-timur"]["children"]
        }
        self.assertEqual(children["kankemenag-kota-surabaya"], 1)

    def test_an_article_in_a_unit_and_its_subunit_counts_once_for_the_unit(self):
        def counts():
            nodes = {node["unit"].slug: node for node in self.client.get("/satker/").context["tree"]}
            kanwil = nodes["kanwil-jawa-timur"]
            children = {child["unit"].slug: child["unit"].article_count for child in kanwil["children"]}
            return kanwil["unit"].article_count, children["kankemenag-kota-surabaya"]

        kanwil, surabaya = counts()
        make_article(
            self.daerah, "Kanwil dan Surabaya", days_ago=1, work_units=[self.kanwil, self.kankemenag]
        )
        invalidate_all()
        self.assertEqual(counts(), (kanwil + 1, surabaya + 1))

    def test_term_page_queries_do_not_grow_with_page_size(self):
        def count():
            self.client.get("/satker/kanwil-jawa-timur/")  # warm the settings cache
            invalidate_all()  # count the list as read after a publication, before it is cached
            with CaptureQueriesContext(connection) as queries:
                self.client.get("/satker/kanwil-jawa-timur/")
            return len(queries)

        before = count()
        image = make_image()
        for number in range(15):
            make_article(self.daerah, f"Tambahan {number}", work_units=[self.kankemenag], hero_image=image)
        self.assertEqual(count(), before + 1)  # + the renditions prefetch, now that cards have photos
        self.assertLessEqual(before + 1, 12)


class WorkUnitTreeTests(TestCase):
    def test_moving_a_unit_carries_its_subtree(self):
        kanwil = WorkUnit.objects.get(slug="kanwil-jawa-timur")
        child = WorkUnit.objects.get(slug="kankemenag-kota-surabaya")
        kanwil.parent = WorkUnit.objects.get(slug="setjen")
        kanwil.save()
        child.refresh_from_db()
        self.assertTrue(child.tree_path.startswith(kanwil.tree_path))
        self.assertTrue(kanwil.tree_path.startswith(WorkUnit.objects.get(slug="setjen").tree_path))

    def test_unit_cannot_be_placed_under_its_descendant(self):
        from django.core.exceptions import ValidationError

        kanwil = WorkUnit.objects.get(slug="kanwil-jawa-timur")
        kanwil.parent = WorkUnit.objects.get(slug="kankemenag-kota-surabaya")
        with self.assertRaises(ValidationError):
            kanwil.full_clean()
