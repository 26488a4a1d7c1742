"""Embargo: before its go-live time a page and its files are nowhere public; preview links."""

import re
from datetime import UTC, datetime, timedelta

import time_machine
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import TestCase, override_settings
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Site, Workflow

from home.models import HomePage
from news import listing as listed
from news.models import ArticlePage, ArticleRelatedPage, PreviewLink, ServiceArea, WorkUnit
from news.scheduling import publish_due
from tests.utils import article_form_data, make_article, make_category, make_image

NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)  # 10:00 WIB
SECRET = "Zamrudkatulistiwa"  # noqa: S105 - a word that appears only in the embargoed release


def make_pdf(title: str = "Siaran pers lengkap"):
    document = get_document_model()(title=title)
    document.file.save("siaran-pers.pdf", ContentFile(b"%PDF-1.4\n% test\n"), save=False)
    document.save()
    return document


class EmbargoTestData:
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get()
        cls.nasional = make_category("Nasional", "nasional")
        cls.releases = make_category("Siaran Pers", "siaran-pers")
        cls.haji = ServiceArea.objects.get(slug="haji")
        cls.unit = WorkUnit.objects.get(slug="ditjen-phu")
        cls.shared_image = make_image(title="Foto umum")
        cls.live = make_article(
            cls.nasional,
            "Berita haji yang sudah terbit",
            days_ago=1,
            hero_image=cls.shared_image,
            service_areas=[cls.haji],
            work_units=[cls.unit],
            tags=["haji"],
        )
        cls.release_image = make_image(title="Foto embargo")
        cls.release_pdf = make_pdf()
        cls.release = make_article(
            cls.releases,
            f"Siaran Pers {SECRET} Seleksi Petugas Haji",
            publish=False,
            lead=f"Teras {SECRET}.",
            hero_image=cls.release_image,
            service_areas=[cls.haji],
            work_units=[cls.unit],
            tags=["haji"],
            release_number="101/Humas/XI/2026",
            attachments=[("attachment", {"document": cls.release_pdf, "title": ""})],
        )
        # Curated as "Berita Lainnya" of the live article before it is published.
        ArticleRelatedPage.objects.create(source=cls.live, page=cls.release, sort_order=0)
        # The live article is published again with its curated link, as the editor does.
        ArticlePage.objects.get(pk=cls.live.pk).save_revision().publish()

    def schedule_release(self, go_live_at=None):
        release = ArticlePage.objects.get(pk=self.release.pk)
        release.go_live_at = go_live_at or NOW + timedelta(hours=2)
        release.save_revision().publish()  # a future go-live time only schedules it
        release.refresh_from_db()
        self.assertFalse(release.live)
        return release


