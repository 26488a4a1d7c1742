"""The newsroom scenario's reader mix (`make bench`): Zipf weights, every kind, only public pages."""

import math
from datetime import timedelta

from django.test import SimpleTestCase, TestCase
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import PageViewRestriction

from news.management.commands._bench_mix import SHARES, build_mix, collect_urls, zipf_weights
from news.models import ARTICLES_PER_PAGE, ServiceArea, WorkUnit
from tests.utils import make_article, make_category


class ZipfMixTests(SimpleTestCase):
    def urls(self, count=10):
        return {kind: [f"/{kind}/{number}/" for number in range(1, count + 1)] for kind in SHARES}

    def test_weights_fall_as_one_over_rank(self):
        weights = zipf_weights(100)
        self.assertAlmostEqual(sum(weights), 1)
        for rank in (2, 10, 100):
            self.assertAlmostEqual(weights[0] / weights[rank - 1], rank)

    def test_each_kind_gets_its_share_spread_by_zipf(self):
        mix = build_mix(self.urls())
        self.assertAlmostEqual(sum(weight for weight, _kind, _url in mix), 1)
        for kind, share in SHARES.items():
            weights = [weight for weight, k, _url in mix if k == kind]
            self.assertEqual(len(weights), 10)
            self.assertAlmostEqual(sum(weights), share / sum(SHARES.values()))
            self.assertAlmostEqual(weights[0] / weights[4], 5)
        # the most popular article is read more often than the 1000th, which still gets readers
        big = build_mix({**self.urls(), "article": [f"/a/{n}/" for n in range(1, 2001)]})
        articles = [weight for weight, kind, _url in big if kind == "article"]
        self.assertTrue(math.isclose(articles[0] / articles[999], 1000))
        self.assertGreater(articles[-1], 0)

    def test_every_kind_must_have_urls(self):
        urls = self.urls()
        urls["search"] = []
        with self.assertRaisesRegex(ValueError, "search"):
            build_mix(urls)

    def test_a_url_listed_twice_is_kept_once(self):
        urls = self.urls()
        urls["article"].append("/home/1/")
        mix = build_mix(urls)
        self.assertEqual(len(mix), len({url for _weight, _kind, url in mix}))


class CollectUrlsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.daerah = make_category("Daerah", "daerah")
        cls.jatim = make_category("Jawa Timur", "jawa-timur", parent=cls.daerah)
        area, _made = ServiceArea.objects.get_or_create(slug="haji", defaults={"name": "Haji"})
        unit, _made = WorkUnit.objects.get_or_create(
            slug="kanwil-jawa-timur", defaults={"name": "Kanwil Jawa Timur", "kind": "kanwil"}
        )
        tag = Tag.objects.create(name="zakat", slug="zakat")
        cls.articles = [
            make_article(
                cls.nasional if n % 2 else cls.jatim,
                f"Berita {n}",
                days_ago=n * 20,
                service_areas=[area],
                work_units=[unit],
                tags=[tag],
            )
            for n in range(2 * ARTICLES_PER_PAGE + 3)
        ]
        cls.newest = cls.articles[0]
        cls.draft = make_article(cls.nasional, "Draf rahasia", publish=False)
        cls.private = make_article(cls.nasional, "Privat", days_ago=0.1)
        PageViewRestriction.objects.create(page=cls.private, restriction_type="login")
        cls.withdrawn = make_article(cls.nasional, "Ditarik", days_ago=0.2)
        cls.withdrawn.withdrawn_at = timezone.now() - timedelta(hours=1)
        cls.withdrawn.withdrawal_reason = "Salah data"
        cls.withdrawn.save_revision().publish()
        cls.secret_section = make_category("Internal", "internal")
        PageViewRestriction.objects.create(page=cls.secret_section, restriction_type="login")
        cls.hidden = make_article(cls.secret_section, "Di bagian privat")
        Tag.objects.create(name="tak dipakai", slug="tak-dipakai")
        Tag.objects.create(name="hanya draf", slug="hanya-draf")
        cls.draft.tags.add("hanya draf")

    def test_every_kind_is_present_and_the_mix_builds(self):
        urls = collect_urls()
        self.assertEqual(set(urls), set(SHARES))
        for kind, listed in urls.items():
            self.assertTrue(listed, kind)
        build_mix(urls)

    def test_every_live_public_article_newest_first_and_nothing_else(self):
        articles = collect_urls()["article"]
        self.assertEqual(articles, [article.url for article in self.articles])
        everything = [url for listed in collect_urls().values() for url in listed]
        for page in (self.draft, self.private, self.withdrawn, self.hidden, self.secret_section):
            self.assertFalse([url for url in everything if url.startswith(page.url)], page.title)

    def test_categories_deep_pages_terms_filters_feeds_sitemaps_and_search(self):
        urls = collect_urls()
        self.assertEqual(urls["home"], ["/"])
        self.assertEqual(urls["category"], ["/nasional/", "/daerah/", "/daerah/jawa-timur/"])
        self.assertIn("/daerah/?page=2", urls["category_deep"])
        self.assertNotIn("/nasional/?page=3", urls["category_deep"])
        self.assertTrue({"/layanan/haji/", "/satker/kanwil-jawa-timur/", "/tag/zakat/"} <= set(urls["term"]))
        self.assertNotIn("/tag/tak-dipakai/", urls["term"])
        self.assertNotIn("/tag/hanya-draf/", urls["term"])
        self.assertTrue(
            {"/berita/", "/berita/?layanan=haji", "/berita/?kategori=daerah%2Fjawa-timur"}
            <= set(urls["news_filter"])
        )
        self.assertTrue(
            {"/rss/", "/daerah/jawa-timur/rss/", "/tag/zakat/rss/", "/rss/?layanan=haji"} <= set(urls["feed"])
        )
        local = timezone.localtime(self.newest.published_at)
        self.assertIn(f"/sitemap-articles-{local.year}-{local.month}.xml", urls["sitemap"])
        self.assertIn(f"/arsip/{local.year}/{local.month}/", urls["archive"])
        self.assertIn("/cari/?q=zakat", urls["search"])

    def test_sampled_urls_answer_200(self):
        urls = collect_urls()
        for kind, listed in urls.items():
            for url in listed[:2] + listed[-1:]:
                with self.subTest(kind=kind, url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)
