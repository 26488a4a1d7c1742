"""Query budgets: what a reader's page costs the database does not grow with the archive.

Each public URL is requested with 20 and then 60 generated articles (realistic ones: photos,
tags, service areas, work units, reporters) and must make the same number of queries both
times, at most its budget. Counts are taken on the second request, once the site settings are
cached, but after a new content generation: fragments cached until the content changes (front
page blocks, "Lainnya" blocks, sitemap rows, search facets, the menu) are built again, so the
budget is the cost right after a publication, with the anonymous page cache off.
"""

import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Site

from home.models import SiteSettings
from news.caching import invalidate_all
from news.models import ServiceArea
from tests.utils import make_category, make_image

# {tag} and {area} are the tag and service area with the most articles.
BUDGETS = {
    "/": 13,
    "/nasional/": 9,
    "/nasional/?page=2": 10,  # the ids it skips to first (ListingPage.rows)
    "/tag/{tag}/": 7,
    # A small term's article ids are read first (news.models.with_term), so PostgreSQL plans
    # with the real list: one query more, against a second's walk of the archive for an empty unit.
    "/satker/kanwil-jawa-timur/": 8,
    "/berita/?layanan={area}": 9,
    "/rss/": 12,
    "/sitemap.xml": 2,
    "/sitemap-news.xml": 3,
    "/cari/?q=haji": 20,
    "month": 4,
}


class QueryBudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # On a real site the settings exist: their first read creates them (a change, a bump).
        SiteSettings.objects.get_or_create(site=Site.objects.get())
        cls.nasional = make_category("Nasional", "nasional")
        daerah = make_category("Daerah", "daerah")
        make_category("Jawa Timur", "jawa-timur", parent=daerah)
        for number in range(3):
            make_image(title=f"Foto {number}")

    def generate(self, count: int) -> None:
        call_command("generate_articles", count, seed=count, stdout=open("/dev/null", "w"))  # noqa: SIM115

    def queries(self, url: str) -> int:
        self.assertEqual(self.client.get(url).status_code, 200, url)
        invalidate_all()  # the cost before the page's cached fragments exist
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(captured)

    def url(self, name: str) -> str:
        if name == "month":  # the newest month's child sitemap
            index = self.client.get("/sitemap.xml").content.decode()
            return index.split("<loc>http://testserver")[2].split("</loc>")[0]
        tag = Tag.objects.annotate(n=Count("news_articletag_items")).order_by("-n", "pk").first()
        area = ServiceArea.objects.annotate(n=Count("articles")).order_by("-n", "pk").first()
        return name.format(tag=tag.slug, area=area.slug)

    def counts(self, names) -> dict[str, int]:
        return {name: self.queries(self.url(name)) for name in names}

    def test_queries_do_not_grow_with_the_archive(self):
        self.generate(20)
        few = self.counts(name for name in BUDGETS if "page=2" not in name)
        # A deep page costs what the first does: each reads its ids, then its cards (ListingPage).
        few["/nasional/?page=2"] = few["/nasional/"]
        self.generate(40)
        many = self.counts(BUDGETS)
        for name, budget in BUDGETS.items():
            self.assertEqual(
                many[name], few[name], f"{name}: {few[name]} queries at 20 articles, {many[name]} at 60"
            )
            self.assertLessEqual(many[name], budget, f"{name}: {many}")

    def test_feed_comes_from_the_cache_until_the_content_changes(self):
        self.generate(3)
        self.client.get("/rss/")  # the first request creates the site settings and renditions
        with override_settings(WARTA_PAGE_CACHE_SECONDS=600):
            first = self.client.get("/rss/")
            with self.assertNumQueries(0):
                again = self.client.get("/rss/")
            self.assertEqual(again.content, first.content)
            self.assertEqual(again["Cache-Control"], first["Cache-Control"])
            self.generate(1)
            self.assertNotEqual(self.client.get("/rss/").content, first.content)


# With every cache empty (the page cache, fragments, the content generation, Wagtail's site
# root paths), as `manage.py bench_uncached` measures. Issue 18 asks ≤ 8 for an article.
# "Terpopuler" (issue 20) costs an article no query: its stored ranking comes with the site
# query, its cards with the reading blocks' cards (news.popular). The province article's
# "Berita Lainnya", empty before (it shares no term), now has its cards.
UNCACHED_BUDGETS = {
    "article": 8,
    "province_article": 8,
    "/": 13,
    "/nasional/": 9,
    "/nasional/?page=2": 10,  # the ids it skips to first (ListingPage.rows)
    "/tag/{tag}/": 8,
    "/layanan/{area}/": 8,
    "/satker/kanwil-jawa-timur/": 9,  # its article ids first, as in BUDGETS
    "/berita/?layanan={area}": 12,
}


class UncachedQueryBudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_category("Nasional", "nasional")
        daerah = make_category("Daerah", "daerah")
        make_category("Jawa Timur", "jawa-timur", parent=daerah)
        for number in range(3):
            make_image(title=f"Foto {number}")
        call_command("generate_articles", 40, seed=40, stdout=open("/dev/null", "w"))  # noqa: SIM115

    def url(self, name: str) -> str:
        from news.models import ArticlePage

        if name in ("article", "province_article"):
            articles = ArticlePage.objects.live().exclude(hero_image=None).order_by("pk")
            return articles.filter(depth=4 if name == "article" else 5).first().url
        tag = Tag.objects.annotate(n=Count("news_articletag_items")).order_by("-n", "pk").first()
        area = ServiceArea.objects.annotate(n=Count("articles")).order_by("-n", "pk").first()
        return name.format(tag=tag.slug, area=area.slug)

    def test_pages_with_every_cache_empty(self):
        from news.management.commands.bench_uncached import empty_caches

        counts = {}
        for name in UNCACHED_BUDGETS:
            url = self.url(name)
            self.assertEqual(self.client.get(url).status_code, 200, url)  # renditions, settings row
            empty_caches()
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            counts[name] = len(captured)
        for name, budget in UNCACHED_BUDGETS.items():
            self.assertLessEqual(counts[name], budget, f"{name}: {counts}")

    def test_terpopuler_and_the_emblem_cost_an_article_no_query(self):
        from news.management.commands.bench_uncached import empty_caches
        from news.models import ArticlePage, ArticleViewCount
        from news.popular import hour_start, store_rankings

        # The emblem's icons, feed image and header logo come with the cards' renditions.
        site_settings, _created = SiteSettings.objects.get_or_create(site=Site.objects.get())
        site_settings.logo = make_image(title="Lambang")
        site_settings.save()
        url = self.url("article")
        now = timezone.now()
        with time_machine.travel(now, tick=False):
            read = list(ArticlePage.objects.live().order_by("-pk")[:6])
            ArticleViewCount.objects.bulk_create(
                ArticleViewCount(article=article, hour=hour_start(now), views=10 + number)
                for number, article in enumerate(read)
            )
            store_rankings()
            self.assertEqual(self.client.get(url).status_code, 200)
            empty_caches()
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(url)
        self.assertLessEqual(len(captured), UNCACHED_BUDGETS["article"])
        shown = [card.pk for card in response.context["most_read"]]
        self.assertEqual(shown, [article.pk for article in read[::-1][:5]])
        # Each card shows its category, read with the card.
        self.assertContains(response, f'<p class="card__category">{read[0].get_parent().title}</p>')
