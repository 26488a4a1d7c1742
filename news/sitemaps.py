"""Sitemaps for search engines: an index, one child per month of articles, Google News, robots.txt.

No view loads all articles: the index is one aggregate query (cached until the content
changes), a month's child lists at most 10,000 URLs a page (Django's sitemap pagination), and
the news sitemap the last 48 hours.
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.models import Site

from home.models import SiteSettings

from .caching import cached, depends_on
from .forms import FIRST_YEAR, month_range
from .models import CategoryIndexPage, LocalDatePart, ServiceArea, WorkUnit, public_q, published

URLS_PER_SITEMAP = 10_000
NEWS_SITEMAP_HOURS = 48
NEWS_SITEMAP_LIMIT = 1_000
MONTHS_CACHE_SECONDS = 24 * 60 * 60


class SiteRelativeSitemap(Sitemap):
    """Locations are paths below the site's root page, made absolute by Django."""

    limit = URLS_PER_SITEMAP

    def __init__(self, request):
        self.root_path = Site.find_for_request(request).root_page.url_path

    def page_path(self, url_path: str) -> str:
        return "/" + url_path[len(self.root_path) :]


class ArticleMonthSitemap(SiteRelativeSitemap):
    def __init__(self, request, year: int, month: int):
        super().__init__(request)
        self.start, self.end = month_range(year, month)

    def items(self):
        return (
            published()
            .filter(
                published_at__gte=self.start, published_at__lt=self.end, url_path__startswith=self.root_path
            )
            .order_by("published_at", "pk")
            .values("url_path", "published_at", "last_published_at")
        )

    def location(self, item) -> str:
        return self.page_path(item["url_path"])

    def lastmod(self, item):
        return max(filter(None, [item["published_at"], item["last_published_at"]]))


class PagesSitemap(SiteRelativeSitemap):
    """The home page, categories and the listings of service areas and work units, each with
    the last change of what it lists as lastmod (the newest article's, or the page's own)."""

    def items(self):
        dates = listing_lastmods()
        latest = dates["latest"]
        items = [("/", latest), (reverse("news_index"), latest), (reverse("service_area_index"), latest)]
        items.append((reverse("work_unit_index"), latest))
        categories = (
            CategoryIndexPage.objects.live()
            .filter(public_q(), url_path__startswith=self.root_path)
            .order_by("path")
            .values_list("path", "url_path", "last_published_at")
        )
        for path, url_path, modified in categories:
            below = [day for parent, day in dates["parents"].items() if parent.startswith(path)]
            items.append((self.page_path(url_path), newest(modified, *below)))
        items += [
            (area.get_absolute_url(), dates["areas"].get(area.pk)) for area in ServiceArea.objects.all()
        ]
        for unit in WorkUnit.objects.filter(is_active=True):
            # A unit lists its sub-units' articles too.
            below = [day for path, day in dates["units"].items() if path.startswith(unit.tree_path)]
            items.append((unit.get_absolute_url(), newest(*below)))
        return items

    def location(self, item) -> str:
        return item[0]

    def lastmod(self, item):
        return item[1]


def newest(*moments):
    return max(filter(None, moments), default=None)


def listing_lastmods() -> dict:
    """The last change of the published articles overall, per parent page (by its tree path),
    per service area and per work unit (by its tree path); cached like `article_months`."""

    def read() -> dict:
        from django.db.models.functions import Length, Substr

        from .models import ArticlePage, ArticleWorkUnit

        articles = published().order_by()
        changed = {"modified": Max("last_published_at"), "published": Max("published_at")}

        def rows(queryset, key: str) -> dict:
            return {row[key]: newest(row["modified"], row["published"]) for row in queryset}

        parents = rows(
            articles.annotate(parent=Substr("path", 1, Length("path") - ArticlePage.steplen))
            .values("parent")
            .annotate(**changed),
            "parent",
        )
        through = ArticlePage.service_areas.through
        areas = rows(
            through.objects.filter(articlepage__in=articles.values("pk"))
            .values("servicearea_id")
            .annotate(
                modified=Max("articlepage__last_published_at"), published=Max("articlepage__published_at")
            )
            .order_by(),
            "servicearea_id",
        )
        units = rows(
            ArticleWorkUnit.objects.filter(page__in=articles.values("pk"))
            .values("unit__tree_path")
            .annotate(modified=Max("page__last_published_at"), published=Max("page__published_at"))
            .order_by(),
            "unit__tree_path",
        )
        return {"latest": newest(*parents.values()), "parents": parents, "areas": areas, "units": units}

    return cached("sitemap-listings", (), read, ["sitemaps"], MONTHS_CACHE_SECONDS)


