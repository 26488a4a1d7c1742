"""news.queries.compiled: a query is built and compiled once per shape, and runs with the values
of each call; nothing read is kept."""

from unittest import mock

from django.db.models.sql.compiler import SQLCompiler
from django.test import TestCase
from wagtail.models import PageViewRestriction

from news.models import ArticlePage, article_at, card_row_query, card_rows
from news.queries import compiled
from tests.utils import make_article, make_category


def counting_compiles():
    """A patch of Django's compiler that counts the queries compiled to SQL."""
    return mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql)


class CompiledTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.haji = make_article(cls.nasional, "Kuota haji diumumkan")
        cls.isbat = make_article(cls.nasional, "Sidang isbat awal Ramadan")
        cls.madrasah = make_article(cls.nasional, "Madrasah hebat bermartabat")

    def by_ids(self, builds: list, ids: list):
        def build(ids):
            builds.append(ids)
            return ArticlePage.objects.filter(pk__in=ids).order_by("pk")

        return compiled(self.id(), (), build, ids=ids)

    def test_built_and_compiled_once_per_shape_and_run_with_each_calls_values(self):
        builds = []
        with counting_compiles() as compiles:
            first = list(self.by_ids(builds, [self.haji.pk, self.isbat.pk]))
            second = list(self.by_ids(builds, [self.madrasah.pk, self.haji.pk]))
        self.assertEqual(first, [self.haji, self.isbat])
        self.assertEqual(second, [self.haji, self.madrasah])
        self.assertEqual(len(builds), 1)
        self.assertEqual(compiles.call_count, 1)
        # Three ids are another shape: built and compiled once more.
        with counting_compiles() as compiles:
            third = list(self.by_ids(builds, [self.haji.pk, self.isbat.pk, self.madrasah.pk]))
        self.assertEqual(third, [self.haji, self.isbat, self.madrasah])
        self.assertEqual((len(builds), compiles.call_count), (2, 1))

    def test_no_rows_are_kept(self):
        builds = []
        self.assertEqual(list(self.by_ids(builds, [self.haji.pk, 10**9])), [self.haji])
        ArticlePage.objects.filter(pk=self.haji.pk).update(title="Kuota haji ditambah")
        (again,) = self.by_ids(builds, [self.haji.pk, 10**9])
        self.assertEqual(again.title, "Kuota haji ditambah")

    def test_strings_and_scalars_are_put_back(self):
        def build(slug, depth):
            return ArticlePage.objects.filter(slug=slug, depth=depth)

        for article in (self.haji, self.isbat):
            with self.subTest(article.slug):
                found = compiled("test-slug", (), build, slug=article.slug, depth=article.depth)
                self.assertEqual(list(found), [article])
        self.assertEqual(list(compiled("test-slug", (), build, slug="tidak-ada", depth=self.haji.depth)), [])

    def test_a_value_django_rewrites_is_built_and_compiled_every_time(self):
        """A LIKE pattern is not the value given: that shape is not kept, and stays right."""

        def build(prefix):
            return ArticlePage.objects.filter(slug__startswith=prefix).order_by("pk")

        with counting_compiles() as compiles:
            self.assertEqual(list(compiled("test-prefix", (), build, prefix="kuota")), [self.haji])
            self.assertEqual(list(compiled("test-prefix", (), build, prefix="sidang")), [self.isbat])
        self.assertGreaterEqual(compiles.call_count, 3)

    def test_an_empty_list_finds_nothing(self):
        self.assertEqual(list(self.by_ids([], [])), [])

    def test_a_compiled_query_is_not_changed_into_another(self):
        found = self.by_ids([], [self.haji.pk, self.isbat.pk])
        changes = (
            lambda q: q.filter(title="x"),
            lambda q: q.count(),
            lambda q: q.first(),
            lambda q: q.exists(),
        )
        for change in changes:
            with self.assertRaises(TypeError):
                change(found)

    def test_card_rows_are_the_plain_querys_rows(self):
        ids = sorted([self.haji.pk, self.isbat.pk, self.madrasah.pk])
        for wanted in (ids, ids[:2], [ids[2], ids[0]]):
            with self.subTest(wanted):
                plain = {row[0]: row for row in card_row_query(sorted(wanted))}
                self.assertEqual(card_rows(wanted), plain)
                self.assertEqual(set(plain), set(wanted))

    def test_article_at_finds_each_article_with_its_categories(self):
        home = self.nasional.get_parent()
        for article in (self.haji, self.madrasah):
            with self.subTest(article.slug):
                found = article_at(home, ["nasional", article.slug])
                self.assertEqual(found, article)
                self.assertEqual(found.get_parent(), self.nasional)
        self.assertIsNone(article_at(home, ["nasional", "tidak-ada"]))

    def test_card_rows_follow_private_sections(self):
        self.assertIn(self.haji.pk, card_rows([self.haji.pk]))
        with self.captureOnCommitCallbacks(execute=True):
            PageViewRestriction.objects.create(page=self.nasional, restriction_type="login")
        self.assertNotIn(self.haji.pk, card_rows([self.haji.pk]))
