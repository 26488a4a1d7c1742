"""Deleting a person, service area or work unit that an article uses is refused everywhere.

Live, scheduled and draft versions count, many-to-many uses too; the delete pages say which
articles use it, with links to their editors. Person deletions are done as the central Admin
group (it holds delete_person), service areas and work units as a superuser (nobody else may).
"""

from datetime import timedelta

import time_machine
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.db.models.signals import pre_delete
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import (
    ArticlePage,
    ArticleReporter,
    ArticleWorkUnit,
    CategoryIndexPage,
    Person,
    ServiceArea,
    WorkUnit,
)
from news.scheduling import publish_due
from news.usage import refuse_deleting_used
from tests.news.test_roles import make_user
from tests.utils import make_article, make_category


def delete_url(obj) -> str:
    return reverse(f"wagtailsnippets_news_{obj._meta.model_name}:delete", args=[obj.pk])


def usage_url(obj) -> str:
    return reverse(f"wagtailsnippets_news_{obj._meta.model_name}:usage", args=[obj.pk])


def bulk_delete_url(*objs) -> str:
    ids = "&".join(f"id={obj.pk}" for obj in objs)
    return f"/admin/bulk/news/{objs[0]._meta.model_name}/delete/?{ids}"


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def draft(page, **changes):
    """Save a draft of a live article with `changes`; the live version stays as it is."""
    page = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    return page.save_revision()


class DeletionTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.releases = make_category("Siaran Pers", "siaran-pers")
        CategoryIndexPage.objects.filter(pk=cls.releases.pk).update(press_releases=True)
        cls.contact = Person.objects.create(
            name="Humas Pusat", phone="+62 21 3811642", email="humas@kemenag.example"
        )
        cls.reporter = Person.objects.create(name="Rina Wartawan")
        cls.spare = Person.objects.create(name="Budi Lepas")
        cls.area = ServiceArea.objects.create(name="Layanan Uji", slug="layanan-uji")
        cls.unit = WorkUnit.objects.create(name="Biro Uji", slug="biro-uji", kind="biro")
        cls.admin = make_user("admin-redaksi", "Admin")
        cls.superuser = get_user_model().objects.create_superuser("super", "super@kemenag.example", "x")

    def assertRefused(self, response, obj):
        """A POST that deletes nothing and says why, on the delete page itself."""
        self.assertRedirects(response, delete_url(obj), fetch_redirect_response=False)
        self.assertTrue(type(obj).objects.filter(pk=obj.pk).exists())
        page = self.client.get(response.url)
        self.assertContains(page, "tidak dapat dihapus")
        return page


