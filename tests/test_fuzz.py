"""Hostile values in every public address and parameter: a clear 4xx (or the page), never a 500."""

import itertools

from django.test import TestCase, override_settings

from news.models import ServiceArea, WorkUnit
from tests.utils import make_article, make_category

HOSTILE = [
    "",
    "-1",
    "0",
    "99999999999999999999",
    "1e309",
    "NaN",
    "abc",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "../../etc/passwd",
    "%",
    "%%",
    "\\",
    "😀" * 50,
    "ا" * 300,
    "x" * 5000,
    "2026-13-45",
    "31-02-2026",
    "\u202e\ufeff\u200b",
    "a\r\nSet-Cookie: x=1",
]
PARAMETERS = [
    "page", "q", "kategori", "layanan", "satker", "tag", "tahun", "bulan", "dari", "sampai", "urut", "p",
]  # fmt: skip
API_PARAMETERS = [
    "offset", "limit", "type", "fields", "order", "search", "search_operator", "child_of", "descendant_of",
    "ancestor_of", "translation_of", "locale", "id", "slug", "title", "published_at", "tags", "site",
    "html_path",
]  # fmt: skip


@override_settings(RATELIMIT_ENABLE=False)
class HostileInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        nasional = make_category("Nasional", "nasional")
        daerah = make_category("Daerah", "daerah")
        make_category("Jawa Timur", "jawa-timur", parent=daerah)
        cls.article = make_article(
            nasional,
            "Berita uji keamanan",
            service_areas=[ServiceArea.objects.get(slug="haji")],
            work_units=[WorkUnit.objects.get(slug="ditjen-phu")],
            tags=["haji"],
        )

    def pages(self) -> list[str]:
        return [
            "/", "/nasional/", "/daerah/jawa-timur/", self.article.url, "/berita/", "/cari/", "/cari/saran/",
            "/arsip/", "/arsip/2026/", "/arsip/2026/11/", "/layanan/", "/layanan/haji/", "/satker/",
            "/satker/ditjen-phu/", "/tag/haji/", "/rss/", "/atom/", "/nasional/rss/", "/layanan/haji/atom/",
            "/satker/ditjen-phu/rss/", "/tag/haji/rss/", "/sitemap.xml", "/sitemap-pages.xml",
            "/sitemap-news.xml", "/sitemap-articles-2026-11.xml", "/robots.txt", "/opensearch.xml",
        ]  # fmt: skip

    def assertNotServerError(self, url, params=None):
        response = self.client.get(url, params or {})
        self.assertLess(response.status_code, 500, (url, params))
        if response.get("Content-Type", "").startswith("text/html"):
            self.assertNotIn(b"<script>alert(1)</script>", response.content, (url, params))
        return response

    def test_every_parameter_of_every_page(self):
        for url, name, value in itertools.product(self.pages(), PARAMETERS, HOSTILE):
            self.assertNotServerError(url, {name: value})

    def test_repeated_and_combined_parameters(self):
        for url in self.pages():
            self.assertNotServerError(
                f"{url}?page=2&page=abc&q=a&q=b&layanan=haji&layanan=x&tahun=1&bulan=99"
            )

    def test_every_api_parameter(self):
        for name, value in itertools.product(API_PARAMETERS, HOSTILE):
            self.assertNotServerError("/api/v2/pages/", {name: value})
            self.assertNotServerError("/api/v2/pages/", {"type": "news.ArticlePage", name: value})
        for value in HOSTILE:
            self.assertNotServerError(f"/api/v2/pages/{value}/")
            self.assertNotServerError("/api/v2/pages/find/", {"html_path": value})

    def test_hostile_path_segments(self):
        templates = [
            "/{}/", "/nasional/{}/", "/layanan/{}/", "/satker/{}/", "/tag/{}/", "/tag/{}/rss/", "/arsip/{}/",
            "/arsip/2026/{}/", "/pratinjau/{}/", "/media/original_images/{}", "/media/documents/{}",
            "/documents/1/{}", "/sitemap-articles-{}.xml", "/{}/rss/",
        ]  # fmt: skip
        segments = ["x" * 300, "..", "%2e%2e", "%252e", "a%2Fb", "😀", "<script>", "-1", "9" * 9]
        for template, segment in itertools.product(templates, segments):
            self.assertNotServerError(template.format(segment))
