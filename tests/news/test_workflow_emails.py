"""Workflow e-mails reach the people who must act now, in Indonesian, with the site's address."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from news.models import ArticlePage
from news.roles import add_province_office
from tests.home.test_settings import run_manage
from tests.utils import article_form_data, make_category

BASE_URL = "https://warta.kemenag.example"


def make_user(username: str, *groups: str, **fields):
    user = get_user_model().objects.create_user(username, email=f"{username}@kemenag.example", **fields)
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


@override_settings(WAGTAILADMIN_BASE_URL=BASE_URL)
class WorkflowEmailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.daerah = make_category("Daerah", "daerah")
        cls.jatim = make_category("Jawa Timur", "jawa-timur", parent=cls.daerah)
        cls.jabar = make_category("Jawa Barat", "jawa-barat", parent=cls.daerah)
        add_province_office(apps, cls.jatim, "Jawa Timur")
        add_province_office(apps, cls.jabar, "Jawa Barat")
        cls.kontributor_jatim = make_user("kontributor-jatim", "Kontributor Jawa Timur", first_name="Dewi")
        cls.redaktur_jatim = make_user("redaktur-jatim", "Redaktur Jawa Timur", first_name="Hasan")
        cls.redaktur_jabar = make_user("redaktur-jabar", "Redaktur Jawa Barat")
        cls.kontributor = make_user("kontributor", "Kontributor")
        cls.redaktur = make_user("redaktur", "Redaktur", first_name="Indah")
        cls.redpel = make_user("redpel", "Redaktur Pelaksana")
        cls.admin = make_user("admin-redaksi", "Admin")
        cls.superuser = get_user_model().objects.create_superuser("root", email="root@kemenag.example")

    def submit(self, user, parent, title="Berita daerah") -> ArticlePage:
        self.client.force_login(user)
        url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", parent.pk])
        self.client.post(url, article_form_data(title, "action-submit", slug="berita"))
        return ArticlePage.objects.get(title=title)

    def act(self, user, page, action: str, comment: str = ""):
        self.client.force_login(user)
        page.refresh_from_db()
        state = page.current_workflow_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])
        self.client.post(url, {"comment": comment})
        page.refresh_from_db()

    @staticmethod
    def recipients() -> set[str]:
        return {address.split("@")[0] for message in mail.outbox for address in message.to}

    def test_a_regional_article_is_mailed_to_its_office_and_the_central_reviewers_only(self):
        page = self.submit(self.kontributor_jatim, self.jatim)
        self.assertEqual(page.current_workflow_task.name, "Review Redaktur")
        self.assertEqual(self.recipients(), {"redaktur-jatim", "redaktur", "redpel", "admin-redaksi"})
        message = mail.outbox[0]
        self.assertIn("Berita daerah", message.subject)
        self.assertIn("telah diajukan untuk disetujui", message.subject)
        self.assertIn(f"{BASE_URL}/admin/pages/{page.pk}/edit/", message.body)
        self.assertNotIn("127.0.0.1", message.body)
        self.assertNotIn("You can", message.body)

    def test_the_submitter_is_not_asked_to_approve_their_own_article(self):
        self.submit(self.redpel, self.nasional, "Tulisan redpel")
        self.assertNotIn("redpel", self.recipients())
        self.assertEqual(self.recipients(), {"redaktur", "admin-redaksi"})

    def test_changes_requested_reach_the_reporter_with_the_comment(self):
        page = self.submit(self.kontributor_jatim, self.jatim)
        mail.outbox.clear()
        self.act(self.redaktur_jatim, page, "reject", "Lengkapi sumbernya.")
        self.assertEqual(self.recipients(), {"kontributor-jatim"})
        message = mail.outbox[0]
        self.assertIn("Berita daerah", message.subject)
        self.assertIn("Halo Dewi", message.body)
        self.assertIn("Lengkapi sumbernya.", message.body)
        self.assertIn("Hasan", message.body)
        self.assertIn(f"{BASE_URL}/admin/pages/{page.pk}/edit/", message.body)
        self.assertNotIn("You can", message.body)

    def test_the_next_step_goes_to_the_final_approvers_and_approval_to_the_reporter(self):
        page = self.submit(self.kontributor_jatim, self.jatim)
        mail.outbox.clear()
        self.act(self.redaktur_jatim, page, "approve")
        self.assertEqual(page.current_workflow_task.name, "Persetujuan Redaktur Pelaksana")
        self.assertEqual(self.recipients(), {"redpel", "admin-redaksi"})
        mail.outbox.clear()
        self.act(self.redpel, page, "approve")
        self.assertTrue(page.live)
        self.assertEqual(self.recipients(), {"kontributor-jatim"})
        self.assertIn("telah disetujui", mail.outbox[0].subject)


class EmailBaseUrlTests(SimpleTestCase):
    """Links in e-mails lead to the address the site is really served at."""

    def base_url(self, settings_module: str, **env: str) -> str:
        code = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
        result = run_manage("shell", "-c", code, DJANGO_SETTINGS_MODULE=settings_module, **env)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.strip().splitlines()[-1]

    def test_production_uses_the_public_address(self):
        production = {"SECRET_KEY": "x" * 60, "WAGTAILADMIN_BASE_URL": "", "PORT": ""}
        self.assertEqual(
            self.base_url(
                "cms.settings.production",
                ALLOWED_HOSTS="kemenag.example",
                CSRF_TRUSTED_ORIGINS="https://www.kemenag.example",
                **production,
            ),
            "https://www.kemenag.example",
        )
        self.assertEqual(
            self.base_url("cms.settings.production", ALLOWED_HOSTS="kemenag.example", **production),
            "https://kemenag.example",
        )
        production["WAGTAILADMIN_BASE_URL"] = "https://warta.kemenag.example/"
        self.assertEqual(
            self.base_url("cms.settings.production", ALLOWED_HOSTS="kemenag.example", **production),
            "https://warta.kemenag.example",
        )

    def test_development_uses_the_port_it_is_served_on(self):
        self.assertEqual(
            self.base_url("cms.settings.dev", PORT="8103", WAGTAILADMIN_BASE_URL=""), "http://127.0.0.1:8103"
        )
