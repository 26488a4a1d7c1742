from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from home.models import HomePage, SiteSettings
from news.caching import invalidate_all
from news.models import ArticlePage, ServiceArea, WorkUnit
from tests.utils import make_article, make_category, make_image

JAKARTA = ZoneInfo("Asia/Jakarta")


class ListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get()
        cls.nasional = make_category("Nasional", "nasional")
        cls.daerah = make_category("Daerah", "daerah")
        cls.jatim = make_category("Jawa Timur", "jawa-timur", parent=cls.daerah)
        cls.bali = make_category("Bali", "bali", parent=cls.daerah)
        cls.haji = ServiceArea.objects.get(slug="haji")
        cls.kanwil = WorkUnit.objects.get(slug="kanwil-jawa-timur")
        cls.surabaya = WorkUnit.objects.get(slug="kankemenag-kota-surabaya")
        cls.old = make_article(cls.nasional, "Nasional lama", days_ago=30)
        cls.new = make_article(cls.nasional, "Nasional baru", days_ago=1, service_areas=[cls.haji])
        cls.jatim_news = make_article(cls.jatim, "Berita Jatim", days_ago=2, work_units=[cls.surabaya])
        cls.bali_news = make_article(cls.bali, "Berita Bali", days_ago=3)
        cls.draft = make_article(cls.nasional, "Draf", publish=False)
        cls.private = make_article(cls.nasional, "Privat", days_ago=0.5)
        PageViewRestriction.objects.create(page=cls.private, restriction_type="login")

    def titles(self, url, **params):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200, url)
        return [article.title for article in response.context["articles"]]

    def test_category_lists_newest_first_by_publication_date(self):
        self.assertEqual(self.titles("/nasional/"), ["Nasional baru", "Nasional lama"])

    def test_daerah_lists_all_provinces_and_a_province_its_own(self):
        self.assertEqual(self.titles("/daerah/"), ["Berita Jatim", "Berita Bali"])
        self.assertEqual(self.titles("/daerah/jawa-timur/"), ["Berita Jatim"])

    def test_all_news_lists_every_category_without_drafts_or_private(self):
        self.assertEqual(
            self.titles("/berita/"), ["Nasional baru", "Berita Jatim", "Berita Bali", "Nasional lama"]
        )

    def test_all_news_filters(self):
        self.assertEqual(self.titles("/berita/", kategori="daerah"), ["Berita Jatim", "Berita Bali"])
        self.assertEqual(self.titles("/berita/", kategori="daerah/bali"), ["Berita Bali"])
        self.assertEqual(self.titles("/berita/", layanan="haji"), ["Nasional baru"])
        self.assertEqual(self.titles("/berita/", satker="kanwil-jawa-timur"), ["Berita Jatim"])
        year = self.old.published_at.astimezone(JAKARTA).year
        month = self.old.published_at.astimezone(JAKARTA).month
        self.assertIn("Nasional lama", self.titles("/berita/", tahun=year, bulan=month))
        self.assertEqual(self.titles("/berita/", tahun=year - 1), [])

    def test_all_news_filter_form_is_shown_and_keeps_filters_in_pagination(self):
        response = self.client.get("/berita/", {"kategori": "daerah"})
        self.assertContains(response, '<form class="filter-form" method="get"')
        self.assertContains(response, '<option value="daerah/bali">— Bali</option>', html=True)
        self.assertEqual(response.context["query_string"], "kategori=daerah")

    def test_bad_filters_are_a_400_with_a_clear_error(self):
        bad = [{"kategori": "tidak-ada"}, {"layanan": "x"}, {"tahun": "abc"}, {"bulan": "3"}, {"bulan": "13"}]
        for params in bad:
            response = self.client.get("/berita/", params)
            self.assertEqual(response.status_code, 400, params)
            self.assertContains(response, 'role="alert"', status_code=400)

    def test_archive_ranges_follow_jakarta_time(self):
        september = make_article(self.nasional, "Akhir September")
        october = make_article(self.nasional, "Awal Oktober")
        last_minutes = datetime(2021, 9, 30, 23, 30, tzinfo=JAKARTA)  # still 30 September in UTC too
        first_minutes = datetime(2021, 10, 1, 0, 10, tzinfo=JAKARTA)  # 30 September 17:10 in UTC
        ArticlePage.objects.filter(pk=september.pk).update(published_at=last_minutes)
        ArticlePage.objects.filter(pk=october.pk).update(published_at=first_minutes)
        self.assertEqual(self.titles("/arsip/2021/9/"), ["Akhir September"])
        self.assertEqual(self.titles("/arsip/2021/10/"), ["Awal Oktober"])
        self.assertEqual(self.titles("/arsip/2021/"), ["Awal Oktober", "Akhir September"])
        response = self.client.get("/arsip/")
        self.assertIn({"year": 2021, "count": 2}, list(response.context["years"]))

    def test_archive_and_sitemap_counts_follow_jakarta_time(self):
        new_year = make_article(self.nasional, "Awal tahun")
        # 31 December 2021 17:10 in UTC: counted in January 2022 by readers in Jakarta.
        ArticlePage.objects.filter(pk=new_year.pk).update(
            published_at=datetime(2022, 1, 1, 0, 10, tzinfo=JAKARTA)
        )
        invalidate_all()
        years = {row["year"]: row["count"] for row in self.client.get("/arsip/").context["years"]}
        self.assertEqual(years[2022], 1)
        months = self.client.get("/arsip/2022/").context["archive_months"]
        self.assertEqual(months, [{"number": 1, "name": "Januari", "count": 1}])
        self.assertEqual(self.client.get("/arsip/2021/").context["archive_months"], [])
        index = self.client.get("/sitemap.xml").content.decode()
        self.assertIn("/sitemap-articles-2022-1.xml</loc>", index)
        self.assertNotIn("/sitemap-articles-2021-12.xml", index)

    def test_every_listing_has_a_canonical_link_with_the_parameters_it_reads(self):
        year = self.new.published_at.astimezone(JAKARTA).year
        for url, canonical in (
            ("/berita/", "/berita/"),
            ("/berita/?layanan=haji&utm_source=wa&fbclid=1", "/berita/?layanan=haji"),
            ("/berita/?page=1&layanan=haji", "/berita/?layanan=haji&page=1"),
            ("/tag/nope/", None),
            (f"/arsip/{year}/", f"/arsip/{year}/"),
            ("/arsip/", "/arsip/"),
            ("/layanan/", "/layanan/"),
            ("/layanan/haji/", "/layanan/haji/"),
            ("/satker/", "/satker/"),
            ("/satker/kanwil-jawa-timur/", "/satker/kanwil-jawa-timur/"),
        ):
            response = self.client.get(url)
            if canonical is None:
                self.assertEqual(response.status_code, 404)
                continue
            self.assertIn(response.status_code, (200,), url)
            html = response.content.decode()
            self.assertEqual(html.count('rel="canonical"'), 1, url)
            self.assertIn(
                f'<link rel="canonical" href="http://testserver{canonical.replace("&", "&amp;")}">', html, url
            )

    def test_the_home_pages_top_section_has_a_heading(self):
        response = self.client.get("/")
        self.assertContains(response, '<section class="home__top" aria-labelledby="top-heading">')
        self.assertContains(
            response, '<h2 class="visually-hidden" id="top-heading">Berita Utama</h2>', html=True
        )

    def test_archive_and_pagination_404s(self):
        for url in ["/arsip/2021/13/", "/arsip/2021/0/", "/arsip/1200/", "/arsip/99999/"]:
            self.assertEqual(self.client.get(url).status_code, 404, url)
        for page in ["0", "-1", "x", "3", "1e3", " 1"]:
            for url in ["/nasional/", "/berita/", "/arsip/2021/"]:
                self.assertEqual(self.client.get(url, {"page": page}).status_code, 404, (url, page))

    @override_settings(WARTA_PAGE_CACHE_SECONDS=0)
    def test_listings_page_without_counting_the_listing(self):
        # 2 + 11 = 13 articles in Nasional: one full page of 12 and one more.
        for number in range(11):
            make_article(self.nasional, f"Tambahan {number}", days_ago=10 + number)
        for url in ["/nasional/", "/berita/"]:
            invalidate_all()
            with CaptureQueriesContext(connection) as captured:
                first = self.client.get(url).content.decode()
            self.assertFalse([q["sql"] for q in captured if "COUNT(" in q["sql"].upper()], url)
            self.assertIn("Halaman 1</li>", first)
            self.assertIn('rel="next" href="?page=2"', first)
            self.assertNotIn("Terakhir", first)  # "Last" needs the count
        second = self.client.get("/nasional/", {"page": 2}).content.decode()
        self.assertIn("Halaman 2</li>", second)
        self.assertIn('rel="prev" href="?page=1"', second)
        self.assertNotIn('rel="next"', second)
        self.assertEqual(self.titles("/nasional/", page=2), ["Nasional lama"])
        self.assertEqual(self.client.get("/nasional/", {"page": 3}).status_code, 404)
        self.assertNotIn('class="pagination"', self.client.get("/daerah/").content.decode())

    def test_home_headline_is_editors_choice_else_newest(self):
        self.assertEqual(self.client.get("/").context["headline"].title, "Nasional baru")
        self.home.featured_article = self.old
        self.home.save_revision().publish()
        self.assertEqual(self.client.get("/").context["headline"].title, "Nasional lama")
        self.old.unpublish()
        self.assertEqual(self.client.get("/").context["headline"].title, "Nasional baru")

    def test_home_sections_per_category_and_more_news(self):
        response = self.client.get("/")
        shown = {response.context["headline"].title, *(a.title for a in response.context["latest"])}
        self.assertEqual(shown, {"Nasional baru", "Berita Jatim", "Berita Bali", "Nasional lama"})
        self.assertEqual(response.context["sections"], [])  # everything is already shown above
        image = make_image()
        for number in range(20):
            make_article(self.jatim, f"Jatim {number}", days_ago=5 + number, hero_image=image)
        response = self.client.get("/")
        sections = {
            s["category"].title: [a.title for a in s["articles"]] for s in response.context["sections"]
        }
        shown = {response.context["headline"].title, *(a.title for a in response.context["latest"])}
        self.assertEqual(len(sections["Daerah"]), 4)
        self.assertTrue(all(title.startswith("Jatim") for title in sections["Daerah"]))
        self.assertFalse(shown & set(sections["Daerah"]))
        strip = [a.title for a in response.context["more_news"]]
        self.assertEqual(len(strip), 6)
        self.assertFalse(set(strip) & (shown | set(sections["Daerah"])))
        self.assertContains(response, 'href="/layanan/haji/"')

    def test_cached_blocks_change_as_soon_as_an_article_is_published_or_unpublished(self):
        self.assertNotContains(self.client.get("/"), "Kabar paling baru")
        self.assertNotContains(self.client.get(self.old.url), "Kabar paling baru")
        fresh = make_article(self.nasional, "Kabar paling baru", days_ago=0, service_areas=[self.haji])
        self.assertContains(self.client.get("/"), "Kabar paling baru")
        # An article's reading blocks are chosen when it is published (news.related): a newer
        # article joins them when the older one is published again.
        self.assertNotContains(self.client.get(self.old.url), "Kabar paling baru")
        for page in (self.old, self.new):
            page.save_revision().publish()
        self.assertContains(self.client.get(self.old.url), "Kabar paling baru")  # Nasional Lainnya
        self.assertContains(self.client.get(self.new.url), "Kabar paling baru")  # shares a service area
        fresh.unpublish()
        for url in ["/", self.old.url, self.new.url]:
            with self.subTest(url=url):
                self.assertNotContains(self.client.get(url), "Kabar paling baru")

    def test_making_an_article_private_removes_it_from_cached_lists_at_once(self):
        self.assertContains(self.client.get("/nasional/"), "Nasional baru")
        self.assertContains(self.client.get("/"), "Nasional baru")
        PageViewRestriction.objects.create(page=self.new, restriction_type="login")
        self.assertNotContains(self.client.get("/nasional/"), "Nasional baru")
        self.assertNotContains(self.client.get("/"), "Nasional baru")

    def count_queries(self, url: str) -> int:
        self.client.get(url)
        invalidate_all()  # measure what a page costs before its cached fragments exist
        with CaptureQueriesContext(connection) as queries:
            self.client.get(url)
        return len(queries)

    def test_query_budgets_do_not_grow_with_cards(self):
        urls = [
            "/",
            "/nasional/",
            "/daerah/",
            "/berita/",
            "/berita/?kategori=daerah&layanan=haji",
            "/arsip/2021/",
        ]
        # On a real site the settings exist: their first read creates them (a change, a bump).
        SiteSettings.objects.get_or_create(site=Site.objects.get())
        image = make_image()
        ArticlePage.objects.update(hero_image=image)

        def add_articles(batch: str):
            for number in range(14):
                for parent in (self.nasional, self.jatim):
                    make_article(
                        parent, f"{batch} {parent.slug} {number}", hero_image=image, service_areas=[self.haji]
                    )
            for number in range(3):
                make_article(self.nasional, f"{batch} arsip {number}", hero_image=image)
            old = datetime(2021, 5, 1, tzinfo=JAKARTA)
            ArticlePage.objects.filter(title__startswith=f"{batch} arsip").update(published_at=old)

        add_articles("Pertama")
        before = {url: self.count_queries(url) for url in urls}
        add_articles("Kedua")
        after = {url: self.count_queries(url) for url in urls}
        self.assertEqual(after, before)
        self.assertLessEqual(after["/"], 16)
        self.assertLessEqual(after["/nasional/"], 14)
        self.assertLessEqual(after["/berita/"], 13)


