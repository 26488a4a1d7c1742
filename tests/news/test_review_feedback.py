"""What a reporter sees after a reviewer requests changes, and how the review is compared."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Revision

from news.models import ArticlePage
from tests.news.test_roles import make_user
from tests.utils import article_form_data, make_category

JAKARTA = ZoneInfo("Asia/Jakarta")
SUBMITTED_AT = datetime(2026, 12, 1, 8, 0, tzinfo=JAKARTA)
REJECTED_AT = datetime(2026, 12, 1, 9, 30, tzinfo=JAKARTA)
FIXED_AT = datetime(2026, 12, 1, 11, 0, tzinfo=JAKARTA)


def visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


class ReviewFeedbackMixin:
    """A Kontributor's article, submitted and sent back by a Redaktur with a comment."""

    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.kontributor = make_user("kontributor", "Kontributor", "Fajar Nugroho")
        cls.redaktur = make_user("redaktur", "Redaktur", "Indah Lestari")
        cls.redaktur.first_name, cls.redaktur.last_name = "Indah", "Lestari"
        cls.redaktur.save()

    def submit_new_article(self) -> ArticlePage:
        self.client.force_login(self.kontributor)
        url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", self.nasional.pk])
        data = article_form_data("Berita ditinjau", "action-submit", body="<p>Isi pertama.</p>")
        with time_machine.travel(SUBMITTED_AT, tick=False):
            self.client.post(url, data)
        return ArticlePage.objects.get(title="Berita ditinjau")

    def request_changes(self, page, comment="Sumber kutipan belum disebut."):
        self.client.force_login(self.redaktur)
        state = page.current_workflow_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", state.pk])
        with time_machine.travel(REJECTED_AT, tick=False):
            self.client.post(url, {"comment": comment})
        page.refresh_from_db()
        self.assertEqual(page.current_workflow_state.status, "needs_changes")
        return page

    def edit(self, page, body: str, action: str | None = None):
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        data = article_form_data(page.title, action, body=body)
        with time_machine.travel(FIXED_AT, tick=True):
            return self.client.post(url, data, **self.ajax(action))

    @staticmethod
    def ajax(action):
        return {} if action else {"headers": {"Accept": "application/json"}}


class ChangesRequestedBannerTests(ReviewFeedbackMixin, TestCase):
    def test_reporter_sees_the_reviewers_message_with_name_and_time_on_top_of_the_editor(self):
        page = self.request_changes(self.submit_new_article())
        self.client.force_login(self.kontributor)
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        banner = re.search(r"<div[^>]*data-review-feedback.*?</div>\s*</div>", html, re.S)
        self.assertIsNotNone(banner, "no review banner in the editor")
        text = visible_text(banner.group(0))
        self.assertIn("Perubahan diminta oleh Indah Lestari", text)
        self.assertIn("Sumber kutipan belum disebut.", text)
        self.assertIn("Selasa, 1 Desember 2026 09:30 WIB", text)
        # The banner comes before the form, at the top of the editor.
        self.assertLess(html.index("data-review-feedback"), html.index('id="page-edit-form"'))

    def test_banner_stays_while_the_reporter_fixes_and_goes_once_resubmitted(self):
        page = self.request_changes(self.submit_new_article())
        self.client.force_login(self.kontributor)
        self.edit(page, "<p>Isi diperbaiki.</p>")  # an autosave of the fix
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        self.assertContains(self.client.get(edit_url), "data-review-feedback")
        self.edit(page, "<p>Isi diperbaiki.</p>", action="action-submit")
        page.refresh_from_db()
        self.assertEqual(page.current_workflow_state.status, "in_progress")
        self.assertNotContains(self.client.get(edit_url), "data-review-feedback")

    def test_no_banner_on_an_article_in_review_or_never_reviewed(self):
        page = self.submit_new_article()
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertNotContains(response, "data-review-feedback")

    def test_request_without_comment_still_names_the_reviewer(self):
        page = self.request_changes(self.submit_new_article(), comment="")
        self.client.force_login(self.kontributor)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertContains(response, "data-review-feedback")
        self.assertContains(response, "Perubahan diminta oleh Indah Lestari")


