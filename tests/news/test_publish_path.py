"""What one publication costs: work that must not grow with the archive (issue #18, newsroom)."""

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from news.embargo import withheld_for
from news.models import ArticlePage
from tests.utils import make_article, make_category, make_image


def publish_new(parent, title: str, **fields) -> ArticlePage:
    """A new article through the admin's path: added to the tree, a revision, its publication."""
    return make_article(parent, title, **fields)


class SearchIndexOnPublishTests(TestCase):
    """The search backend (news.search_backends) writes the norm of the entries it wrote only."""

    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.older = make_article(cls.nasional, "Kabar lama tentang pelayanan haji")

    def setUp(self):
        cache.clear()

    def entry(self, page) -> IndexEntry:
        return IndexEntry.objects.get(object_id=str(page.pk), content_type__model="articlepage")

    def test_a_new_article_gets_its_title_norm_and_others_are_left_alone(self):
        # An entry at the default norm that is not being written keeps it: no rewrite of the index.
        IndexEntry.objects.filter(pk=self.entry(self.older).pk).update(title_norm=1.0)
        article = publish_new(self.nasional, "Pendaftaran nikah daring dibuka")
        entry = self.entry(article)
        titles = [len(title) for title in IndexEntry.objects.values_list("title", flat=True) if title]
        average = sum(titles) / len(titles)
        self.assertAlmostEqual(entry.title_norm, average / len(entry.title), delta=0.2)
        self.assertNotEqual(entry.title_norm, 1.0)
        self.assertEqual(self.entry(self.older).title_norm, 1.0)

    def test_the_average_title_length_is_read_once_not_per_save(self):
        publish_new(self.nasional, "Berita pertama hari ini")
        with CaptureQueriesContext(connection) as queries:
            publish_new(self.nasional, "Berita kedua hari ini")
            publish_new(self.nasional, "Berita ketiga hari ini")
        averages = [query["sql"] for query in queries.captured_queries if "AVG(" in query["sql"].upper()]
        self.assertEqual(averages, [])
        updates = [
            query["sql"]
            for query in queries.captured_queries
            if query["sql"].startswith("UPDATE") and "title_norm" in query["sql"]
        ]
        self.assertTrue(updates)
        self.assertTrue(all("object_id" in sql for sql in updates), updates)

    def test_the_new_article_is_found(self):
        article = publish_new(self.nasional, "Zamrud khatulistiwa bersinar")
        found = list(get_search_backend().search("Zamrud", ArticlePage.objects.live()))
        self.assertEqual([page.pk for page in found], [article.pk])


class SharedPhotoOnPublishTests(TestCase):
    """A photo many live articles use is public, decided in one query whatever their number."""

    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.photo = make_image(title="Foto kantor pusat")
        for number in range(3):
            make_article(cls.nasional, f"Berita dengan foto umum {number}", hero_image=cls.photo)

    def queries_to_decide(self) -> int:
        photo = get_image_model().objects.get(pk=self.photo.pk)
        withheld_for(photo)  # warm the content type and restricted-path caches
        with CaptureQueriesContext(connection) as queries:
            self.assertIsNone(withheld_for(photo))
        return len(queries)

    def test_the_queries_do_not_grow_with_the_articles_using_the_photo(self):
        few = self.queries_to_decide()
        for number in range(3, 9):
            make_article(self.nasional, f"Berita dengan foto umum {number}", hero_image=self.photo)
        self.assertEqual(self.queries_to_decide(), few)
        self.assertLessEqual(few, 1)

    def test_a_photo_used_only_by_drafts_is_withheld_for_them(self):
        photo = make_image(title="Foto embargo")
        draft = make_article(self.nasional, "Siaran pers belum terbit", publish=False, hero_image=photo)
        photo.refresh_from_db()
        self.assertEqual(withheld_for(photo), {draft.pk})

    def test_a_photo_whose_only_live_article_is_unpublished_is_withheld_again(self):
        photo = make_image(title="Foto tunggal")
        article = make_article(self.nasional, "Berita satu foto", hero_image=photo)
        photo.refresh_from_db()
        self.assertIsNone(withheld_for(photo))
        ArticlePage.objects.get(pk=article.pk).unpublish()
        self.assertEqual(withheld_for(photo), {article.pk})