def article_months() -> list[dict]:
    """Each month with articles ("2026-11"): its count and last change, newest first.

    The aggregate reads every article, so its rows are cached until the content changes
    (a publish, unpublish, move or deletion starts a new generation; see news.caching).
    """

    def read() -> list[dict]:
        return list(
            published()
            .annotate(month=LocalDatePart("published_at", "%Y-%m"))
            .values("month")
            .annotate(count=Count("pk"), modified=Max("last_published_at"), published=Max("published_at"))
            .order_by("-month")
        )

    return cached("sitemap-months", (), read, ["sitemaps"], MONTHS_CACHE_SECONDS)


def sitemap_index_entries(request, months: list[dict]) -> list[dict]:
    entries = [{"location": request.build_absolute_uri(reverse("sitemap_pages")), "lastmod": None}]
    for row in months:
        year, month = (int(part) for part in row["month"].split("-"))
        location = request.build_absolute_uri(reverse("sitemap_month", args=[year, month]))
        lastmod = max(filter(None, [row["modified"], row["published"]]))
        pages = -(-row["count"] // URLS_PER_SITEMAP)
        for number in range(1, pages + 1):
            entries.append(
                {"location": location + (f"?p={number}" if number > 1 else ""), "lastmod": lastmod}
            )
    return entries


@require_GET
def sitemap_index(request):
    """One child per month that has articles, with the month's last change as lastmod."""
    depends_on("sitemaps")
    entries = sitemap_index_entries(request, article_months())
    return render(request, "sitemaps/sitemap_index.xml", {"entries": entries}, content_type="application/xml")


@require_GET
def pages_sitemap(request):
    depends_on("sitemaps", "menu")
    return sitemap_views.sitemap(request, {"pages": PagesSitemap(request)})


@require_GET
def month_sitemap(request, year: int, month: int):
    """A month's articles (readers get it from the response cache, news.caching)."""
    if not (FIRST_YEAR <= year <= timezone.localdate().year + 1 and 1 <= month <= 12):
        raise Http404
    depends_on("sitemaps")
    return sitemap_views.sitemap(request, {"articles": ArticleMonthSitemap(request, year, month)})


@require_GET
def news_sitemap(request):
    """Google News: the articles of the last 48 hours, newest first, at most 1,000."""
    depends_on("sitemaps", "settings")
    since = timezone.now() - timedelta(hours=NEWS_SITEMAP_HOURS)
    root_path = Site.find_for_request(request).root_page.url_path
    articles = (
        published()
        .filter(published_at__gte=since, published_at__lte=timezone.now(), url_path__startswith=root_path)
        .order_by("-published_at", "-pk")
        .values("url_path", "title", "published_at")[:NEWS_SITEMAP_LIMIT]
    )
    base = request.build_absolute_uri("/").rstrip("/")
    entries = [
        {
            "location": f"{base}/{article['url_path'][len(root_path) :]}",
            "title": article["title"],
            "published": timezone.localtime(article["published_at"]),
        }
        for article in articles
    ]
    context = {"entries": entries, "publication": SiteSettings.for_request(request).site_name}
    return render(request, "sitemaps/news_sitemap.xml", context, content_type="application/xml")


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap_news'))}",
        "",
    ]
    depends_on("settings")
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
