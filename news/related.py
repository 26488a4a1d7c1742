"""“<Kategori> Lainnya” and “Berita Lainnya”, chosen when an article is published.

Choosing them reads the category's newest articles and scores the newest articles that share a
term (ArticlePage.reading_block_ids): about 40 ms at 100,000 articles. Done on every read, it
was most of what an uncached article cost, and it made each article depend on the latest news.
So the ids are chosen once, when the article is published (Wagtail's `page_published`, which
the editor's publish, the scheduler's `publish_due` and a copy of a live page all send), and
stored on the article (`reading_lists`). Republishing chooses them again.

What readers see, decided here:
- the lists are the category's and the site's news as they were at the article's last
  publication: a newer article does not join an older one's lists (no other article is
  rewritten when one is published);
- a few spare ids are stored, and the page shows only articles that are still published and
  public (news.models.published), so an article unpublished, withdrawn or made private
  leaves the lists at once;
- "Berita Lainnya" is the curated links, then the articles sharing the most terms, then the
  latest news, so it is never empty while other articles are published;
- the two blocks never repeat an article, and never show the article itself;
- an article published before this existed (`reading_lists` empty) gets its lists at read
  time as before, until `manage.py store_reading_lists` or its next publication stores them;
- the editors' curated links are stored whether or not they are live yet, and show once they
  are: an embargoed release linked from a live article appears there when it goes live;
- previews of drafts choose at read time (the draft's terms may differ from the live ones).
"""

from __future__ import annotations

from .models import RELATED_LIMIT, ArticlePage, ArticleRelatedPage, ArticleTag, ArticleWorkUnit

# Stored per block: the shown five plus spares for articles that leave the lists later.
STORED_LIMIT = RELATED_LIMIT + 3


def choose_reading_lists(page: ArticlePage) -> dict[str, list[int]]:
    """The ids of both blocks for `page` from its saved terms and the live articles now."""
    area_ids = list(
        ArticlePage.service_areas.through.objects.filter(articlepage_id=page.pk).values_list(
            "servicearea_id", flat=True
        )
    )
    unit_ids = list(ArticleWorkUnit.objects.filter(page_id=page.pk).values_list("unit_id", flat=True))
    tag_ids = list(ArticleTag.objects.filter(content_object_id=page.pk).values_list("tag_id", flat=True))
    more, related = page.reading_block_ids(area_ids, unit_ids, tag_ids, STORED_LIMIT)
    # The editors' choices are kept whether or not they are live yet: an embargoed release
    # linked from a live article shows in its block as soon as the release goes live.
    curated = list(
        ArticleRelatedPage.objects.filter(source_id=page.pk)
        .exclude(page_id__in=[page.pk, *more])
        .order_by("sort_order", "pk")
        .values_list("page_id", flat=True)
    )
    curated = list(dict.fromkeys(curated))[:STORED_LIMIT]
    related = curated + [pk for pk in related if pk not in curated][: STORED_LIMIT - len(curated)]
    return {"more": more, "related": related}


def store_reading_lists(page: ArticlePage) -> dict[str, list[int]]:
    lists = choose_reading_lists(page)
    # An UPDATE of the one column: no new revision, no save signals, no search re-indexing.
    ArticlePage.objects.filter(pk=page.pk).update(reading_lists=lists)
    page.reading_lists = lists
    return lists


def article_published(sender, instance, **kwargs) -> None:
    if isinstance(instance, ArticlePage):
        store_reading_lists(instance)


def connect() -> None:
    from wagtail.signals import page_published

    page_published.connect(article_published, sender=ArticlePage, dispatch_uid="warta_reading_lists")


def store_missing_reading_lists_in_bulk(candidates_per_term: int = 60) -> int:
    """Store the lists of every published article that has none, in memory and in one pass.

    For `generate_articles`: choosing them one article at a time takes about 10 ms each (17
    minutes at 100,000). This walks the articles in order of publication and gives each what
    publishing it then would have given: the newest earlier articles of its parent category,
    and its curated links followed by the earlier articles that share the most service areas,
    work units and tags, scored among the newest `candidates_per_term` articles of each of its
    terms (publishing scores the newest 300 that share any term: the same lists when the
    terms are small, close to them otherwise), then the newest earlier articles. Returns the
    number of articles updated.
    """
    from django.db import connection

    from .models import published

    articles = list(published().order_by("published_at", "pk").values_list("pk", "path", "reading_lists"))
    terms: dict[int, set] = {}
    through = ArticlePage.service_areas.through
    for kind, rows in (
        ("area", through.objects.values_list("articlepage_id", "servicearea_id")),
        ("unit", ArticleWorkUnit.objects.values_list("page_id", "unit_id")),
        ("tag", ArticleTag.objects.values_list("content_object_id", "tag_id")),
    ):
        for article_id, term_id in rows.iterator(chunk_size=10000):
            terms.setdefault(article_id, set()).add((kind, term_id))
    curated: dict[int, list[int]] = {}
    for source, page in ArticleRelatedPage.objects.order_by("sort_order", "pk").values_list("source", "page"):
        curated.setdefault(source, []).append(page)

    position = {pk: number for number, (pk, _path, _lists) in enumerate(articles)}
    by_parent: dict[str, list[int]] = {}
    by_term: dict[tuple, list[int]] = {}
    updates = []
    for pk, path, lists in articles:
        parent = path[: -ArticlePage.steplen]
        own = terms.get(pk, set())
        if lists is None:
            more = by_parent.get(parent, [])[-STORED_LIMIT:][::-1]
            shown = {pk, *more}
            related = [page for page in curated.get(pk, []) if page not in shown]
            related = list(dict.fromkeys(related))[:STORED_LIMIT]
            shown.update(related)
            candidates = {
                other for term in own for other in by_term.get(term, [])[-candidates_per_term:]
            } - shown
            ranked = sorted(candidates, key=lambda other: (-len(own & terms[other]), -position[other]))
            related += ranked[: STORED_LIMIT - len(related)]
            shown.update(related)
            # Then the latest earlier news, so that "Berita Lainnya" is never empty.
            earlier = position[pk] - 1
            while len(related) < STORED_LIMIT and earlier >= 0:
                other = articles[earlier][0]
                if other not in shown:
                    related.append(other)
                earlier -= 1
            updates.append(({"more": more, "related": related}, pk))
        by_parent.setdefault(parent, []).append(pk)
        for term in own:
            by_term.setdefault(term, []).append(pk)

    field = ArticlePage._meta.get_field("reading_lists")
    table = ArticlePage._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(updates), 5000):
            cursor.executemany(
                f"UPDATE {table} SET reading_lists = %s WHERE page_ptr_id = %s",  # noqa: S608 - our table
                [
                    (field.get_db_prep_save(lists, connection), pk)
                    for lists, pk in updates[start : start + 5000]
                ],
            )
    return len(updates)
