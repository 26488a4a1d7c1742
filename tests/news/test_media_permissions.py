"""Every newsroom role can upload and choose photos and PDFs, each office only in its own place."""

import io
import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission

from news import roles
from tests.utils import make_category, make_image

CENTRAL = ["Kontributor", "Redaktur", "Redaktur Pelaksana", "Admin"]
REGIONAL = ["Kontributor Jawa Timur", "Redaktur Jawa Timur"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def jpeg(name: str = "foto.jpg", colour=(200, 30, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 450), colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf(name: str = "siaran.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def sidebar_menu(html: str) -> dict[str, str]:
    """{menu item name: label} of the admin sidebar, as the page hands it to the browser."""
    start = html.index('id="wagtail-sidebar-props"')
    start = html.index(">", start) + 1
    props = json.loads(html[start : html.index("</script>", start)])
    items = {}

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("name"), str) and isinstance(node.get("label"), str) and "url" in node:
                items[node["name"]] = node["label"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return items


class MediaPermissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        daerah = make_category("Daerah", "daerah")
        jatim = make_category("Jawa Timur", "jawa-timur", parent=daerah)
        bali = make_category("Bali", "bali", parent=daerah)
        roles.add_province_office(apps, jatim, "Jawa Timur")
        roles.add_province_office(apps, bali, "Bali")
        cls.root = Collection.get_first_root_node()
        cls.jatim_collection = Collection.objects.get(name="Jawa Timur")
        cls.bali_collection = Collection.objects.get(name="Bali")
        cls.users = {}
        for group in CENTRAL + REGIONAL:
            user = get_user_model().objects.create_user(group.lower().replace(" ", "-"), password="x")  # noqa: S106
            user.groups.add(Group.objects.get(name=group))
            cls.users[group] = user
        cls.central_image = make_image(title="Foto Pusat")
        cls.bali_image = make_image(title="Foto Kanwil Bali")
        cls.bali_image.collection = cls.bali_collection
        cls.bali_image.save()
        cls.jatim_image = make_image(title="Foto Kanwil Jawa Timur")
        cls.jatim_image.collection = cls.jatim_collection
        cls.jatim_image.save()
        Document = get_document_model()
        cls.central_document = Document.objects.create(
            title="Dokumen Pusat", file=ContentFile(PDF, name="pusat.pdf")
        )
        cls.bali_document = Document.objects.create(
            title="Dokumen Kanwil Bali",
            collection=cls.bali_collection,
            file=ContentFile(PDF, name="bali.pdf"),
        )

    def home_collection(self, group: str) -> Collection:
        return self.jatim_collection if group in REGIONAL else self.root

    def test_every_role_has_the_images_and_documents_menu_and_pages(self):
        failures = []
        for group, user in self.users.items():
            self.client.force_login(user)
            menu = sidebar_menu(self.client.get(reverse("wagtailadmin_home")).content.decode())
            if menu.get("images") != "Gambar" or menu.get("documents") != "Dokumen":
                failures.append(f"{group}: menu {menu}")
            for name in ("wagtailimages:index", "wagtailimages:add", "wagtaildocs:index", "wagtaildocs:add"):
                status = self.client.get(reverse(name)).status_code
                if status != 200:
                    failures.append(f"{group}: {name} answers {status}")
        self.assertEqual(failures, [])

    def test_every_role_gets_the_upload_tab_in_both_choosers(self):
        failures = []
        for group, user in self.users.items():
            self.client.force_login(user)
            images = self.client.get(reverse("wagtailimages_chooser:choose")).json()["html"]
            for field in ("title", "file", "description", "caption", "credit"):
                if f'name="image-chooser-upload-{field}"' not in images:
                    failures.append(f"{group}: image chooser has no upload field {field}")
            if "Unggah" not in images:
                failures.append(f"{group}: image chooser has no Unggah tab")
            documents = self.client.get(reverse("wagtaildocs_chooser:choose")).json()["html"]
            for field in ("title", "file"):
                if f'name="document-chooser-upload-{field}"' not in documents:
                    failures.append(f"{group}: document chooser has no upload field {field}")
        self.assertEqual(failures, [])

    def test_the_upload_form_names_the_central_collection_in_indonesian(self):
        self.client.force_login(self.users["Kontributor"])
        images = self.client.get(reverse("wagtailimages_chooser:choose")).json()["html"]
        self.assertInHTML(f'<option value="{self.root.pk}">Pusat</option>', images)
        self.assertNotIn(">Root<", images)

    def test_a_photo_already_in_the_library_is_offered_in_indonesian(self):
        photo = jpeg(colour=(7, 77, 177)).read()
        for group, title in (
            ("Kontributor", "Foto pusat asli"),
            ("Kontributor Jawa Timur", "Foto yang sama"),
        ):
            self.client.force_login(self.users[group])
            response = self.client.post(
                reverse("wagtailimages_chooser:create"),
                {
                    "image-chooser-upload-title": title,
                    "image-chooser-upload-file": SimpleUploadedFile(
                        "sama.jpg", photo, content_type="image/jpeg"
                    ),
                    "image-chooser-upload-description": "Sama",
                    "image-chooser-upload-collection": self.home_collection(group).pk,
                },
            ).json()
        # The regional reporter is shown the central original, which they may use instead.
        self.assertEqual(response["step"], "duplicate_found")
        self.assertIn("Foto pusat asli", response["htmlFragment"])
        for label in ("Pakai gambar baru", "Pakai yang sudah ada, hapus yang baru", "Yang sudah ada"):
            self.assertIn(label, response["htmlFragment"])

    def test_every_role_uploads_a_photo_and_a_pdf_through_the_choosers(self):
        Image, Document = get_image_model(), get_document_model()
        for number, (group, user) in enumerate(self.users.items()):
            with self.subTest(group=group):
                self.client.force_login(user)
                collection = self.home_collection(group)
                response = self.client.post(
                    reverse("wagtailimages_chooser:create"),
                    {
                        "image-chooser-upload-title": f"Foto unggahan {group}",
                        "image-chooser-upload-file": jpeg(colour=(number * 20, 90, 10)),
                        "image-chooser-upload-description": "Petugas menyerahkan bantuan",
                        "image-chooser-upload-caption": "Penyerahan bantuan di Surabaya",
                        "image-chooser-upload-credit": "Humas",
                        "image-chooser-upload-collection": collection.pk,
                        "image-chooser-upload-tags": "",
                    },
                )
                self.assertEqual(response.json().get("step"), "chosen", response.content[:300])
                image = Image.objects.get(title=f"Foto unggahan {group}")
                self.assertEqual(image.collection, collection)
                self.assertEqual(image.uploaded_by_user, user)
                self.assertEqual(
                    (image.alt_text, image.caption, image.credit),
                    ("Petugas menyerahkan bantuan", "Penyerahan bantuan di Surabaya", "Humas"),
                )
                response = self.client.post(
                    reverse("wagtaildocs_chooser:create"),
                    {
                        "document-chooser-upload-title": f"Lampiran {group}",
                        "document-chooser-upload-file": pdf(),
                        "document-chooser-upload-collection": collection.pk,
                        "document-chooser-upload-tags": "",
                    },
                )
                self.assertEqual(response.json().get("step"), "chosen", response.content[:300])
                self.assertEqual(Document.objects.get(title=f"Lampiran {group}").collection, collection)

    def test_every_role_uploads_from_the_menu_pages(self):
        Image, Document = get_image_model(), get_document_model()
        for number, (group, user) in enumerate(self.users.items()):
            with self.subTest(group=group):
                self.client.force_login(user)
                collection = self.home_collection(group)
                response = self.client.post(
                    reverse("wagtailimages:add"),
                    {
                        "title": f"Foto menu {group}",
                        "file": jpeg(colour=(10, number * 20, 200)),
                        "description": "Suasana rapat",
                        "caption": "Rapat koordinasi",
                        "credit": "Humas",
                        "collection": collection.pk,
                        "tags": "",
                    },
                )
                self.assertEqual(response.status_code, 302)
                self.assertEqual(Image.objects.get(title=f"Foto menu {group}").collection, collection)
                response = self.client.post(
                    reverse("wagtaildocs:add"),
                    {"title": f"PDF menu {group}", "file": pdf(), "collection": collection.pk, "tags": ""},
                )
                self.assertEqual(response.status_code, 302)
                self.assertEqual(Document.objects.get(title=f"PDF menu {group}").collection, collection)

    def test_regional_offices_choose_their_own_and_the_central_files_only(self):
        for group in REGIONAL:
            self.client.force_login(self.users[group])
            images = self.client.get(reverse("wagtailimages_chooser:choose")).json()["html"]
            self.assertIn("Foto Kanwil Jawa Timur", images)
            self.assertIn("Foto Pusat", images)
            self.assertNotIn("Foto Kanwil Bali", images)
            found = self.client.get(reverse("wagtailimages_chooser:choose_results"), {"q": "Foto"})
            self.assertContains(found, "Foto Pusat")
            self.assertNotContains(found, "Foto Kanwil Bali")
            documents = self.client.get(reverse("wagtaildocs_chooser:choose")).json()["html"]
            self.assertIn("Dokumen Pusat", documents)
            self.assertNotIn("Dokumen Kanwil Bali", documents)
            for image in (self.central_image, self.jatim_image):
                response = self.client.get(reverse("wagtailimages_chooser:chosen", args=[image.pk]))
                self.assertEqual(response.json()["result"]["id"], str(image.pk), group)
            response = self.client.get(reverse("wagtaildocs_chooser:chosen", args=[self.central_document.pk]))
            self.assertEqual(response.json()["result"]["id"], str(self.central_document.pk), group)
            for url in (
                reverse("wagtailimages_chooser:chosen", args=[self.bali_image.pk]),
                reverse("wagtaildocs_chooser:chosen", args=[self.bali_document.pk]),
            ):
                response = self.client.get(url)
                self.assertIn(response.status_code, (302, 403, 404), f"{group} {url}")
                self.assertNotIn(b"Kanwil Bali", response.content)

    def test_regional_offices_cannot_change_central_or_another_offices_files(self):
        Image, Document = get_image_model(), get_document_model()
        self.client.force_login(self.users["Redaktur Jawa Timur"])
        own = self.client.get(reverse("wagtailimages:edit", args=[self.jatim_image.pk]))
        self.assertEqual(own.status_code, 200)  # their own office's photo they may edit
        for group in REGIONAL:
            self.client.force_login(self.users[group])
            for image in (self.central_image, self.bali_image):
                for name in ("wagtailimages:edit", "wagtailimages:delete"):
                    url = reverse(name, args=[image.pk])
                    self.assertIn(self.client.get(url).status_code, (302, 403, 404), f"{group} GET {url}")
                    self.client.post(url, {"title": "Diganti", "file": jpeg(), "collection": self.root.pk})
            for document in (self.central_document, self.bali_document):
                for name in ("wagtaildocs:edit", "wagtaildocs:delete"):
                    url = reverse(name, args=[document.pk])
                    self.assertIn(self.client.get(url).status_code, (302, 403, 404), f"{group} GET {url}")
                    self.client.post(url, {"title": "Diganti", "collection": self.root.pk})
        self.assertEqual(
            sorted(
                Image.objects.filter(pk__in=[self.central_image.pk, self.bali_image.pk]).values_list("title")
            ),
            [("Foto Kanwil Bali",), ("Foto Pusat",)],
        )
        self.assertEqual(
            sorted(
                Document.objects.filter(pk__in=[self.central_document.pk, self.bali_document.pk]).values_list(
                    "title"
                )
            ),
            [("Dokumen Kanwil Bali",), ("Dokumen Pusat",)],
        )

    def test_regional_uploads_cannot_go_to_another_collection(self):
        self.client.force_login(self.users["Kontributor Jawa Timur"])
        for collection in (self.root, self.bali_collection):
            self.client.post(
                reverse("wagtailimages_chooser:create"),
                {
                    "image-chooser-upload-title": "Foto nyasar",
                    "image-chooser-upload-file": jpeg(colour=(1, 2, 3)),
                    "image-chooser-upload-collection": collection.pk,
                },
            )
        self.assertEqual(
            list(
                get_image_model()
                .objects.filter(title="Foto nyasar")
                .values_list("collection__name", flat=True)
            ),
            ["Jawa Timur", "Jawa Timur"],
        )

    def test_regional_listings_show_only_the_offices_files(self):
        for group in REGIONAL:
            self.client.force_login(self.users[group])
            images = self.client.get(reverse("wagtailimages:index")).content.decode()
            documents = self.client.get(reverse("wagtaildocs:index")).content.decode()
            if group == "Redaktur Jawa Timur":
                self.assertIn("Foto Kanwil Jawa Timur", images)
            for secret in ("Foto Kanwil Bali", "Foto Pusat"):
                self.assertNotIn(secret, images, group)
            for secret in ("Dokumen Kanwil Bali", "Dokumen Pusat"):
                self.assertNotIn(secret, documents, group)

    def test_a_kontributor_edits_own_uploads_but_not_other_peoples_photos(self):
        kontributor = self.users["Kontributor"]
        own = make_image(title="Foto sendiri")
        own.uploaded_by_user = kontributor
        own.save()
        self.client.force_login(kontributor)
        self.assertEqual(self.client.get(reverse("wagtailimages:edit", args=[own.pk])).status_code, 200)
        self.assertIn(
            self.client.get(reverse("wagtailimages:edit", args=[self.central_image.pk])).status_code,
            (302, 403),
        )
        self.client.force_login(self.users["Redaktur"])
        self.assertEqual(
            self.client.get(reverse("wagtailimages:edit", args=[self.central_image.pk])).status_code, 200
        )


class MediaPermissionRepairTests(TestCase):
    """The data migration gives groups made with the old, unused permissions the ones Wagtail checks."""

    def test_groups_with_the_custom_models_permissions_get_wagtails(self):
        daerah = make_category("Daerah", "daerah")
        jatim = make_category("Jawa Timur", "jawa-timur", parent=daerah)
        roles.add_province_office(apps, jatim, "Jawa Timur")
        jatim_collection = Collection.objects.get(name="Jawa Timur")
        # The state an installation had before: only the custom models' permissions.
        GroupCollectionPermission.objects.all().delete()
        old = Permission.objects.filter(
            content_type__app_label="home",
            codename__in=["add_customimage", "change_customimage", "add_customdocument"],
        )
        for name in CENTRAL:
            for permission in old:
                GroupCollectionPermission.objects.create(
                    group=Group.objects.get(name=name),
                    collection=Collection.get_first_root_node(),
                    permission=permission,
                )
        for name in REGIONAL:
            for permission in old:
                GroupCollectionPermission.objects.create(
                    group=Group.objects.get(name=name), collection=jatim_collection, permission=permission
                )

        roles.setup_media_permissions(apps)

        granted = {
            (
                row.group.name,
                row.collection.name,
                f"{row.permission.content_type.app_label}.{row.permission.codename}",
            )
            for row in GroupCollectionPermission.objects.select_related(
                "group", "collection", "permission__content_type"
            )
        }
        self.assertIn(("Kontributor", "Pusat", "wagtailimages.add_image"), granted)
        self.assertIn(("Kontributor", "Pusat", "wagtaildocs.choose_document"), granted)
        self.assertIn(("Redaktur", "Pusat", "wagtailimages.change_image"), granted)
        self.assertIn(("Kontributor Jawa Timur", "Jawa Timur", "wagtailimages.choose_image"), granted)
        self.assertIn(("Redaktur Jawa Timur", "Jawa Timur", "wagtaildocs.change_document"), granted)
        self.assertNotIn(("Kontributor Jawa Timur", "Pusat", "wagtailimages.choose_image"), granted)
        self.assertFalse([row for row in granted if row[2].startswith("home.")])
