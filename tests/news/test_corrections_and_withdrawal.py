from datetime import timedelta

import feedparser
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Site

from home.models import SiteSettings
from news.models import ArticlePage, ServiceArea
from tests.utils import make_article, make_category


class WithdrawalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        SiteSettings.objects.get_or_create(site=Site.objects.get())
        cls.nasional = make_category("Nasional", "nasional")
        haji = ServiceArea.objects.get(slug="haji")
        cls.kept = make_article(cls.nasional, "Berita tetap", days_ago=1, service_areas=[haji], tags=["haji"])
        cls.withdrawn = make_article(cls.nasional, "Berita ditarik", service_areas=[haji], tags=["haji"])
        cls.withdrawn.withdrawn_at = timezone.now()
        cls.withdrawn.withdrawal_reason = "Data jumlah jemaah keliru."
        cls.withdrawn.save_revision().publish()

    def test_url_stays_with_a_notice_and_410(self):
        response = self.client.get(self.withdrawn.url)
        self.assertEqual(response.status_code, 410)
        self.assertContains(response, "Berita ditarik", status_code=410)
        self.assertContains(response, "Data jumlah jemaah keliru.", status_code=410)
        self.assertContains(response, "ditarik pada", status_code=410)
        self.assertNotContains(response, "Isi berita Berita ditarik", status_code=410)

    def test_withdrawn_article_leaves_every_list(self):
        for url in ["/", "/nasional/", "/berita/", "/layanan/haji/", "/tag/haji/", self.kept.url]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertNotContains(response, "Berita ditarik", msg_prefix=url)
        for url in ["/rss/", "/atom/", "/nasional/rss/", "/sitemap-news.xml"]:
            self.assertNotIn(b"Berita ditarik", self.client.get(url).content, url)
        # Each article's month sitemap, in Jakarta time (the two may fall in different months).
        self.assertNotIn(self.withdrawn.url, self.month_sitemap(self.withdrawn))
        self.assertIn(self.kept.url, self.month_sitemap(self.kept))
        results = self.client.get("/cari/", {"q": "ditarik"}).context["results"]
        self.assertEqual(results, [])

    def month_sitemap(self, page) -> str:
        month = timezone.localtime(page.published_at)
        return self.client.get(f"/sitemap-articles-{month.year}-{month.month}.xml").content.decode()

    def test_withdrawing_needs_a_reason(self):
        page = ArticlePage.objects.get(pk=self.kept.pk)
        page.withdrawn_at = timezone.now()
        with self.assertRaises(ValidationError):
            page.full_clean()


class CorrectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.article = make_article(cls.nasional, "Kuota haji", days_ago=2)

    def test_correction_is_shown_and_bumps_updated_time_feed_and_sitemap(self):
        before = feedparser.parse(self.client.get("/atom/").content).entries[0].updated_parsed
        page = ArticlePage.objects.get(pk=self.article.pk)
        corrected = timezone.now() - timedelta(minutes=5)
        page.corrections = [("correction", {"date": corrected, "text": "Kuota yang benar 221.000 jemaah."})]
        page.save_revision().publish()

        response = self.client.get(page.url)
        self.assertContains(response, "Ralat")
        self.assertContains(response, "Kuota yang benar 221.000 jemaah.")
        self.assertContains(response, "Diperbarui")
        after = feedparser.parse(self.client.get("/atom/").content).entries[0].updated_parsed
        self.assertGreater(after, before)
        month = timezone.localtime(page.published_at)
        sitemap = self.client.get(f"/sitemap-articles-{month.year}-{month.month}.xml").content.decode()
        # Republished now: today in Jakarta, which is not the UTC day from 17:00 to 24:00 UTC.
        self.assertIn(f"<lastmod>{timezone.localdate().isoformat()}", sitemap)
