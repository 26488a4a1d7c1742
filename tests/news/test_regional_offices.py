"""A regional office touches only its own news: every admin URL, GET and POST."""

import json
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupPagePermission, Page

from news.models import Person, ServiceArea, WorkUnit
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


class OfficeBoundaryTests(TestCase):
    """What another office (or the centre) has not published, and what is not one's own to change,
    stays out of every other admin surface: snippets, page chooser, workflow views, bulk actions,
    reports and locks."""

    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        daerah = make_category("Daerah", "daerah")
        cls.jatim = make_category("Jawa Timur", "jawa-timur", parent=daerah)
        cls.bali = make_category("Bali", "bali", parent=daerah)
        add_province_office(apps, cls.jatim, "Jawa Timur")
        add_province_office(apps, cls.bali, "Bali")
        cls.users = {}
        for role in ("Kontributor", "Redaktur"):
            user = get_user_model().objects.create_user(f"{role.lower()}-jatim", password="x")  # noqa: S106
            user.groups.add(Group.objects.get(name=f"{role} Jawa Timur"))
            cls.users[role] = user
        cls.bali_writer = get_user_model().objects.create_user("kontributor-bali", password="x")  # noqa: S106
        cls.bali_writer.groups.add(Group.objects.get(name="Kontributor Bali"))
        cls.jatim_writer = get_user_model().objects.create_user("kontributor-jatim-2", password="x")  # noqa: S106
        cls.jatim_writer.groups.add(Group.objects.get(name="Kontributor Jawa Timur"))

        # Unpublished titles of the centre and of Bali: none may reach Jawa Timur.
        cls.central_draft = make_article(cls.nasional, "Konsep Pusat Rahasia", publish=False)
        cls.central_live = make_article(cls.nasional, "Berita Pusat Terbit")
        cls.central_live.title = "Judul Baru Pusat Rahasia"
        cls.central_live.save_revision()
        cls.central_embargo = make_article(cls.nasional, "Embargo Pusat Rahasia", publish=False)
        cls.central_embargo.go_live_at = timezone.now() + timedelta(days=3)
        cls.central_embargo.save_revision().publish()
        cls.bali_draft = make_article(cls.bali, "Konsep Bali Rahasia", publish=False)
        cls.bali_live = make_article(cls.bali, "Berita Bali Terbit")
        cls.bali_live.title = "Judul Baru Bali Rahasia"
        cls.bali_live.save_revision()
        cls.bali_review = make_article(cls.bali, "Ajuan Bali Rahasia", publish=False)
        cls.bali_review.get_workflow().start(cls.bali_review, cls.bali_writer)
        cls.central_review = make_article(cls.nasional, "Ajuan Pusat Rahasia", publish=False)
        cls.central_review.get_workflow().start(cls.central_review, cls.bali_writer)
        cls.jatim_review = make_article(cls.jatim, "Ajuan Jawa Timur", publish=False)
        cls.jatim_review.get_workflow().start(cls.jatim_review, cls.jatim_writer)
        cls.jatim_draft = make_article(cls.jatim, "Konsep Jawa Timur Sendiri", publish=False)
        cls.secret_pages = [
            cls.central_draft,
            cls.central_live,
            cls.central_embargo,
            cls.bali_draft,
            cls.bali_live,
            cls.bali_review,
            cls.central_review,
        ]

        bali_collection = Collection.objects.get(name="Bali")
        cls.bali_image = make_image(title="Foto Bali Rahasia")
        cls.bali_image.collection = bali_collection
        cls.bali_image.save()
        cls.bali_document = get_document_model().objects.create(
            title="Dokumen Bali Rahasia", collection=bali_collection
        )

        cls.humas = WorkUnit.objects.get(slug="biro-humas")
        cls.kanwil_jatim = WorkUnit.objects.get(slug="kanwil-jawa-timur")
        cls.surabaya = WorkUnit.objects.get(slug="kankemenag-kota-surabaya")
        cls.kanwil_bali = WorkUnit.objects.get(slug="kanwil-bali")
        cls.denpasar = WorkUnit.objects.get(slug="kankemenag-kota-denpasar")
        cls.press_contact = Person.objects.create(
            name="Humas Pusat", work_unit=cls.humas, phone="021-111", email="humas@example.test"
        )
        cls.bali_person = Person.objects.create(name="Wartawan Bali", work_unit=cls.denpasar)
        cls.jatim_person = Person.objects.create(name="Wartawan Surabaya", work_unit=cls.surabaya)
        cls.service_area = ServiceArea.objects.get(slug="nikah")
        cls.tag = Tag.objects.create(name="Haji 2026", slug="haji-2026")

    def secrets_in(self, response) -> list[str]:
        content = b"".join(response.streaming_content) if response.streaming else response.content
        body = content.decode()
        for message in get_messages(response.wsgi_request):
            body += str(message)
        secrets = [
            title
            for page in self.secret_pages
            for title in {page.title, page.draft_title, page.get_latest_revision().content["title"]}
            if "Rahasia" in title
        ]
        secrets += [self.bali_image.title, self.bali_document.title]
        return [secret for secret in secrets if secret in body]

    # -- 1. Vocabularies and people ---------------------------------------------

    def snippet_url(self, model: str, view: str, obj=None) -> str:
        app = "taggit" if model == "tag" else "news"
        return reverse(f"wagtailsnippets_{app}_{model}:{view}", args=[obj.pk] if obj else [])

    def test_regional_editor_changes_only_own_people_and_units(self):
        self.client.force_login(self.users["Redaktur"])
        others = [
            ("person", self.press_contact, {"name": "Diubah", "phone": "0800", "email": "x@example.test"}),
            ("person", self.bali_person, {"name": "Diubah"}),
            ("workunit", self.denpasar, {"name": "Diubah", "slug": "diubah", "kind": "kankemenag"}),
            ("workunit", self.humas, {"name": "Diubah", "slug": "diubah", "kind": "biro"}),
            ("servicearea", self.service_area, {"name": "Diubah", "slug": "diubah", "sort_order": 0}),
            ("tag", self.tag, {"name": "Diubah", "slug": "diubah"}),
        ]
        for model, obj, data in others:
            for view in ("edit", "delete", "history", "usage"):
                url = self.snippet_url(model, view, obj)
                self.assertIn(self.client.get(url).status_code, (302, 403, 404), f"GET {url}")
                self.client.post(url, data)
            saved = type(obj).objects.filter(pk=obj.pk).first()
            self.assertIsNotNone(saved, model)
            self.assertEqual(str(saved), str(obj), model)
        self.press_contact.refresh_from_db()
        self.assertEqual(
            (self.press_contact.phone, self.press_contact.email), ("021-111", "humas@example.test")
        )

        listing = self.client.get(self.snippet_url("person", "list")).content.decode()
        self.assertIn(self.snippet_url("person", "edit", self.jatim_person), listing)
        self.assertNotIn(self.snippet_url("person", "edit", self.press_contact), listing)
        # Reading stays open: the centre's people are chosen as credits and press contacts.
        chooser = self.client.get(reverse("wagtailsnippetchoosers_news_person:choose"))
        self.assertContains(chooser, "Humas Pusat")

    def test_regional_editor_edits_own_units_and_people_but_keeps_them_at_home(self):
        self.client.force_login(self.users["Redaktur"])
        unit_data = {
            "name": "Kankemenag Kota Surabaya Baru",
            "slug": "kankemenag-kota-surabaya",
            "kind": "kankemenag",
            "parent": self.kanwil_jatim.pk,
            "description": "",
            "dateline_city": "Surabaya",
            "time_zone": "Asia/Jakarta",
            "is_active": "on",
            "sort_order": 0,
        }
        url = self.snippet_url("workunit", "edit", self.surabaya)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.post(url, unit_data)
        self.surabaya.refresh_from_db()
        self.assertEqual(self.surabaya.name, "Kankemenag Kota Surabaya Baru")
        # Moved below another office's Kanwil, or to the top of the tree: refused.
        for parent in (self.kanwil_bali.pk, ""):
            self.client.post(url, {**unit_data, "name": "Pindah", "parent": parent})
            self.surabaya.refresh_from_db()
            self.assertEqual(self.surabaya.parent_id, self.kanwil_jatim.pk)
        # A new unit only below the office's own Kanwil.
        add = self.snippet_url("workunit", "add")
        self.client.post(
            add, {**unit_data, "name": "Satker Nyasar", "slug": "nyasar", "parent": self.kanwil_bali.pk}
        )
        self.assertFalse(WorkUnit.objects.filter(slug="nyasar").exists())
        self.client.post(add, {**unit_data, "name": "Kankemenag Kota Batu", "slug": "batu"})
        self.assertEqual(WorkUnit.objects.get(slug="batu").parent, self.kanwil_jatim)

        person_data = {
            "name": "Wartawan Surabaya",
            "user": "",
            "work_unit": self.surabaya.pk,
            "phone": "031",
            "email": "",
        }
        url = self.snippet_url("person", "edit", self.jatim_person)
        self.client.post(url, person_data)
        self.jatim_person.refresh_from_db()
        self.assertEqual(self.jatim_person.phone, "031")
        self.client.post(url, {**person_data, "work_unit": self.humas.pk})
        self.jatim_person.refresh_from_db()
        self.assertEqual(self.jatim_person.work_unit, self.surabaya)
        self.client.post(
            self.snippet_url("person", "add"),
            {**person_data, "name": "Orang Pusat", "work_unit": self.humas.pk},
        )
        self.assertFalse(Person.objects.filter(name="Orang Pusat").exists())
        # Nor linked to the account of someone of another office (credits follow the link).
        self.client.post(url, {**person_data, "user": self.bali_writer.pk})
        self.jatim_person.refresh_from_db()
        self.assertIsNone(self.jatim_person.user)
        self.client.post(url, {**person_data, "user": self.jatim_writer.pk})
        self.jatim_person.refresh_from_db()
        self.assertEqual(self.jatim_person.user, self.jatim_writer)

    def test_office_groups_hold_no_right_on_the_centres_vocabularies(self):
        group = Group.objects.get(name="Redaktur Jawa Timur")
        # A database set up before: the office kept the global rights until it is set up again.
        group.permissions.add(*Permission.objects.filter(codename__in=["change_servicearea", "change_tag"]))
        add_province_office(apps, self.jatim, "Jawa Timur")
        codenames = set(group.permissions.values_list("codename", flat=True))
        self.assertFalse({"add_servicearea", "change_servicearea", "change_tag"} & codenames)
        self.assertTrue({"change_person", "change_workunit", "view_servicearea"} <= codenames)

    # -- 2. Page chooser -------------------------------------------------------------

    def test_page_chooser_shows_others_only_as_published(self):
        ids = "&".join(f"id={page.pk}" for page in self.secret_pages)
        for role, user in self.users.items():
            self.client.force_login(user)
            urls = [
                reverse("wagtailadmin_choose_page"),
                reverse("wagtailadmin_choose_page_child", args=[self.nasional.pk]),
                reverse("wagtailadmin_choose_page_child", args=[self.bali.pk]),
                reverse("wagtailadmin_choose_page_child", args=[self.nasional.pk]) + "?multiple=1",
                reverse("wagtailadmin_choose_page_chosen_multiple") + "?" + ids,
            ]
            urls += [reverse("wagtailadmin_choose_page_child", args=[page.pk]) for page in self.secret_pages]
            urls += [
                reverse("wagtailadmin_choose_page_search") + f"?q={word}"
                for word in ("Rahasia", "Konsep", "Judul", "Embargo", "Berita")
            ]
            for url in urls:
                self.assertEqual(self.secrets_in(self.client.get(url)), [], f"{role} {url}")
            # What readers see may be linked, with the title readers see.
            browse = self.client.get(reverse("wagtailadmin_choose_page_child", args=[self.nasional.pk]))
            self.assertContains(browse, "Berita Pusat Terbit")
            own = self.client.get(reverse("wagtailadmin_choose_page_search") + "?q=Konsep")
            self.assertContains(own, "Konsep Jawa Timur Sendiri")

    def test_breadcrumbs_and_listings_show_others_categories_as_published(self):
        from wagtail.log_actions import log

        # The centre renames its categories in drafts; a nested category of Bali likewise.
        renamed = []
        for category in (self.nasional, self.nasional.get_parent(), self.jatim.get_parent()):
            category = category.specific
            category.title = f"{category.title} Rahasia Baru"
            category.save_revision()
            renamed.append(category.title)
        bali_section = make_category("Seksi Bali", "seksi-bali", parent=self.bali)
        bali_section.title = "Seksi Bali Rahasia Baru"
        bali_section.save_revision()
        renamed.append(bali_section.title)
        nested = make_article(bali_section, "Berita Seksi Bali")
        log(instance=Page.objects.get(pk=self.jatim.get_parent().pk), action="wagtail.edit")
        central = self.central_live
        failures = []
        both = get_user_model().objects.create_user("redaktur-dua-kanwil", password="x")  # noqa: S106
        both.groups.add(*Group.objects.filter(name__in=["Redaktur Jawa Timur", "Kontributor Bali"]))
        daerah = self.jatim.get_parent()
        for role, user in {**self.users, "two offices": both}.items():
            self.client.force_login(user)
            urls = [
                reverse("wagtailadmin_choose_page"),
                reverse("wagtailadmin_choose_page_child", args=[self.nasional.pk]),
                reverse("wagtailadmin_choose_page_child", args=[central.pk]),
                reverse("wagtailadmin_choose_page_child", args=[self.jatim.pk]),
                reverse("wagtailadmin_choose_page_child", args=[self.jatim.get_parent().pk]),
                reverse("wagtailadmin_choose_page_child", args=[self.jatim.get_parent().get_parent().pk]),
                reverse("wagtailadmin_choose_page_search") + "?q=Berita",
                reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={central.pk}&id={nested.pk}",
                reverse("wagtailadmin_explore_root"),
                reverse("wagtailadmin_explore", args=[self.jatim.pk]),
                reverse("wagtailadmin_explore", args=[self.nasional.pk]),
                reverse("wagtailadmin_explore", args=[self.jatim.get_parent().pk]),
                reverse("wagtailadmin_pages:edit", args=[self.jatim_draft.pk]),
                reverse("wagtailadmin_pages:search") + "?q=Berita",
                reverse("wagtailadmin_pages:search") + "?q=Daerah",
                reverse("wagtailadmin_explore", args=[daerah.pk]) + "?q=Daerah&search_all=1",
                reverse("wagtailadmin_explore", args=[self.jatim.pk]) + "?q=Daerah&search_all=1",
                reverse("wagtailadmin_choose_page_search") + "?q=Daerah",
                reverse("wagtailadmin_pages:history", args=[self.jatim_draft.pk]),
                reverse("wagtailadmin_reports:site_history"),
                f"/admin/api/main/pages/?child_of={self.nasional.get_parent().pk}&for_explorer=1",
                f"/admin/api/main/pages/?child_of={self.jatim.get_parent().pk}&for_explorer=1",
                f"/admin/api/main/pages/?child_of={self.nasional.pk}",
                f"/admin/api/main/pages/{self.nasional.pk}/",
                f"/admin/api/main/pages/{central.pk}/",
                "/admin/api/main/pages/?search=Berita",
            ]
            for url in urls:
                body = self.client.get(url).content.decode()
                secrets = renamed[:-1] if user == both else renamed  # Bali's own section is theirs
                failures += [f"{role} {url}: {title}" for title in secrets if title in body]
        self.maxDiff = None
        self.assertEqual(failures, [])
        # Their own pages keep their draft titles; the centre sees its own drafts.
        self.client.force_login(both)
        self.assertContains(
            self.client.get(reverse("wagtailadmin_explore", args=[self.bali.pk])), renamed[-1]
        )
        admin = get_user_model().objects.create_superuser("admin-pusat", password="x")  # noqa: S106
        self.client.force_login(admin)
        self.assertContains(
            self.client.get(reverse("wagtailadmin_explore", args=[self.jatim.pk])), renamed[2]
        )

    # -- 3. Workflow views -----------------------------------------------------------

    def test_workflow_views_say_nothing_of_another_offices_page(self):
        review = self.bali_review.current_workflow_task
        for role, user in self.users.items():
            self.client.force_login(user)
            for page in self.secret_pages:
                state = self.bali_review.current_workflow_task_state
                urls = [
                    reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, review.pk]),
                    reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]),
                    reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", state.pk]),
                    reverse(
                        "wagtailadmin_pages:collect_workflow_action_data", args=[page.pk, "reject", state.pk]
                    ),
                    reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[page.pk]),
                ]
                for url in urls:
                    for method in ("get", "post"):
                        response = getattr(self.client, method)(url, follow=True)
                        self.assertEqual(self.secrets_in(response), [], f"{role} {method} {url}")

    def test_own_review_does_not_act_on_another_offices_review(self):
        self.client.force_login(self.users["Redaktur"])
        bali_state = self.bali_review.current_workflow_task_state
        for action in ("approve", "reject"):
            url = reverse(
                "wagtailadmin_pages:workflow_action", args=[self.jatim_review.pk, action, bali_state.pk]
            )
            self.client.post(url, {"comment": "x"})
        bali_state.refresh_from_db()
        self.assertEqual(bali_state.status, "in_progress")
        # The office's own review still works.
        own_state = self.jatim_review.current_workflow_task_state
        self.client.post(
            reverse(
                "wagtailadmin_pages:workflow_action", args=[self.jatim_review.pk, "approve", own_state.pk]
            )
        )
        own_state.refresh_from_db()
        self.assertEqual(own_state.status, "approved")

    # -- 4. Bulk actions -------------------------------------------------------------

    def test_bulk_action_confirmations_list_and_touch_only_what_one_may_act_on(self):
        page_ids = "&".join(f"id={page.pk}" for page in self.secret_pages)
        image = get_image_model()._meta
        document = get_document_model()._meta
        bulk = [
            ("wagtailcore", "page", action, page_ids) for action in ("delete", "move", "publish", "unpublish")
        ]
        bulk += [("wagtailcore", "page", "delete", f"id=all&childOf={self.bali.pk}")]
        bulk += [("wagtailcore", "page", "unpublish", f"id=all&childOf={self.nasional.pk}")]
        bulk += [
            (meta.app_label, meta.model_name, action, f"id={obj.pk}")
            for meta, obj in ((image, self.bali_image), (document, self.bali_document))
            for action in ("delete", "add_to_collection", "add_tags")
        ]
        bulk += [
            (image.app_label, image.model_name, "delete", f"id=all&childOf={self.bali_image.collection_id}")
        ]
        jatim_collection = Collection.objects.get(name="Jawa Timur")
        for role, user in self.users.items():
            self.client.force_login(user)
            for app_label, model_name, action, query in bulk:
                url = reverse("wagtail_bulk_action", args=[app_label, model_name, action]) + "?" + query
                response = self.client.get(url)
                self.assertEqual(self.secrets_in(response), [], f"{role} GET {url}")
                data = {"tags": "bocor", "collection": jatim_collection.pk, "chooser": self.jatim.pk}
                response = self.client.post(url, data, follow=True)
                self.assertEqual(self.secrets_in(response), [], f"{role} POST {url}")
        for page in self.secret_pages:
            self.assertTrue(Page.objects.filter(pk=page.pk, path__startswith=page.path).exists())
        self.bali_image.refresh_from_db()
        self.assertEqual(self.bali_image.collection.name, "Bali")
        self.assertFalse(self.bali_image.tags.exists())

    def test_bulk_action_on_every_page_below_an_unknown_page_is_a_404(self):
        self.client.force_login(self.users["Redaktur"])
        for parent in ("999999", "abc"):
            url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
            response = self.client.get(f"{url}?id=all&childOf={parent}")
            self.assertEqual(response.status_code, 404, parent)

    def test_bulk_move_to_a_page_one_may_not_see_names_nothing(self):
        self.client.force_login(self.users["Redaktur"])
        url = (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "move"])
            + f"?id={self.jatim_draft.pk}"
        )
        for destination in (self.central_draft, self.bali_draft):
            response = self.client.post(url, {"chooser": destination.pk}, follow=True)
            self.assertEqual(self.secrets_in(response), [], destination.title)
        self.jatim_draft.refresh_from_db()
        self.assertEqual(self.jatim_draft.get_parent().pk, self.jatim.pk)

    # -- 5. Reports ------------------------------------------------------------------

    def test_reports_show_only_the_offices_own_pages(self):
        self.central_draft.save_revision(user=self.bali_writer)  # the latest edited of its type
        reports = [
            "page_types_usage",
            "locked_pages",
            "workflow",
            "workflow_tasks",
            "site_history",
            "aging_pages",
        ]
        for role, user in self.users.items():
            self.client.force_login(user)
            for name in reports:
                for url in (
                    reverse(f"wagtailadmin_reports:{name}"),
                    reverse(f"wagtailadmin_reports:{name}") + "?export=csv",
                ):
                    response = self.client.get(url, follow=True)
                    self.assertEqual(self.secrets_in(response), [], f"{role} {url}")

    def test_report_filters_name_only_the_offices_own_users(self):
        from wagtail.log_actions import log

        bali_redaktur = get_user_model().objects.create_user("redaktur-bali", password="x")  # noqa: S106
        bali_redaktur.groups.add(Group.objects.get(name="Redaktur Bali"))
        self.bali_review.refresh_from_db()
        self.bali_review.save_revision(user=bali_redaktur)
        Page.objects.filter(pk=self.bali_review.pk).update(
            locked=True, locked_by=bali_redaktur, locked_at=timezone.now()
        )
        log(instance=self.bali_person, action="wagtail.edit", user=bali_redaktur)
        log(instance=self.bali_review, action="wagtail.edit", user=bali_redaktur)
        self.jatim_review.refresh_from_db()
        log(instance=self.jatim_review, action="wagtail.edit", user=self.jatim_writer)
        # An office allowed to unlock its own pages opens the locked-pages report.
        GroupPagePermission.objects.create(
            group=Group.objects.get(name="Redaktur Jawa Timur"),
            page=self.jatim,
            permission=Permission.objects.get(codename="unlock_page"),
        )
        outsiders = ["kontributor-bali", "redaktur-bali"]
        failures = []
        filters = {
            "workflow": "requested_by",
            "workflow_tasks": "requested_by",
            "locked_pages": "locked_by",
            "site_history": "user",
            "aging_pages": "user",
        }
        for role, user in self.users.items():
            self.client.force_login(user)
            for name, field in filters.items():
                for suffix in ("", "_results"):
                    base = reverse(f"wagtailadmin_reports:{name}{suffix}")
                    for query in ("", f"?{field}={self.bali_writer.pk}", f"?{field}={bali_redaktur.pk}"):
                        response = self.client.get(base + query)
                        self.assertLess(response.status_code, 500, base + query)
                        body = response.content.decode()
                        failures += [f"{name} {role} {query}: {u}" for u in outsiders if u in body]
        self.maxDiff = None
        self.assertEqual(failures, [])
        # The office's own users stay in the filter.
        self.client.force_login(self.users["Redaktur"])
        for name in ("workflow", "site_history"):
            response = self.client.get(reverse(f"wagtailadmin_reports:{name}"))
            self.assertContains(response, "kontributor-jatim-2")
        # The centre still sees everyone.
        centre = get_user_model().objects.create_user("redpel-pusat", password="x")  # noqa: S106
        centre.groups.add(Group.objects.get(name="Redaktur Pelaksana"))
        admin = get_user_model().objects.create_superuser("admin-pusat", password="x")  # noqa: S106
        for user in (centre, admin):
            self.client.force_login(user)
            for name, username in (("workflow", "kontributor-bali"), ("locked_pages", "redaktur-bali")):
                response = self.client.get(reverse(f"wagtailadmin_reports:{name}"))
                self.assertContains(response, username, msg_prefix=f"{user} {name}")

    # -- 6. Locks --------------------------------------------------------------------

    def test_a_regional_reviewer_locks_only_the_offices_own_pages(self):
        redaktur = self.users["Redaktur"]
        self.client.force_login(redaktur)
        for page in (self.bali_review, self.central_review):
            self.assertFalse(page.permissions_for_user(redaktur).can_lock(), page.title)
            self.client.post(reverse("wagtailadmin_pages:lock", args=[page.pk]))
            page.refresh_from_db()
            self.assertFalse(page.locked, page.title)
        self.assertTrue(self.jatim_review.permissions_for_user(redaktur).can_lock())
        self.client.post(reverse("wagtailadmin_pages:lock", args=[self.jatim_review.pk]))
        self.jatim_review.refresh_from_db()
        self.assertTrue(self.jatim_review.locked)
