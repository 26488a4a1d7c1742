"""`ArticlePage.listed_path`: the article's tree path while readers may list it, else NULL.

Every listing (a category and its pages, a term, a `/berita/` filter, the feeds, the
sitemaps) walks the articles newest first. To know whether an article is live and under the
category, each step of that walk read the article's row in Wagtail's page table: page 1,880 of
Daerah read 37,600 page rows (240 ms at 100,000 articles). With the path and the live state
copied into the article's own row, and the published-date index carrying it
(`article_listed_idx`), the walk reads that index alone.

The copy is kept in the writer's own transaction, from the database's own rows, never from
the instance in memory (a draft saved with a withdrawal date is not withdrawn until it is
published):
- every save of an article's page (publish, unpublish, a scheduled expiry, a copy), through
  `post_save` of any page class: Wagtail saves a moved page or an unpublished one as a plain
  `Page`. A save of some fields only (a new draft writes the revision columns) can change what
  readers list only if it writes one of LISTED_FIELDS;
- a move, through `post_page_move`: treebeard rewrites the paths of the whole subtree in SQL,
  so every article below the moved page is copied again;
- rows written in bulk (generate_articles, the migration that added the column) call `sync`.

`published()` (news.models) reads `listed_path` only; view restrictions are still applied to
it as path prefixes, read per content generation.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, OuterRef, Subquery, When
from django.db.models.signals import post_save
from wagtail.models import Page
from wagtail.signals import post_page_move

from .models import ArticlePage


def listed_path_expression():
    """The value `listed_path` must have, computed by the database for each row it updates."""
    live_path = Page.objects.filter(pk=OuterRef("pk"), live=True).values("path")[:1]
    return Case(When(withdrawn_at__isnull=True, then=Subquery(live_path)), default=None)


def sync(articles=None) -> int:
    """Copy the path and live state into `listed_path` for `articles` (all when None)."""
    articles = ArticlePage.objects.all() if articles is None else articles
    return articles.order_by().update(listed_path=listed_path_expression())


def is_article(page: Page) -> bool:
    if isinstance(page, ArticlePage):
        return True
    return page.content_type_id == ContentType.objects.get_for_model(ArticlePage).pk


# The columns a save must write for listed_path to change (itself: the copy in memory may be old).
LISTED_FIELDS = frozenset({"live", "path", "withdrawn_at", "listed_path"})


def page_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or not isinstance(instance, Page) or not instance.pk:
        return
    if update_fields is not None and not LISTED_FIELDS & set(update_fields):
        return
    if is_article(instance):
        sync(ArticlePage.objects.filter(pk=instance.pk))


def page_moved(sender, instance, **kwargs) -> None:
    # `instance` is read again by Wagtail after treebeard's move: its path is the new one.
    sync(ArticlePage.objects.filter(pk__in=Page.objects.descendant_of(instance, inclusive=True).values("pk")))


def connect() -> None:
    post_save.connect(page_saved, dispatch_uid="warta_listed_path_saved")
    post_page_move.connect(page_moved, dispatch_uid="warta_listed_path_moved")
