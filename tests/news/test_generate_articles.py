import re

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backend
from wagtail.test.utils import WagtailTestUtils

from news.models import ArticlePage


class GenerateArticlesTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", verbosity=0)
        cls.before = ArticlePage.objects.count()
        call_command("generate_articles", 60, stdout=open("/dev/null", "w"))  # noqa: SIM115
        cls.generated = ArticlePage.objects.order_by("-pk")[:60]

    def test_creates_the_articles_and_keeps_the_tree_consistent(self):
        self.assertEqual(ArticlePage.objects.count(), self.before + 60)
        problems = Page.find_problems()
        self.assertEqual([list(group) for group in problems], [[], [], [], [], []])
        for article in self.generated:
            self.assertEqual(article.get_parent().numchild, article.get_parent().get_children().count())

    def test_articles_have_live_revisions_terms_and_references(self):
        for article in self.generated:
            self.assertTrue(article.live)
            self.assertEqual(article.live_revision_id, article.latest_revision_id)
            self.assertEqual(article.latest_revision.as_object().title, article.title)
            self.assertTrue(article.service_areas.exists())
            self.assertTrue(article.tags.exists())
        with_photo = [a for a in self.generated if a.hero_image_id]
        self.assertTrue(with_photo)
        self.assertTrue(ReferenceIndex.get_references_for_object(with_photo[0]).exists())

    def test_articles_behave_like_editor_made_ones(self):
        article = self.generated[0]
        self.assertEqual(self.client.get(article.url).status_code, 200)
        local = timezone.localtime(article.published_at)
        category = "/".join(article.get_parent().url_path.strip("/").split("/")[1:])
        feed = self.client.get("/rss/", {"tahun": local.year, "bulan": local.month, "kategori": category})
        self.assertTrue(escape(article.title) in feed.content.decode(), "article missing from its feed")
        sitemap = self.client.get(f"/sitemap-articles-{local.year}-{local.month}.xml").content.decode()
        self.assertTrue(article.url in sitemap, "article missing from its month's sitemap")
        word = article.title.split()[-1]
        self.assertIn(
            article.pk,
            [a.pk for a in self.client.get("/cari/", {"q": article.title}).context["results"]],
            word,
        )
        self.login()
        self.assertEqual(self.client.get(f"/admin/pages/{article.pk}/edit/").status_code, 200)
        revision = article.save_revision()
        revision.publish()
        self.assertEqual(ArticlePage.objects.get(pk=article.pk).live_revision_id, revision.pk)

    def test_search_entries_are_the_ones_the_backend_writes(self):
        """On PostgreSQL the command writes index entries itself; they equal the backend's own.

        Only the order of an article's tags may differ (the database returns them unordered),
        so lexemes are compared with their weights, and texts as sorted words.
        """
        if connection.vendor != "postgresql":
            self.skipTest("the direct index path is PostgreSQL's")
        backend = get_search_backend()
        table = backend.get_index_for_model(ArticlePage).entries.model._meta.db_table
        pks = [str(article.pk) for article in self.generated[:10]]
        query = (
            "SELECT object_id, title::text, autocomplete::text, body::text, title_text, body_text "  # noqa: S608
            f"FROM {table} WHERE object_id = ANY(%s) ORDER BY 1"
        )

        def normalised(value: str) -> list:
            lexemes = re.findall(r"'((?:[^']|'')*)':([\d,A-D]+)", value)
            if lexemes:
                return sorted(
                    (lexeme, "".join(sorted(re.sub(r"\d|,", "", where)))) for lexeme, where in lexemes
                )
            return sorted(value.replace(",", " ").split())

        def entries():
            with connection.cursor() as cursor:
                cursor.execute(query, [pks])
                return [[row[0], *(normalised(value) for value in row[1:])] for row in cursor.fetchall()]

        generated = entries()
        self.assertEqual(len(generated), 10)
        backend.add_bulk(ArticlePage, ArticlePage.get_indexed_objects().filter(pk__in=pks))
        self.assertEqual(entries(), generated)
