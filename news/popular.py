"""“Terpopuler”: which articles readers open most, counted without cookies or analytics.

An article page carries a tiny script (static/js/read-beacon.js) that posts to /api/baca/<id>/
once the page is shown, so the page itself stays cached for everyone. A read counts when:
- the reader is not signed in (editors are not readers) and the page is not a preview;
- the User-Agent is not a crawler, a monitor or a script (BOT_PATTERN) and not empty;
- the same reader did not read the same article within DEDUPE_SECONDS: a reader is a hash of
  the address and User-Agent with a key that changes every day (never stored as such), kept
  only in the cache, so reloading in a loop counts once.

Counting writes only the cache (news.caching: a counter per article and hour). Each minute the
scheduler (run_scheduler) or `manage.py flush_view_counts` writes the counters of the last few
hours to ArticleViewCount, one row per article and hour, and then ranks each period (the sums
of the rows of the last 24 hours or 7 days) into MostReadRanking (`store_rankings`). Pages read
the stored ranking, never rank: the request's site query brings the 24-hour one along
(news.sites.prime_site) and an article's cards come with its reading blocks' cards.

What readers see, decided here:
- a ranking is as fresh as the scheduler's last run (each minute); a ranking that changed bumps
  the tag of its period (news.caching.popular_tag), so every cached page showing it is built
  again, and one that did not change bumps nothing;
- only published, public articles are ranked, and a page shows only those still published when
  it is built (spares stand in for the others); a page depends on the page tags of the ranked
  articles, so one unpublished, withdrawn or made private leaves it at once;
- before the scheduler's first ranking (a new site) “Terpopuler” is not shown.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import JSONField, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import caching
from .images import CARD_SPECS, prefetch_renditions
from .models import (
    ArticlePage,
    ArticleViewCount,
    MostReadRanking,
    card_category,
    card_from_row,
    card_rows,
    published,
)

DEDUPE_SECONDS = 30 * 60
FLUSH_HOURS = 3  # the current hour and the two before it (news.caching.VIEW_KEYS_SECONDS)
MOST_READ_LIMIT = 5
# The most a page lists (/terpopuler/): each period stores three times as many ids.
STORED_LIMIT = 10
SIDEBAR_PERIOD = "24h"  # the home page's and the articles' “Terpopuler”
PERIODS = {"24h": timedelta(hours=24), "7d": timedelta(days=7)}
PERIOD_TITLES = {"24h": _("Most read in 24 hours"), "7d": _("Most read in 7 days")}
# Crawlers, link previews, monitors, headless browsers and HTTP libraries.
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|pingdom|uptime"
    r"|headless|phantomjs|lighthouse|pagespeed|curl|wget|python-|httpx|aiohttp|go-http|java/|okhttp"
    r"|libwww|scrapy|node-fetch|axios",
    re.IGNORECASE,
)
# A beacon sent from these pages is an editor's or a journalist's preview, not a read.
PREVIEW_PREFIXES = ("/admin/", "/pratinjau/")


def hour_start(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or bool(BOT_PATTERN.search(user_agent))


def reader_id(request, now: datetime) -> str:
    """An anonymous reader for today: the address and User-Agent, hashed with a key of the day."""
    day_key = hmac.new(
        settings.SECRET_KEY.encode(), f"warta-reads:{now:%Y-%m-%d}".encode(), hashlib.sha256
    ).digest()
    client = f"{request.META.get('REMOTE_ADDR', '')}\x1f{request.META.get('HTTP_USER_AGENT', '')}"
    return hmac.new(day_key, client.encode(), hashlib.sha256).hexdigest()[:32]


def from_preview(request) -> bool:
    referer = request.META.get("HTTP_REFERER", "")
    return bool(referer) and urlsplit(referer).path.startswith(PREVIEW_PREFIXES)


def counts(request) -> bool:
    """Whether a beacon from `request` is a reader's read (see the module's docstring)."""
    return not (
        request.user.is_authenticated
        or is_bot(request.META.get("HTTP_USER_AGENT", ""))
        or from_preview(request)
    )


def record_read(request, article_id: int, now: datetime | None = None) -> bool:
    """Count a read of `article_id` in the cache if it is one; whether it was counted."""
    now = now or timezone.now()
    if not counts(request) or not caching.first_view(reader_id(request, now), article_id, DEDUPE_SECONDS):
        return False
    caching.count_view(article_id, int(hour_start(now).timestamp()))
    return True


def readable(article_id: int) -> bool:
    """Whether readers may read the article (cached until it is published or unpublished)."""
    return caching.cached(
        "readable",
        (article_id,),
        lambda: published().filter(pk=article_id).exists(),
        tags=[caching.page_tag(article_id)],
    )


def flush_view_counts(now: datetime | None = None) -> int:
    """Write the counted reads of the last FLUSH_HOURS hours to ArticleViewCount, then rank
    (even with nothing new: the windows move on with the hours); rows written.

    The cache holds totals per hour, so a row takes the larger of its total and the cache's
    (a cache restarted mid-hour does not lower it) and a second flush writes nothing new.
    """
    now = now or timezone.now()
    latest = hour_start(now)
    written = 0
    for back in range(FLUSH_HOURS):
        hour = latest - timedelta(hours=back)
        totals = caching.hour_view_counts(int(hour.timestamp()))
        if not totals:
            continue
        with transaction.atomic():
            article_ids = set(ArticlePage.objects.filter(pk__in=totals).values_list("pk", flat=True))
            stored = dict(
                ArticleViewCount.objects.filter(hour=hour, article_id__in=article_ids).values_list(
                    "article_id", "views"
                )
            )
            rows = [
                ArticleViewCount(article_id=pk, hour=hour, views=views)
                for pk, views in totals.items()
                if pk in article_ids and views > stored.get(pk, 0)
            ]
            ArticleViewCount.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["article", "hour"],
                update_fields=["views"],
                batch_size=1000,
            )
        written += len(rows)
    store_rankings(now)
    return written


def window_start(period: str, now: datetime | None = None) -> datetime:
    """The first hour bucket of `period`: 24 buckets for "24h", 168 for "7d"."""
    now = now or timezone.now()
    return hour_start(now) - PERIODS[period] + timedelta(hours=1)


def most_read_ids(period: str, limit: int, now: datetime | None = None) -> list[int]:
    """The ids of the `limit` × 3 most-read published articles of `period`, most read first:
    summed over the window's buckets only; the spares stand in for articles unpublished later."""
    totals = (
        ArticleViewCount.objects.filter(hour__gte=window_start(period, now))
        .values("article_id")
        .annotate(total=Sum("views"))
        .order_by("-total", "-article_id")
    )
    ranked = [row["article_id"] for row in totals[: limit * 6]]
    shown = set(published().filter(pk__in=ranked).values_list("pk", flat=True))
    return [pk for pk in ranked if pk in shown][: limit * 3]


