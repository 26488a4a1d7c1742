"""“<Kategori> Lainnya” and “Berita Lainnya” are chosen when an article is published (news.related)."""

from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news import listing
from news.caching import invalidate_all
from news.models import ArticlePage, ArticleRelatedPage, ServiceArea, published
from news.related import STORED_LIMIT, choose_reading_lists, store_missing_reading_lists_in_bulk
from tests.utils import make_article, make_category, make_image


class ReadingListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.daerah = make_category("Daerah", "daerah")
        cls.haji = ServiceArea.objects.get(slug="haji")
        cls.image = make_image()
        cls.siblings = [
            make_article(cls.nasional, f"Nasional {n}", days_ago=10 + n, hero_image=cls.image)
            for n in range(9)
        ]
        cls.sharing = [
            make_article(cls.daerah, f"Daerah haji {n}", days_ago=20 + n, service_areas=[cls.haji])
            for n in range(9)
        ]
        cls.article = make_article(cls.nasional, "Kuota haji diumumkan", service_areas=[cls.haji])

    def blocks(self, page=None):
        response = self.client.get((page or self.article).url)
        self.assertEqual(response.status_code, 200)
        return (
            [a.title for a in response.context["more_from_category"]],
            [a.title for a in response.context["related_articles"]],
        )

    def test_publishing_stores_both_lists(self):
        self.article.refresh_from_db()
        lists = self.article.reading_lists
        self.assertEqual(lists["more"], [page.pk for page in self.siblings[:STORED_LIMIT]])
        self.assertEqual(lists["related"], [page.pk for page in self.sharing[:STORED_LIMIT]])
        self.assertEqual(lists, choose_reading_lists(self.article))

    def test_page_shows_five_each_newest_first_without_itself_or_repeats(self):
        more, related = self.blocks()
        self.assertEqual(more, [f"Nasional {n}" for n in range(5)])
        self.assertEqual(related, [f"Daerah haji {n}" for n in range(5)])
        self.assertNotIn(self.article.title, more + related)
        self.assertEqual(len(set(more + related)), 10)

    def test_stored_lists_are_read_without_choosing_them_again(self):
        def count(page) -> int:
            invalidate_all()
            with CaptureQueriesContext(connection) as queries:
                self.blocks(page)
            return len(queries)

        self.blocks()  # renditions and settings
        stored = count(self.article)
        ArticlePage.objects.filter(pk=self.article.pk).update(reading_lists=None)
        chosen = count(ArticlePage.objects.get(pk=self.article.pk))
        self.assertLessEqual(stored, chosen - 3)

    def test_an_article_that_leaves_the_lists_is_replaced_by_a_spare(self):
        self.siblings[0].unpublish()
        withdrawn = self.sharing[0]
        ArticlePage.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
        listing.sync(ArticlePage.objects.filter(pk=withdrawn.pk))
        PageViewRestriction.objects.create(page=self.siblings[1], restriction_type="login")
        more, related = self.blocks()
        self.assertEqual(more, [f"Nasional {n}" for n in range(2, 7)])
        self.assertEqual(related, [f"Daerah haji {n}" for n in range(1, 6)])

    def test_a_newer_article_joins_on_republication_not_before(self):
        newer = make_article(self.nasional, "Nasional terbaru", days_ago=-0.01, service_areas=[self.haji])
        more, related = self.blocks()
        self.assertNotIn(newer.title, more + related)
        self.article.save_revision().publish()
        more, _related = self.blocks()
        self.assertEqual(more[0], newer.title)

    def test_scheduled_draft_and_private_articles_are_never_stored(self):
        draft = make_article(self.nasional, "Draf", days_ago=-1, publish=False, service_areas=[self.haji])
        future = make_article(
            self.nasional, "Terjadwal", days_ago=-1, publish=False, service_areas=[self.haji]
        )
        future.go_live_at = timezone.now() + timedelta(days=1)
        future.save_revision().publish()
        private = make_article(self.nasional, "Privat", days_ago=-1, service_areas=[self.haji])
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        invalidate_all()
        self.article.save_revision().publish()
        self.article.refresh_from_db()
        stored = self.article.reading_lists["more"] + self.article.reading_lists["related"]
        for hidden in (draft, future, private):
            self.assertNotIn(hidden.pk, stored)

    def test_old_rows_without_lists_choose_them_when_read(self):
        ArticlePage.objects.filter(pk=self.article.pk).update(reading_lists=None)
        more, related = self.blocks(ArticlePage.objects.get(pk=self.article.pk))
        self.assertEqual(more, [f"Nasional {n}" for n in range(5)])
        self.assertEqual(related, [f"Daerah haji {n}" for n in range(5)])

    def test_store_reading_lists_fills_old_rows(self):
        ArticlePage.objects.update(reading_lists=None)
        call_command("store_reading_lists", stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.article.refresh_from_db()
        self.assertEqual(self.article.reading_lists, choose_reading_lists(self.article))
        self.assertFalse(published().filter(reading_lists__isnull=True).exists())


class GeneratedReadingListTests(TestCase):
    def test_generated_articles_get_lists_like_publishing_gives(self):
        make_category("Nasional", "nasional")
        make_category("Haji", "haji")
        call_command("generate_articles", 60, stdout=open("/dev/null", "w"))  # noqa: SIM115
        articles = list(published().order_by("-published_at", "-pk"))
        self.assertTrue(all(article.reading_lists is not None for article in articles))
        newest = articles[0]
        # The newest article's lists are what publishing it now would choose (its "more" exactly).
        self.assertEqual(newest.reading_lists["more"], choose_reading_lists(newest)["more"])
        for article in articles:
            more, related = article.reading_lists["more"], article.reading_lists["related"]
            self.assertNotIn(article.pk, more + related)
            self.assertFalse(set(more) & set(related))
            older = published().filter(pk__in=more, path__startswith=article.path[: -article.steplen])
            self.assertEqual(older.count(), len(more))


class OtherNewsNeverEmptyTests(TestCase):
    """“Berita Lainnya” holds five items whatever an article shares: curated, shared, then latest."""

    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.daerah = make_category("Daerah", "daerah")
        cls.haji = ServiceArea.objects.get(slug="haji")
        cls.siblings = [make_article(cls.nasional, f"Nasional {n}", days_ago=10 + n) for n in range(2)]
        cls.latest = [make_article(cls.daerah, f"Daerah {n}", days_ago=1 + n) for n in range(8)]
        cls.sharing = make_article(cls.daerah, "Daerah haji", days_ago=30, service_areas=[cls.haji])
        cls.lone = make_article(cls.nasional, "Tanpa istilah")

    def related(self, page) -> list[str]:
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        more = [a.title for a in response.context["more_from_category"]]
        related = [a.title for a in response.context["related_articles"]]
        self.assertNotIn(page.title, more + related)
        self.assertFalse(set(more) & set(related))
        return related

    def test_an_article_sharing_nothing_gets_the_latest_news_and_see_all(self):
        self.assertEqual(self.related(self.lone), [f"Daerah {n}" for n in range(5)])
        response = self.client.get(self.lone.url)
        self.assertContains(response, 'id="related-articles"')
        self.assertContains(response, f'<a href="{reverse("news_index")}">Lihat Semua')

    def test_curated_links_then_shared_terms_then_the_latest(self):
        article = make_article(self.nasional, "Kuota haji", service_areas=[self.haji])
        article.related_links = [ArticleRelatedPage(page=self.latest[7], sort_order=0)]
        article.save_revision().publish()
        self.assertEqual(
            self.related(ArticlePage.objects.get(pk=article.pk)),
            ["Daerah 7", "Daerah haji", "Daerah 0", "Daerah 1", "Daerah 2"],
        )

    def test_chosen_at_read_time_too(self):
        ArticlePage.objects.filter(pk=self.lone.pk).update(reading_lists=None)
        self.assertEqual(
            self.related(ArticlePage.objects.get(pk=self.lone.pk)), [f"Daerah {n}" for n in range(5)]
        )

    def test_short_stored_lists_are_completed_by_the_command(self):
        ArticlePage.objects.filter(pk=self.lone.pk).update(reading_lists={"more": [], "related": []})
        call_command("store_reading_lists", stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.lone.refresh_from_db()
        self.assertEqual(len(self.lone.reading_lists["related"]), STORED_LIMIT)

    def test_lists_stored_in_bulk_take_the_latest_too(self):
        ArticlePage.objects.update(reading_lists=None)
        store_missing_reading_lists_in_bulk()
        self.lone.refresh_from_db()
        self.assertEqual(self.lone.reading_lists["related"][:5], [page.pk for page in self.latest[:5]])

    def test_a_cached_page_drops_an_unpublished_item_and_shows_a_spare(self):
        with override_settings(WARTA_PAGE_CACHE_SECONDS=600):
            self.assertIn("Daerah 0", self.related(self.lone))
            self.assertEqual(self.client.get(self.lone.url)["X-Cache"], "HIT")
            with self.captureOnCommitCallbacks(execute=True):
                self.latest[0].unpublish()
            self.assertEqual(self.related(self.lone), [f"Daerah {n}" for n in range(1, 6)])

    def test_a_page_choosing_at_read_time_follows_new_publications(self):
        ArticlePage.objects.filter(pk=self.lone.pk).update(reading_lists=None)
        lone = ArticlePage.objects.get(pk=self.lone.pk)
        with override_settings(WARTA_PAGE_CACHE_SECONDS=600):
            self.related(lone)
            with self.captureOnCommitCallbacks(execute=True):
                make_article(self.daerah, "Daerah terbaru", days_ago=0.5)
            self.assertEqual(self.related(lone)[0], "Daerah terbaru")
