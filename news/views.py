"""Views outside the page tree: all news, archive, service areas, work units, tags and search."""

from django.apps import apps
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from taggit.models import Tag
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Site

from . import popular, ratelimits
from .branding import brand_images
from .caching import cached, canonical_url, depends_on, term_tag
from .forms import FIRST_YEAR, NewsFilterForm, month_range
from .models import (
    LocalDatePart,
    ServiceArea,
    WorkUnit,
    article_cards,
    attach_categories,
    feed_entry,
    listing_page,
    paginate,
    published,
    tag_articles,
    work_unit_article_counts,
)
from .search import (
    RankedResults,
    SearchForm,
    clean_query,
    prepare_results,
    query_terms,
    result_counts,
    search_articles,
    search_words,
    suggest_articles,
)

SEARCH_CACHE_SECONDS = 10 * 60


def render_listing(request, template: str, articles, tags=("news",), **context):
    """A page of a listing; `tags` name what it lists (news.caching)."""
    depends_on(*tags)
    page_obj = listing_page(request, articles)
    # The cards are read only when the list's cached fragment is missing (includes/article_list.html).
    articles = SimpleLazyObject(lambda: attach_categories(page_obj.object_list))
    context.update({"page_obj": page_obj, "articles": articles, "canonical_url": canonical_url(request)})
    return render(request, template, context)


def public_article_ids():
    return published().values("pk")


def news_index(request):
    form = NewsFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        context = {"form": form, "title": _("All news"), "articles": [], "page_obj": None}
        return render(request, "news/news_index.html", context, status=400)
    articles = form.filter(article_cards(), listing=True) if form.is_bound else article_cards()
    filters = filter_query_string(request)
    suffix = f"?{filters}" if filters else ""
    return render_listing(
        request,
        "news/news_index.html",
        articles,
        form=form,
        title=_("All news"),
        feeds=[feed_entry(_("All news"), reverse("feed_rss") + suffix, reverse("feed_atom") + suffix)],
        active_filters=form.active_filters() if form.is_bound else [],
        query_string=filter_query_string(request),
    )


