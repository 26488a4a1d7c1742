"""Content-Security-Policy: strict on readers' pages, Wagtail's needs only under /admin/."""

from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase, override_settings
from wagtail.documents import get_document_model
from wagtail.embeds.finders import get_finders
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import streamfield

from news.embargo import withheld_for
from news.management.commands.load_demo_content import VIDEO_URL
from news.models import ArticlePage, PreviewLink, ServiceArea, WorkUnit
from tests.utils import article_form_data

HEADER = "Content-Security-Policy"
PUBLIC = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "frame-src": {"https://www.youtube-nocookie.com", "https://www.youtube.com", "https://player.vimeo.com"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def policy(response) -> dict[str, set[str]]:
    """The response's enforced policy as {directive: sources}; it must have one."""
    assert HEADER in response, f"no {HEADER} on {response.request['PATH_INFO']}"
    directives = {}
    for part in response[HEADER].split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


# Scripts that run; others (application/ld+json, Wagtail's application/json) are data.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


class InlineCode(HTMLParser):
    """What a strict policy would refuse: inline <script> (data blocks aside), <style>, style="",
    on...="" handlers."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src") and attributes.get("type", "") in SCRIPT_TYPES:
            self.found.append(self.get_starttag_text())
        if tag == "style":
            self.found.append(self.get_starttag_text())
        for name in attributes:
            if name == "style" or name.startswith("on"):
                self.found.append(self.get_starttag_text())


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


class ContentSecurityPolicyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", verbosity=0)
        cls.video_article = next(
            page for page in ArticlePage.objects.live() if any(b.block_type == "video" for b in page.body)
        )
        cls.admin = get_user_model().objects.create_superuser("csp-admin", "csp@warta.example", "x")

    # Readers' pages

    def public_pages(self) -> list[str]:
        article = ArticlePage.objects.live().exclude(pk=self.video_article.pk).first()
        area = ServiceArea.objects.first()
        unit = WorkUnit.objects.first()
        tag = ArticlePage.objects.live().exclude(tags=None).first().tags.first()
        return [
            "/",
            self.video_article.url,
            article.url,
            article.get_parent().url,
            "/berita/",
            "/arsip/",
            "/cari/?q=haji",
            "/layanan/",
            f"/layanan/{area.slug}/",
            "/satker/",
            f"/satker/{unit.slug}/",
            f"/tag/{tag.slug}/",
        ]

    def test_every_page_type_runs_only_warta_files(self):
        for url in self.public_pages():
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                directives = policy(response)
                for name, sources in PUBLIC.items():
                    self.assertEqual(directives.get(name), sources, name)
                self.assertNotIn("report-only", response.get(HEADER).lower())
                self.assertNotIn(f"{HEADER}-Report-Only", response)

    def test_pages_hold_no_inline_script_or_style(self):
        for url in [*self.public_pages(), "/tidak-ada/"]:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(inline_code(response.content.decode()), [])

    def test_video_is_framed_from_an_allowed_player(self):
        response = self.client.get(self.video_article.url)
        self.assertContains(response, 'src="https://www.youtube-nocookie.com/embed/')
        self.assertIn("https://www.youtube-nocookie.com", policy(response)["frame-src"])

    def test_not_found_feeds_sitemaps_and_preview_links(self):
        link = PreviewLink.objects.filter(page__live=False).first() or PreviewLink.objects.first()
        for url, status in [
            ("/tidak-ada/", 404),
            ("/rss/", 200),
            ("/atom/", 200),
            ("/sitemap.xml", 200),
            ("/sitemap-news.xml", 200),
            ("/robots.txt", 200),
            (f"/pratinjau/{link.token}/", 200),
        ]:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, status)
                directives = policy(response)
                for name, sources in PUBLIC.items():
                    self.assertEqual(directives.get(name), sources, name)
        preview = self.client.get(f"/pratinjau/{link.token}/")
        self.assertEqual(inline_code(preview.content.decode()), [])

    @override_settings(WARTA_PAGE_CACHE_SECONDS=600)
    def test_page_from_the_cache_has_the_policy(self):
        first = self.client.get("/")
        second = self.client.get("/")
        self.assertEqual(first["X-Cache"], "MISS")
        self.assertEqual(second["X-Cache"], "HIT")
        self.assertEqual(policy(second)["script-src"], {"'self'"})
        self.assertEqual(policy(second)["frame-ancestors"], {"'none'"})

    def test_pages_of_an_editor_with_the_userbar_stay_strict(self):
        self.client.force_login(self.admin)
        response = self.client.get(self.video_article.url)
        self.assertContains(response, "wagtail-userbar")
        self.assertEqual(policy(response)["script-src"], {"'self'"})
        self.assertEqual(inline_code(response.content.decode()), [])

    # The admin

    def test_admin_pages_allow_wagtails_inline_code_and_nothing_from_elsewhere(self):
        self.client.force_login(self.admin)
        article = self.video_article
        for url in [
            "/admin/",
            f"/admin/pages/{article.pk}/edit/",
            f"/admin/pages/add/news/articlepage/{article.get_parent().pk}/",
            "/admin/reports/locked/",
            "/admin/images/",
            "/admin/documents/",
            "/admin/users/",
        ]:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                directives = policy(response)
                self.assertEqual(directives["script-src"], {"'self'", "'unsafe-inline'"})
                self.assertEqual(directives["style-src"], {"'self'", "'unsafe-inline'"})
                self.assertEqual(directives["img-src"], {"'self'", "data:", "blob:"})
                self.assertEqual(directives["connect-src"], {"'self'"})
                self.assertEqual(directives["object-src"], {"'none'"})
                self.assertEqual(directives["frame-ancestors"], {"'none'"})
                self.assertEqual(response["X-Frame-Options"], "DENY")
                # Avatars are Wagtail's own picture, not Gravatar's (which the policy refuses).
                self.assertNotContains(response, "gravatar.com")

    def test_sign_in_page_has_the_admin_policy(self):
        response = self.client.get("/admin/login/")
        self.assertEqual(policy(response)["frame-ancestors"], {"'none'"})
        self.assertNotIn("'unsafe-eval'", policy(response)["script-src"])

    def test_preview_panel_may_be_framed_by_the_admin_only(self):
        self.client.force_login(self.admin)
        url = f"/admin/pages/{self.video_article.pk}/edit/preview/"
        video = streamfield([("video", {"video": VIDEO_URL, "caption": ""})])
        self.client.post(url, article_form_data("Pratinjau berita video", body=video))
        response = self.client.get(f"{url}?in_preview_panel=true")
        self.assertContains(response, "Pratinjau berita video")
        self.assertEqual(response["X-Frame-Options"], "SAMEORIGIN")
        directives = policy(response)
        self.assertEqual(directives["frame-ancestors"], {"'self'"})
        # The admin's policy (the userbar's checks run in it), not the one of the page's address.
        self.assertEqual(directives["script-src"], {"'self'", "'unsafe-inline'"})
        self.assertIn("https://www.youtube-nocookie.com", directives["frame-src"])

    def test_files_keep_their_own_policy(self):
        self.client.force_login(self.admin)
        image = get_image_model().objects.first()
        document = get_document_model().objects.first()
        for url in [image.file.url, document.file.url, document.url]:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response[HEADER], "default-src 'none'")

    def test_public_files_keep_their_own_policy(self):
        image = next(image for image in get_image_model().objects.all() if withheld_for(image) is None)
        response = self.client.get(image.file.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response[HEADER], "default-src 'none'")


class EmbedProviderTests(TestCase):
    def accepted(self, url: str) -> bool:
        return any(finder.accept(url) for finder in get_finders())

    def test_only_the_players_the_policy_frames(self):
        self.assertTrue(self.accepted("https://www.youtube.com/watch?v=kemenagRI01"))
        self.assertTrue(self.accepted("https://youtu.be/kemenagRI01"))
        self.assertTrue(self.accepted("https://vimeo.com/123456"))
        self.assertFalse(self.accepted("https://twitter.com/kemenag_ri/status/1"))
        self.assertFalse(self.accepted("https://www.instagram.com/p/abc/"))
        self.assertFalse(self.accepted("https://soundcloud.com/kemenag/lagu"))
