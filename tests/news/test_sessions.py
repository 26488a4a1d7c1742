"""Signed-in sessions end when idle and after a working day; no other site frames ours."""

from datetime import timedelta

import time_machine
from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from cms.settings import base
from tests.utils import make_article, make_category


@override_settings(
    SESSION_COOKIE_AGE=base.SESSION_COOKIE_AGE, WARTA_SESSION_MAX_AGE=base.WARTA_SESSION_MAX_AGE
)
class SessionLifetimeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser("redaksi", password="rahasia-panjang-2026")

    def signed_in(self) -> bool:
        return self.client.get(reverse("wagtailadmin_home")).status_code == 200

    def test_a_session_ends_after_thirty_idle_minutes(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            self.client.login(username="redaksi", password="rahasia-panjang-2026")
            self.assertTrue(self.signed_in())
        with time_machine.travel(start + timedelta(minutes=29), tick=False):
            self.assertTrue(self.signed_in())  # each request renews the idle time
        with time_machine.travel(start + timedelta(minutes=58), tick=False):
            self.assertTrue(self.signed_in())
        with time_machine.travel(start + timedelta(minutes=89), tick=False):
            self.assertFalse(self.signed_in())

    def test_a_busy_session_still_ends_twelve_hours_after_signing_in(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            self.client.login(username="redaksi", password="rahasia-panjang-2026")
            self.assertTrue(self.signed_in())
        for minutes in range(20, 12 * 60, 20):
            with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
                self.assertTrue(self.signed_in(), minutes)
        with time_machine.travel(start + timedelta(hours=12, minutes=1), tick=False):
            self.assertFalse(self.signed_in())


class FramingTests(TestCase):
    def test_pages_may_not_be_framed_but_the_admin_preview_may_by_the_admin(self):
        article = make_article(make_category("Nasional", "nasional"), "Berita bingkai")
        self.assertEqual(self.client.get(article.url)["X-Frame-Options"], "DENY")
        self.client.force_login(get_user_model().objects.create_superuser("redaksi", password="x"))
        self.assertEqual(self.client.get(reverse("wagtailadmin_home"))["X-Frame-Options"], "DENY")
        preview = self.client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk]))
        self.assertEqual(preview.status_code, 200)
        self.assertEqual(preview["X-Frame-Options"], "SAMEORIGIN")
