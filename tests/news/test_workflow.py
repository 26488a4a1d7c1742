"""The review workflow "Review Redaksi" driven through the page editor, as its buttons post it."""

import datetime as dt
import json
import re
import zoneinfo

import time_machine
from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from news.models import ArticlePage
from tests.news.test_roles import make_user
from tests.utils import article_form_data, make_category

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=WIB)
# Made once: the editor keeps its paragraph's key (stored as data-block-key), so every post of an
# unchanged body is the same content.
BODY = streamfield([("paragraph", rich_text("<p>Isi berita.</p>"))])
REVIEW, FINAL = "Review Redaktur", "Persetujuan Redaktur Pelaksana"


class WorkflowTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.kontributor = make_user("kontributor", "Kontributor", "Fajar")
        cls.redaktur = make_user("redaktur", "Redaktur", "Indah")
        cls.redpel = make_user("redpel", "Redaktur Pelaksana", "Rina")
        cls.redpel2 = make_user("redpel-dua", "Redaktur Pelaksana", "Sari")
        cls.admin = make_user("admin-redaksi", "Admin", "Ahmad")

    def setUp(self):
        self.traveller = time_machine.travel(NOW, tick=True)
        self.traveller.start()
        self.addCleanup(self.traveller.stop)

    # -- what the editor's form posts -------------------------------------

    def form_data(self, title="Banjir di Jakarta", *, page=None, action=None, comments=(), **fields) -> dict:
        """The form as the editor shows it for `page` (its credits and schedule), with changes and
        the button pressed (`action`)."""
        if page is not None:
            saved = ArticlePage.objects.get(pk=page.pk).get_latest_revision().content
            fields.setdefault("editor", saved.get("editor") or "")
            go_live = saved.get("go_live_at")
            if go_live:
                local = dt.datetime.fromisoformat(go_live).astimezone(WIB)
                fields.setdefault("go_live_at", local.strftime("%Y-%m-%d %H:%M"))
        fields = {"go_live_at": "", "expire_at": "", **fields}
        data = article_form_data(
            title,
            action,
            slug="banjir-di-jakarta",
            body=BODY,
            comments=inline_formset(list(comments)),
            **fields,
        )
        data["body-0-id"] = "0a1b2c3d-0000-4000-8000-000000000001"  # the block's id, as the form keeps it
        return data

    def edit_url(self, page) -> str:
        return reverse("wagtailadmin_pages:edit", args=[page.pk])

    def submit_new(self, user=None):
        self.client.force_login(user or self.kontributor)
        url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", self.nasional.pk])
        self.client.post(url, self.form_data(action="action-submit"))
        return ArticlePage.objects.get(slug="banjir-di-jakarta")

    def post_edit(self, user, page, data=None, **headers):
        self.client.force_login(user)
        return self.client.post(self.edit_url(page), data or self.form_data(page=page), **headers)

    def act(self, user, page, action="approve", data=None, comment=""):
        """The reviewer's "Setujui"/"Terbitkan"/"Minta perubahan" button (and the comment modal)."""
        data = {
            **(data or self.form_data(page=page)),
            "action-workflow-action": "true",
            "workflow-action-name": action,
            "workflow-action-extra-data": json.dumps({"comment": comment} if comment else {}),
        }
        return self.post_edit(user, page, data)

    def comment(self, text="Sumbernya siapa?") -> dict:
        return {
            "id": "",
            "contentpath": "lead",
            "text": text,
            "position": "",
            "resolved": "",
            "DELETE": "",
            "replies": inline_formset([]),
        }

    def autosave(self, user, page, data=None):
        return self.post_edit(user, page, data, HTTP_ACCEPT="application/json")

    def task_name(self, page) -> str | None:
        page.refresh_from_db()
        task = page.current_workflow_task
        return task.name if task else None

    def at_final_step(self):
        page = self.submit_new()
        self.act(self.redaktur, page)
        self.assertEqual(self.task_name(page), FINAL)
        return page

    def message_texts(self) -> list[str]:
        """The messages shown on the next page the user opens."""
        response = self.client.get(reverse("wagtailadmin_home"))
        return [strip_tags(str(message.message)).strip() for message in get_messages(response.wsgi_request)]

    def menu(self, user, page) -> list[str]:
        """The editor's action menu labels, the main button first."""
        self.client.force_login(user)
        response = self.client.get(self.edit_url(page))
        self.assertEqual(response.status_code, 200)
        return button_labels(response.context["action_menu"].render_html())


def button_labels(html: str) -> list[str]:
    return [
        " ".join(strip_tags(label).split())
        for label in re.findall(r"<button[^>]*>(.*?)</button>", html, re.S)
    ]


