"""A regional office touches only its own news: every admin URL, GET and POST."""

import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection

from news.roles import add_province_office
from tests.utils import make_article, make_category, make_image

PAGE_URLS = [
    "edit",
    "preview_on_edit",
    "view_draft",
    "delete",
    "unpublish",
    "copy",
    "move",
    "lock",
    "unlock",
    "revisions_index",
    "history",
    "workflow_history",
    "usage",
    "set_privacy",
    "add_subpage",
    "set_page_position",
    "convert_alias",
]
# Answers every user with an empty "nothing to confirm" step for a page not in review: no data.
INFO_FREE_URLS = ["confirm_workflow_cancellation"]


class RegionalOfficeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        daerah = make_category("Daerah", "daerah")
        cls.jatim = make_category("Jawa Timur", "jawa-timur", parent=daerah)
        cls.bali = make_category("Bali", "bali", parent=daerah)
        add_province_office(apps, cls.jatim, "Jawa Timur")
        add_province_office(apps, cls.bali, "Bali")
        bali_collection = Collection.objects.get(name="Bali")
        cls.bali_image = make_image(title="Foto Kanwil Bali")
        cls.bali_image.collection = bali_collection
        cls.bali_image.save()
        cls.bali_document = get_document_model().objects.create(
            title="Dokumen Kanwil Bali", collection=bali_collection
        )
        cls.bali_news = make_article(cls.bali, "Berita Kanwil Bali", hero_image=cls.bali_image)
        cls.bali_news.save_revision()  # a draft beside the live version, for compare and revisions
        cls.jatim_news = make_article(cls.jatim, "Berita Kanwil Jawa Timur")
        cls.users = {}
        for role in ("Kontributor", "Redaktur"):
            user = get_user_model().objects.create_user(f"{role.lower()}-jatim", password="x")  # noqa: S106
            user.groups.add(Group.objects.get(name=f"{role} Jawa Timur"))
            cls.users[role] = user

    def page_url(self, name: str, page) -> str:
        return reverse(f"wagtailadmin_pages:{name}", args=[page.pk])

    def assert_refused(self, response, label: str):
        self.assertIn(response.status_code, (302, 403, 404, 405), label)
        if response.status_code == 302:
            self.assertNotIn(
                str(self.bali_news.pk), response["Location"].split("?")[0].split("/edit")[0][-8:], label
            )
        self.assertTrue(b"Berita Kanwil Bali" not in response.content, label)

    def test_every_page_url_refuses_another_offices_page(self):
        revision = self.bali_news.latest_revision
        for role, user in self.users.items():
            self.client.force_login(user)
            urls = [self.page_url(name, self.bali_news) for name in PAGE_URLS]
            urls += [
                reverse("wagtailadmin_pages:revisions_view", args=[self.bali_news.pk, revision.pk]),
                reverse("wagtailadmin_pages:revisions_revert", args=[self.bali_news.pk, revision.pk]),
                reverse("wagtailadmin_pages:revisions_unschedule", args=[self.bali_news.pk, revision.pk]),
                reverse("wagtailadmin_pages:revisions_compare", args=[self.bali_news.pk, "live", "latest"]),
                reverse("wagtailadmin_pages:move_confirm", args=[self.bali_news.pk, self.jatim.pk]),
                reverse("wagtailadmin_pages:add", args=["news", "articlepage", self.bali.pk]),
            ]
            for name in INFO_FREE_URLS:
                response = self.client.get(self.page_url(name, self.bali_news))
                self.assertTrue(b"Berita Kanwil Bali" not in response.content, name)
            for url in urls:
                self.assert_refused(self.client.get(url), f"{role} GET {url}")
                self.assert_refused(self.client.post(url, {"title": "x"}), f"{role} POST {url}")
            self.bali_news.refresh_from_db()
            self.assertTrue(self.bali_news.live)
            self.assertEqual(self.bali_news.title, "Berita Kanwil Bali")
            self.assertFalse(self.bali_news.locked)

    def test_own_office_pages_are_open(self):
        self.client.force_login(self.users["Redaktur"])
        for name in ("edit", "history", "workflow_history"):
            self.assertEqual(self.client.get(self.page_url(name, self.jatim_news)).status_code, 200, name)

    def test_search_explorer_choosers_and_admin_api_hide_another_office(self):
        failures = []
        for role, user in self.users.items():
            self.client.force_login(user)
            checks = [
                reverse("wagtailadmin_pages:search") + "?q=Berita",
                reverse("wagtailadmin_explore", args=[self.bali.pk]),
                reverse("wagtailadmin_choose_page_child", args=[self.bali.pk]),
                reverse("wagtailadmin_choose_page_search") + "?q=Berita",
                reverse("wagtailimages_chooser:choose") + "?q=Foto",
                reverse("wagtaildocs_chooser:choose") + "?q=Dokumen",
                "/admin/api/main/pages/?search=Berita",
                f"/admin/api/main/pages/?child_of={self.bali.pk}",
                f"/admin/api/main/pages/{self.bali_news.pk}/",
                "/admin/api/main/images/",
                "/admin/api/main/documents/",
            ]
            for url in checks:
                response = self.client.get(url)
                body = response.content.decode()
                failures += [
                    f"{secret} shown to {role} at {url}"
                    for secret in ("Berita Kanwil Bali", "Foto Kanwil Bali", "Dokumen Kanwil Bali")
                    if secret in body
                ]
                if (
                    response.get("Content-Type", "").startswith("application/json")
                    and response.status_code == 200
                ):
                    json.loads(body)
        self.assertEqual(failures, [])

    def test_regional_redaktur_reviews_only_their_own_office(self):
        central = get_user_model().objects.create_user("kontributor-pusat", password="x")  # noqa: S106
        central.groups.add(Group.objects.get(name="Kontributor Bali"))
        draft = make_article(self.bali, "Ajuan Kanwil Bali", publish=False)
        workflow = draft.get_workflow()
        workflow.start(draft, central)
        draft.refresh_from_db()
        task = draft.current_workflow_task
        redaktur = self.users["Redaktur"]
        self.assertEqual(task.get_actions(draft, redaktur), [])
        self.assertFalse(task.get_task_states_user_can_moderate(redaktur).exists())
        self.client.force_login(redaktur)
        url = reverse(
            "wagtailadmin_pages:workflow_action",
            args=[draft.pk, "approve", draft.current_workflow_task_state.pk],
        )
        self.client.post(url)
        draft.refresh_from_db()
        self.assertEqual(draft.current_workflow_task.name, "Review Redaktur")
        self.assertTrue(b"Ajuan Kanwil Bali" not in self.client.get(reverse("wagtailadmin_home")).content)