@override_settings(WAGTAILSEARCH_BACKENDS={"default": {"BACKEND": "news.search_backends"}})
class EmbargoAbsenceTests(EmbargoTestData, TestCase):
    PUBLIC_URLS = [
        "/",
        "/nasional/",
        "/siaran-pers/",
        "/berita/",
        "/berita/?layanan=haji",
        "/rss/",
        "/atom/",
        "/siaran-pers/rss/",
        "/siaran-pers/atom/",
        "/layanan/haji/",
        "/layanan/haji/rss/",
        "/satker/ditjen-phu/",
        "/satker/ditjen-phu/atom/",
        "/tag/haji/",
        "/tag/haji/rss/",
        "/arsip/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        f"/cari/?q={SECRET}",
        f"/cari/saran/?q={SECRET[:6]}",
        "/nasional/berita-haji-yang-sudah-terbit/",
        "/api/v2/pages/",
        "/api/v2/pages/?type=news.ArticlePage&fields=*&limit=20",
        f"/api/v2/pages/?search={SECRET}",
        "/api/v2/pages/?type=news.ArticlePage&search=haji",
    ]

    def sitemap_children(self) -> list[str]:
        index = self.client.get("/sitemap.xml").content.decode()
        return [re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>([^<]+)</loc>", index)]

    def assert_nowhere(self):
        release = ArticlePage.objects.get(pk=self.release.pk)
        self.assertEqual(self.client.get(f"/siaran-pers/{release.slug}/").status_code, 404)
        self.assertEqual(self.client.get(f"/api/v2/pages/{release.pk}/").status_code, 404)
        for url in self.PUBLIC_URLS + self.sitemap_children():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                body = response.content.decode()
                # Search pages repeat the query; the release's title and address are what must not show.
                if not url.startswith("/cari/"):
                    self.assertNotIn(SECRET, body)
                self.assertNotIn("Seleksi Petugas Haji", body)
                self.assertNotIn(release.slug, body)

    def test_a_scheduled_release_is_nowhere_before_its_go_live_time(self):
        with time_machine.travel(NOW, tick=False):
            self.schedule_release()
            self.assert_nowhere()

    def test_a_draft_is_nowhere_either(self):
        self.assert_nowhere()

    def test_at_its_go_live_time_it_is_everywhere(self):
        with time_machine.travel(NOW, tick=False):
            self.schedule_release()
        with time_machine.travel(NOW + timedelta(hours=2), tick=False):
            self.assertEqual(publish_due(), (1, 0))
            release = ArticlePage.objects.get(pk=self.release.pk)
            self.assertEqual(self.client.get(release.url).status_code, 200)
            self.assertEqual(self.client.get(f"/api/v2/pages/{release.pk}/").status_code, 200)
            for url in ["/siaran-pers/", "/rss/", "/tag/haji/", f"/cari/?q={SECRET}", "/api/v2/pages/"]:
                with self.subTest(url=url):
                    self.assertContains(self.client.get(url), SECRET)
            self.assertContains(self.client.get(self.live.url), SECRET)  # the curated related block


class PublicAPITests(EmbargoTestData, TestCase):
    def test_articles_with_their_fields(self):
        response = self.client.get(f"/api/v2/pages/{self.live.pk}/")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["title"], "Berita haji yang sudah terbit")
        self.assertEqual(data["meta"]["html_url"], "http://localhost/nasional/berita-haji-yang-sudah-terbit/")
        self.assertTrue(data["hero_image"]["url"].startswith("/media/images/"))
        self.assertEqual(self.client.get(data["hero_image"]["url"]).status_code, 200)

    def test_withdrawn_articles_are_left_out(self):
        ArticlePage.objects.filter(pk=self.live.pk).update(withdrawn_at=NOW, withdrawal_reason="Keliru")
        listed.sync(ArticlePage.objects.filter(pk=self.live.pk))
        self.assertEqual(self.client.get(f"/api/v2/pages/{self.live.pk}/").status_code, 404)
        listing = self.client.get("/api/v2/pages/?type=news.ArticlePage").json()
        self.assertNotIn(self.live.pk, [item["id"] for item in listing["items"]])

    def test_bad_parameters_are_400(self):
        for query in [
            "limit=abc",
            "type=news.Nothing",
            "order=nothing",
            "fields=nothing",
            "offset=-1",
            "bogus=1",
        ]:
            with self.subTest(query=query):
                self.assertEqual(self.client.get(f"/api/v2/pages/?{query}").status_code, 400)

    def test_no_image_or_document_endpoints(self):
        self.assertEqual(self.client.get("/api/v2/images/").status_code, 404)
        self.assertEqual(self.client.get("/api/v2/documents/").status_code, 404)


class FilePrivacyTests(EmbargoTestData, TestCase):
    def media_path(self, url: str) -> str:
        return url.split("/media/", 1)[1]

    def urls(self):
        rendition = self.release_image.get_rendition("width-480")
        return {
            "document": self.release_pdf.url,
            "document file": self.release_pdf.file.url,
            "original image": self.release_image.file.url,
            "rendition": rendition.url,
        }

    def test_files_of_an_unpublished_release_cannot_be_downloaded(self):
        with time_machine.travel(NOW, tick=False):
            self.schedule_release()
        for name, url in self.urls().items():
            with self.subTest(name):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_editors_can_download_them(self):
        self.client.force_login(get_user_model().objects.create_superuser("redaksi", password="x"))
        for name, url in self.urls().items():
            with self.subTest(name):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                if name != "document":
                    self.assertIn("private", response["Cache-Control"])

    def test_files_are_public_once_the_release_is_published(self):
        with time_machine.travel(NOW, tick=False):
            self.schedule_release()
        with time_machine.travel(NOW + timedelta(hours=2), tick=False):
            publish_due()
        for name, url in self.urls().items():
            with self.subTest(name):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_a_file_that_a_live_article_also_uses_stays_public(self):
        release = ArticlePage.objects.get(pk=self.release.pk)
        release.hero_image = self.shared_image
        release.save_revision()
        release.save()
        self.assertEqual(self.client.get(self.shared_image.file.url).status_code, 200)
        self.assertEqual(self.client.get("/media/original_images/nothing-here.jpg").status_code, 404)

    def test_a_file_uploaded_ahead_is_private_until_a_live_page_uses_it(self):
        pdf = make_pdf("Unggahan awal")
        photo = make_image(title="Unggahan awal")
        for url in [pdf.url, pdf.file.url, photo.file.url]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        live = ArticlePage.objects.get(pk=self.live.pk)
        live.hero_image = photo
        live.attachments = [("attachment", {"document": pdf, "title": ""})]
        live.save_revision().publish()
        for url in [pdf.url, pdf.file.url, photo.file.url]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_site_logo_is_public(self):
        from home.models import SiteSettings

        logo = make_image(title="Logo")
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.logo = logo
        settings.save()
        self.assertEqual(self.client.get(logo.file.url).status_code, 200)
        self.assertEqual(self.client.get("/media/../cms/settings/base.py").status_code, 404)


