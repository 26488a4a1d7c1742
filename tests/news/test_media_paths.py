"""/media/ decides on the file's own row, whatever shape the address takes."""

from django.core.files.base import ContentFile
from django.test import TestCase
from wagtail.documents import get_document_model

from tests.news.test_embargo import EmbargoTestData


class MediaPathTests(EmbargoTestData, TestCase):
    def variants(self, url: str) -> list[str]:
        folder, name = url.rsplit("/", 1)
        return [
            f"{folder}//{name}",
            f"{folder}/./{name}",
            f"{folder}/../{folder.rsplit('/', 1)[1]}/{name}",
            f"{url}/",
            url.replace("/media/", "/media//"),
        ]

    def test_no_address_variant_serves_an_embargoed_file(self):
        for url in [self.release_pdf.file.url, self.release_image.file.url]:
            self.assertEqual(self.client.get(url).status_code, 404, url)
            for variant in self.variants(url):
                response = self.client.get(variant)
                self.assertEqual(response.status_code, 404, variant)
                self.assertNotIn("public", response.get("Cache-Control", ""), variant)

    def test_a_public_file_is_served_at_its_own_address_only(self):
        url = self.shared_image.file.url
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("public", response["Cache-Control"])
        for variant in self.variants(url):
            self.assertEqual(self.client.get(variant).status_code, 404, variant)

    def test_a_file_without_a_row_is_not_public(self):
        from django.core.files.storage import default_storage

        name = default_storage.save("documents/tertinggal-impor.pdf", ContentFile(b"%PDF-1.4\n"))
        self.assertEqual(self.client.get(f"/media/{name}").status_code, 404)

    def test_files_get_the_document_views_protections(self):
        text = get_document_model()(title="Catatan")
        text.file.save("catatan.txt", ContentFile(b"<script>alert(1)</script>"), save=False)
        text.save()
        self.client.force_login(self.editor())
        response = self.client.get(text.file.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Security-Policy"], "default-src 'none'")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Content-Disposition"], "attachment")
        pdf = self.client.get(self.release_pdf.file.url)
        self.assertEqual(pdf.status_code, 200)
        self.assertFalse(pdf.get("Content-Disposition", "").startswith("attachment"))
        self.assertIn("private", pdf["Cache-Control"])

    def test_a_name_too_long_for_the_disk_is_a_404(self):
        self.assertEqual(self.client.get("/media/documents/" + "a" * 5000 + ".pdf").status_code, 404)
        self.assertEqual(self.client.get("/media/" + "b/" * 3000).status_code, 404)

    def editor(self):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.create_superuser("redaksi-media", password="x")
