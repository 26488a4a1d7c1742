"""Every kind of public page, on the demo newsroom: what the accessibility (axe) and HTML (Nu Html
Checker) checks walk through."""

import io

from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag

from home.models import HomePage
from news.forms import NewsFilterForm
from news.models import ArticlePage, CategoryIndexPage, ServiceArea, WorkUnit

NO_RESULTS = "zzqxwv"


def load_demo_newsroom() -> None:
    """The demo content (`make run`'s): photos, quotes, a video, press releases, every taxonomy."""
    call_command("load_demo_content", stdout=io.StringIO(), verbosity=0)


def article_with(*block_types: str) -> ArticlePage:
    """The live article whose body has the most of `block_types` (and a hero photo)."""
    articles = ArticlePage.objects.live().public().exclude(hero_image=None).order_by("pk")
    return max(articles, key=lambda page: len({block.block_type for block in page.body} & set(block_types)))


def public_pages() -> list[tuple[str, str]]:
    """(name, path) of one page of every public kind, from the demo newsroom."""
    home = HomePage.objects.get()
    categories = CategoryIndexPage.objects.live().public().order_by("path")
    parent = next(page for page in categories if page.get_children().type(CategoryIndexPage).exists())
    province = categories.child_of(parent).first()
    leaf = categories.filter(depth=parent.depth, press_releases=False).exclude(pk=parent.pk).first()
    press = categories.filter(press_releases=True).first()
    release = ArticlePage.objects.live().public().descendant_of(press).order_by("pk").first()
    area, unit = ServiceArea.objects.order_by("pk").first(), WorkUnit.objects.order_by("pk").first()
    tag = Tag.objects.filter(news_articletag_items__isnull=False).order_by("pk").first()
    today = timezone.localdate()
    category_key = NewsFilterForm.category_key
    return [
        ("home", home.url),
        ("article", article_with("quote", "image", "video").url),
        ("press release", release.url),
        ("category with provinces", parent.url),
        ("category, page 2", f"{parent.url}?page=2"),
        ("province", province.url),
        ("category", leaf.url),
        ("press releases", press.url),
        ("news index", "/berita/"),
        ("news index, filtered", f"/berita/?kategori={category_key(leaf)}&layanan={area.slug}"),
        ("service areas", "/layanan/"),
        ("service area", f"/layanan/{area.slug}/"),
        ("work units", "/satker/"),
        ("work unit", f"/satker/{unit.slug}/"),
        ("tag", f"/tag/{tag.slug}/"),
        ("archive", "/arsip/"),
        ("archive, year", f"/arsip/{today.year}/"),
        ("archive, month", f"/arsip/{today.year}/{today.month}/"),
        ("most read", "/terpopuler/"),
        ("search", "/cari/"),
        ("search with results", "/cari/?q=haji"),
        ("search without results", f"/cari/?q={NO_RESULTS}"),
        ("not found", "/tidak-ada-halaman-ini/"),
    ]