class PreviewLinkTests(EmbargoTestData, TestCase):
    """The release passed its final approval and is scheduled: journalists may read it."""

    def setUp(self):
        with time_machine.travel(NOW - timedelta(minutes=5), tick=False):
            self.schedule_release(NOW + timedelta(hours=2))
            self.link = PreviewLink.objects.create(page=self.release, label="Mitra media")

    def test_a_journalist_reads_the_release_with_its_files_before_the_embargo(self):
        with time_machine.travel(NOW, tick=False):
            response = self.client.get(self.link.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, SECRET)
        self.assertContains(response, "Minggu, 29 November 2026 12:00 WIB")  # the embargo, in WIB
        self.assertContains(response, '<meta name="robots" content="noindex, nofollow">', html=True)
        self.assertEqual(response["X-Robots-Tag"], "noindex, nofollow")
        self.assertEqual(response["Referrer-Policy"], "no-referrer")
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])
        # The photos and the PDF shown in the preview work for the journalist, and only for them.
        html = response.content.decode()
        stem = self.release_image.file.name.rsplit("/", 1)[1].rsplit(".", 1)[0]
        media = sorted(set(re.findall(rf'(/media/images/{stem}\.[^" ,]+)', html)))
        self.assertTrue(media)
        self.assertIn(self.release_pdf.url, html)
        for url in [*media, self.release_pdf.url]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
                self.assertEqual(self.client_class().get(url).status_code, 404)

    def test_the_preview_shows_the_approved_version_not_a_later_draft(self):
        release = ArticlePage.objects.get(pk=self.release.pk)
        release.title = f"Judul belum disetujui {SECRET}"
        release.save_revision()
        response = self.client.get(self.link.get_absolute_url())
        self.assertContains(response, f"Siaran Pers {SECRET} Seleksi Petugas Haji")
        self.assertNotContains(response, "Judul belum disetujui")

    def test_the_link_pauses_while_the_schedule_is_cancelled(self):
        release = ArticlePage.objects.get(pk=self.release.pk)
        release.revisions.update(approved_go_live_at=None)  # what cancelling the schedule does
        response = self.client.get(self.link.get_absolute_url())
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(SECRET, response.content.decode())
        self.assertEqual(self.client.get(self.release_image.file.url).status_code, 404)

    @override_settings(WARTA_PAGE_CACHE_SECONDS=600)
    def test_a_revoked_link_is_dead_at_once_even_with_the_page_cache(self):
        url = self.link.get_absolute_url()
        self.assertEqual(self.client_class().get(url).status_code, 200)
        self.link.revoked_at = NOW
        self.link.save()
        response = self.client_class().get(url)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(SECRET, response.content.decode())

    def test_the_link_dies_when_the_release_is_published_and_stays_dead(self):
        with time_machine.travel(NOW + timedelta(hours=2), tick=False):
            publish_due()
            self.assertEqual(self.client.get(self.link.get_absolute_url()).status_code, 404)
            ArticlePage.objects.get(pk=self.release.pk).unpublish()
            self.assertEqual(self.client.get(self.link.get_absolute_url()).status_code, 404)

    def test_unknown_and_malformed_tokens_are_404(self):
        for token in ["x", "A" * 43, "A" * 65, "%E2%80%8B", "../../admin"]:
            with self.subTest(token=token):
                self.assertEqual(self.client.get(f"/pratinjau/{token}/").status_code, 404)

    def test_nul_bytes_anywhere_are_a_clear_400(self):
        for url in ["/pratinjau/%00/", "/media/original_images/%00.jpg", "/tag/a%00b/", "/?q=%00", "/x%00/"]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 400)

    def test_a_forged_cookie_gives_no_files(self):
        self.client.cookies["warta_preview"] = self.link.token  # not signed
        self.assertEqual(self.client.get(self.release_image.file.url).status_code, 404)


