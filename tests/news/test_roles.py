from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Workflow, WorkflowPage

from news.models import ArticlePage, Person
from news.roles import add_province_office
from tests.utils import article_form_data, make_article, make_category, make_image

PASSWORD = "x-test-password"  # noqa: S105


def make_user(username: str, group: str, person: str | None = None):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    if person:
        Person.objects.create(name=person, user=user)
    return user


class RoleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.daerah = make_category("Daerah", "daerah")
        cls.jatim = make_category("Jawa Timur", "jawa-timur", parent=cls.daerah)
        add_province_office(apps, cls.jatim, "Jawa Timur")
        cls.kontributor = make_user("kontributor", "Kontributor", "Fajar")
        cls.redaktur = make_user("redaktur", "Redaktur", "Indah")
        cls.redpel = make_user("redpel", "Redaktur Pelaksana", "Rina")
        cls.admin = make_user("admin-redaksi", "Admin", "Ahmad")
        cls.kontributor_jatim = make_user("kontributor-jatim", "Kontributor Jawa Timur")
        cls.image = make_image()

    def create_as(self, user, title: str, parent=None, action: str | None = None):
        self.client.force_login(user)
        parent = parent or self.nasional
        url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", parent.pk])
        response = self.client.post(url, article_form_data(title, action))
        return response, ArticlePage.objects.filter(title=title).first()

    def test_groups_and_workflow_exist(self):
        names = set(Group.objects.values_list("name", flat=True))
        self.assertTrue({"Kontributor", "Redaktur", "Redaktur Pelaksana", "Admin"} <= names)
        self.assertFalse({"Moderators", "Editors"} & names)
        workflow = Workflow.objects.get(name="Review Redaksi")
        self.assertTrue(WorkflowPage.objects.filter(workflow=workflow, page__depth=2).exists())
        self.assertEqual(
            [task.name for task in workflow.tasks], ["Review Redaktur", "Persetujuan Redaktur Pelaksana"]
        )

    def test_kontributor_drafts_and_submits_but_never_publishes(self):
        _, page = self.create_as(self.kontributor, "Berita kontributor", action="action-publish")
        self.assertIsNone(page)  # publishing from the create form is refused
        _, page = self.create_as(self.kontributor, "Berita kontributor", action="action-submit")
        self.assertFalse(page.live)
        self.assertEqual(page.current_workflow_state.requested_by, self.kontributor)
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            article_form_data(page.title, "action-publish"),
        )
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertFalse(page.live)

    def test_review_chain_four_eyes_and_editor_credit(self):
        _, page = self.create_as(self.kontributor, "Berita ditinjau", action="action-submit")
        task = page.current_workflow_task
        self.assertEqual(task.name, "Review Redaktur")
        self.assertIn("approve", [name for name, *_ in task.get_actions(page, self.redaktur)])
        self.assertEqual(task.get_actions(page, self.kontributor), [])
        task.on_action(page.current_workflow_task_state, self.redaktur, "approve")
        page.refresh_from_db()
        self.assertEqual(page.current_workflow_task.name, "Persetujuan Redaktur Pelaksana")
        self.assertEqual(page.current_workflow_task.get_actions(page, self.redaktur), [])
        page.current_workflow_task.specific.on_action(
            page.current_workflow_task_state, self.redpel, "approve"
        )
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(page.editor.name, "Indah")  # the approving Redaktur fills the empty credit

    def test_submitter_cannot_approve_or_publish_own_article_not_even_an_admin(self):
        _, page = self.create_as(self.redpel, "Tulisan redpel", action="action-submit")
        task = page.current_workflow_task
        self.assertNotIn("approve", [name for name, *_ in task.get_actions(page, self.redpel)])
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            article_form_data(page.title, "action-publish"),
        )
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertFalse(page.live)
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertNotContains(edit, 'name="action-publish"')

        _, own = self.create_as(self.admin, "Tulisan admin", action="action-submit")
        task, task_state = own.current_workflow_task.specific, own.current_workflow_task_state
        with self.assertRaises(PermissionDenied):
            task.on_action(task_state, self.admin, "approve")
        own.refresh_from_db()
        self.assertFalse(own.live)

    def test_only_admin_deletes_an_ever_published_article(self):
        article = make_article(self.nasional, "Sudah terbit")
        self.client.force_login(self.redpel)
        response = self.client.post(reverse("wagtailadmin_pages:delete", args=[article.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(ArticlePage.objects.filter(pk=article.pk).exists())
        self.client.force_login(self.admin)
        self.client.post(reverse("wagtailadmin_pages:delete", args=[article.pk]))
        self.assertFalse(ArticlePage.objects.filter(pk=article.pk).exists())

    def test_regional_contributor_works_only_in_their_province(self):
        national = make_article(self.nasional, "Berita pusat", hero_image=self.image)
        _, regional = self.create_as(
            self.kontributor_jatim, "Berita jatim", parent=self.jatim, action="action-submit"
        )
        self.assertIsNotNone(regional)
        _, elsewhere = self.create_as(self.kontributor_jatim, "Berita nyasar", parent=self.nasional)
        self.assertIsNone(elsewhere)
        for name, args in [
            ("wagtailadmin_pages:edit", [national.pk]),
            ("wagtailadmin_pages:delete", [national.pk]),
            ("wagtailadmin_pages:unpublish", [national.pk]),
            ("wagtailadmin_pages:copy", [national.pk]),
            ("wagtailadmin_pages:move", [national.pk]),
            ("wagtailadmin_pages:revisions_index", [national.pk]),
            ("wagtailadmin_pages:history", [national.pk]),
            ("wagtailadmin_pages:add_subpage", [self.nasional.pk]),
        ]:
            response = self.client.get(reverse(name, args=args))
            self.assertIn(response.status_code, (302, 403), name)
        search = self.client.get(reverse("wagtailadmin_pages:search"), {"q": "Berita"})
        self.assertNotContains(search, "Berita pusat")
        # The central photos in the root collection are shared: chosen, never changed.
        images = self.client.get(reverse("wagtailimages_chooser:choose"))
        self.assertContains(images, self.image.title)
        edit = self.client.get(reverse("wagtailimages:edit", args=[self.image.pk]))
        self.assertEqual(edit.status_code, 302)


class CentralRoleMatrixTests(TestCase):
    """What each central role may do to a published article written by someone else."""

    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.users = {
            role: make_user(role.lower().replace(" ", "-"), role)
            for role in ("Kontributor", "Redaktur", "Redaktur Pelaksana", "Admin")
        }

    def setUp(self):
        self.article = make_article(self.nasional, "Berita orang lain")

    def allowed(self, role: str, method: str, name: str) -> bool:
        self.client.force_login(self.users[role])
        url = reverse(f"wagtailadmin_pages:{name}", args=[self.article.pk])
        response = getattr(self.client, method)(url)
        return response.status_code == 200

    def test_matrix(self):
        expected = {
            # (method, view): roles that get the screen
            ("get", "edit"): {"Redaktur", "Redaktur Pelaksana", "Admin"},
            ("get", "history"): {"Redaktur", "Redaktur Pelaksana", "Admin"},
            ("get", "unpublish"): {"Redaktur Pelaksana", "Admin"},
            ("get", "copy"): {"Redaktur", "Redaktur Pelaksana", "Admin"},
            ("get", "move"): {"Redaktur Pelaksana", "Admin"},
        }
        for (method, name), roles in expected.items():
            for role in self.users:
                self.assertEqual(self.allowed(role, method, name), role in roles, f"{role} {method} {name}")

    def test_unpublish_and_lock_by_role(self):
        for role in ("Kontributor", "Redaktur"):
            self.client.force_login(self.users[role])
            self.client.post(reverse("wagtailadmin_pages:unpublish", args=[self.article.pk]))
            self.client.post(reverse("wagtailadmin_pages:lock", args=[self.article.pk]))
            self.article.refresh_from_db()
            self.assertTrue(self.article.live, role)
            self.assertFalse(self.article.locked, role)
        self.client.force_login(self.users["Redaktur Pelaksana"])
        self.client.post(reverse("wagtailadmin_pages:lock", args=[self.article.pk]))
        self.article.refresh_from_db()
        self.assertTrue(self.article.locked)
        self.client.post(reverse("wagtailadmin_pages:unlock", args=[self.article.pk]))
        self.client.post(reverse("wagtailadmin_pages:unpublish", args=[self.article.pk]))
        self.article.refresh_from_db()
        self.assertFalse(self.article.live)


class PreviewLinkRoleTests(TestCase):
    """Only those who may publish a release hand it to the press before its embargo."""

    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.page = make_article(cls.nasional, "Siaran pers berembargo", publish=False)
        # Approved and scheduled: the only state in which a release goes to the press early.
        cls.page.go_live_at = timezone.now() + timedelta(days=7)
        cls.page.save_revision().publish()
        cls.users = {
            group: make_user(group.lower().replace(" ", "-"), group)
            for group in ["Kontributor", "Redaktur", "Redaktur Pelaksana", "Admin"]
        }

    def test_who_may_make_preview_links(self):
        url = reverse("news_preview_links", args=[self.page.pk])
        allowed = {"Kontributor": False, "Redaktur": False, "Redaktur Pelaksana": True, "Admin": True}
        for group, may in allowed.items():
            with self.subTest(group=group):
                self.client.force_login(self.users[group])
                status = self.client.get(url).status_code
                self.assertIn(status, (200,) if may else (302, 403))  # the admin redirects a refusal
                self.assertIn(self.client.post(url, {"label": "Pers"}).status_code, (302, 403))
                edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.page.pk]))
                self.assertEqual(url in edit.content.decode(), may)
        makers = set(self.page.preview_links.values_list("created_by__groups__name", flat=True))
        self.assertEqual(makers, {"Redaktur Pelaksana", "Admin"})


class LiveRegistryTests(TestCase):
    def test_setting_up_an_office_leaves_the_app_registry_as_it_was(self):
        # Django's serializer (test snapshots, dumpdata) skips apps without a models module.
        before = {config.label: config.models_module for config in apps.get_app_configs()}
        daerah = make_category("Daerah", "daerah")
        add_province_office(apps, make_category("Bali", "bali", parent=daerah), "Bali")
        after = {config.label: config.models_module for config in apps.get_app_configs()}
        self.assertEqual(after, before)
