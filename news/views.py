"""Listings that are not pages in the tree: all news, service areas, work units and tags."""

from django.db.models import Count, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from taggit.models import Tag

from .models import (
    ArticlePage,
    ArticleTag,
    ArticleWorkUnit,
    ServiceArea,
    WorkUnit,
    article_cards,
    attach_categories,
    paginate,
)


def render_listing(request, template: str, articles, **context):
    page_obj = paginate(request, articles)
    context.update({"page_obj": page_obj, "articles": attach_categories(page_obj.object_list)})
    return render(request, template, context)


def public_article_ids():
    return ArticlePage.objects.live().public().values("pk")


def news_index(request):
    return render_listing(
        request,
        "news/news_index.html",
        article_cards(),
        title=_("All news"),
    )


def service_area_index(request):
    areas = ServiceArea.objects.annotate(
        article_count=Count("articles", filter=Q(articles__in=public_article_ids()))
    )
    return render(request, "news/service_area_index.html", {"areas": areas})


def service_area_detail(request, slug: str):
    area = get_object_or_404(ServiceArea, slug=slug)
    return render_listing(
        request, "news/term_page.html", area.get_articles(), term=area, kind=_("Service area")
    )


def work_unit_index(request):
    count = (
        ArticleWorkUnit.objects.filter(
            unit__tree_path__startswith=OuterRef("tree_path"), page__in=public_article_ids()
        )
        .order_by()
        .annotate(n=Func("page", function="COUNT", template="%(function)s(DISTINCT %(expressions)s)"))
        .values("n")[:1]
    )
    units = list(
        WorkUnit.objects.annotate(article_count=Coalesce(Subquery(count, output_field=IntegerField()), 0))
    )
    children: dict[int | None, list[WorkUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)

    def tree(parent_id):
        return [{"unit": unit, "children": tree(unit.pk)} for unit in children.get(parent_id, [])]

    return render(request, "news/work_unit_index.html", {"tree": tree(None)})


def work_unit_detail(request, slug: str):
    unit = get_object_or_404(WorkUnit.objects.select_related("parent"), slug=slug)
    return render_listing(
        request,
        "news/term_page.html",
        unit.get_articles(),
        term=unit,
        kind=_("Work unit"),
        subunits=unit.children.filter(is_active=True),
    )


def tag_detail(request, slug: str):
    tag = get_object_or_404(Tag, slug=slug)
    articles = article_cards(
        ArticlePage.objects.filter(pk__in=ArticleTag.objects.filter(tag=tag).values("content_object"))
    )
    return render_listing(request, "news/term_page.html", articles, term=tag, kind=_("Tag"))