class PreviewLinkAdminTests(EmbargoTestData, TestCase):
    def setUp(self):
        self.user = get_user_model().objects.create_superuser("redaksi", password="x")
        self.client.force_login(self.user)
        self.url = reverse("news_preview_links", args=[self.release.pk])

    def test_no_link_for_a_release_before_its_final_approval(self):
        response = self.client.get(self.url)
        self.assertContains(response, "setelah siaran pers mendapat persetujuan akhir dan dijadwalkan")
        self.assertNotContains(response, "Buat tautan pratinjau")
        response = self.client.post(self.url, {"label": "Wartawan istana"}, follow=True)
        self.assertContains(response, "setelah siaran pers mendapat persetujuan akhir dan dijadwalkan")
        self.assertFalse(PreviewLink.objects.filter(page=self.release).exists())
        # A link left from before (or made while it was scheduled) shows nothing either.
        link = PreviewLink.objects.create(page=self.release, label="Lama")
        response = self.client_class().get(link.get_absolute_url())
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(SECRET, response.content.decode())

    def test_no_link_while_the_release_is_in_review(self):
        Workflow.objects.get(name="Review Redaksi").start(self.release, self.user)
        self.client.post(self.url, {"label": "Wartawan istana"})
        self.assertFalse(PreviewLink.objects.filter(page=self.release).exists())

    def test_editor_makes_copies_and_revokes_a_link(self):
        with time_machine.travel(NOW, tick=False):
            self.schedule_release(NOW + timedelta(hours=2))
        response = self.client.post(self.url, {"label": "Wartawan istana"}, follow=True)
        link = PreviewLink.objects.get(page=self.release)
        self.assertEqual(link.created_by, self.user)
        self.assertContains(response, f"http://testserver/pratinjau/{link.token}/")
        self.assertEqual(self.client_class().get(link.get_absolute_url()).status_code, 200)
        self.client.post(self.url, {"revoke": link.pk})
        link.refresh_from_db()
        self.assertIsNotNone(link.revoked_at)
        self.assertEqual(self.client_class().get(link.get_absolute_url()).status_code, 404)

    def test_bad_input_is_a_form_error_or_400_never_500(self):
        with time_machine.travel(NOW, tick=False):
            self.schedule_release(NOW + timedelta(hours=2))
        self.assertContains(self.client.post(self.url, {"label": ""}), "error", status_code=200)
        self.assertEqual(self.client.post(self.url, {"revoke": "abc"}).status_code, 400)
        self.assertEqual(self.client.post(self.url, {"revoke": "999999"}).status_code, 404)
        self.assertEqual(self.client.get(reverse("news_preview_links", args=[999999])).status_code, 404)

    def test_no_new_link_for_a_published_article(self):
        self.client.post(reverse("news_preview_links", args=[self.live.pk]), {"label": "Siapa saja"})
        self.assertFalse(PreviewLink.objects.filter(page=self.live).exists())

    def test_the_page_header_offers_preview_links(self):
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.release.pk]))
        self.assertContains(response, self.url)

    def test_a_contributor_elsewhere_may_not_see_them(self):
        user = get_user_model().objects.create_user("tamu", password="x")
        self.client.force_login(user)
        self.assertIn(self.client.get(self.url).status_code, (302, 403))


class SlugRedirectTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")

    def change_slug(self, page, slug: str, publish: bool):
        page = ArticlePage.objects.get(pk=page.pk)
        page.slug = slug
        with self.captureOnCommitCallbacks(execute=True):
            revision = page.save_revision()
            if publish:
                revision.publish()
            else:
                page.save()
        return page

    def test_renaming_a_published_article_redirects_its_old_address_for_good(self):
        page = make_article(self.nasional, "Judul lama")
        old_url = page.url
        self.change_slug(page, "judul-baru", publish=True)
        response = self.client.get(old_url)
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "/nasional/judul-baru/")
        self.assertEqual(self.client.get("/nasional/judul-baru/").status_code, 200)

    def test_moving_a_published_article_redirects_its_old_address(self):
        page = make_article(self.nasional, "Berita pindah")
        daerah = make_category("Daerah", "daerah")
        with self.captureOnCommitCallbacks(execute=True):
            ArticlePage.objects.get(pk=page.pk).move(daerah, pos="last-child")
        response = self.client.get("/nasional/berita-pindah/")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "/daerah/berita-pindah/")

    def test_renaming_a_never_published_draft_creates_no_redirect(self):
        from wagtail.contrib.redirects.models import Redirect

        page = make_article(self.nasional, "Draf lama", publish=False)
        self.change_slug(page, "draf-baru", publish=False)
        self.assertFalse(Redirect.objects.exists())
        self.assertEqual(self.client.get("/nasional/draf-lama/").status_code, 404)