def filter_query_string(request) -> str:
    """The request's query string without `page`, for pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def archive_index(request):
    """The years with articles and their counts, cached until the content changes (the count
    reads every article)."""

    def read() -> list[dict]:
        rows = (
            published()
            .annotate(year=LocalDatePart("published_at", "%Y"))
            .values_list("year")
            .annotate(count=Count("pk"))
            .order_by("-year")
        )
        return [{"year": int(year), "count": count} for year, count in rows]

    years = cached("archive-years", (), read, tags=["news"])
    return render(
        request, "news/archive_index.html", {"years": years, "canonical_url": canonical_url(request)}
    )


def archive(request, year: int, month: int | None = None):
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1 or (
        month is not None and not 1 <= month <= 12
    ):
        raise Http404(_("Page not found"))
    start, end = month_range(year, month)
    articles = article_cards().filter(published_at__gte=start, published_at__lt=end)
    period = f"{MONTHS[month]} {year}" if month else str(year)
    months = None
    if month is None:
        months = (
            published()
            .filter(published_at__gte=start, published_at__lt=end)
            .annotate(month=LocalDatePart("published_at", "%m"))
            .values_list("month")
            .annotate(count=Count("pk"))
            .order_by("month")
        )
        months = [
            {"number": int(month), "name": MONTHS[int(month)], "count": count} for month, count in months
        ]
    return render_listing(
        request,
        "news/news_index.html",
        articles,
        title=_("Archive %(period)s") % {"period": period},
        archive_year=year,
        archive_months=months,
    )


def service_area_index(request):
    depends_on("news")
    areas = ServiceArea.objects.annotate(
        article_count=Count("articles", filter=Q(articles__in=public_article_ids()))
    )
    context = {"areas": areas, "canonical_url": canonical_url(request)}
    return render(request, "news/service_area_index.html", context)


def service_area_detail(request, slug: str):
    area = get_object_or_404(ServiceArea, slug=slug)
    feeds = [
        feed_entry(
            area.name, reverse("service_area_rss", args=[slug]), reverse("service_area_atom", args=[slug])
        )
    ]
    return render_listing(
        request,
        "news/term_page.html",
        area.get_articles(),
        tags=[term_tag("servicearea", area.pk)],
        term=area,
        kind=_("Service area"),
        feeds=feeds,
    )


def work_unit_index(request):
    depends_on("news")
    counts = work_unit_article_counts()
    children: dict[int | None, list[WorkUnit]] = {}
    for unit in WorkUnit.objects.all():
        unit.article_count = counts[unit.pk]
        children.setdefault(unit.parent_id, []).append(unit)

    def tree(parent_id):
        return [{"unit": unit, "children": tree(unit.pk)} for unit in children.get(parent_id, [])]

    context = {"tree": tree(None), "canonical_url": canonical_url(request)}
    return render(request, "news/work_unit_index.html", context)


def work_unit_detail(request, slug: str):
    unit = get_object_or_404(WorkUnit.objects.select_related("parent"), slug=slug)
    return render_listing(
        request,
        "news/term_page.html",
        unit.get_articles(),
        tags=[term_tag("workunit", unit.pk)],
        term=unit,
        kind=_("Work unit"),
        subunits=unit.children.filter(is_active=True),
        feeds=[
            feed_entry(
                unit.name, reverse("work_unit_rss", args=[slug]), reverse("work_unit_atom", args=[slug])
            )
        ],
    )


def tag_detail(request, slug: str):
    tag = get_object_or_404(Tag, slug=slug)
    articles = tag_articles(tag)
    feeds = [
        feed_entry(f"#{tag.name}", reverse("tag_rss", args=[tag.slug]), reverse("tag_atom", args=[tag.slug]))
    ]
    return render_listing(
        request,
        "news/term_page.html",
        articles,
        tags=[term_tag("tag", tag.pk)],
        term=tag,
        kind=_("Tag"),
        feeds=feeds,
    )


@ratelimits.limited(ratelimits.SEARCH, method=ratelimits.ratelimit.ALL)
def search(request):
    """`/cari/`: live public articles matching the query, with filters, counts and editors' picks."""
    form = SearchForm(request.GET or None)
    context = {"form": form, "query": "", "title": _("Site search"), "filters_open": form.is_bound}
    if not form.is_bound:
        context["service_areas"] = ServiceArea.objects.all()
        return render(request, "news/search.html", context)
    if not form.is_valid():
        return render(request, "news/search.html", context, status=400)
    query = form.cleaned_data["q"]
    context["query"] = query
    context["filters_open"] = any(
        value for name, value in form.cleaned_data.items() if name not in ("q", "urut")
    )
    if not search_words(query):
        context["service_areas"] = ServiceArea.objects.all()
        return render(request, "news/search.html", context)

    context["searched"] = True
    home = Site.find_for_request(request).root_page
    results = cached_search(request, form, home)
    # The number of matches (paginate), the result list and the facets are cached until the
    # content changes (templates/news/search.html); the query is still counted for the report.
    page_obj = paginate(request, results)
    search_query = Query.get(query)
    search_query.add_hit()
    picks = [
        pick
        for pick in search_query.editors_picks.select_related("page")
        if pick.page is None or (pick.page.live and not pick.page.get_view_restrictions().exists())
    ]
    context.update(
        {
            "page_obj": page_obj,
            "results": SimpleLazyObject(lambda: prepare_results(page_obj.object_list, query_terms(query))),
            "result_count": page_obj.paginator.count,
            "counts": SimpleLazyObject(lambda: cached_result_counts(request, results, home)),
            "picks": picks if page_obj.number == 1 else [],
            "query_string": filter_query_string(request),
            "title": _("Search results for “%(query)s”") % {"query": query},
        }
    )
    return render(request, "news/search.html", context)


