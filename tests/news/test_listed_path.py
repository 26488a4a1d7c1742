"""`ArticlePage.listed_path` (news.listing) follows the page through every way it changes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth import get_user_model
from django.test import TestCase
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Page

from home.models import HomePage
from news import listing
from news.models import ArticlePage, CategoryIndexPage, published
from news.scheduling import publish_due
from tests.utils import make_article, make_category

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


class ListedPathTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.daerah = make_category("Daerah", "daerah")
        cls.jatim = make_category("Jawa Timur", "jawa-timur", parent=cls.daerah)

    def assertInSync(self):
        """Every article's copy is what the page table and its own row say."""
        for article in ArticlePage.objects.select_related("page_ptr"):
            page = Page.objects.get(pk=article.pk)
            expected = page.path if page.live and article.withdrawn_at is None else None
            self.assertEqual(article.listed_path, expected, article.title)

    def listed(self, pk) -> str | None:
        return ArticlePage.objects.values_list("listed_path", flat=True).get(pk=pk)

    def category_titles(self, category) -> list[str]:
        return [article.title for article in category.get_articles()]

    def test_a_published_article_is_listed_at_its_path_and_a_draft_is_not(self):
        article = make_article(self.nasional, "Terbit")
        draft = make_article(self.nasional, "Draf", publish=False)
        self.assertEqual(self.listed(article.pk), Page.objects.get(pk=article.pk).path)
        self.assertIsNone(self.listed(draft.pk))
        self.assertEqual(self.category_titles(self.nasional), ["Terbit"])
        self.assertInSync()

    def test_unpublishing_through_wagtail_leaves_the_listings(self):
        article = make_article(self.jatim, "Ditarik dari tayang")
        UnpublishPageAction(Page.objects.get(pk=article.pk)).execute(skip_permission_checks=True)
        self.assertIsNone(self.listed(article.pk))
        self.assertEqual(self.category_titles(self.daerah), [])
        self.assertInSync()

    def test_unpublishing_a_category_with_its_descendants_unlists_them(self):
        make_article(self.jatim, "Di bawah Jawa Timur")
        admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "x")
        UnpublishPageAction(self.daerah, include_descendants=True, user=admin).execute()
        self.assertFalse(published().exists())
        self.assertInSync()

    def test_a_withdrawal_counts_once_it_is_published_not_in_a_draft(self):
        article = make_article(self.nasional, "Akan dicabut")
        article.withdrawn_at = NOW
        article.withdrawal_reason = "Data keliru"
        revision = article.save_revision()
        self.assertIsNotNone(self.listed(article.pk), "a draft withdraws nothing")
        revision.publish()
        self.assertIsNone(self.listed(article.pk))
        self.assertInSync()

    def test_moving_an_article_lists_it_in_its_new_category(self):
        article = make_article(self.nasional, "Pindah ke daerah")
        Page.objects.get(pk=article.pk).move(self.jatim, pos="last-child")
        self.assertEqual(self.category_titles(self.nasional), [])
        self.assertEqual(self.category_titles(self.jatim), ["Pindah ke daerah"])
        self.assertEqual(self.category_titles(self.daerah), ["Pindah ke daerah"])
        self.assertInSync()

    def test_moving_a_category_carries_its_articles_paths(self):
        make_article(self.jatim, "Ikut pindah")
        jatim = Page.objects.get(pk=self.jatim.pk)
        jatim.move(HomePage.objects.get(), pos="last-child")
        self.assertEqual(self.category_titles(CategoryIndexPage.objects.get(pk=self.daerah.pk)), [])
        moved = CategoryIndexPage.objects.get(pk=self.jatim.pk)
        self.assertEqual(self.category_titles(moved), ["Ikut pindah"])
        self.assertInSync()

    def test_a_copy_of_a_live_article_is_listed_under_its_own_path(self):
        article = make_article(self.nasional, "Asli")
        copy = article.copy(update_attrs={"slug": "salinan", "title": "Salinan"}, keep_live=True)
        self.assertNotEqual(self.listed(copy.pk), self.listed(article.pk))
        self.assertInSync()

    def test_scheduled_go_live_and_expiry(self):
        with time_machine.travel(NOW, tick=False):
            page = make_article(self.nasional, "Terjadwal", publish=False)
            page.go_live_at = NOW + timedelta(hours=1)
            page.expire_at = NOW + timedelta(days=1)
            page.save_revision().publish()
            self.assertIsNone(self.listed(page.pk))
        with time_machine.travel(NOW + timedelta(hours=1), tick=False):
            self.assertEqual(publish_due(), (1, 0))
            self.assertIsNotNone(self.listed(page.pk))
            self.assertInSync()
        with time_machine.travel(NOW + timedelta(days=1, seconds=1), tick=False):
            self.assertEqual(publish_due(), (0, 1))
            self.assertIsNone(self.listed(page.pk))
            self.assertInSync()

    def test_sync_repairs_rows_written_around_it(self):
        article = make_article(self.nasional, "Ditulis langsung")
        ArticlePage.objects.filter(pk=article.pk).update(listed_path=None)
        self.assertEqual(listing.sync(), ArticlePage.objects.count())
        self.assertInSync()
