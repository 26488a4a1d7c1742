"""The cache is invalidated after the commit, by what a change touches, and by a new release.

These tests commit (TransactionTestCase): a reader that arrives while the writer's transaction
is still open sees the old rows, which is simulated by putting the old values back for the
length of that request.
"""

from contextlib import contextmanager
from datetime import timedelta

import time_machine
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import TestCase, TransactionTestCase, override_settings
from django.utils import timezone
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, Site
from wagtail.signals import page_published, page_unpublished

from home.models import HomePage, SiteSettings
from news import caching
from news.models import ArticlePage, Person, ServiceArea
from news.scheduling import publish_due
from tests.utils import make_article, make_category, make_image


@override_settings(WARTA_PAGE_CACHE_SECONDS=600)
class InvalidationTests(TransactionTestCase):
    serialized_rollback = True  # the page tree and site that migrations made

    def setUp(self):
        self.home = HomePage.objects.get()
        SiteSettings.objects.get_or_create(site=Site.objects.get())
        self.nasional = make_category("Nasional", "nasional")
        self.daerah = make_category("Daerah", "daerah")
        self.article = make_article(self.nasional, "Berita nasional", days_ago=1)
        self.regional = make_article(self.daerah, "Berita daerah", days_ago=2)

    def get(self, url: str, **params):
        return self.client.get(url, params)

    @contextmanager
    def reader_between_save_and_commit(self, signal, urls, page_id, **old_values):
        """While `signal` fires inside the writer's transaction, a reader requests `urls` and
        sees the rows as they were before (`old_values`), as another connection would."""
        responses = []

        def reader(sender, instance, **kwargs):
            current = Page.objects.filter(pk=page_id).values(*old_values).get()
            Page.objects.filter(pk=page_id).update(**old_values)
            responses.extend(self.client.get(url) for url in urls)
            Page.objects.filter(pk=page_id).update(**current)

        signal.connect(reader, dispatch_uid="test_reader_between")
        try:
            yield responses
        finally:
            signal.disconnect(dispatch_uid="test_reader_between")

    def test_a_scheduled_expiry_is_a_404_at_once(self):
        url = self.article.url
        self.assertEqual(self.get(url).status_code, 200)
        ArticlePage.objects.filter(pk=self.article.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
        with self.reader_between_save_and_commit(page_unpublished, [url], self.article.pk, live=True) as seen:
            self.assertEqual(publish_due(), (0, 1))
        self.assertEqual(seen[0].status_code, 200)  # the reader in between still saw it live
        self.assertEqual(self.get(url).status_code, 404)

    def test_a_go_live_shows_on_the_front_page_and_in_the_feeds_at_once(self):
        page = make_article(self.nasional, "Siaran pers terjadwal", publish=False)
        page.go_live_at = timezone.now() + timedelta(minutes=5)
        page.save_revision().publish()  # with a future go-live time this only schedules
        urls = ["/", "/rss/", "/nasional/rss/", "/berita/"]
        for url in urls:
            self.assertNotContains(self.get(url), "Siaran pers terjadwal")
        with time_machine.travel(timezone.now() + timedelta(minutes=6)):
            with self.reader_between_save_and_commit(page_published, urls, page.pk, live=False) as seen:
                self.assertEqual(publish_due(), (1, 0))
            self.assertNotContains(seen[0], "Siaran pers terjadwal")
            for url in urls:
                with self.subTest(url=url):
                    self.assertContains(self.get(url), "Siaran pers terjadwal")

    def test_a_reader_inside_the_writers_transaction_stores_nothing_for_after_it(self):
        url = self.article.url
        self.get(url)
        old = {"title": "Berita nasional"}
        with (
            self.reader_between_save_and_commit(page_published, [url], self.article.pk, **old),
            transaction.atomic(),
        ):
            self.article.title = "Berita nasional diperbarui"
            self.article.save_revision().publish()
        response = self.get(url)
        self.assertEqual(response["X-Cache"], "MISS")
        self.assertContains(response, "Berita nasional diperbarui")

    def test_an_image_edit_shows_on_cached_articles(self):
        image = make_image(caption="Keterangan lama")
        ArticlePage.objects.filter(pk=self.article.pk).update(hero_image=image)
        self.article.refresh_from_db()
        self.article.save_revision().publish()
        self.assertContains(self.get(self.article.url), "Keterangan lama")
        self.assertEqual(self.get(self.article.url)["X-Cache"], "HIT")
        image.caption = "Keterangan baru"
        image.save()
        self.assertContains(self.get(self.article.url), "Keterangan baru")

    def test_a_publication_invalidates_its_category_not_the_others(self):
        for url in ["/", "/daerah/", "/nasional/", self.regional.url]:
            self.get(url)
        make_article(self.nasional, "Berita nasional kedua")
        self.assertEqual(self.get(self.regional.url)["X-Cache"], "HIT")
        self.assertEqual(self.get("/daerah/")["X-Cache"], "HIT")
        for url in ["/", "/nasional/"]:
            with self.subTest(url=url):
                response = self.get(url)
                self.assertEqual(response["X-Cache"], "MISS")
                self.assertContains(response, "Berita nasional kedua")

    def test_a_new_release_empties_every_key(self):
        url = self.article.url
        self.get(url)
        self.assertEqual(self.get(url)["X-Cache"], "HIT")
        with override_settings(WARTA_RELEASE="next-release"):
            self.assertEqual(self.get(url)["X-Cache"], "MISS")
        built = []
        caching.cached("release-test", (), lambda: built.append(1))
        caching.cached("release-test", (), lambda: built.append(1))
        with override_settings(WARTA_RELEASE="next-release"):
            caching.cached("release-test", (), lambda: built.append(1))
        self.assertEqual(len(built), 2)

    def test_tracking_parameters_neither_miss_the_cache_nor_add_keys(self):
        self.assertEqual(self.get("/nasional/")["X-Cache"], "MISS")
        self.assertEqual(self.get("/nasional/", page=1)["X-Cache"], "MISS")
        keys = len(cache._cache)
        response = self.get("/nasional/", utm_source="wa", utm_medium="social", fbclid="IwAR0abc")
        self.assertEqual(response["X-Cache"], "HIT")
        response = self.get("/nasional/", page=1, fbclid="IwAR0abc", gclid="x")
        self.assertEqual(response["X-Cache"], "HIT")
        self.assertEqual(len(cache._cache), keys)
        # A first visit with a tracking parameter stores the page without it.
        response = self.get("/berita/", fbclid="IwAR0abc")
        self.assertEqual(response["X-Cache"], "MISS")
        self.assertNotContains(response, "fbclid")
        self.assertEqual(self.get("/berita/")["X-Cache"], "HIT")

    def test_responses_name_their_tags_for_a_cache_in_front(self):
        keys = self.get(self.article.url)["Surrogate-Key"].split()
        self.assertIn(f"page:{self.article.pk}", keys)
        self.assertIn(f"page:{self.nasional.pk}", keys)
        self.assertIn("settings", keys)
        self.assertNotIn(f"page:{self.regional.pk}", keys)


@override_settings(WARTA_PAGE_CACHE_SECONDS=600)
class TriggerTests(TestCase):
    """Each kind of change drops the cached pages that show it (invalidations run at once here:
    see tests/conftest.py)."""

    @classmethod
    def setUpTestData(cls):
        SiteSettings.objects.get_or_create(site=Site.objects.get())
        cls.nasional = make_category("Nasional", "nasional")
        cls.area = ServiceArea.objects.create(name="Zakat", slug="zakat")
        cls.editor = Person.objects.create(name="Indah Lestari")
        cls.article = make_article(
            cls.nasional,
            "Berita zakat",
            days_ago=1,
            service_areas=[cls.area],
            tags=["wakaf"],
            editor=cls.editor,
        )

    def warm(self, url):
        self.client.get(url)
        self.assertEqual(self.client.get(url)["X-Cache"], "HIT")

    def test_a_renamed_term_shows_on_its_articles(self):
        self.warm(self.article.url)
        self.area.name = "Zakat dan Wakaf"
        self.area.save()
        self.assertContains(self.client.get(self.article.url), "Zakat dan Wakaf")
        self.warm(self.article.url)
        tag = Tag.objects.get(name="wakaf")
        tag.name = "wakaf produktif"
        tag.save()
        self.assertContains(self.client.get(self.article.url), "wakaf produktif")

    def test_a_renamed_person_shows_on_their_articles(self):
        self.warm(self.article.url)
        self.editor.name = "Indah Lestari Putri"
        self.editor.save()
        self.assertContains(self.client.get(self.article.url), "Indah Lestari Putri")

    def test_site_settings_show_on_every_cached_page(self):
        for url in ["/", self.article.url, "/rss/"]:
            self.warm(url)
        site_settings = SiteSettings.objects.get()
        site_settings.site_name = "Kementerian Uji"
        site_settings.save()
        for url in ["/", self.article.url, "/rss/"]:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), "Kementerian Uji")

    def test_a_private_collection_and_a_redirect_drop_what_they_touch(self):
        document = get_document_model().objects.create(
            title="Lampiran", file=ContentFile(b"%PDF-1.4", name="lampiran.pdf")
        )
        self.article.body = [("attachment", {"document": document, "title": ""})]
        self.article.save_revision().publish()
        self.warm(self.article.url)
        restriction = CollectionViewRestriction.objects.create(
            collection=document.collection, restriction_type="login"
        )
        self.assertEqual(self.client.get(self.article.url)["X-Cache"], "MISS")
        self.warm(self.article.url)
        restriction.delete()
        self.assertEqual(self.client.get(self.article.url)["X-Cache"], "MISS")
        self.warm(self.article.url)
        Redirect.objects.create(old_path=self.article.url, redirect_link="/berita/")
        self.assertEqual(self.client.get(self.article.url)["X-Cache"], "MISS")
