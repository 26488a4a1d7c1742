"""An editor's first preview of an article with a new photo stays quick: it makes only the JPEG
renditions the preview shows, not the AVIF and WebP ones (seconds each to encode) nor the
share-image crops that only crawlers read."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from tests.utils import article_form_data, make_article, make_category, make_image


class PreviewRenditionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.image = make_image()
        cls.article = make_article(cls.nasional, "Berita berfoto", hero_image=cls.image)
        cls.admin = get_user_model().objects.create_superuser("admin", password="x")  # noqa: S106

    def test_the_preview_renders_only_jpeg_renditions(self):
        self.client.force_login(self.admin)
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[self.article.pk])
        data = article_form_data("Berita berfoto", hero_image=self.image.pk)
        self.assertTrue(self.client.post(url, data).json()["is_valid"])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "article__hero-image")
        specs = set(self.image.renditions.values_list("filter_spec", flat=True))
        self.assertTrue(specs)
        self.assertFalse([spec for spec in specs if "avif" in spec or "webp" in spec], specs)
        self.assertFalse([spec for spec in specs if spec.startswith("fill-1200x")], specs)

    def test_readers_still_get_avif_and_webp(self):
        response = self.client.get(self.article.url)
        self.assertContains(response, 'type="image/avif"')
        self.assertContains(response, 'type="image/webp"')
