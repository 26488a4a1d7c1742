from django.test import TestCase
from django.urls import reverse
from taggit.models import Tag
from wagtail.test.utils import WagtailTestUtils

from news.admin_views import merge_tags
from news.models import ArticlePage, Person, ServiceArea, WorkUnit
from tests.utils import make_article, make_category


class NewsroomSnippetTests(WagtailTestUtils, TestCase):
    def setUp(self):
        self.login()

    def test_vocabularies_and_people_are_managed_as_snippets(self):
        Person.objects.create(name="Indah Lestari")
        for model, expected in [
            (ServiceArea, "Haji dan Umrah"),
            (WorkUnit, "Biro Organisasi"),
            (Person, "Indah"),
        ]:
            url = reverse(f"wagtailsnippets_news_{model._meta.model_name}:list")
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertContains(response, expected)

    def test_people_are_chosen_with_a_searchable_chooser(self):
        Person.objects.create(name="Indah Lestari")
        Person.objects.create(name="Fajar Nugroho")
        url = reverse("wagtailsnippetchoosers_news_person:choose_results")
        response = self.client.get(url, {"q": "indah"})
        self.assertContains(response, "Indah Lestari")
        self.assertNotContains(response, "Fajar Nugroho")

    def test_retired_units_are_not_offered_in_the_chooser(self):
        WorkUnit.objects.filter(slug="biro-umum").update(is_active=False)
        url = reverse("wagtailsnippetchoosers_news_workunit:choose_results")
        response = self.client.get(url, {"q": "biro"})
        self.assertContains(response, "Biro Kepegawaian")
        self.assertNotContains(response, "Biro Umum")

    def test_article_edit_form_renders(self):
        category = make_category("Nasional", "nasional")
        article = make_article(category, "Berita uji", service_areas=[ServiceArea.objects.get(slug="haji")])
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Teras berita")
        self.assertContains(response, "Satuan kerja (yang pertama adalah unit asal berita)")


class ArticleListingTestCase(WagtailTestUtils, TestCase):
    """Signed in as a superuser, asking which articles the Berita listing shows."""

    def setUp(self):
        self.login()

    def titles(self, **params):
        response = self.client.get(reverse("articles:index"), params)
        self.assertEqual(response.status_code, 200)
        return sorted(page.title for page in response.context["object_list"])


class ArticleListingTests(ArticleListingTestCase):
    @classmethod
    def setUpTestData(cls):
        category = make_category("Daerah", "daerah")
        cls.haji = ServiceArea.objects.get(slug="haji")
        kanwil, surabaya = (
            WorkUnit.objects.get(slug="kanwil-jawa-timur"),
            WorkUnit.objects.get(slug="kankemenag-kota-surabaya"),
        )
        cls.first = make_article(
            category, "Manasik Surabaya", service_areas=[cls.haji], work_units=[surabaya], tags=["manasik"]
        )
        cls.second = make_article(
            category, "Nikah Bali", work_units=[WorkUnit.objects.get(slug="kanwil-bali")], tags=["nikah"]
        )
        cls.kanwil = kanwil

    def test_filter_by_service_area_work_unit_and_tag(self):
        self.assertEqual(self.titles(), ["Manasik Surabaya", "Nikah Bali"])
        self.assertEqual(self.titles(service_areas=self.haji.pk), ["Manasik Surabaya"])
        self.assertEqual(self.titles(work_unit=self.kanwil.pk), ["Manasik Surabaya"])  # descendants included
        self.assertEqual(self.titles(tags=Tag.objects.get(name="nikah").pk), ["Nikah Bali"])

    def test_invalid_filter_values_do_not_crash(self):
        response = self.client.get(reverse("articles:index"), {"work_unit": "abc", "tags": "999999"})
        self.assertEqual(response.status_code, 200)


class TagMergeTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        category = make_category("Nasional", "nasional")
        cls.both = make_article(category, "Dua tag", tags=["Haji 2021", "haji2021"])
        cls.only_duplicate = make_article(category, "Tag ganda saja", tags=["haji2021", "umrah"])
        cls.only_target = make_article(category, "Tag utama saja", tags=["Haji 2021"])

    def setUp(self):
        self.login()

    def tag_names(self, page):
        return sorted(tag.name for tag in ArticlePage.objects.get(pk=page.pk).tags.all())

    def test_merge_keeps_every_articles_tags(self):
        target, duplicate = Tag.objects.get(name="Haji 2021"), Tag.objects.get(name="haji2021")
        response = self.client.post(
            reverse("news_merge_tags"), {"sources": [duplicate.pk], "target": target.pk}
        )
        self.assertRedirects(response, reverse("news_merge_tags"))
        self.assertFalse(Tag.objects.filter(name="haji2021").exists())
        self.assertEqual(self.tag_names(self.both), ["Haji 2021"])
        self.assertEqual(self.tag_names(self.only_duplicate), ["Haji 2021", "umrah"])
        self.assertEqual(self.tag_names(self.only_target), ["Haji 2021"])
        # The draft an editor opens next carries the merged tag, not the deleted one.
        revision = ArticlePage.objects.get(pk=self.only_duplicate.pk).latest_revision
        self.assertEqual(
            sorted(item["tag"] for item in revision.content["tagged_items"]),
            sorted([target.pk, Tag.objects.get(name="umrah").pk]),
        )
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.only_duplicate.pk]))
        self.assertEqual(edit.status_code, 200)

    def test_target_among_sources_is_a_form_error(self):
        target = Tag.objects.get(name="Haji 2021")
        response = self.client.post(reverse("news_merge_tags"), {"sources": [target.pk], "target": target.pk})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertTrue(Tag.objects.filter(pk=target.pk).exists())

    def test_merge_function_reports_moved_items(self):
        moved = merge_tags([Tag.objects.get(name="umrah")], Tag.objects.get(name="Haji 2021"))
        self.assertEqual(moved, 1)

    def test_only_users_allowed_to_change_tags_may_merge(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Permission

        editor = get_user_model().objects.create_user("editor", password="x")
        editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(editor)
        response = self.client.get(reverse("news_merge_tags"))
        self.assertIn(response.status_code, (302, 403))
