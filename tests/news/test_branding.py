"""The emblem in the site settings is the favicon, app icons, manifest, JSON-LD logo and feed image."""

import json
import re

from django.core.cache import cache
from django.test import TestCase
from wagtail.models import Site

from home.models import SiteSettings
from tests.utils import make_article, make_category, make_image

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


class BrandingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.article = make_article(cls.nasional, "Kemenag Buka Layanan Baru")
        # A wide logo (1600×900): every use must say its true, unsquared size.
        settings = SiteSettings.for_site(Site.objects.get())
        settings.logo = make_image(title="Lambang")
        settings.tagline = "Portal Berita Resmi"
        settings.save()

    def setUp(self):
        cache.clear()

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
