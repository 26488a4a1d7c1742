"""The admin's date pickers write "02-12-2026 14:30"; every date field must take that back."""

import re
from datetime import UTC, datetime

import time_machine
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils import WagtailTestUtils

from news.blocks import CorrectionBlock
from news.models import ArticlePage
from tests.utils import article_form_data, make_article, make_category

NOW = datetime(2026, 12, 1, 20, 56, tzinfo=UTC)  # 03:56 WIB on 2 December: UTC is still on the 1st
PICKED = "02-12-2026 03:56"


@time_machine.travel(NOW, tick=False)
class DatePickerFormatTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.article = make_article(cls.nasional, "Berita terbit", days_ago=0)
        cls.user = get_user_model().objects.create_superuser("redaksi", password="x")

    def setUp(self):
        self.client.force_login(self.user)

    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.article.pk])

    def form_data(self, title="Berita terbit", action=None, **overrides):
        return article_form_data(
            title,
            action,
            slug="berita-terbit",
            body="<p>Isi berita.</p>",
            release_number="",
            press_contact="",
            **overrides,
        )

    def test_each_date_field_reads_back_what_its_widget_writes(self):
        form_class = ArticlePage.get_edit_handler().get_form_class()
        form = form_class(instance=self.article, for_user=self.user)
        moment = timezone.localtime(NOW)
        for name in ["published_at", "withdrawn_at", "go_live_at", "expire_at"]:
            field = form.fields[name]
            written = field.widget.format_value(moment)
            self.assertEqual(written, PICKED, name)
            self.assertEqual(field.clean(written), moment, name)
        self.assertEqual(CorrectionBlock().child_blocks["date"].clean(PICKED), moment)

    def test_a_published_article_saves_with_its_prefilled_date(self):
        page = self.client.get(self.edit_url()).content.decode()
        prefilled = re.search(r'name="published_at"[^>]*value="([^"]+)"', page).group(1)
        self.assertRegex(prefilled, r"^\d\d-\d\d-\d{4} \d\d:\d\d$")
        response = self.client.post(
            self.edit_url(), self.form_data(published_at=prefilled, title="Berita terbit diperbaiki")
        )
        self.assertRedirects(response, self.edit_url())
        draft = ArticlePage.objects.get(pk=self.article.pk).get_latest_revision_as_object()
        self.assertEqual(draft.title, "Berita terbit diperbaiki")

    def test_a_go_live_time_from_the_picker_schedules(self):
        response = self.client.post(
            self.edit_url(),
            self.form_data(action="action-publish", published_at="", go_live_at="03-12-2026 09:30"),
        )
        self.assertEqual(response.status_code, 302)
        revision = ArticlePage.objects.get(pk=self.article.pk).scheduled_revision
        self.assertEqual(revision.approved_go_live_at, datetime(2026, 12, 3, 2, 30, tzinfo=UTC))

    def test_a_wrong_date_says_which_format_it_wants(self):
        response = self.client.post(self.edit_url(), self.form_data(published_at="2 Desember jam 4"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "misalnya 02-12-2026 14:30")
