from django.test import TestCase

from tests.utils import make_article, make_category


class PagesAPITests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_article(make_category("Nasional", "nasional"), "Berita API")

    def test_articles_are_listed(self):
        response = self.client.get("/api/v2/pages/", {"type": "news.ArticlePage", "fields": "lead"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual([item["title"] for item in response.json()["items"]], ["Berita API"])

    def test_values_the_database_cannot_hold_are_a_400(self):
        for params in [
            {"offset": "99999999999999999999"},
            {"type": "news.ArticlePage", "published_at": "abc"},
            {"type": "news.ArticlePage", "published_at": "2026-13-01"},
            {"offset": "-1"},
            {"limit": "99999999999999999999"},
        ]:
            response = self.client.get("/api/v2/pages/", params)
            self.assertEqual(response.status_code, 400, params)
            self.assertIn("message", response.json(), params)

    def test_an_offset_past_the_end_is_an_empty_page(self):
        response = self.client.get("/api/v2/pages/", {"offset": "10000000"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["items"], [])