class ReviewRestartTests(WorkflowTestCase):
    """Only a real content change by someone other than the final approver restarts the review."""

    def test_a_redaktur_who_comments_then_approves_sends_it_on_to_the_final_step(self):
        page = self.submit_new()
        self.post_edit(self.redaktur, page, self.form_data(page=page, comments=[self.comment()]))
        self.autosave(self.redaktur, page)
        self.act(self.redaktur, page, comment="Sudah saya cek.")
        self.assertEqual(self.task_name(page), FINAL)
        approval = PageLogEntry.objects.filter(page=page, action="wagtail.workflow.approve").get()
        self.assertEqual(approval.data["workflow"]["next"]["title"], FINAL)

    def test_the_final_approvers_autosave_and_schedule_do_not_send_it_back(self):
        page = self.at_final_step()
        self.autosave(self.redpel, page)
        go_live = NOW + dt.timedelta(hours=3)
        # "Atur jadwal", then "Simpan jadwal": a plain save of the form with the go-live time.
        self.post_edit(self.redpel, page, self.form_data(page=page, go_live_at="2026-12-02 12:00"))
        self.assertEqual(self.task_name(page), FINAL)
        self.act(self.redpel, page)
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(page.scheduled_revision.approved_go_live_at, go_live)
        self.assertIn(
            "“Banjir di Jakarta” disetujui dan dijadwalkan terbit pada",
            " ".join(self.message_texts()),
        )
        self.assertFalse(PageLogEntry.objects.filter(page=page, action="warta.review_restarted").exists())

    def test_the_final_approvers_own_correction_is_published_without_a_new_round(self):
        page = self.at_final_step()
        self.act(self.redpel, page, data=self.form_data(page=page, lead="Teras berita yang diperbaiki."))
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(page.lead, "Teras berita yang diperbaiki.")

    def test_a_content_change_by_the_first_steps_approver_sends_it_back(self):
        page = self.submit_new()
        self.act(self.redpel, page)  # a Redaktur Pelaksana may do the Redaktur's step too
        self.assertEqual(self.task_name(page), FINAL)
        self.post_edit(self.redpel, page, self.form_data(page=page, lead="Teras yang ditulis ulang."))
        self.assertEqual(self.task_name(page), REVIEW)
        restart = PageLogEntry.objects.get(page=page, action="warta.review_restarted")
        self.assertEqual(restart.user, self.redpel)
        # The new round needs the Redaktur's approval again before the final step.
        self.act(self.redaktur, page, data=self.form_data(page=page, lead="Teras yang ditulis ulang."))
        self.assertEqual(self.task_name(page), FINAL)
        self.act(self.redpel2, page, data=self.form_data(page=page, lead="Teras yang ditulis ulang."))
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(page.lead, "Teras yang ditulis ulang.")

    def test_an_autosaved_content_change_after_a_comment_still_counts(self):
        page = self.submit_new()
        self.act(self.redpel, page)
        self.client.force_login(self.redpel)
        first = self.autosave(self.redpel, page, self.form_data(page=page, comments=[self.comment()])).json()
        self.assertEqual(self.task_name(page), FINAL)
        changed = {
            **self.form_data(page=page, lead="Teras lain."),
            "overwrite_revision_id": str(first["revision_id"]),
        }
        self.autosave(self.redpel, page, changed)
        self.assertEqual(self.task_name(page), REVIEW)

    def test_the_writers_fix_after_changes_were_requested_at_the_final_step_goes_back_to_the_redaktur(self):
        page = self.at_final_step()
        self.act(self.redpel, page, action="reject", comment="Judulnya kurang jelas.")
        page.refresh_from_db()
        self.assertEqual(page.current_workflow_state.status, WorkflowState.STATUS_NEEDS_CHANGES)
        self.post_edit(
            self.kontributor, page, self.form_data("Banjir rob di Jakarta Utara", action="action-submit")
        )
        self.assertEqual(self.task_name(page), REVIEW)

    def test_a_resubmission_without_changes_returns_to_the_step_that_asked(self):
        page = self.at_final_step()
        self.act(self.redpel, page, action="reject", comment="Cek lagi sumbernya.")
        self.post_edit(self.kontributor, page, self.form_data(page=page, action="action-submit"))
        self.assertEqual(self.task_name(page), FINAL)


