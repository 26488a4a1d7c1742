"""news.queries.prepared: a query's shape is built once per key and copied, never evaluated."""

from django.test import TestCase

from news.models import ArticlePage, card_rows
from news.queries import prepared
from tests.utils import make_article, make_category


class PreparedTests(TestCase):
    def test_built_once_per_key_and_copied_without_rows(self):
        builds = []

        def build():
            builds.append(1)
            return ArticlePage.objects.order_by("pk")

        first = prepared("test-prepared", ("a",), build)
        nasional = make_category("Nasional", "nasional")
        article = make_article(nasional, "Kuota haji diumumkan")
        self.assertEqual(list(first), [article])
        second = prepared("test-prepared", ("a",), build)
        self.assertIsNot(first, second)
        self.assertEqual(len(builds), 1)
        make_article(nasional, "Sidang isbat")
        self.assertEqual(len(list(second)), 2)  # a copy: no rows kept from the first
        prepared("test-prepared", ("b",), build)
        self.assertEqual(len(builds), 2)

    def test_card_rows_follow_private_sections(self):
        from wagtail.models import PageViewRestriction

        nasional = make_category("Nasional", "nasional")
        article = make_article(nasional, "Kuota haji diumumkan")
        self.assertIn(article.pk, card_rows([article.pk]))
        with self.captureOnCommitCallbacks(execute=True):
            PageViewRestriction.objects.create(page=nasional, restriction_type="login")
        self.assertNotIn(article.pk, card_rows([article.pk]))
