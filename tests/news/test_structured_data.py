import json
import re

from django.test import TestCase

from news.models import Person, ServiceArea
from tests.utils import make_article, make_category, make_image

HOSTILE = 'Kemenag </script><script>alert("x")</script> & <!-- \u2028 🕋'
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


class StructuredDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.image = make_image(alt="Jemaah haji")
        cls.article = make_article(
            cls.nasional,
            HOSTILE,
            slug="judul-berbahaya",
            hero_image=cls.image,
            dateline="Jakarta",
            editor=Person.objects.create(name="Indah"),
            reporters=[Person.objects.create(name="Fajar")],
            service_areas=[ServiceArea.objects.get(slug="haji")],
            tags=["haji 2021"],
        )

    def json_ld(self, url):
        html = self.client.get(url).content.decode()
        return html, [json.loads(block) for block in LD_JSON.findall(html)]

    def test_article_json_ld_survives_a_hostile_title(self):
        html, blocks = self.json_ld(self.article.url)
        self.assertEqual(html.count("</script>"), html.count("<script"))  # nothing broke out
        article, breadcrumbs = blocks
        self.assertEqual(article["@type"], "NewsArticle")
        self.assertEqual(article["headline"], HOSTILE)
        self.assertEqual(breadcrumbs["itemListElement"][-1]["name"], HOSTILE)

    def test_article_json_ld_is_complete(self):
        _, (article, breadcrumbs) = self.json_ld(self.article.url)
        self.assertEqual(article["description"], self.article.lead)
        self.assertEqual(len(article["image"]), 3)
        # The photo is 1600×900: the square crop is really 900×900, and says so.
        sizes = {(image["width"], image["height"]) for image in article["image"]}
        self.assertEqual(sizes, {(1200, 675), (1200, 900), (900, 900)})
        for crop in ["fill-1200x675", "fill-1200x900", "fill-1200x1200"]:
            self.assertTrue(any(crop in image["url"] for image in article["image"]), crop)
        self.assertTrue(all(image["@type"] == "ImageObject" for image in article["image"]))
        self.assertTrue(article["datePublished"].endswith("+07:00"))
        self.assertIn("dateModified", article)
        self.assertEqual(article["author"], [{"@type": "Person", "name": "Fajar"}])
        self.assertEqual(article["editor"]["name"], "Indah")
        self.assertEqual(article["publisher"]["@type"], "GovernmentOrganization")
        self.assertTrue(article["publisher"]["logo"]["url"].startswith("http"))
        self.assertEqual(article["dateline"], "Jakarta")
        self.assertEqual(article["articleSection"], "Nasional")
        self.assertEqual(article["keywords"], ["Haji dan Umrah", "haji 2021"])
        self.assertEqual(article["mainEntityOfPage"]["@id"], article["url"])
        self.assertIs(article["isAccessibleForFree"], True)
        self.assertEqual(
            [item["name"] for item in breadcrumbs["itemListElement"]], ["Beranda", "Nasional", HOSTILE]
        )

    def test_article_meta_tags(self):
        response = self.client.get(self.article.url)
        for tag in [
            '<link rel="canonical" href="http://localhost/nasional/judul-berbahaya/">',
            '<meta property="og:type" content="article">',
            '<meta property="og:title" content="Kemenag &lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)',
            '<meta name="description" content="Teras berita Kemenag &lt;/script&gt;',
            '<meta property="article:section" content="Nasional">',
            '<meta property="article:tag" content="haji 2021">',
            '<meta name="twitter:card" content="summary_large_image">',
            '<meta property="og:image" content="http://testserver/media/images/',
            '<meta property="article:published_time" content="',
        ]:
            self.assertContains(response, tag)

    def test_home_and_listings_carry_website_and_collection_page(self):
        _, blocks = self.json_ld("/")
        self.assertEqual(blocks[0]["@type"], "WebSite")
        for url in ["/nasional/", "/berita/", "/layanan/haji/", "/tag/haji-2021/"]:
            _, blocks = self.json_ld(url)
            self.assertEqual(blocks[0]["@type"], "CollectionPage", url)