class FourEyesTests(WorkflowTestCase):
    def test_the_first_steps_approver_never_gives_the_final_approval(self):
        page = self.submit_new()
        self.act(self.redpel, page)
        self.assertEqual(self.task_name(page), FINAL)
        self.assertNotIn("Terbitkan", self.menu(self.redpel, page))
        self.act(self.redpel, page)
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(self.task_name(page), FINAL)
        self.act(self.redpel2, page)
        page.refresh_from_db()
        self.assertTrue(page.live)

    def test_the_submitter_never_approves_not_even_an_admin(self):
        page = self.submit_new(self.admin)
        self.assertNotIn("Setujui", self.menu(self.admin, page))
        self.act(self.admin, page)
        self.assertEqual(self.task_name(page), REVIEW)
        self.act(self.redaktur, page)
        self.act(self.admin, page)
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(self.task_name(page), FINAL)


class ReviewPermissionTests(WorkflowTestCase):
    def test_the_publisher_of_an_article_in_review_publishes_through_the_review(self):
        page = self.at_final_step()
        self.client.force_login(self.redpel)
        self.assertNotContains(self.client.get(self.edit_url(page)), 'name="action-publish"')
        self.post_edit(self.redpel, page, self.form_data(page=page, action="action-publish"))
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(self.task_name(page), FINAL)

    def test_only_a_redaktur_or_above_cancels_a_review(self):
        page = self.submit_new()
        self.client.force_login(self.kontributor)
        self.assertNotContains(self.client.get(self.edit_url(page)), 'name="action-cancel-workflow"')
        self.post_edit(self.kontributor, page, self.form_data(page=page, action="action-cancel-workflow"))
        self.assertEqual(self.task_name(page), REVIEW)
        self.act(self.redaktur, page, action="reject", comment="Lengkapi datanya.")
        self.client.force_login(self.kontributor)
        edit = self.client.get(self.edit_url(page))
        self.assertNotContains(edit, 'name="action-cancel-workflow"')
        self.assertNotContains(edit, 'name="action-restart-workflow"')
        self.assertEqual(button_labels(edit.context["action_menu"].render_html())[0], "Ajukan ke Redaksi")
        self.post_edit(self.kontributor, page, self.form_data(page=page, action="action-restart-workflow"))
        page.refresh_from_db()
        self.assertEqual(page.current_workflow_state.status, WorkflowState.STATUS_NEEDS_CHANGES)
        self.post_edit(self.kontributor, page, self.form_data(page=page, action="action-submit"))
        self.post_edit(self.redaktur, page, self.form_data(page=page, action="action-cancel-workflow"))
        self.assertIsNone(self.task_name(page))

    def test_messages_say_approved_published(self):
        page = self.submit_new()
        self.act(self.redaktur, page)
        texts = self.message_texts()
        self.assertIn(f"“Banjir di Jakarta” disetujui. Langkah berikutnya: {FINAL}.", texts)
        self.assertFalse([text for text in texts if "telah diperbarui" in text])
        self.act(self.redpel, page)
        self.assertIn("“Banjir di Jakarta” disetujui dan diterbitkan.", self.message_texts())


class ReviewActionMenuTests(WorkflowTestCase):
    """The main button of each role is its next step; "Simpan konsep" stays in the dropdown."""

    def test_kontributor_submits(self):
        self.client.force_login(self.kontributor)
        add_url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", self.nasional.pk])
        labels = button_labels(self.client.get(add_url).context["action_menu"].render_html())
        self.assertEqual(labels[0], "Ajukan ke Redaksi")
        self.assertIn("Simpan konsep", labels)
        self.assertNotIn("Publikasi", labels)
        self.client.post(add_url, self.form_data())
        draft = ArticlePage.objects.get(slug="banjir-di-jakarta")
        labels = self.menu(self.kontributor, draft)
        self.assertEqual(labels[0], "Ajukan ke Redaksi")
        self.assertIn("Simpan konsep", labels)

    def test_redaktur_approves_or_requests_changes(self):
        page = self.submit_new()
        labels = self.menu(self.redaktur, page)
        self.assertEqual(labels[0], "Setujui")
        self.assertIn("Minta perubahan", labels[1:])
        self.assertIn("Simpan konsep", labels[1:])
        self.assertNotIn("Pengajuan ke Review Redaksi", labels)

    def test_redaktur_pelaksana_publishes_or_schedules(self):
        page = self.at_final_step()
        labels = self.menu(self.redpel, page)
        self.assertEqual(labels[0], "Terbitkan")
        self.assertIn("Minta perubahan", labels)
        self.assertIn("Simpan konsep", labels)
        self.assertFalse([label for label in labels if "Publikasi" in label or "Menyetujui" in label])
        self.post_edit(self.redpel, page, self.form_data(page=page, go_live_at="2026-12-02 12:00"))
        self.assertEqual(self.menu(self.redpel, page)[0], "Jadwalkan")
