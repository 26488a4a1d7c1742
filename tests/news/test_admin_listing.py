import re
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils import WagtailTestUtils

from news.models import ArticlePage, Person
from news.status import ArticleStatus
from tests.news.test_admin import ArticleListingTestCase
from tests.utils import make_article, make_category

NOW = datetime(2026, 12, 1, 20, 30, tzinfo=ZoneInfo("UTC"))  # 03:30 WIB on 2 December

STATUS_LABELS = {
    "Konsep": ArticleStatus.DRAFT,
    "Dalam review: Review Redaktur": ArticleStatus.IN_REVIEW,
    "Perlu perbaikan": ArticleStatus.CHANGES_REQUESTED,
    "Terjadwal: 02-12-2026 10:00 WIB": ArticleStatus.SCHEDULED,
    "Tayang": ArticleStatus.LIVE,
    "Tayang · Ralat": ArticleStatus.CORRECTED,
    "Ditarik": ArticleStatus.WITHDRAWN,
}


def status_tags(response) -> list[str]:
    """The labels of Wagtail's status tags on a page, without the screen-reader prefix."""
    html = response.content.decode()
    pattern = r'class="w-status[^"]*"[^>]*>\s*(?:<span class="w-sr-only">[^<]*</span>)?\s*([^<]*?)\s*</'
    return re.findall(pattern, html)


def header_status(html: str) -> list[str]:
    """The status labels in the editor's header (the tag that links to the live page, or not)."""
    tag = r'class="page-status-tag[^"]*"(?:[^>"]|"[^"]*")*>\s*(?:<svg.*?</svg>)?([^<]*)</'
    return [" ".join(text.split()) for text in re.findall(tag, html, re.S)]


def make_articles_in_every_status(category, user, suffix=""):
    """One article per status, titled by the status label it must show."""
    make_article(category, f"Konsep{suffix}", publish=False)
    in_review = make_article(category, f"Dalam review: Review Redaktur{suffix}", publish=False)
    in_review.get_workflow().start(in_review, user)
    changes = make_article(category, f"Perlu perbaikan{suffix}", publish=False)
    state = changes.get_workflow().start(changes, user)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, "reject")
    scheduled = make_article(category, f"Terjadwal: 02-12-2026 10:00 WIB{suffix}", publish=False)
    scheduled.go_live_at = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    scheduled.save_revision().publish()
    make_article(category, f"Tayang{suffix}")
    corrected = make_article(category, f"Tayang · Ralat{suffix}")
    corrected.corrections = [("correction", {"date": timezone.now(), "text": "Nama narasumber diperbaiki."})]
    corrected.save_revision().publish()
    withdrawn = make_article(category, f"Ditarik{suffix}")
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.withdrawal_reason = "Data keliru."
    withdrawn.save_revision().publish()


@time_machine.travel(NOW, tick=False)
class ArticleStatusListingTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        with time_machine.travel(NOW, tick=False):
            cls.user = cls.create_superuser("redaksi")
            cls.nasional = make_category("Nasional", "nasional")
            make_articles_in_every_status(cls.nasional, cls.user)

    def setUp(self):
        self.client.force_login(self.user)

    def listing(self, **params):
        response = self.client.get(reverse("articles:index"), params)
        self.assertEqual(response.status_code, 200)
        return response

    def test_each_article_shows_its_newsroom_status(self):
        response = self.listing()
        shown = {page.title: page.status_string for page in response.context["object_list"]}
        self.assertEqual(shown, {label: label for label in STATUS_LABELS})
        self.assertEqual(sorted(status_tags(response)), sorted(STATUS_LABELS))

    def test_explorer_and_page_search_show_the_status_too(self):
        explorer = self.client.get(reverse("wagtailadmin_explore", args=[self.nasional.pk]))
        self.assertEqual(sorted(status_tags(explorer)), sorted(STATUS_LABELS))
        search = self.client.get(reverse("wagtailadmin_pages:search"), {"q": "Ditarik"})
        self.assertEqual(status_tags(search), ["Ditarik"])

    def test_filter_by_status(self):
        for label, status in STATUS_LABELS.items():
            with self.subTest(status=status):
                titles = [page.title for page in self.listing(status=status.value).context["object_list"]]
                self.assertEqual(titles, [label])
        both = self.listing(status=[ArticleStatus.LIVE.value, ArticleStatus.CORRECTED.value])
        titles = sorted(page.title for page in both.context["object_list"])
        self.assertEqual(titles, ["Tayang", "Tayang · Ralat"])

    def test_status_filter_is_offered_with_indonesian_labels(self):
        response = self.listing()
        labels = ["Konsep", "Dalam review", "Perlu perbaikan", "Terjadwal"]
        labels += ["Tayang", "Tayang · Ralat", "Ditarik"]
        for status, label in zip(ArticleStatus, labels, strict=False):
            self.assertEqual(status.label, label)
            self.assertContains(response, f'name="status" value="{status.value}"')

    def test_an_unknown_status_is_a_form_error_not_a_crash(self):
        response = self.listing(status="hilang")
        self.assertEqual(len(response.context["object_list"]), len(STATUS_LABELS))

    def test_editor_header_shows_the_status(self):
        for label in STATUS_LABELS:
            with self.subTest(label):
                page = ArticlePage.objects.get(title=label)
                response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
                header = response.content.decode().split("</header>")[0]
                self.assertEqual(set(header_status(header)), {label})

    def test_dashboard_shows_the_status(self):
        withdrawn = ArticlePage.objects.get(title="Ditarik")
        withdrawn.save_revision(user=self.user, log_action=True)  # in "Your most recent edits"
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(status_tags(response), ["Ditarik"])


