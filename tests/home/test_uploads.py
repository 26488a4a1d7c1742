"""Uploads: a pixel cap for images, and documents that are what their names say."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.test.utils import WagtailTestUtils


def zipped(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "isi")
    return buffer.getvalue()


class UploadTests(WagtailTestUtils, TestCase):
    def setUp(self):
        self.login()

    def upload_image(self, title: str, name: str, content: bytes, content_type: str):
        return self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": title,
                "collection": Collection.get_first_root_node().pk,
                "file": SimpleUploadedFile(name, content, content_type),
            },
        )

    def upload_document(self, name: str, content: bytes):
        return self.client.post(
            reverse("wagtaildocs:add"),
            {
                "title": name,
                "collection": Collection.get_first_root_node().pk,
                "file": SimpleUploadedFile(name, content),
            },
        )

    def test_a_huge_image_in_a_small_file_is_refused(self):
        buffer = io.BytesIO()
        PILImage.new("1", (11000, 11000)).save(buffer, "PNG")  # 121 megapixels in a few KB
        self.assertLess(len(buffer.getvalue()), 1024 * 1024)
        response = self.upload_image("Raksasa", "raksasa.png", buffer.getvalue(), "image/png")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["file"])
        self.assertFalse(get_image_model().objects.filter(title="Raksasa").exists())

    def test_a_photo_within_the_cap_is_accepted(self):
        buffer = io.BytesIO()
        PILImage.new("RGB", (6000, 4000), (10, 90, 40)).save(buffer, "JPEG")  # a 24 MP camera
        response = self.upload_image("Foto kamera", "kamera.jpg", buffer.getvalue(), "image/jpeg")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(get_image_model().objects.filter(title="Foto kamera").exists())

    def test_documents_must_be_what_their_extension_says(self):
        refused = {
            "palsu.pdf": b"<html><script>alert(1)</script></html>",
            "palsu.docx": b"%PDF-1.4 bukan dokumen Word",
            "palsu.xlsx": zipped("word/document.xml"),
            "palsu.zip": b"bukan arsip",
            "palsu.rtf": b"teks biasa",
            "biner.txt": b"MZ\x90\x00\x03\x00\x00\x00",
        }
        for name, content in refused.items():
            response = self.upload_document(name, content)
            self.assertEqual(response.status_code, 200, name)
            self.assertContains(response, "bukan berkas", msg_prefix=name)
        self.assertEqual(get_document_model().objects.count(), 0)
        accepted = {
            "jadwal.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
            "surat.docx": zipped("[Content_Types].xml", "word/document.xml"),
            "data.xlsx": zipped("[Content_Types].xml", "xl/workbook.xml"),
            "paparan.pptx": zipped("[Content_Types].xml", "ppt/presentation.xml"),
            "nota.odt": zipped("mimetype", "content.xml"),
            "berkas.zip": zipped("a.txt"),
            "catatan.rtf": b"{\\rtf1\\ansi Catatan}",
            "daftar.csv": "nama;kota\nSiti;Surabaya\nJosé;Malang\n".encode("cp1252"),
        }
        for name, content in accepted.items():
            self.assertEqual(self.upload_document(name, content).status_code, 302, name)
        self.assertEqual(get_document_model().objects.count(), len(accepted))

    def test_each_kind_has_a_size_cap(self):
        response = self.upload_document("besar.txt", b"a" * (5 * 1024 * 1024 + 1))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "paling besar 5,0")
