"""“Terpopuler”: reads counted by a beacon in the cache, written in batches, ranked per period."""

import re
from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils import WagtailTestUtils

from news import listing
from news.models import ArticlePage, ArticleViewCount, MostReadRanking
from news.popular import flush_view_counts, most_read, store_rankings
from tests.utils import make_article, make_category

BROWSER = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"


class ReadBeaconTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.article = make_article(cls.nasional, "Kuota haji diumumkan")
        cls.draft = make_article(cls.nasional, "Belum terbit", publish=False)

    def read(self, article=None, address="10.0.0.1", agent=BROWSER, **extra):
        url = reverse("read_beacon", args=[(article or self.article).pk])
        return self.client.post(url, REMOTE_ADDR=address, HTTP_USER_AGENT=agent, **extra)

    def views(self, article=None) -> int:
        flush_view_counts()
        rows = ArticleViewCount.objects.filter(article=article or self.article)
        return sum(rows.values_list("views", flat=True))

    def test_an_anonymous_read_is_counted(self):
        response = self.read()
        self.assertEqual(response.status_code, 204)
        self.assertEqual(self.views(), 1)

    def test_the_article_page_sends_the_beacon_from_a_file(self):
        html = self.client.get(self.article.url).content.decode()
        beacon = re.search(r'<script src="[^"]*read-beacon\.js" data-read-url="([^"]+)"', html)
        self.assertIsNotNone(beacon)
        self.assertEqual(beacon.group(1), reverse("read_beacon", args=[self.article.pk]))

    def test_editors_bots_and_previews_are_not_counted(self):
        self.login()
        self.assertEqual(self.read().status_code, 204)
        self.client.logout()
        for agent in (
            "Googlebot/2.1 (+http://www.google.com/bot.html)",
            "curl/8.5.0",
            "",
            "HeadlessChrome/131",
        ):
            self.assertEqual(self.read(agent=agent).status_code, 204)
        preview = f"http://testserver/admin/pages/{self.article.pk}/edit/preview/"
        self.assertEqual(self.read(HTTP_REFERER=preview).status_code, 204)
        self.assertEqual(self.views(), 0)

    def test_a_preview_carries_no_beacon(self):
        preview = self.article.save_revision().as_object().make_preview_request()
        self.assertNotContains(preview, "read-beacon.js")

    def test_reloading_twenty_times_counts_once(self):
        for _ in range(20):
            self.assertEqual(self.read().status_code, 204)
        self.assertEqual(self.views(), 1)
        self.read(address="10.0.0.2")  # another reader
        self.read(agent=BROWSER.replace("Pixel 8", "Pixel 9"))  # another phone behind the same address
        self.assertEqual(self.views(), 3)

    def test_a_read_writes_nothing_to_the_database(self):
        self.read(address="10.0.0.9")  # the article's existence is read once, then cached
        with self.assertNumQueries(0):
            response = self.read()
        self.assertEqual(response.status_code, 204)
        self.assertFalse(ArticleViewCount.objects.exists())

    def test_bad_requests(self):
        self.assertEqual(self.read(self.draft).status_code, 404)
        self.assertEqual(self.client.post("/api/baca/999999/").status_code, 404)
        self.assertEqual(self.client.post("/api/baca/abc/").status_code, 404)
        self.assertEqual(self.client.get(reverse("read_beacon", args=[self.article.pk])).status_code, 405)
        self.assertEqual(self.views(self.draft), 0)

    def test_the_scheduler_writes_the_counts_each_run(self):
        from io import StringIO
        from unittest import mock

        from news.management.commands.run_scheduler import Command

        self.read()
        with mock.patch("news.management.commands.run_scheduler.close_old_connections"):
            Command(stdout=StringIO()).run_once(60)
        self.assertEqual(ArticleViewCount.objects.get(article=self.article).views, 1)
        # A failing flush is logged and does not stop the run.
        with (
            mock.patch("news.management.commands.run_scheduler.close_old_connections"),
            mock.patch("news.management.commands.run_scheduler.flush_view_counts", side_effect=OSError),
            self.assertLogs("news.scheduler", "ERROR"),
        ):
            self.assertGreater(Command(stdout=StringIO()).run_once(60), 0)

    @override_settings(RATELIMIT_ENABLE=True)
    def test_the_beacon_is_rate_limited(self):
        # The limit's window is a clock minute: a slow run must not cross into the next one.
        with time_machine.travel(timezone.now().replace(second=1), tick=False):
            statuses = {self.read(agent=f"{BROWSER} {n}").status_code for n in range(125)}
        self.assertEqual(statuses, {204, 429})

    def test_flush_aggregates_per_hour_and_twice_writes_the_same(self):
        for n in range(3):
            self.read(address=f"10.0.1.{n}")
        self.assertEqual(flush_view_counts(), 1)
        self.assertEqual(flush_view_counts(), 0)
        self.read(address="10.0.1.9")
        call_command("flush_view_counts", stdout=open("/dev/null", "w"))  # noqa: SIM115
        row = ArticleViewCount.objects.get(article=self.article)
        self.assertEqual(row.views, 4)
        self.assertEqual(row.hour, timezone.now().replace(minute=0, second=0, microsecond=0))


class MostReadTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.old_favourite = make_article(cls.nasional, "Hasil seleksi CPNS", days_ago=5)
        cls.today = make_article(cls.nasional, "Kuota haji diumumkan", days_ago=1)
        cls.unread = make_article(cls.nasional, "Tidak dibaca", days_ago=1)

    def readers(self, article, count: int, prefix: str):
        for n in range(count):
            response = self.client.post(
                reverse("read_beacon", args=[article.pk]),
                REMOTE_ADDR=f"10.{prefix}.0.{n}",
                HTTP_USER_AGENT=BROWSER,
            )
            self.assertEqual(response.status_code, 204)
        flush_view_counts()

    def test_the_24_hours_and_the_7_days_rank_differently(self):
        now = timezone.now()
        with time_machine.travel(now - timedelta(days=3), tick=False):
            self.readers(self.old_favourite, 6, "1")
        with time_machine.travel(now - timedelta(hours=2), tick=False):
            self.readers(self.today, 2, "2")
        self.readers(self.old_favourite, 1, "3")

        response = self.client.get(reverse("most_read"))
        self.assertEqual(response.status_code, 200)
        periods = {
            period["key"]: [a.title for a in period["articles"]] for period in response.context["periods"]
        }
        self.assertEqual(periods["24h"], ["Kuota haji diumumkan", "Hasil seleksi CPNS"])
        self.assertEqual(periods["7d"], ["Hasil seleksi CPNS", "Kuota haji diumumkan"])
        self.assertContains(response, '<h1 class="listing__title">Terpopuler</h1>', html=False)
        self.assertContains(response, "Terpopuler 24 jam terakhir")
        self.assertContains(response, "Terpopuler 7 hari terakhir")
        self.assertContains(response, '<link rel="canonical" href="http://testserver/terpopuler/">')

        # Eight days on, the old reads have left both windows.
        with time_machine.travel(now + timedelta(days=8), tick=False):
            flush_view_counts()  # the scheduler's run ranks again, nothing new counted
            self.assertEqual(most_read("7d"), [])

    def test_home_and_article_sidebar_show_the_block(self):
        self.readers(self.today, 2, "4")
        home = self.client.get("/")
        self.assertContains(home, 'id="most-read-heading"')
        self.assertContains(home, reverse("most_read"))
        article = self.client.get(self.old_favourite.url)
        self.assertContains(article, 'id="most-read-heading"')
        self.assertContains(article, "Kuota haji diumumkan")

    def test_an_unpublished_article_leaves_the_ranking(self):
        self.readers(self.today, 3, "5")
        self.today.unpublish()
        self.assertEqual(most_read("24h"), [])

    def test_editors_see_the_counts_in_the_listing(self):
        self.readers(self.today, 3, "6")
        self.login()
        response = self.client.get(reverse("articles:index"))
        self.assertContains(response, "Dibaca 24 jam")
        self.assertContains(response, "Dibaca 7 hari")
        rows = {page.title: (page.reads_24h, page.reads_7d) for page in response.context["object_list"]}
        self.assertEqual(rows["Kuota haji diumumkan"], (3, 3))
        self.assertEqual(rows["Tidak dibaca"], (0, 0))


