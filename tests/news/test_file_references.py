"""Offices use and download only their own files and the shared ones; crafted forms are refused;
publishing one article never releases another's embargoed file."""

from datetime import timedelta

import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from news.models import ArticlePage
from news.roles import add_province_office
from news.scheduling import publish_due
from tests.news.test_embargo import NOW, EmbargoTestData
from tests.utils import article_form_data, make_article, make_category, make_image

OUTSIDE = "memakai foto atau dokumen di luar koleksi yang boleh dipakai kantor Anda"
EMBARGOED = "memakai foto atau dokumen yang masih diembargo untuk artikel lain yang belum terbit"
PAGE_REFUSED = "menautkan halaman yang tidak boleh Anda pakai di sini"


def make_document(title: str, collection=None):
    document = get_document_model()(title=title, collection=collection or Collection.get_first_root_node())
    document.file.save("lampiran.pdf", ContentFile(b"%PDF-1.4\n% uji\n"), save=False)
    document.save()
    return document


def make_user(username: str, group: str):
    user = get_user_model().objects.create_user(username, password="x")  # noqa: S106
    user.groups.add(Group.objects.get(name=group))
    return user


class FileReferenceTestData(EmbargoTestData):
    """The embargo data (a live article, a release with its own photo and PDF, both in the root
    collection) and two regional offices, Bali with its own photo and PDF used by a draft."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        daerah = make_category("Daerah", "daerah")
        cls.jatim = make_category("Jawa Timur", "jawa-timur", parent=daerah)
        cls.bali = make_category("Bali", "bali", parent=daerah)
        add_province_office(apps, cls.jatim, "Jawa Timur")
        add_province_office(apps, cls.bali, "Bali")
        bali_collection = Collection.objects.get(name="Bali")
        jatim_collection = Collection.objects.get(name="Jawa Timur")
        cls.bali_image = make_image(title="Foto Kanwil Bali")
        cls.bali_image.collection = bali_collection
        cls.bali_image.save()
        cls.bali_document = make_document("Dokumen Kanwil Bali", bali_collection)
        cls.bali_draft = make_article(
            cls.bali,
            "Rancangan Kanwil Bali",
            publish=False,
            hero_image=cls.bali_image,
            body=[("attachment", {"document": cls.bali_document, "title": ""})],
        )
        cls.jatim_image = make_image(title="Foto Kanwil Jawa Timur")
        cls.jatim_image.collection = jatim_collection
        cls.jatim_image.save()
        cls.jatim_news = make_article(cls.jatim, "Berita Kanwil Jawa Timur")
        cls.kontributor_jatim = make_user("kontributor-jatim", "Kontributor Jawa Timur")
        cls.redaktur_jatim = make_user("redaktur-jatim", "Redaktur Jawa Timur")
        cls.kontributor = make_user("kontributor-pusat", "Kontributor")
        cls.redaktur = make_user("redaktur-pusat", "Redaktur")


class FileDownloadTests(FileReferenceTestData, TestCase):
    def bali_urls(self) -> dict[str, str]:
        rendition = self.bali_image.get_rendition("width-400")
        return {
            "original": self.bali_image.file.url,
            "rendition": rendition.url,
            "document view": self.bali_document.url,
            "document file": self.bali_document.file.url,
        }

    def test_another_offices_withheld_files_are_not_served_to_a_regional_editor(self):
        for user in (self.kontributor_jatim, self.redaktur_jatim):
            self.client.force_login(user)
            for name, url in self.bali_urls().items():
                with self.subTest(user=user.username, file=name):
                    self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_office_itself_and_the_centre_get_them(self):
        for user in (make_user("kontributor-bali", "Kontributor Bali"), self.kontributor):
            self.client.force_login(user)
            for name, url in self.bali_urls().items():
                with self.subTest(user=user.username, file=name):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertNotIn("public", response.get("Cache-Control", ""))

    def test_a_regional_editor_gets_the_shared_withheld_files(self):
        # The root collection is every office's shared pool: its people may preview them.
        self.client.force_login(self.kontributor_jatim)
        self.assertEqual(self.client.get(self.release_image.file.url).status_code, 200)
        self.assertEqual(self.client.get(self.release_pdf.url).status_code, 200)

    def test_admin_views_of_another_offices_file_are_closed(self):
        self.client.force_login(self.kontributor_jatim)
        for url in [
            reverse("wagtailimages:edit", args=[self.bali_image.pk]),
            reverse("wagtailimages:preview", args=[self.bali_image.pk, "width-400"]),
            reverse("wagtaildocs:edit", args=[self.bali_document.pk]),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertIn(response.status_code, (302, 403, 404))
                self.assertNotIn(b"Kanwil Bali", response.content)


class CraftedFormTests(FileReferenceTestData, TestCase):
    """Posts of the article editor naming ids its choosers would never offer the user."""

    def add_url(self, parent) -> str:
        return reverse("wagtailadmin_pages:add", args=["news", "articlepage", parent.pk])

    def post_article(self, user, parent, **fields):
        self.client.force_login(user)
        title = fields.pop("title", "Berita rakitan")
        return self.client.post(
            self.add_url(parent), article_form_data(title, lead="Teras tetap ada.", **fields)
        )

    def assert_refused(self, response, message: str, field: str):
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        self.assertIn(message, body)
        self.assertIn(field, body)
        self.assertIn("Teras tetap ada.", body)  # the editor's other input is kept
        for secret in ("Kanwil Bali", "rancangan-kanwil-bali", "999999"):
            self.assertNotIn(secret, body)  # nor shown what they may not see
        self.assertFalse(ArticlePage.objects.filter(title="Berita rakitan").exists())

    def image_body(self, image):
        return streamfield([("image", {"image": image.pk, "caption": "", "credit": "", "alt": ""})])

    def test_a_regional_contributor_cannot_use_another_offices_files(self):
        cases = {
            "hero image": ({"hero_image": self.bali_image.pk}, "Foto utama"),
            "image block": ({"body": self.image_body(self.bali_image)}, "Isi"),
            "document block": (
                {"body": streamfield([("attachment", {"document": self.bali_document.pk, "title": ""})])},
                "Isi",
            ),
            "document link": (
                {
                    "body": streamfield(
                        [
                            (
                                "paragraph",
                                rich_text(
                                    f'<p><a linktype="document" id="{self.bali_document.pk}">PDF</a></p>'
                                ),
                            )
                        ]
                    )
                },
                "Isi",
            ),
        }
        for name, (fields, label) in cases.items():
            with self.subTest(name):
                self.assert_refused(
                    self.post_article(self.kontributor_jatim, self.jatim, **fields), OUTSIDE, label
                )

    def test_nor_link_another_offices_unpublished_page(self):
        link = rich_text(f'<p><a linktype="page" id="{self.bali_draft.pk}">rancangan</a></p>')
        response = self.post_article(
            self.kontributor_jatim, self.jatim, body=streamfield([("paragraph", link)])
        )
        self.assert_refused(response, PAGE_REFUSED, "Isi")
        response = self.post_article(
            self.kontributor_jatim, self.jatim, related_links=inline_formset([{"page": self.bali_draft.pk}])
        )
        self.assert_refused(response, PAGE_REFUSED, "Berita terkait")

    def test_nor_a_shared_file_kept_for_an_unpublished_release(self):
        for user, parent in [(self.kontributor_jatim, self.jatim), (self.kontributor, self.nasional)]:
            with self.subTest(user.username):
                response = self.post_article(user, parent, hero_image=self.release_image.pk)
                self.assert_refused(response, EMBARGOED, "Foto utama")
                body = streamfield([("attachment", {"document": self.release_pdf.pk, "title": ""})])
                self.assert_refused(self.post_article(user, parent, body=body), EMBARGOED, "Isi")

    def test_unknown_ids_are_a_form_error_not_a_500(self):
        link = rich_text('<p><a linktype="page" id="999999">hilang</a></p>')
        response = self.post_article(
            self.kontributor_jatim, self.jatim, body=streamfield([("paragraph", link)])
        )
        self.assert_refused(response, PAGE_REFUSED, "Isi")
        link = rich_text('<p><a linktype="document" id="999999">hilang</a></p>')
        response = self.post_article(
            self.kontributor_jatim, self.jatim, body=streamfield([("paragraph", link)])
        )
        self.assert_refused(response, OUTSIDE, "Isi")

    def test_own_shared_and_public_references_are_accepted(self):
        link = rich_text(
            f'<p><a linktype="page" id="{self.live.pk}">terbit</a> '
            f'<a linktype="page" id="{self.jatim_news.pk}">kanwil</a></p>'
        )
        response = self.post_article(
            self.kontributor_jatim,
            self.jatim,
            hero_image=self.jatim_image.pk,
            body=streamfield(
                [
                    ("paragraph", link),
                    ("image", {"image": self.shared_image.pk, "caption": "", "credit": "", "alt": ""}),
                ]
            ),
            related_links=inline_formset([{"page": self.live.pk}]),
        )
        self.assertEqual(response.status_code, 302)
        page = ArticlePage.objects.get(title="Berita rakitan")
        self.assertEqual(page.hero_image, self.jatim_image)
        self.assertEqual([link.page_id for link in page.related_links.all()], [self.live.pk])

    def test_whoever_may_edit_the_release_may_use_its_files(self):
        response = self.post_article(self.redaktur, self.nasional, hero_image=self.release_image.pk)
        self.assertEqual(response.status_code, 302)

    def test_a_reference_already_on_the_page_does_not_block_its_editors(self):
        # A central editor put another office's photo into a Jawa Timur article.
        page = ArticlePage.objects.get(pk=self.jatim_news.pk)
        page.hero_image = self.bali_image
        page.save_revision()
        self.client.force_login(self.redaktur_jatim)
        data = article_form_data(page.title, hero_image=self.bali_image.pk)
        data["slug"] = page.slug
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        self.assertEqual(response.status_code, 302)


class EmbargoedFileReleaseTests(FileReferenceTestData, TestCase):
    def assert_public(self, files, public: bool):
        self.client.logout()
        for obj in files:
            urls = [obj.file.url, obj.url] if isinstance(obj, get_document_model()) else [obj.file.url]
            for url in urls:
                with self.subTest(url=url):
                    self.assertEqual(self.client.get(url).status_code, 200 if public else 404)

    def test_publishing_another_article_with_the_release_files_does_not_release_them(self):
        with time_machine.travel(NOW, tick=False):
            self.schedule_release()
            live = ArticlePage.objects.get(pk=self.live.pk)
            live.hero_image = self.release_image
            live.attachments = [("attachment", {"document": self.release_pdf, "title": ""})]
            live.body = [("attachment", {"document": self.release_pdf, "title": ""})]
            live.save_revision().publish()
            self.assert_public([self.release_image, self.release_pdf], False)
        with time_machine.travel(NOW + timedelta(hours=2), tick=False):
            self.assertEqual(publish_due(), (1, 0))
            self.assert_public([self.release_image, self.release_pdf], True)

    def test_through_the_editor_as_well(self):
        self.schedule_release(timezone.now() + timedelta(days=2))
        self.client.force_login(self.redaktur)
        data = article_form_data("Berita lanjutan", hero_image=self.release_image.pk)
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["news", "articlepage", self.nasional.pk]), data
        )
        self.assertEqual(response.status_code, 302)
        # Reviewed and published by another editor (four eyes).
        ArticlePage.objects.get(title="Berita lanjutan").get_latest_revision().publish()
        self.assertTrue(ArticlePage.objects.get(title="Berita lanjutan").live)
        self.assert_public([self.release_image], False)

    def test_a_public_photo_stays_public_when_a_release_takes_it_up(self):
        release = ArticlePage.objects.get(pk=self.release.pk)
        release.hero_image = self.shared_image
        release.save_revision()
        self.assert_public([self.shared_image], True)

    def test_a_file_held_for_a_deleted_draft_follows_the_live_page(self):
        live = ArticlePage.objects.get(pk=self.live.pk)
        live.hero_image = self.bali_image
        live.save_revision().publish()
        self.assert_public([self.bali_image], False)
        Page.objects.get(pk=self.bali_draft.pk).delete()
        self.assert_public([self.bali_image], True)

    def test_a_live_articles_unpublished_change_holds_its_new_photo(self):
        photo = make_image(title="Foto perubahan")
        live = ArticlePage.objects.get(pk=self.live.pk)
        live.hero_image = photo
        live.save_revision()  # a draft change, not published
        other = ArticlePage.objects.get(pk=self.jatim_news.pk)
        other.hero_image = photo
        other.save_revision().publish()
        self.assert_public([photo], False)
        ArticlePage.objects.get(pk=self.live.pk).get_latest_revision().publish()
        self.assert_public([photo], True)

    def test_a_regional_draft_does_not_hold_a_shared_photo(self):
        photo = make_image(title="Foto bersama")  # uploaded ahead to the shared root collection
        make_article(self.jatim, "Rancangan Kanwil Jawa Timur", publish=False, hero_image=photo)
        photo.refresh_from_db()
        self.assertIsNone(photo.held_for_id)
        live = ArticlePage.objects.get(pk=self.live.pk)
        live.hero_image = photo
        live.save_revision().publish()
        self.assert_public([photo], True)
        own = make_image(title="Foto Kanwil sendiri")
        own.collection = Collection.objects.get(name="Jawa Timur")
        own.save()
        draft = make_article(self.jatim, "Rancangan kedua", publish=False, hero_image=own)
        own.refresh_from_db()
        self.assertEqual(own.held_for_id, draft.pk)


class OrphanFileTests(FileReferenceTestData, TestCase):
    def test_files_no_row_owns_are_served_to_nobody(self):
        from django.core.files.storage import default_storage

        names = [
            default_storage.save(f"{folder}/tertinggal-impor.jpg", ContentFile(b"\xff\xd8\xff"))
            for folder in ("original_images", "images", "documents")
        ]
        for user in (None, self.kontributor, get_user_model().objects.create_superuser("admin-yatim")):
            if user is not None:
                self.client.force_login(user)
            for name in names:
                with self.subTest(user=user and user.username, name=name):
                    self.assertEqual(self.client.get(f"/media/{name}").status_code, 404)
