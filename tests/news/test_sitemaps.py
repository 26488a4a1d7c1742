from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from defusedxml import ElementTree
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from news.caching import invalidate_all
from news.models import ArticlePage
from tests.utils import make_article, make_category

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
JAKARTA = ZoneInfo("Asia/Jakarta")


class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.recent = make_article(cls.nasional, "Baru <terbit> & 🕋", days_ago=0.5)
        cls.older = make_article(cls.nasional, "Dua hari lalu", days_ago=3)
        cls.archive = make_article(cls.nasional, "Arsip 2021")
        ArticlePage.objects.filter(pk=cls.archive.pk).update(
            published_at=datetime(2021, 9, 22, 10, tzinfo=JAKARTA),
            last_published_at=datetime(2021, 9, 23, 8, tzinfo=JAKARTA),
        )
        cls.draft = make_article(cls.nasional, "Draf", publish=False)
        cls.private = make_article(cls.nasional, "Privat", days_ago=0.2)
        PageViewRestriction.objects.create(page=cls.private, restriction_type="login")
        cls.future = make_article(cls.nasional, "Terjadwal", publish=False)
        cls.future.go_live_at = timezone.now() + timedelta(hours=5)
        cls.future.save_revision().publish()

    def xml(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertEqual(response["Content-Type"].split(";")[0], "application/xml")
        return ElementTree.fromstring(response.content)

    def all_urls(self):
        urls = []
        for loc in self.xml("/sitemap.xml").iter(f"{SITEMAP}loc"):
            child = self.xml(loc.text.replace("http://testserver", ""))
            urls += [node.text for node in child.iter(f"{SITEMAP}loc")]
        return urls

    def test_index_lists_the_pages_sitemap_and_one_child_per_month(self):
        index = self.xml("/sitemap.xml")
        self.assertEqual(index.tag, f"{SITEMAP}sitemapindex")
        locations = [node.findtext(f"{SITEMAP}loc") for node in index.findall(f"{SITEMAP}sitemap")]
        self.assertEqual(locations[0], "http://testserver/sitemap-pages.xml")
        self.assertIn("http://testserver/sitemap-articles-2021-9.xml", locations)
        september = next(
            n
            for n in index.findall(f"{SITEMAP}sitemap")
            if n.findtext(f"{SITEMAP}loc").endswith("2021-9.xml")
        )
        self.assertEqual(september.findtext(f"{SITEMAP}lastmod"), "2021-09-23T08:00:00+07:00")

    def test_children_list_exactly_the_live_public_articles(self):
        urls = self.all_urls()
        for article in [self.recent, self.older, self.archive]:
            self.assertIn(f"http://testserver{article.url}", urls)
        for hidden in [self.draft, self.private, self.future]:
            self.assertFalse([url for url in urls if hidden.slug in url], hidden.title)
        self.assertIn("http://testserver/nasional/", urls)
        self.assertIn("http://testserver/layanan/haji/", urls)

    def test_month_child_has_lastmod_and_bad_months_are_404(self):
        child = self.xml("/sitemap-articles-2021-9.xml")
        url = child.find(f"{SITEMAP}url")
        self.assertEqual(url.findtext(f"{SITEMAP}loc"), f"http://testserver{self.archive.url}")
        self.assertTrue(url.findtext(f"{SITEMAP}lastmod").startswith("2021-09-23"))
        for bad in [
            "/sitemap-articles-2021-13.xml",
            "/sitemap-articles-1800-1.xml",
            "/sitemap-articles-2021-9.xml?p=2",
            "/sitemap-articles-2021-9.xml?p=x",
        ]:
            self.assertEqual(self.client.get(bad).status_code, 404, bad)

    def test_news_sitemap_has_the_last_48_hours(self):
        root = self.xml("/sitemap-news.xml")
        urls = root.findall(f"{SITEMAP}url")
        self.assertEqual([u.findtext(f"{NEWS}news/{NEWS}title") for u in urls], ["Baru <terbit> & 🕋"])
        news = urls[0].find(f"{NEWS}news")
        self.assertEqual(news.findtext(f"{NEWS}publication/{NEWS}language"), "id")
        self.assertEqual(
            news.findtext(f"{NEWS}publication/{NEWS}name"), "Kementerian Agama Republik Indonesia"
        )
        self.assertTrue(news.findtext(f"{NEWS}publication_date").endswith("+07:00"))

    def test_robots_txt_names_both_sitemaps_and_disallows_the_admin(self):
        response = self.client.get("/robots.txt")
        text = response.content.decode()
        self.assertIn("Disallow: /admin/", text)
        self.assertIn("Sitemap: http://testserver/sitemap.xml", text)
        self.assertIn("Sitemap: http://testserver/sitemap-news.xml", text)

    def test_query_counts_are_fixed(self):
        def count(url):
            self.client.get(url)  # the first request also creates the site settings
            invalidate_all()  # counted as after a publication, before anything is cached
            with CaptureQueriesContext(connection) as queries:
                self.client.get(url)
            return len(queries)

        urls = ["/sitemap.xml", "/sitemap-articles-2021-9.xml", "/sitemap-news.xml"]
        before = {url: count(url) for url in urls}
        for number in range(30):
            page = make_article(self.nasional, f"Tambahan {number}", days_ago=number / 20)
            if number % 3:
                day = datetime(2021, 9 if number % 2 else 10, 1 + number % 28, tzinfo=JAKARTA)
                ArticlePage.objects.filter(pk=page.pk).update(published_at=day)
        after = {url: count(url) for url in urls}
        self.assertEqual(after, before)
        self.assertLessEqual(max(after.values()), 6)

    def test_every_listing_url_with_a_date_has_lastmod(self):
        from news.models import ServiceArea, WorkUnit

        haji, surabaya = (
            ServiceArea.objects.get(slug="haji"),
            WorkUnit.objects.get(slug="kankemenag-kota-surabaya"),
        )
        daerah = make_category("Daerah", "daerah")
        jatim = make_category("Jawa Timur", "jawa-timur", parent=daerah)
        manasik = make_article(jatim, "Manasik", days_ago=0.25, service_areas=[haji], work_units=[surabaya])
        Page.objects.filter(pk__in=[self.nasional.pk, daerah.pk, jatim.pk]).update(
            last_published_at=timezone.now() - timedelta(days=9)
        )
        invalidate_all()
        lastmods = {
            url.find(f"{SITEMAP}loc").text.replace("http://testserver", ""): getattr(
                url.find(f"{SITEMAP}lastmod"), "text", None
            )
            for url in self.xml("/sitemap-pages.xml").iter(f"{SITEMAP}url")
        }
        day = timezone.localtime(manasik.published_at).date().isoformat()
        for path in (
            "/",
            "/berita/",
            "/layanan/",
            "/satker/",
            "/daerah/",
            "/daerah/jawa-timur/",
            "/layanan/haji/",
        ):
            self.assertTrue((lastmods[path] or "").startswith(day), (path, lastmods[path]))
        for path in ("/satker/kankemenag-kota-surabaya/", "/satker/kanwil-jawa-timur/"):
            self.assertTrue((lastmods[path] or "").startswith(day), (path, lastmods[path]))
        recent = timezone.localtime(self.recent.published_at).date().isoformat()
        self.assertTrue(lastmods["/nasional/"].startswith(recent), lastmods["/nasional/"])
        # A service area without articles has no date to give.
        self.assertIsNone(lastmods["/layanan/zakat-wakaf/"])
