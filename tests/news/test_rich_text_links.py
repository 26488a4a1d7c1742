"""A link in an article's text to a page readers cannot open yet is its text alone: the address
(whose slug is often the embargoed headline) stays out of the page, the feeds and the API, and
the link appears once that page goes live."""

import json
from datetime import timedelta

from django.test import TestCase, override_settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.utils import make_article, make_category


def link_to(page, text: str) -> str:
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


@override_settings(WARTA_PAGE_CACHE_SECONDS=600)
class LinksToUnpublishedPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.draft = make_article(cls.nasional, "Menteri Mundur Besok", publish=False)
        cls.scheduled = make_article(cls.nasional, "Tarif Haji Naik Tahun Depan", publish=False)
        cls.scheduled.go_live_at = timezone.now() + timedelta(days=2)
        cls.scheduled.save_revision().publish()
        cls.private = make_article(cls.nasional, "Rapat Internal Biro Humas")
        PageViewRestriction.objects.create(page=cls.private, restriction_type=PageViewRestriction.LOGIN)
        cls.live = make_article(cls.nasional, "Jadwal Manasik Haji")
        body = (
            f"<p>Lihat {link_to(cls.draft, 'kabar pertama')}, {link_to(cls.scheduled, 'kabar kedua')},"
            f" {link_to(cls.private, 'kabar ketiga')} dan {link_to(cls.live, 'jadwal manasik')}.</p>"
        )
        with TestCase.captureOnCommitCallbacks(execute=True):  # Wagtail's reference index
            cls.article = make_article(cls.nasional, "Berita Penghubung", body=[("paragraph", body)])
        cls.hidden = [cls.draft, cls.scheduled, cls.private]

    def assert_no_address_of_hidden_pages(self, content: str, label: str):
        for page in self.hidden:
            self.assertNotIn(page.slug, content, f"{label}: {page.title}")
            self.assertNotIn(f'id="{page.pk}"', content, f"{label}: {page.title}")

    def test_article_shows_the_text_of_a_link_to_an_unpublished_page_without_its_address(self):
        response = self.client.get(self.article.url)
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assert_no_address_of_hidden_pages(content, "page")
        for text in ("kabar pertama", "kabar kedua", "kabar ketiga"):
            self.assertIn(f"<a>{text}</a>", content)
        self.assertIn(f'<a href="{self.live.url}">jadwal manasik</a>', content)

    def test_feeds_carry_no_address_of_an_unpublished_page(self):
        for url in ("/rss/", "/atom/", "/nasional/rss/"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            content = response.content.decode()
            self.assertIn("jadwal manasik", content, url)
            self.assert_no_address_of_hidden_pages(content, url)

    def test_api_renders_no_address_of_an_unpublished_page(self):
        url = f"/api/v2/pages/{self.article.pk}/"
        response = self.client.get(url, {"rich_text_format": "html"})
        self.assertEqual(response.status_code, 200)
        body = json.dumps(response.json()["body"])
        self.assert_no_address_of_hidden_pages(body, "html")
        self.assertIn(self.live.url, body)
        # Markdown's links are resolved by Wagtail's editor converter, which names any page.
        response = self.client.get(url, {"rich_text_format": "markdown"})
        self.assertEqual(response.status_code, 400)
        self.assertNotIn(self.draft.slug, response.content.decode())

    def test_link_appears_once_the_page_goes_live_and_goes_when_it_is_unpublished(self):
        self.assertIn("<a>kabar pertama</a>", self.client.get(self.article.url).content.decode())
        with self.captureOnCommitCallbacks(execute=True):
            self.draft.save_revision().publish()
        self.draft.refresh_from_db()
        content = self.client.get(self.article.url).content.decode()
        self.assertIn(f'<a href="{self.draft.url}">kabar pertama</a>', content)

        with self.captureOnCommitCallbacks(execute=True):
            self.draft.unpublish()
        content = self.client.get(self.article.url).content.decode()
        self.assertIn("<a>kabar pertama</a>", content)
        self.assertNotIn(self.draft.slug, content)