def store_rankings(now: datetime | None = None) -> list[str]:
    """Rank every period now and store it; the periods whose ranking changed, whose pages are
    built again once this commits."""
    now = now or timezone.now()
    changed = []
    with transaction.atomic():
        stored = dict(MostReadRanking.objects.select_for_update().values_list("period", "article_ids"))
        for period in PERIODS:
            ids = most_read_ids(period, STORED_LIMIT, now)
            MostReadRanking.objects.update_or_create(
                period=period, defaults={"article_ids": ids, "ranked_at": now}
            )
            if stored.get(period) != ids:
                changed.append(period)
        caching.invalidate(*(caching.popular_tag(period) for period in changed))
    return changed


def ranking_subquery(period: str) -> Subquery:
    """The stored ranking of `period` as a column of another query (news.sites.prime_site)."""
    ranking = MostReadRanking.objects.filter(period=period).values("article_ids")[:1]
    return Subquery(ranking, output_field=JSONField())


def stored_ids(period: str, request=None) -> list[int]:
    """The stored ranking of `period`: the one the request's site query read, else read now."""
    primed = getattr(request, "most_read_ids", None) or {}
    if period in primed:
        return primed[period] or []
    ids = MostReadRanking.objects.filter(period=period).values_list("article_ids", flat=True).first()
    return ids or []


def shown_ids(period: str, limit: int = MOST_READ_LIMIT, request=None) -> list[int]:
    """The ids a list of `limit` articles is chosen from, spares included."""
    return stored_ids(period, request)[: limit * 3]


def most_read(period: str, limit: int = MOST_READ_LIMIT, request=None, cards: dict | None = None) -> list:
    """The most-read articles of `period` as cards, with their categories.

    `cards` (by id, with their categories as `card_rows` reads them) are cards read
    already, e.g. with an article's reading blocks; else they are read here, in one query.
    A page showing them depends on the period's ranking and on every ranked article's page.
    """
    if period not in PERIODS:
        raise KeyError(period)
    ids = shown_ids(period, limit, request)
    caching.depends_on(caching.popular_tag(period), *(caching.page_tag(pk) for pk in ids))
    if cards is None:
        rows = card_rows(ids)
        cards = {pk: card_from_row(rows[pk]) for pk in [pk for pk in ids if pk in rows][:limit]}
        prefetch_renditions((card.hero_image, CARD_SPECS) for card in cards.values())
    shown = []
    for pk in ids:
        if pk in cards and len(shown) < limit:
            # A copy: the same card may be shown elsewhere on the page without its category.
            card = copy.copy(cards[pk])
            card.category = card_category(card)
            shown.append(card)
    return shown


def read_totals(article_ids, now: datetime | None = None) -> dict[int, dict[str, int]]:
    """For the admin: {article id: {"24h": reads, "7d": reads}}, in one query."""
    totals = {pk: {"24h": 0, "7d": 0} for pk in article_ids}
    day_start = window_start("24h", now)
    rows = ArticleViewCount.objects.filter(
        article_id__in=list(totals), hour__gte=window_start("7d", now)
    ).values_list("article_id", "hour", "views")
    for pk, hour, views in rows:
        totals[pk]["7d"] += views
        if hour >= day_start:
            totals[pk]["24h"] += views
    return totals
