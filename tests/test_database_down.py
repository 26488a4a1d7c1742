"""When the database cannot be reached, editors get a 503 page in Indonesian (not the generic
500), and the next request after it returns works again (tests/stack/ does it with a real
PostgreSQL stopped and started)."""

from unittest import mock

from django.db import OperationalError
from django.test import Client, TestCase


class DatabaseDownTests(TestCase):
    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def test_an_unreachable_database_is_a_503_in_indonesian_and_the_site_recovers(self):
        broken = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
        with mock.patch("django.contrib.auth.get_user", side_effect=broken):
            response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertIn("no-store", response["Cache-Control"])
        html = response.content.decode()
        self.assertIn("Layanan sedang terganggu", html)
        self.assertIn("Basis data sedang tidak dapat dihubungi", html)
        self.assertNotIn("Traceback", html)
        self.assertNotIn("5432", html)
        # The database is back: the same client is answered normally, without a restart.
        self.assertEqual(self.client.get("/admin/").status_code, 302)  # to the sign-in page

    def test_other_errors_stay_the_generic_500(self):
        with mock.patch("django.contrib.auth.get_user", side_effect=RuntimeError("bug")):
            response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 500)
        self.assertIn("Terjadi kesalahan pada server", response.content.decode())