@override_settings(WARTA_PAGE_CACHE_SECONDS=600)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        SiteSettings.objects.get_or_create(site=Site.objects.get())
        cls.nasional = make_category("Nasional", "nasional")
        cls.first = make_article(cls.nasional, "Berita pertama", days_ago=1)

    def test_anonymous_pages_are_cached_and_refreshed_on_publish_change_unpublish_and_move(self):
        self.assertEqual(self.client.get("/nasional/")["X-Cache"], "MISS")
        response = self.client.get("/nasional/")
        self.assertEqual(response["X-Cache"], "HIT")
        self.assertIn("public", response["Cache-Control"])

        second = make_article(self.nasional, "Berita kedua")
        self.assertContains(self.client.get("/nasional/"), "Berita kedua")

        second.title = "Berita kedua diperbarui"
        second.save_revision().publish()
        self.assertContains(self.client.get("/nasional/"), "Berita kedua diperbarui")

        second.unpublish()
        self.assertNotContains(self.client.get("/nasional/"), "Berita kedua")

        opini = make_category("Opini", "opini")
        self.first.move(opini, pos="last-child")
        self.assertNotContains(self.client.get("/nasional/"), "Berita pertama")

    def test_editors_and_errors_are_not_cached(self):
        self.client.get("/nasional/")
        self.client.force_login(self.create_superuser())
        self.assertNotIn("X-Cache", self.client.get("/nasional/"))
        self.client.logout()
        self.assertNotIn("X-Cache", self.client.get("/tidak-ada/"))

    def create_superuser(self):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.create_superuser("redaksi", "r@example.com", "x")


class ErrorPageTests(TestCase):
    def test_404_is_indonesian_in_the_site_design(self):
        response = self.client.get("/tidak-ada/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Halaman tidak ditemukan", status_code=404)
        self.assertContains(response, 'class="site-header"', status_code=404)

    def test_500_page_touches_no_database(self):
        from django.template.loader import render_to_string

        with self.assertNumQueries(0):
            html = render_to_string("500.html")
        self.assertIn("Terjadi kesalahan pada server", html)
        self.assertIn('<html lang="id">', html)