class ArticleFilterTests(ArticleListingTestCase):
    @classmethod
    def setUpTestData(cls):
        daerah = make_category("Daerah", "daerah")
        jatim = make_category("Jawa Timur", "jawa-timur", parent=daerah)
        nasional = make_category("Nasional", "nasional")
        cls.bambang = Person.objects.create(name="Bambang Wirawan")
        siti = Person.objects.create(name="Siti Aminah")
        make_article(jatim, "Manasik Surabaya", reporters=[cls.bambang])
        make_article(daerah, "Kabar daerah", reporters=[cls.bambang, siti])
        make_article(nasional, "Kabar nasional", reporters=[siti])
        cls.daerah, cls.jatim = daerah, jatim

    def test_filter_by_category_includes_the_categories_below_it(self):
        self.assertEqual(self.titles(category=self.daerah.pk), ["Kabar daerah", "Manasik Surabaya"])
        self.assertEqual(self.titles(category=self.jatim.pk), ["Manasik Surabaya"])

    def test_filter_by_reporter(self):
        self.assertEqual(self.titles(reporter=self.bambang.pk), ["Kabar daerah", "Manasik Surabaya"])

    def test_filters_combine_with_search(self):
        self.assertEqual(self.titles(reporter=self.bambang.pk, q="Surabaya"), ["Manasik Surabaya"])

    def test_filter_labels(self):
        response = self.client.get(reverse("articles:index"))
        for label in ["Status", "Kategori (termasuk subkategori)", "Penulis"]:
            self.assertContains(response, label)
        self.assertContains(response, "Jawa Timur")
        html = response.content.decode()
        toggles = re.findall(r'aria-controls="drilldown-id_(\w+)"', html)
        self.assertEqual(toggles[:3], ["status", "category", "reporter"])
        self.assertNotIn("has_child_pages", toggles)

    def test_bad_filter_values_do_not_crash(self):
        self.assertEqual(len(self.titles(category="x", reporter="999999")), 3)


@time_machine.travel(NOW, tick=False)
class ArticleListingQueryTests(WagtailTestUtils, TestCase):
    def test_queries_do_not_grow_with_the_rows(self):
        user = self.create_superuser("redaksi")
        self.client.force_login(user)
        category = make_category("Nasional", "nasional")
        reporter = Person.objects.create(name="Bambang Wirawan")

        def queries() -> tuple[int, int]:
            counts = []
            for url, params in [
                (reverse("articles:index"), {"reporter": reporter.pk}),
                (reverse("wagtailadmin_explore", args=[category.pk]), {}),
            ]:
                with CaptureQueriesContext(connection) as context:
                    response = self.client.get(url, params)
                self.assertEqual(response.status_code, 200)
                counts.append(len(context))
            return tuple(counts)

        make_articles_in_every_status(category, user)
        for page in ArticlePage.objects.all():
            page.reporters.create(person=reporter)
        queries()  # the first request caches the site's root paths
        small = queries()
        make_articles_in_every_status(category, user, suffix=" (2)")
        make_articles_in_every_status(category, user, suffix=" (3)")
        for page in ArticlePage.objects.exclude(reporters__person=reporter):
            page.reporters.create(person=reporter)
        self.assertEqual(len(self.client.get(reverse("articles:index")).context["object_list"]), 21)
        large = queries()
        self.assertEqual(large, small)
        self.assertLessEqual(max(small), 40)
