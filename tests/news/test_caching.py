"""Readers' pages come from the cache until what they show changes, and never outlive it."""

import os
import subprocess
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from home.models import HomePage, SiteSettings
from news import listing
from news.caching import current_epoch, read_epoch, tag_versions
from news.models import ArticlePage
from tests.utils import make_article, make_category


class RouteCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        SiteSettings.objects.get_or_create(site=Site.objects.get())
        cls.nasional = make_category("Nasional", "nasional")
        cls.daerah = make_category("Daerah", "daerah")
        cls.jatim = make_category("Jawa Timur", "jawa-timur", parent=cls.daerah)
        cls.article = make_article(cls.nasional, "Berita rute", days_ago=1)
        cls.regional = make_article(cls.jatim, "Berita Jawa Timur", days_ago=2)

    @override_settings(WARTA_PAGE_CACHE_SECONDS=600)
    def test_a_readers_second_visit_makes_no_queries(self):
        for url in ["/", "/nasional/", "/daerah/jawa-timur/", self.article.url, self.regional.url]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
                with self.assertNumQueries(0):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_breadcrumbs_name_every_category_above(self):
        self.client.get("/daerah/jawa-timur/")
        response = self.client.get("/daerah/jawa-timur/")
        self.assertEqual([page.title for page in response.context["breadcrumbs"]], ["Beranda", "Daerah"])
        self.assertContains(response, '<a href="/daerah/">Daerah</a>', html=True)

    def test_renamed_unpublished_and_private_pages_are_not_served_from_the_cache(self):
        url = self.article.url
        self.assertEqual(self.client.get(url).status_code, 200)

        self.article.slug = "berita-rute-baru"
        with self.captureOnCommitCallbacks(execute=True):  # redirects are made on commit
            self.article.save_revision().publish()
        old = self.client.get(url)
        self.assertEqual(old.status_code, 301)
        self.assertEqual(old["Location"], "/nasional/berita-rute-baru/")
        self.assertContains(self.client.get("/nasional/berita-rute-baru/"), "Berita rute")

        self.article.unpublish()
        self.assertEqual(self.client.get("/nasional/berita-rute-baru/").status_code, 404)

        self.article.save_revision().publish()
        self.assertEqual(self.client.get("/nasional/berita-rute-baru/").status_code, 200)
        PageViewRestriction.objects.create(page=self.nasional, restriction_type="login")
        response = self.client.get("/nasional/berita-rute-baru/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/_util/login/", response["Location"])

    def test_moving_a_page_serves_it_at_its_new_address_only(self):
        self.client.get(self.regional.url)
        with self.captureOnCommitCallbacks(execute=True):
            self.regional.move(self.nasional, pos="last-child")
        self.assertEqual(self.client.get("/nasional/berita-jawa-timur/").status_code, 200)
        old = self.client.get("/daerah/jawa-timur/berita-jawa-timur/")
        self.assertEqual(old.status_code, 301)
        self.assertEqual(old["Location"], "/nasional/berita-jawa-timur/")

    def test_editors_are_routed_afresh(self):
        self.client.force_login(get_user_model().objects.create_superuser("redaksi", "r@example.com", "x"))
        self.client.get(self.article.url)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(self.article.url).status_code, 200)
        sql = " ".join(query["sql"] for query in queries)
        self.assertIn('FROM "wagtailcore_site"', sql)
        self.assertIn(f"\"slug\" = '{self.article.slug}'", sql)

    def test_changing_a_site_starts_a_new_epoch(self):
        epoch = read_epoch()
        site = Site.objects.get()
        site.site_name = "Warta Uji"
        site.save()
        self.assertNotEqual(read_epoch(), epoch)

    def test_the_home_page_change_is_served_at_once(self):
        self.client.get("/")
        home = HomePage.objects.get()
        home.title = "Beranda Warta"
        home.save_revision().publish()
        self.assertContains(
            self.client.get("/"), '<meta property="og:title" content="Beranda Warta">', html=True
        )

    def test_long_and_hostile_paths_are_404s(self):
        for url in ["/" + "a/" * 300, "/nasional/%2e%2e/", "/nasional/berita-rute/x/y/"]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        response = self.client.get("/", headers={"host": "evil.example"})
        self.assertEqual(response.status_code, 400)


