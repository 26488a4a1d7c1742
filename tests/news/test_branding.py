"""The emblem in the site settings is the favicon, app icons, manifest, JSON-LD logo and feed image."""

import json
import re

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import TestCase
from django.utils import translation
from wagtail.models import Site

from home.models import SiteSettings
from tests.utils import make_article, make_category, make_image

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def brand_site(**fields) -> SiteSettings:
    """The site's settings with a wide logo (1600×900: every use must say its true, unsquared
    size) and `fields`, saved."""
    settings = SiteSettings.for_site(Site.objects.get())
    settings.logo = make_image(title="Lambang")
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()
    return settings


class BrandedPagesTestCase(TestCase):
    """A category with one article, read with every cache empty."""

    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.article = make_article(cls.nasional, "Kemenag Buka Layanan Baru")

    def setUp(self):
        cache.clear()


class BrandingTests(BrandedPagesTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        brand_site(tagline="Portal Berita Resmi")

    def test_pages_link_icons_made_from_the_emblem(self):
        html = self.client.get("/").content.decode()
        self.assertRegex(
            html,
            r'<link rel="icon" href="[^"]+max-32x32\.format-png\.png" type="image/png" sizes="32x18">',
        )
        self.assertRegex(
            html, r'<link rel="apple-touch-icon" href="[^"]+max-180x180\.format-png\.png" sizes="180x101">'
        )
        self.assertIn('<link rel="manifest" href="/manifest.webmanifest">', html)
        self.assertIn('<span class="site-header__tagline">Portal Berita Resmi</span>', html)
        self.assertRegex(
            html, r'<meta property="og:image" content="http://[^"]+max-512x512\.format-png\.png">'
        )
        self.assertIn('<meta property="og:image:width" content="512">', html)
        self.assertIn('<meta property="og:image:height" content="288">', html)

    def test_web_manifest_lists_the_icons_with_their_sizes(self):
        response = self.client.get("/manifest.webmanifest")
        self.assertEqual(response["Content-Type"], "application/manifest+json")
        manifest = json.loads(response.content)
        self.assertEqual(manifest["short_name"], "Kemenag")
        self.assertEqual([icon["sizes"] for icon in manifest["icons"]], ["32x18", "192x108", "512x288"])
        self.assertTrue(all(icon["src"].startswith("/media/images/") for icon in manifest["icons"]))

    def test_json_ld_publisher_logo_has_its_true_size(self):
        html = self.client.get(self.article.url).content.decode()
        article = json.loads(LD_JSON.findall(html)[0])
        logo = article["publisher"]["logo"]
        self.assertIn("max-512x512.format-png", logo["url"])
        self.assertEqual((logo["width"], logo["height"]), (512, 288))

    def test_feeds_carry_the_emblem(self):
        rss = self.client.get("/rss/").content.decode()
        self.assertRegex(rss, r"<image><url>http://[^<]+max-144x144\.format-png\.png</url>")
        self.assertIn("<width>144</width><height>81</height></image>", rss)
        atom = self.client.get("/atom/").content.decode()
        self.assertRegex(atom, r"<icon>http://[^<]+max-32x32\.format-png\.png</icon>")

    def test_header_shows_the_emblem_as_wagtails_image_tag_would(self):
        from django.template import Context, Template

        logo = SiteSettings.for_site(Site.objects.get()).logo
        expected = Template(
            '{% load wagtailimages_tags %}{% image logo height-96 class="site-header__logo" alt="" %}'
        ).render(Context({"logo": logo}))
        self.assertIn("height-96", expected)
        self.assertIn(expected, self.client.get("/").content.decode())

    def test_the_emblems_renditions_are_read_in_one_query(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from news.management.commands.bench_uncached import empty_caches

        self.client.get("/")  # the renditions exist
        empty_caches()
        with CaptureQueriesContext(connection) as captured:
            html = self.client.get("/").content.decode()
        self.assertIn("max-512x512.format-png.png", html)
        self.assertIn('class="site-header__logo"', html)
        logo_id = SiteSettings.for_site(Site.objects.get()).logo_id
        emblem = [
            query["sql"]
            for query in captured.captured_queries
            if "rendition" in query["sql"]
            and f'image_id" = {logo_id}' in query["sql"]
            or ("rendition" in query["sql"] and "max-32x32" in query["sql"])
        ]
        self.assertEqual(len(emblem), 1, emblem)


EMBLEM_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100">'
    b'<defs><linearGradient id="g"><stop offset="0" stop-color="#0f6e40"/></linearGradient></defs>'
    b'<rect width="300" height="100" fill="url(#g)"/><text x="10" y="60">Kemenag</text></svg>'
)


def svg_upload(data: bytes = EMBLEM_SVG, name: str = "lambang.svg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="image/svg+xml")


class SvgLogoTests(BrandedPagesTestCase):
    """An SVG logo is the header's emblem and a scalable favicon; the raster uses keep the PNG."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.svg_url = brand_site(logo_svg=svg_upload()).logo_svg.url

    def test_header_and_favicon_use_the_svg_at_its_proportions(self):
        html = self.client.get("/").content.decode()
        self.assertRegex(self.svg_url, r"^/media/branding/lambang[^/]*\.svg$")
        self.assertIn(
            f'<img alt="" class="site-header__logo" height="96" src="{self.svg_url}" width="288">', html
        )
        self.assertIn(f'<link rel="icon" href="{self.svg_url}" type="image/svg+xml" sizes="any">', html)
        # The PNG stays for browsers without SVG icons, Apple's icon and share previews.
        self.assertRegex(html, r'<link rel="icon" href="[^"]+max-32x32\.format-png\.png" type="image/png"')
        self.assertRegex(
            html, r'<meta property="og:image" content="http://[^"]+max-512x512\.format-png\.png">'
        )

    def test_manifest_adds_the_svg_as_an_icon_of_any_size(self):
        manifest = json.loads(self.client.get("/manifest.webmanifest").content)
        self.assertEqual(
            manifest["icons"][-1], {"src": self.svg_url, "sizes": "any", "type": "image/svg+xml"}
        )
        self.assertEqual([icon["sizes"] for icon in manifest["icons"][:-1]], ["32x18", "192x108", "512x288"])

    def test_feeds_and_json_ld_keep_the_png(self):
        rss = self.client.get("/rss/").content.decode()
        self.assertRegex(rss, r"<image><url>http://[^<]+max-144x144\.format-png\.png</url>")
        self.assertNotIn(".svg", rss)
        html = self.client.get(self.article.url).content.decode()
        logo = json.loads(LD_JSON.findall(html)[0])["publisher"]["logo"]
        self.assertIn("max-512x512.format-png", logo["url"])

    def test_the_svg_is_served_public_and_inert(self):
        response = self.client.get(self.svg_url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/svg+xml")
        self.assertEqual(response["Content-Security-Policy"], "default-src 'none'")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("public", response["Cache-Control"])
        self.assertEqual(response["Surrogate-Key"], "settings")
        self.assertEqual(b"".join(response.streaming_content), EMBLEM_SVG)

    def test_other_branding_paths_and_variants_are_404(self):
        from django.core.files.storage import default_storage

        stray = default_storage.save("branding/lama.svg", ContentFile(EMBLEM_SVG))  # replaced, no row
        folder, name = self.svg_url.rsplit("/", 1)
        for url in [f"/media/{stray}", f"{folder}//{name}", f"{folder}/./{name}", f"{self.svg_url}/"]:
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_a_change_of_svg_shows_at_once(self):
        from django.db import transaction

        html = self.client.get("/").content.decode()
        self.assertIn(self.svg_url, html)
        settings = SiteSettings.objects.get()
        with self.captureOnCommitCallbacks(execute=True), transaction.atomic():
            settings.logo_svg = svg_upload(EMBLEM_SVG.replace(b"300 100", b"200 100"), "baru.svg")
            settings.save()
        html = self.client.get("/").content.decode()
        self.assertIn(f'height="96" src="{settings.logo_svg.url}" width="192"', html)
        self.assertNotIn(self.svg_url, html)


OWN_PARTS = "gradien dan bentuk di dalamnya sendiri"


class SvgLogoFormTests(TestCase):
    """The settings form refuses an SVG that is not a plain drawing, and an SVG without its PNG."""

    def setUp(self):
        # What the newsroom admin reads (the admin is in Indonesian).
        override = translation.override("id")
        override.__enter__()
        self.addCleanup(override.__exit__, None, None, None)

    def form(self, files, logo=None):
        from wagtail.admin.panels import get_edit_handler

        settings = SiteSettings.for_site(Site.objects.get())
        form_class = get_edit_handler(SiteSettings).get_form_class()
        data = {
            "site_name": settings.site_name,
            "short_name": settings.short_name,
            "logo": logo.pk if logo else "",
        }
        return form_class(data, files, instance=settings, for_user=None)

    def test_an_svg_needs_the_png_beside_it(self):
        form = self.form({"logo_svg": svg_upload()})
        self.assertFalse(form.is_valid())
        self.assertEqual(
            form.errors["logo"],
            [
                "Logo SVG memerlukan juga logo PNG: ikon aplikasi, feed, dan pratinjau berbagi "
                "tidak dapat memakai SVG."
            ],
        )
        self.assertTrue(self.form({"logo_svg": svg_upload()}, logo=make_image()).is_valid())

    def test_unsafe_or_broken_svgs_are_refused_with_the_reason(self):
        start = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        cases = {
            start + b"<script>alert(1)</script></svg>": "Logo SVG tidak boleh memuat <script>.",
            start.replace(b">", b' onload="x()">', 1) + b"</svg>": "tidak boleh memuat atribut onload",
            start + b'<image href="https://example.com/a.png"/></svg>': "tidak boleh memuat <image>",
            start + b'<use href="https://example.com/a.svg#x"/></svg>': "tidak boleh memuat atribut href",
            start + b'<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject></svg>': (
                "tidak boleh memuat <foreignObject>"
            ),
            start + b"<style>@import url(https://example.com/a.css);</style></svg>": OWN_PARTS,
            start + b'<rect fill="url(https://example.com/#a)"/></svg>': OWN_PARTS,
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>': "memerlukan viewBox",
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
            + start
            + b"&a;</svg>": "bukan gambar SVG yang sah",
            b"<html><body>bukan svg</body></html>": "bukan gambar SVG yang sah",
            start + b" " * (512 * 1024) + b"</svg>": "lebih besar dari 512 KB",
        }
        logo = make_image()
        for data, message in cases.items():
            form = self.form({"logo_svg": svg_upload(data)}, logo=logo)
            self.assertFalse(form.is_valid(), data[:80])
            self.assertIn(message, " ".join(form.errors["logo_svg"]), data[:80])
        form = self.form({"logo_svg": svg_upload(EMBLEM_SVG, "lambang.png")}, logo=logo)
        self.assertFalse(form.is_valid())
        self.assertIn("logo_svg", form.errors)

    def test_the_demo_emblem_passes_its_own_rules(self):
        from news.branding import svg_size
        from news.management.commands.load_demo_content import make_emblem_svg

        self.assertEqual(svg_size(make_emblem_svg()), (512.0, 512.0))


class StoredSvgLogoTests(TestCase):
    def test_settings_save_again_when_the_stored_svg_is_gone(self):
        """A restored database without its media folder: the settings still save, and pages
        fall back to the PNG header."""
        settings = brand_site(logo_svg=svg_upload())
        settings.logo_svg.storage.delete(settings.logo_svg.name)
        settings.refresh_from_db()
        settings.tagline = "Portal Berita Resmi"
        settings.full_clean()
        settings.save()
        cache.clear()
        html = self.client.get("/").content.decode()
        self.assertRegex(html, r'class="site-header__logo" height="96" src="[^"]+height-96\.[a-z]+"')
        self.assertNotIn('type="image/svg+xml"', html)