class PersonDeletionTests(DeletionTestCase):
    def test_the_press_contact_of_a_live_release_stays_and_the_page_lists_the_release(self):
        release = make_article(
            self.releases,
            "Siaran pers kuota haji",
            release_number="9/Humas",
            press_contact=self.contact,
            reporters=[self.reporter],
        )
        self.client.force_login(self.admin)
        response = self.client.get(delete_url(self.contact))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "tidak dapat dihapus")
        self.assertContains(response, f'<a href="{edit_url(release)}">Siaran pers kuota haji</a>', html=True)
        self.assertContains(response, "Kontak pers (versi tayang)")
        self.assertNotContains(response, "Ya, hapus")

        refused = self.assertRefused(self.client.post(delete_url(self.contact)), self.contact)
        self.assertContains(refused, "Humas Pusat tidak dapat dihapus: 1 berita memakainya")
        self.assertEqual(ArticlePage.objects.get(pk=release.pk).press_contact, self.contact)
        # A reporter credit is a child row (CASCADE): deleting the reporter would have dropped it.
        self.assertRefused(self.client.post(delete_url(self.reporter)), self.reporter)
        self.assertEqual(ArticleReporter.objects.filter(page=release, person=self.reporter).count(), 1)

    def test_a_reporter_named_only_in_a_draft_of_a_live_article_stays(self):
        article = make_article(self.nasional, "Berita manasik haji")
        draft(article, reporters=[ArticleReporter(person=self.reporter)])
        self.client.force_login(self.admin)

        usage = self.client.get(usage_url(self.reporter))
        self.assertContains(usage, "Berita manasik haji")
        self.assertContains(usage, "Penulis (konsep)")
        self.assertRefused(self.client.post(delete_url(self.reporter)), self.reporter)
        latest = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
        self.assertEqual([credit.person for credit in latest.reporters.all()], [self.reporter])

    def test_the_editor_of_a_scheduled_version_stays(self):
        article = make_article(self.nasional, "Berita jadwal sidang isbat")
        page = ArticlePage.objects.get(pk=article.pk)
        page.editor = self.spare
        page.go_live_at = timezone.now() + timedelta(days=1)
        page.save_revision().publish()  # a future go-live time only schedules this version
        draft(article, editor=None)  # and the newest draft names nobody
        self.client.force_login(self.admin)

        response = self.client.get(delete_url(self.spare))
        self.assertContains(response, "Editor (versi terjadwal)")
        self.assertRefused(self.client.post(delete_url(self.spare)), self.spare)

    def test_the_bulk_action_deletes_nothing_while_one_of_them_is_used(self):
        article = make_article(self.nasional, "Berita bimbingan perkawinan", editor=self.contact)
        for user in (self.admin, self.superuser):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                url = bulk_delete_url(self.contact, self.spare)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(
                    response, f'<a href="{edit_url(article)}">Berita bimbingan perkawinan</a>', html=True
                )
                self.assertNotContains(response, "Ya, hapus")
                response = self.client.post(url)
                self.assertRedirects(response, url, fetch_redirect_response=False)
                self.assertEqual(Person.objects.filter(pk__in=[self.contact.pk, self.spare.pk]).count(), 2)
                self.assertContains(self.client.get(url), "tidak dapat dihapus")

    def test_bulk_delete_of_many_unused_people_reads_the_articles_once(self):
        article = make_article(self.nasional, "Berita haji", editor=self.contact)
        draft(article, reporters=[])  # drafts and their revisions to read

        def usage_queries(count: int) -> int:
            people = [Person.objects.create(name=f"Orang Lepas {i}") for i in range(count)]
            with CaptureQueriesContext(connection) as queries:
                response = self.client.post(bulk_delete_url(*people))
            self.assertEqual(response.status_code, 302)
            self.assertFalse(Person.objects.filter(pk__in=[p.pk for p in people]).exists())
            return sum('"wagtailcore_revision"' in query["sql"] for query in queries.captured_queries)

        self.client.force_login(self.superuser)
        self.assertEqual(usage_queries(8), usage_queries(2))

    def test_any_other_way_of_deleting_is_refused_too_and_unused_people_still_go(self):
        make_article(self.nasional, "Berita zakat fitrah", photographer=self.reporter)
        # The refusal comes from inside Django's deletion transaction: callers catch it outside one.
        with self.assertRaises(ProtectedError), transaction.atomic():
            self.reporter.delete()
        with self.assertRaises(ProtectedError), transaction.atomic():
            Person.objects.filter(pk=self.reporter.pk).delete()
        self.assertTrue(Person.objects.filter(pk=self.reporter.pk).exists())

        self.client.force_login(self.admin)
        response = self.client.post(delete_url(self.spare))
        self.assertRedirects(
            response, reverse("wagtailsnippets_news_person:list"), fetch_redirect_response=False
        )
        self.assertFalse(Person.objects.filter(pk=self.spare.pk).exists())


class ServiceAreaDeletionTests(DeletionTestCase):
    def test_a_service_area_articles_use_is_counted_listed_and_kept(self):
        article = make_article(self.nasional, "Berita layanan nikah", service_areas=[self.area])
        self.client.force_login(self.superuser)

        response = self.client.get(delete_url(self.area))
        self.assertContains(response, "Layanan ini dirujuk 1 kali.")
        self.assertContains(response, f'<a href="{edit_url(article)}">Berita layanan nikah</a>', html=True)
        self.assertContains(response, "Layanan (versi tayang)")
        self.assertNotContains(response, "Ya, hapus")

        usage = self.client.get(usage_url(self.area))
        self.assertContains(usage, "Berita layanan nikah")
        self.assertContains(usage, f'href="{edit_url(article)}')

        self.assertRefused(self.client.post(delete_url(self.area)), self.area)
        self.assertEqual(list(ArticlePage.objects.get(pk=article.pk).service_areas.all()), [self.area])
        response = self.client.post(bulk_delete_url(self.area))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(ServiceArea.objects.filter(pk=self.area.pk).exists())
        with self.assertRaises(ProtectedError), transaction.atomic():
            self.area.delete()

    def test_a_service_area_only_a_never_published_draft_uses_is_kept(self):
        make_article(self.nasional, "Konsep berita wakaf", publish=False, service_areas=[self.area])
        self.client.force_login(self.superuser)
        response = self.client.get(delete_url(self.area))
        self.assertContains(response, "Layanan (konsep)")
        self.assertRefused(self.client.post(delete_url(self.area)), self.area)