@override_settings(WARTA_PAGE_CACHE_SECONDS=600)
class StoredRankingTests(TestCase):
    """The scheduler ranks (flush_view_counts), pages read the stored ranking; cached pages
    follow a new ranking and the articles that leave it."""

    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.first = make_article(cls.nasional, "Kuota haji diumumkan", days_ago=1)
        cls.second = make_article(cls.nasional, "Hasil seleksi CPNS", days_ago=2)
        cls.reader = make_article(cls.nasional, "Artikel yang dibuka", days_ago=3)

    def setUp(self):
        traveller = time_machine.travel(timezone.now(), tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)

    def reads(self, article, count: int) -> None:
        hour = timezone.now().replace(minute=0, second=0, microsecond=0)
        row, _created = ArticleViewCount.objects.get_or_create(article=article, hour=hour)
        ArticleViewCount.objects.filter(pk=row.pk).update(views=row.views + count)

    def rank(self) -> list[str]:
        with self.captureOnCommitCallbacks(execute=True):
            return store_rankings()

    def sidebar(self) -> list[str]:
        response = self.client.get(self.reader.url)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        block = html[html.index('id="most-read-heading"') :] if 'id="most-read-heading"' in html else ""
        titles = [title for title in ("Kuota haji diumumkan", "Hasil seleksi CPNS") if title in block]
        return sorted(titles, key=block.index)  # in the block's order

    def test_the_flush_stores_the_ranking_of_each_period(self):
        self.reads(self.second, 5)
        self.reads(self.first, 3)
        flush_view_counts()
        stored = dict(MostReadRanking.objects.values_list("period", "article_ids"))
        ranked = [self.second.pk, self.first.pk]
        self.assertEqual(stored, {"24h": ranked, "7d": ranked})

    def test_a_new_ranking_refreshes_the_cached_pages_that_show_it(self):
        self.reads(self.first, 5)
        self.rank()
        self.assertEqual(self.sidebar(), ["Kuota haji diumumkan"])
        self.assertEqual(self.client.get(self.reader.url)["X-Cache"], "HIT")
        self.reads(self.second, 9)
        self.assertEqual(self.rank(), ["24h", "7d"])
        self.assertEqual(self.sidebar(), ["Hasil seleksi CPNS", "Kuota haji diumumkan"])

    def test_an_unchanged_ranking_keeps_the_cached_pages(self):
        self.reads(self.first, 5)
        self.rank()
        self.assertEqual(self.sidebar(), ["Kuota haji diumumkan"])
        self.assertEqual(self.rank(), [])
        self.assertEqual(self.client.get(self.reader.url)["X-Cache"], "HIT")

    def test_an_article_unpublished_after_the_ranking_leaves_the_cached_pages(self):
        self.reads(self.first, 5)
        self.reads(self.second, 3)
        self.rank()
        self.assertEqual(self.sidebar(), ["Kuota haji diumumkan", "Hasil seleksi CPNS"])
        with self.captureOnCommitCallbacks(execute=True):
            self.first.unpublish()
        self.assertEqual(self.sidebar(), ["Hasil seleksi CPNS"])
        self.assertEqual(self.client.get("/").content.decode().count("Kuota haji diumumkan"), 0)

    def test_withdrawn_and_private_articles_are_not_ranked(self):
        from wagtail.models import PageViewRestriction

        self.reads(self.first, 5)
        self.reads(self.second, 3)
        with self.captureOnCommitCallbacks(execute=True):
            ArticlePage.objects.filter(pk=self.first.pk).update(withdrawn_at=timezone.now())
            listing.sync(ArticlePage.objects.filter(pk=self.first.pk))
            PageViewRestriction.objects.create(page=self.second, restriction_type="login")
        self.rank()
        self.assertEqual(MostReadRanking.objects.get(period="24h").article_ids, [])
        self.assertEqual(self.sidebar(), [])

    def test_before_the_first_ranking_the_block_is_not_shown(self):
        self.reads(self.first, 5)  # counted, not ranked yet
        self.assertFalse(MostReadRanking.objects.exists())
        self.assertNotContains(self.client.get(self.reader.url), 'id="most-read-heading"')
