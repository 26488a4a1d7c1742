"""The article editor shows the press-release panels only for press releases, and the Ralat
and withdrawal panels only once the article has been published."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from tests.utils import make_article, make_category

PRESS_RELEASE_INPUTS = tuple(
    f'data-contentpath="{name}"' for name in ("release_number", "press_contact", "attachments")
)
PUBLISHED_INPUTS = tuple(
    f'data-contentpath="{name}"' for name in ("corrections", "withdrawn_at", "withdrawal_reason")
)


class ArticlePanelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.releases = make_category("Siaran Pers", "siaran-pers")
        cls.releases.press_releases = True
        cls.releases.save()
        cls.admin = get_user_model().objects.create_superuser("admin", password="x")  # noqa: S106

    def setUp(self):
        self.client.force_login(self.admin)

    def add_page(self, parent) -> str:
        response = self.client.get(reverse("wagtailadmin_pages:add", args=["news", "articlepage", parent.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def edit_page(self, page) -> str:
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def assert_shown(self, html: str, inputs, shown: bool):
        for name in inputs:
            self.assertEqual(name in html, shown, name)

    def test_a_new_news_article_has_neither_press_release_nor_ralat_panels(self):
        html = self.add_page(self.nasional)
        self.assert_shown(html, PRESS_RELEASE_INPUTS, False)
        self.assert_shown(html, PUBLISHED_INPUTS, False)
        self.assertNotIn("Siaran pers</", html)
        self.assertIn('data-contentpath="lead"', html)

    def test_a_new_press_release_has_its_panel_but_no_ralat(self):
        html = self.add_page(self.releases)
        self.assert_shown(html, PRESS_RELEASE_INPUTS, True)
        self.assert_shown(html, PUBLISHED_INPUTS, False)

    def test_a_draft_that_was_never_published_has_no_ralat_or_withdrawal(self):
        draft = make_article(self.nasional, "Konsep", publish=False)
        html = self.edit_page(draft)
        self.assert_shown(html, PUBLISHED_INPUTS, False)
        self.assert_shown(html, PRESS_RELEASE_INPUTS, False)

    def test_a_published_article_has_the_ralat_and_withdrawal_panels(self):
        html = self.edit_page(make_article(self.nasional, "Sudah terbit"))
        self.assert_shown(html, PUBLISHED_INPUTS, True)
        self.assert_shown(html, PRESS_RELEASE_INPUTS, False)

    def test_a_published_press_release_has_both(self):
        html = self.edit_page(make_article(self.releases, "Rilis terbit", release_number="1/Humas/XI/2026"))
        self.assert_shown(html, PUBLISHED_INPUTS, True)
        self.assert_shown(html, PRESS_RELEASE_INPUTS, True)
