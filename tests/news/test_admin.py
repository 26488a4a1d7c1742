from django.test import TestCase
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from news.models import Person, ServiceArea, WorkUnit
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

    def test_article_edit_form_renders(self):
        category = make_category("Nasional", "nasional")
        article = make_article(category, "Berita uji", service_areas=[ServiceArea.objects.get(slug="haji")])
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Teras berita")
        self.assertContains(response, "Satuan kerja (yang pertama adalah unit asal berita)")
