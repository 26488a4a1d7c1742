"""news.storage.MediaStorage: the same file addresses as Django's FileSystemStorage, faster."""

import random
import string

from django.core.files.storage import FileSystemStorage, default_storage
from django.test import SimpleTestCase, override_settings

from news.storage import MediaStorage

NAMES = [
    "images/foto.jpg",
    "images/foto.fill-400x225.format-webp.webp",
    "original_images/Sidang Isbat 2026 (1).jpg",
    "images/ümrah~haji!*'().jpg",
    "documents/a:b?c#d;e%f&g=h.pdf",
    "/images/leading-slash.jpg",
    "images//double.jpg",
    "images/./dot.jpg",
    "images/../up.jpg",
    "./here.jpg",
    "../outside.jpg",
    "images/trailing/",
    "..",
    ".",
    "",
    "images\\windows\\path.jpg",
]
BASES = [
    "/media/",
    "https://cdn.example.go.id/media/",
    "/media",
    "/a/./b/",
    "/a//b/",
    "//cdn.example/m/",
    "/",
]


class MediaStorageTests(SimpleTestCase):
    def assert_same_urls(self, names):
        for base in BASES:
            with override_settings(MEDIA_URL=base):
                ours, django = MediaStorage(), FileSystemStorage()
                for name in names:
                    with self.subTest(base=base, name=name):
                        self.assertEqual(ours.url(name), django.url(name))

    def test_same_url_as_django_for_every_kind_of_name(self):
        self.assert_same_urls(NAMES)

    def test_same_url_as_django_for_random_names(self):
        chance = random.Random(18)  # noqa: S311 - test data
        alphabet = string.ascii_letters + string.digits + "./-_ ~!*()'%:;?#&=+@ü\\"
        names = [
            "/".join("".join(chance.choices(alphabet, k=chance.randint(0, 6))) for _ in range(3))
            for _ in range(500)
        ]
        self.assert_same_urls(names)

    def test_follows_a_changed_media_url(self):
        with override_settings(MEDIA_URL="/media/"):
            self.assertEqual(default_storage.url("images/a.jpg"), "/media/images/a.jpg")
        with override_settings(MEDIA_URL="https://cdn.example.go.id/files/"):
            self.assertEqual(
                default_storage.url("images/a.jpg"), "https://cdn.example.go.id/files/images/a.jpg"
            )

    def test_is_the_default_storage(self):
        self.assertIsInstance(default_storage, MediaStorage)