class ChangesRequestedStatusTests(ReviewFeedbackMixin, TestCase):
    def test_dashboard_line_is_indonesian(self):
        self.request_changes(self.submit_new_article())
        self.client.force_login(self.kontributor)
        html = self.client.get(reverse("wagtailadmin_home")).content.decode()
        text = visible_text(html)
        self.assertIn("Perubahan diminta pada tahap Review Redaktur", text)
        self.assertIn("Halaman dan snippet Anda dalam alur kerja", text)
        self.assertNotIn("Changes requested", text)

    def test_status_dialog_names_the_reviewer_not_the_reporter(self):
        page = self.request_changes(self.submit_new_article())
        self.client.force_login(self.kontributor)
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        dialog = html[html.index('id="workflow-status-dialog"') :]
        dialog = visible_text(dialog[: dialog.index("workflow-timeline__footer")])
        self.assertRegex(dialog, r"> Perubahan diminta [^>]* oleh Indah Lestari Review Redaksi")
        self.assertNotIn("oleh kontributor", dialog)
        self.assertIn("Sumber kutipan belum disebut.", dialog)

    def test_workflow_history_names_the_reviewer(self):
        page = self.request_changes(self.submit_new_article())
        self.client.force_login(self.kontributor)
        state = page.current_workflow_state
        url = reverse("wagtailadmin_pages:workflow_history_detail", args=[page.pk, state.pk])
        html = self.client.get(url).content.decode()
        text = visible_text(html)
        self.assertIn("Diajukan oleh kontributor", text)
        self.assertIn("Ditolak oleh Indah Lestari", text)
        self.assertIn('dengan komentar: "Sumber kutipan belum disebut."', text)


class CompareSubmissionsTests(ReviewFeedbackMixin, TestCase):
    def compare_url_in(self, html: str) -> str:
        match = re.search(r'href="([^"]*/revisions/compare/[^"]*)"', html)
        self.assertIsNotNone(match, "no compare link")
        return match.group(1)

    def resubmit_after_changes(self) -> tuple[ArticlePage, Revision]:
        """Sent back, fixed by the reporter (an autosave, then submitted again): the page and the
        revision the reviewer had rejected."""
        page = self.request_changes(self.submit_new_article())
        submitted = page.current_workflow_state.current_task_state.revision
        self.client.force_login(self.kontributor)
        self.edit(page, "<p>Isi diperbaiki dengan sumber.</p>")  # autosave
        self.edit(page, "<p>Isi diperbaiki dengan sumber.</p>", action="action-submit")
        page.refresh_from_db()
        return page, submitted

    def test_compare_shows_what_the_reporter_changed_since_the_rejected_submission(self):
        page, submitted = self.resubmit_after_changes()
        self.assertEqual(Revision.page_revisions.filter(object_id=str(page.pk)).count(), 3)

        self.client.force_login(self.redaktur)
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        compare_url = self.compare_url_in(html[html.index('id="workflow-status-dialog"') :])
        self.assertRegex(compare_url, rf"/compare/{submitted.pk}\.\.\.{page.latest_revision_id}/$")
        compare = self.client.get(compare_url)
        self.assertEqual(compare.status_code, 200)
        self.assertContains(compare, "Isi pertama.")
        self.assertContains(compare, "Isi diperbaiki dengan sumber.")

    def test_the_reviewers_dashboard_compares_with_the_version_sent_back(self):
        page, submitted = self.resubmit_after_changes()

        self.client.force_login(self.redaktur)
        html = self.client.get(reverse("wagtailadmin_home")).content.decode()
        compare_url = self.compare_url_in(html)
        self.assertRegex(compare_url, rf"/compare/{submitted.pk}\.\.\.{page.latest_revision_id}/$")
