"""The newsroom scenario's reader mix for `make bench`: every kind of public URL, weighted.

Readers do not ask for one page over and over: they arrive spread over the whole archive and
over every kind of address. `collect_urls()` lists, from the database, every address a reader
can open (every live public article, the home page, every category and every one of its
pages, the term pages, the `/berita/` filters, the feeds and filtered feeds, the sitemaps and
searches), each kind in order of popularity (newest article first, page 2 before page 50).
`build_mix()` gives each kind its share of the requests (SHARES, an assumption: there are no
logs of real readers yet) and, within a kind, weights the addresses by a Zipf curve
(weight 1 / rank^s, s = 1): the newest article is read twice as often as the second newest,
and an article from ten years ago still gets its few readers.

The bench writes the mix as "weight<TAB>path" lines for the wrk script `_bench_newsroom.lua`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

# The share of requests of each kind of URL. Kinds, in the order of the report:
SHARES: dict[str, float] = {
    "home": 0.12,
    "article": 0.50,
    "category": 0.08,
    "category_deep": 0.05,
    "term": 0.07,
    "archive": 0.02,
    "news_filter": 0.04,
    "feed": 0.05,
    "sitemap": 0.03,
    "search": 0.04,
}
ZIPF_S = 1.0


def zipf_weights(count: int, s: float = ZIPF_S) -> list[float]:
    """Weights 1 / rank^s for ranks 1..count, summing to 1."""
    raw = [1 / rank**s for rank in range(1, count + 1)]
    total = sum(raw)
    return [weight / total for weight in raw]


def build_mix(
    urls_by_kind: Mapping[str, Iterable[str]], shares: Mapping[str, float] = SHARES, s: float = ZIPF_S
) -> list[tuple[float, str, str]]:
    """(weight, kind, url) for every URL: each kind gets its share, spread over its URLs (most
    popular first) by a Zipf curve. The weights sum to 1. Every kind with a share must have URLs;
    a URL listed twice is kept once, at its first (most popular) place."""
    missing = [kind for kind in shares if not list(urls_by_kind.get(kind, ()))]
    if missing:
        raise ValueError(f"no URLs of kind {', '.join(missing)}")
    unknown = set(urls_by_kind) - set(shares)
    if unknown:
        raise ValueError(f"no share for kind {', '.join(sorted(unknown))}")
    total_share = sum(shares.values())
    mix, seen = [], set()
    for kind, share in shares.items():
        urls = [url for url in dict.fromkeys(urls_by_kind[kind]) if url not in seen]
        seen.update(urls)
        for weight, url in zip(zipf_weights(len(urls), s), urls, strict=True):
            mix.append((share / total_share * weight, kind, url))
    return mix


def write_mix(mix: list[tuple[float, str, str]], path) -> None:
    """The mix as "weight<TAB>path" lines, as the wrk script reads it."""
    with open(path, "w", encoding="utf-8") as out:
        for weight, _kind, url in mix:
            out.write(f"{weight:.12g}\t{url}\n")


def collect_urls() -> dict[str, list[str]]:
    """Every public address of the site, by kind, each kind's most popular first.

    Only live, public (outside private sections), not withdrawn articles and live public
    categories; term, filter and feed addresses only for terms that have such articles.
    """
    from django.db.models import Count, Q
    from django.urls import reverse
    from taggit.models import Tag
    from wagtail.models import Site

    from news.models import (
        ARTICLES_PER_PAGE,
        ArticlePage,
        ArticleTag,
        CategoryIndexPage,
        ServiceArea,
        WorkUnit,
    )

    site = Site.objects.get(is_default_site=True)
    root = site.root_page
    prefix = root.url_path

    def url_of(url_path: str) -> str:
        return "/" + url_path[len(prefix) :] if url_path.startswith(prefix) else url_path

    articles = (
        ArticlePage.objects.live()
        .public()
        .descendant_of(root)
        .filter(withdrawn_at__isnull=True)
        .defer_streamfields()
    )
    article_ids = articles.values("pk")
    urls: dict[str, list[str]] = {kind: [] for kind in SHARES}
    urls["home"] = [url_of(root.url_path)]
    urls["article"] = [
        url_of(path) for path in articles.order_by("-published_at", "-pk").values_list("url_path", flat=True)
    ]

    categories = list(CategoryIndexPage.objects.live().public().descendant_of(root).order_by("depth", "path"))
    pages_of = {}
    for category in categories:
        count = articles.filter(path__startswith=category.path).count()
        pages_of[category] = max(1, -(-count // ARTICLES_PER_PAGE))
    urls["category"] = [url_of(category.url_path) for category in categories]
    deepest = max(pages_of.values(), default=1)
    urls["category_deep"] = [
        f"{url_of(category.url_path)}?page={number}"
        for number in range(2, deepest + 1)
        for category in categories
        if number <= pages_of[category]
    ]

    areas = list(
        ServiceArea.objects.annotate(n=Count("articles", filter=Q(articles__in=article_ids)))
        .filter(n__gt=0)
        .order_by("-n", "slug")
    )
    units = list(
        WorkUnit.objects.annotate(n=Count("article_links", filter=Q(article_links__page__in=article_ids)))
        .filter(n__gt=0)
        .order_by("-n", "slug")
    )
    tags = list(
        Tag.objects.filter(pk__in=ArticleTag.objects.filter(content_object__in=article_ids).values("tag"))
        .annotate(n=Count("news_articletag_items"))
        .order_by("-n", "slug")
    )
    urls["term"] = [reverse("service_area_index"), reverse("work_unit_index")] + interleave(
        [reverse("service_area", args=[area.slug]) for area in areas],
        [reverse("tag", args=[tag.slug]) for tag in tags],
        [reverse("work_unit", args=[unit.slug]) for unit in units],
    )

    # Months in the site's time zone, newest first.
    months = [
        (moment.year, moment.month) for moment in articles.datetimes("published_at", "month", order="DESC")
    ]
    years = list(dict.fromkeys(year for year, _month in months))
    urls["archive"] = (
        [reverse("archive_index")]
        + [reverse("archive_year", args=[year]) for year in years]
        + [reverse("archive_month", args=[year, month]) for year, month in months]
    )

    category_keys = ["/".join(c.url_path[len(prefix) :].strip("/").split("/")) for c in categories]
    filters = (
        [{}]
        + [{"layanan": area.slug} for area in areas]
        + [{"kategori": key} for key in category_keys]
        + [{"tahun": year} for year in years]
        + [{"satker": unit.slug} for unit in units]
        + [{"tahun": year, "bulan": month} for year, month in months]
    )
    news = reverse("news_index")
    urls["news_filter"] = [f"{news}?{urlencode(query)}" if query else news for query in filters]

    rss, atom = reverse("feed_rss"), reverse("feed_atom")
    urls["feed"] = (
        [rss, atom]
        + [f"{url_of(category.url_path)}rss/" for category in categories]
        + [reverse("service_area_rss", args=[area.slug]) for area in areas]
        + [reverse("tag_rss", args=[tag.slug]) for tag in tags]
        + [reverse("work_unit_rss", args=[unit.slug]) for unit in units]
        + [f"{rss}?{urlencode({'layanan': area.slug})}" for area in areas]
        + [f"{rss}?{urlencode({'kategori': key})}" for key in category_keys]
        + [f"{url_of(category.url_path)}atom/" for category in categories]
    )

    urls["sitemap"] = [
        reverse("sitemap_index"),
        reverse("sitemap_news"),
        reverse("robots_txt"),
        reverse("sitemap_pages"),
    ] + [reverse("sitemap_month", args=[year, month]) for year, month in months]

    search = reverse("search")
    queries = dict.fromkeys([tag.name for tag in tags] + [area.name for area in areas])
    urls["search"] = [f"{search}?{urlencode({'q': query})}" for query in queries]
    return urls


def interleave(*lists: list[str]) -> list[str]:
    """a1, b1, c1, a2, b2, ...: the most popular of each list first."""
    flat = []
    for index in range(max(map(len, lists), default=0)):
        flat.extend(items[index] for items in lists if index < len(items))
    return flat