class WorkUnitDeletionTests(DeletionTestCase):
    def test_a_unit_a_live_article_uses_is_refused_with_a_message_not_an_error(self):
        make_article(self.nasional, "Berita biro uji", work_units=[self.unit])
        self.client.force_login(self.superuser)
        response = self.client.get(delete_url(self.unit))
        self.assertContains(response, "Berita biro uji")
        self.assertContains(response, "Satuan kerja (versi tayang)")
        self.assertRefused(self.client.post(delete_url(self.unit)), self.unit)
        url = bulk_delete_url(self.unit)
        self.assertContains(self.client.get(url), "Berita biro uji")
        self.assertRedirects(self.client.post(url), url, fetch_redirect_response=False)
        self.assertTrue(WorkUnit.objects.filter(pk=self.unit.pk).exists())

    def test_a_unit_with_units_below_it_is_refused_with_a_message_not_an_error(self):
        WorkUnit.objects.create(name="Bagian Uji", slug="bagian-uji", kind="biro", parent=self.unit)
        self.client.force_login(self.superuser)
        self.assertRefused(self.client.post(delete_url(self.unit)), self.unit)
        url = bulk_delete_url(self.unit)
        self.assertRedirects(self.client.post(url), url, fetch_redirect_response=False)
        self.assertTrue(WorkUnit.objects.filter(pk=self.unit.pk).exists())

    def test_a_unit_only_a_draft_uses_is_kept_and_the_draft_still_opens(self):
        article = make_article(self.nasional, "Berita kanwil")
        draft(article, work_unit_links=[ArticleWorkUnit(unit=self.unit)])
        self.client.force_login(self.superuser)
        self.assertRefused(self.client.post(delete_url(self.unit)), self.unit)
        self.assertEqual(self.client.get(edit_url(article)).status_code, 200)

    def test_a_unit_only_an_old_revision_named_may_go_and_that_revision_still_opens(self):
        article = make_article(self.nasional, "Berita pindah satker", work_units=[self.unit])
        old = ArticlePage.objects.get(pk=article.pk).latest_revision
        draft(article, work_unit_links=[]).publish()
        self.client.force_login(self.superuser)
        response = self.client.post(delete_url(self.unit))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(WorkUnit.objects.filter(pk=self.unit.pk).exists())
        revert = reverse("wagtailadmin_pages:revisions_revert", args=[article.pk, old.pk])
        self.assertEqual(self.client.get(revert).status_code, 200)


class ScheduledReleaseContactTests(DeletionTestCase):
    """Both layers: the contact of a scheduled release cannot be deleted; if it goes anyway, the
    scheduler holds the release back instead of publishing it without a contact."""

    def schedule(self, title, contact):
        page = make_article(
            self.releases, title, publish=False, release_number="10/Humas", press_contact=contact
        )
        page.go_live_at = timezone.now() + timedelta(minutes=10)
        page.save_revision().publish()
        return page

    def test_the_press_contact_of_a_scheduled_release_cannot_go_and_the_release_never_goes_out_without_one(
        self,
    ):
        release = self.schedule("Siaran pers terjadwal", self.contact)
        self.client.force_login(self.admin)
        response = self.client.get(delete_url(self.contact))
        self.assertContains(response, "Kontak pers (versi terjadwal, konsep)")
        self.assertRefused(self.client.post(delete_url(self.contact)), self.contact)

        other_contact = Person.objects.create(
            name="Humas Kanwil", phone="+62 31 1", email="kanwil@kemenag.example"
        )
        orphan = self.schedule("Siaran pers tanpa kontak", other_contact)
        # A deletion that slips past the rule (raw SQL, a future code path) leaves no contact.
        pre_delete.disconnect(refuse_deleting_used, sender=Person, dispatch_uid="warta_keep_used_Person")
        try:
            other_contact.delete()
        finally:
            pre_delete.connect(refuse_deleting_used, sender=Person, dispatch_uid="warta_keep_used_Person")

        with (
            time_machine.travel(timezone.now() + timedelta(minutes=11)),
            self.assertLogs("news.scheduler", "ERROR"),
        ):
            self.assertEqual(publish_due(), (1, 0))
        published = ArticlePage.objects.get(pk=release.pk)
        self.assertTrue(published.live)
        self.assertEqual(published.press_contact, self.contact)
        self.assertFalse(ArticlePage.objects.get(pk=orphan.pk).live)