class SharedGenerationTests(TestCase):
    """The web workers and the scheduler are separate processes with their own memory caches;
    the content generation they depend on is one for all of them."""

    def test_thousands_of_tag_versions_keep_the_epoch_and_each_other(self):
        # One version per article: a store that culls at a few hundred entries would drop the
        # epoch and the versions, and every cached page would miss from then on.
        epoch = read_epoch()
        first = tag_versions([f"page:{n}" for n in range(50)])
        for start in range(50, 1500, 100):
            tag_versions([f"page:{n}" for n in range(start, start + 100)])
        self.assertEqual(read_epoch(), epoch)
        self.assertEqual(tag_versions([f"page:{n}" for n in range(50)]), first)

    def test_a_change_made_by_another_process_is_served_at_once(self):
        nasional = make_category("Nasional", "nasional")
        article = make_article(nasional, "Berita dari penjadwal", days_ago=1)
        self.assertContains(self.client.get("/"), "Berita dari penjadwal")
        self.assertEqual(self.client.get(article.url).status_code, 200)
        # Another process unpublishes the article (its row changes; the signal fires there).
        ArticlePage.objects.filter(pk=article.pk).update(live=False)
        listing.sync(ArticlePage.objects.filter(pk=article.pk))  # as that process's save does
        before = read_epoch()
        self.run_elsewhere("invalidate_all()")
        self.assertNotEqual(read_epoch(), before)
        self.assertNotContains(self.client.get("/"), "Berita dari penjadwal")
        self.assertEqual(self.client.get(article.url).status_code, 404)

    def test_site_settings_saved_by_another_process_are_served_at_once(self):
        site_settings, _ = SiteSettings.objects.get_or_create(site=Site.objects.get())
        self.assertNotContains(self.client.get("/"), "(021) 555-0199")
        # Another worker saves the settings: the row changes, the signal fires there.
        SiteSettings.objects.filter(pk=site_settings.pk).update(phone="(021) 555-0199")
        self.run_elsewhere("invalidate('settings')")
        self.assertContains(self.client.get("/"), "(021) 555-0199")

    def run_elsewhere(self, code: str) -> None:
        """Run `code` (with news.caching's functions at hand) in a separate Python process."""
        subprocess.run(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", "import django; django.setup(); from news.caching import *; " + code],
            cwd=settings.BASE_DIR,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
            check=True,
        )

    def test_a_request_keeps_one_epoch_and_sees_its_own_changes(self):
        from django.test import RequestFactory

        from news.caching import ResponseCacheMiddleware, invalidate_all

        seen = []

        def view(request):
            seen.append(current_epoch())
            seen.append(current_epoch())
            invalidate_all()  # an editor publishes in this request
            seen.append(current_epoch())
            return None

        request = RequestFactory().post("/")
        ResponseCacheMiddleware(view)(request)
        self.assertEqual(seen[0], seen[1])
        self.assertNotEqual(seen[1], seen[2])
        self.assertEqual(seen[2], read_epoch())


XKEY_FRONTEND = {
    "varnish": {"BACKEND": "news.frontend_cache.XkeyBackend", "LOCATION": "http://127.0.0.1:8105"}
}


class FrontendPurgeTests(TestCase):
    @override_settings(WAGTAILFRONTENDCACHE=XKEY_FRONTEND)
    def test_a_bump_purges_the_same_tags_in_front(self):
        from unittest import mock

        from news.caching import invalidate

        with mock.patch("news.frontend_cache.urlopen") as urlopen:
            invalidate("page:7", "home")
        request = urlopen.call_args.args[0]
        self.assertEqual(request.get_method(), "PURGE")
        self.assertEqual(request.full_url, "http://127.0.0.1:8105/")
        self.assertEqual(set(request.get_header("Xkey-purge").split()), {"page:7", "home", "any"})

    @override_settings(WAGTAILFRONTENDCACHE={})
    def test_no_purge_when_nothing_is_in_front(self):
        from unittest import mock

        from news.caching import invalidate

        with mock.patch("news.frontend_cache.urlopen") as urlopen:
            invalidate("page:7")
        urlopen.assert_not_called()