def cached_search(request, form, home):
    """The ranked results of a search, their ids kept until the content changes.

    Ranking reads every match (thousands for a common word); a result page then reads twelve.
    """
    found = {}

    def ranked_ids():
        found["results"] = search_articles(form)
        return found["results"].ids if isinstance(found["results"], RankedResults) else None

    ids = cached(
        "search-ids", (home.pk, filter_query_string(request)), ranked_ids, ["news"], SEARCH_CACHE_SECONDS
    )
    if "results" in found:
        return found["results"]
    # The facet counts are cached too; their rows are read again only if they are not.
    return RankedResults(ids) if ids is not None else search_articles(form)


def cached_result_counts(request, results, home) -> dict:
    """The facet counts of a search, shared by its result pages until the content changes.

    They read every match (thousands for a common word), while a page of results reads twelve.
    """
    return cached(
        "search-counts",
        (home.pk, filter_query_string(request)),
        lambda: result_counts(results, home),
        ["news"],
        SEARCH_CACHE_SECONDS,
    )


@ratelimits.limited(ratelimits.SUGGESTIONS, method=ratelimits.ratelimit.ALL)
def search_suggestions(request):
    """Up to five live public article titles for the header search box (JSON)."""
    query = clean_query(request.GET.get("q", ""))
    suggestions = []
    words = search_words(query)
    if len(words) >= 2:
        suggestions = [{"title": a.title, "url": a.get_url(request)} for a in suggest_articles(words)]
    response = JsonResponse({"query": query, "suggestions": suggestions})
    response["Cache-Control"] = "public, max-age=60"
    return response


def web_manifest(request):
    """The web app manifest: the ministry's name and its emblem as home-screen icons."""
    depends_on("settings")
    site_settings = apps.get_model("home", "SiteSettings").for_request(request)
    brand = brand_images(site_settings)
    icons = {}
    for size, image in brand["icons"].items():
        if size != 180:  # the Apple touch icon is linked from the page itself
            icons.setdefault(
                image["url"],
                {"src": image["url"], "sizes": f"{image['width']}x{image['height']}", "type": image["type"]},
            )
    if "svg" in brand:  # any size, after the sized PNGs
        icons[brand["svg"]["url"]] = {
            "src": brand["svg"]["url"],
            "sizes": "any",
            "type": brand["svg"]["type"],
        }
    data = {
        "name": site_settings.site_name,
        "short_name": site_settings.short_name,
        "lang": "id",
        "start_url": "/",
        "display": "minimal-ui",
        "theme_color": "#0f5132",
        "background_color": "#ffffff",
        "icons": list(icons.values()),
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )


def opensearch(request):
    """An OpenSearch description, so browsers can add the site as a search engine."""
    depends_on("settings")
    site_settings = apps.get_model("home", "SiteSettings").for_request(request)
    context = {
        "site_settings": site_settings,
        "search_url": request.build_absolute_uri(reverse("search")),
        "suggest_url": request.build_absolute_uri(reverse("search_suggestions")),
        "icon_url": request.build_absolute_uri(brand_images(site_settings)["icons"][32]["url"]),
    }
    return render(
        request, "news/opensearch.xml", context, content_type="application/opensearchdescription+xml"
    )


@csrf_exempt  # a read sent by navigator.sendBeacon from a cached page, which holds no token
@ratelimits.limited(ratelimits.READ_BEACON)
@require_POST
def read_beacon(request, page_id: int):
    """`POST /api/baca/<id>/`: a reader opened article `id` (news.popular). Always 204 for a
    live article, counted or not; 404 for any other id. Reads only the cache."""
    if not popular.readable(page_id):
        raise Http404(_("Page not found"))
    popular.record_read(request, page_id)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


def most_read(request):
    """`/terpopuler/`: the most-read articles of the last 24 hours and of the last 7 days."""
    periods = [
        {
            "key": key,
            "title": popular.PERIOD_TITLES[key],
            "articles": popular.most_read(key, popular.STORED_LIMIT, request),
        }
        for key in popular.PERIODS
    ]
    context = {"periods": periods, "title": _("Most read"), "canonical_url": canonical_url(request)}
    return render(request, "news/most_read.html", context)


def rate_limited(request, exception):
    """RATELIMIT_VIEW: too many requests from one address, as a 429 with a plain message."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