class ScheduleInWibTests(EmbargoTestData, TestCase):
    def setUp(self):
        self.client.force_login(get_user_model().objects.create_superuser("redaksi", password="x"))

    def test_go_live_times_are_entered_in_wib_and_shown_with_the_units_zone(self):
        makassar = WorkUnit.objects.get(slug="kanwil-sulawesi-selatan")
        release = ArticlePage.objects.get(pk=self.release.pk)
        release.work_unit_links.all().delete()
        release.work_unit_links.create(unit=makassar, sort_order=0)
        release.go_live_at = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
        release.save_revision()
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[release.pk]))
        self.assertContains(response, "01-12-2026 10:00")  # the field's value, in WIB
        self.assertContains(response, "01-12-2026 10:00 WIB (11:00 WITA)")

    def test_the_article_listing_shows_when_a_page_goes_live(self):
        with time_machine.travel(NOW, tick=False):
            self.schedule_release(datetime(2026, 12, 1, 3, 0, tzinfo=UTC))
        response = self.client.get(reverse("articles:index"))
        self.assertContains(response, "01-12-2026 10:00 WIB")


class PressReleaseTests(EmbargoTestData, TestCase):
    def setUp(self):
        self.client.force_login(get_user_model().objects.create_superuser("redaksi", password="x"))
        from news.models import Person

        self.contact = Person.objects.create(
            name="Indah", phone="+62 21 3811642", email="humas@kemenag.example"
        )
        self.releases.press_releases = True
        self.releases.save()

    def form_data(self, action=None, release_number="", press_contact="", **overrides):
        return article_form_data(
            "Siaran pers baru",
            action,
            lead="Teras siaran pers.",
            body="<p>Isi siaran pers.</p>",
            release_number=release_number,
            press_contact=press_contact,
            **overrides,
        )

    def add_url(self):
        return reverse("wagtailadmin_pages:add", args=["news", "articlepage", self.releases.pk])

    def test_a_draft_may_lack_the_release_details(self):
        response = self.client.post(self.add_url(), self.form_data())
        self.assertEqual(response.status_code, 302)
        self.assertTrue(ArticlePage.objects.filter(slug="siaran-pers-baru", live=False).exists())

    def test_publishing_needs_a_number_and_a_contact_with_phone_and_email(self):
        response = self.client.post(self.add_url(), self.form_data("action-publish"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "nomor siaran pers")
        self.assertFalse(ArticlePage.objects.filter(slug="siaran-pers-baru").exists())
        self.contact.email = ""
        self.contact.save()
        response = self.client.post(
            self.add_url(),
            self.form_data("action-publish", release_number="7/Humas/XI/2026", press_contact=self.contact.pk),
        )
        self.assertContains(response, "surel")
        self.contact.email = "humas@kemenag.example"
        self.contact.save()
        response = self.client.post(
            self.add_url(),
            self.form_data("action-publish", release_number="7/Humas/XI/2026", press_contact=self.contact.pk),
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(ArticlePage.objects.get(slug="siaran-pers-baru").live)

    def test_attachments_must_be_pdf(self):
        text = get_document_model()(title="Catatan")
        text.file.save("catatan.txt", ContentFile(b"catatan"), save=False)
        text.save()
        from wagtail.test.utils.form_data import streamfield

        response = self.client.post(
            self.add_url(),
            self.form_data(attachments=streamfield([("attachment", {"document": text.pk, "title": ""})])),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "PDF")
        self.assertFalse(ArticlePage.objects.filter(slug="siaran-pers-baru").exists())

    def test_the_release_shows_its_number_contact_and_attachments(self):
        release = ArticlePage.objects.get(pk=self.release.pk)
        release.press_contact = self.contact
        release.save_revision().publish()
        response = self.client_class().get(release.url)
        self.assertContains(response, "101/Humas/XI/2026")
        self.assertContains(response, 'href="tel:+62213811642"')
        self.assertContains(response, 'href="mailto:humas@kemenag.example"')
        self.assertContains(response, "Lampiran")
        self.assertContains(response, "PDF")
        self.assertContains(response, self.release_pdf.url)
