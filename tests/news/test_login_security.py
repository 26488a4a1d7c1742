"""Sign-in lockout (django-axes) and rate limits (django-ratelimit) answer 429."""

from datetime import timedelta

import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

PASSWORD = "kata-sandi-yang-benar-2026"  # noqa: S105


@override_settings(AXES_ENABLED=True)
class SignInLockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser("redaktur", "r@kemenag.example", PASSWORD)
        get_user_model().objects.create_superuser("pelaksana", "p@kemenag.example", PASSWORD)

    def sign_in(self, username="redaktur", password=PASSWORD, address="10.0.0.1"):
        return self.client.post(
            reverse("wagtailadmin_login"), {"username": username, "password": password}, REMOTE_ADDR=address
        )

    def signed_in(self) -> bool:
        return "_auth_user_id" in self.client.session

    def test_five_wrong_passwords_lock_the_user_out_for_fifteen_minutes(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            for _ in range(4):
                self.assertEqual(self.sign_in(password="salah").status_code, 200)
            self.assertEqual(self.sign_in(password="salah").status_code, 429)  # the fifth locks
            response = self.sign_in(address="10.0.0.2")  # the right password, even from elsewhere
            self.assertEqual(response.status_code, 429)
            self.assertContains(response, "Masuk diblokir sementara", status_code=429)
            self.assertFalse(self.signed_in())
        with time_machine.travel(start + timedelta(minutes=16), tick=False):
            self.assertEqual(self.sign_in().status_code, 302)
            self.assertTrue(self.signed_in())

    def test_an_address_guessing_many_users_is_locked_out(self):
        for name in ["a", "b", "c", "d", "e"]:
            self.sign_in(username=name, password="salah", address="10.9.9.9")
        self.assertEqual(self.sign_in(username="pelaksana", address="10.9.9.9").status_code, 429)
        self.assertEqual(self.sign_in(username="pelaksana", address="10.0.0.3").status_code, 302)

    def test_a_success_resets_the_count(self):
        for _ in range(4):
            self.sign_in(password="salah")
        self.assertEqual(self.sign_in().status_code, 302)
        self.client.logout()
        for _ in range(4):
            self.sign_in(password="salah")
        self.assertEqual(self.sign_in().status_code, 302)


# The limits count per minute: on a ticking clock, hundreds of requests can straddle the minute's
# end, start a fresh count and never reach the limit. The clock stands still here.
@time_machine.travel("2026-11-30T17:31:05+00:00", tick=False)
class RateLimitTests(TestCase):
    def test_search_and_suggestions_answer_429_past_their_limit(self):
        for url, limit in [("/cari/", 120), ("/cari/saran/", 240)]:
            for number in range(limit):
                self.assertEqual(self.client.get(url, {"q": f"haji {number}"}).status_code, 200, url)
            response = self.client.get(url, {"q": "haji lagi"})
            self.assertEqual(response.status_code, 429, url)
            self.assertEqual(response["Retry-After"], "60")
            self.assertEqual(self.client.get(url, {"q": "haji"}, REMOTE_ADDR="10.1.1.1").status_code, 200)

    def test_password_reset_mails_are_limited(self):
        get_user_model().objects.create_user("dewi", "dewi@kemenag.example", PASSWORD)
        url = reverse("wagtailadmin_password_reset")
        answers = [self.client.post(url, {"email": "dewi@kemenag.example"}).status_code for _ in range(20)]
        self.assertEqual(answers[:5], [302] * 5)
        self.assertEqual(set(answers[5:]), {429})
        self.assertEqual(len(mail.outbox), 5)

    def test_sign_in_attempts_are_limited_per_address(self):
        url = reverse("wagtailadmin_login")
        answers = [self.client.post(url, {"username": "x", "password": "y"}).status_code for _ in range(21)]
        self.assertEqual(answers[:20], [200] * 20)
        self.assertEqual(answers[20], 429)
        self.assertEqual(self.client.get(url).status_code, 200)  # the form itself stays reachable
