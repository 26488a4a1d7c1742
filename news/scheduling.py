"""Publishing on time: scheduled go-live and expiry, safe when two schedulers run at once.

Each due revision is claimed inside its own transaction by re-reading it with a row lock
(PostgreSQL `SELECT ... FOR UPDATE SKIP LOCKED`; SQLite serialises writers through its
IMMEDIATE transactions). A scheduler that loses the race finds the revision already
published (its `approved_go_live_at` cleared) and leaves it alone, so a page goes live once.

On PostgreSQL a whole run is also taken under a session advisory lock (`scheduler_lock`): with
the scheduler on every application server, one of them publishes in a given tick and the
others skip it at once, instead of all of them walking the same due revisions and relying on
the row locks alone. A server that dies holding the lock loses it with its connection.
"""

import logging
from contextlib import contextmanager
from datetime import timedelta

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from wagtail.models import Page, Revision

from .models import ArticlePage, release_problems

logger = logging.getLogger("news.scheduler")

OVERDUE_GRACE = timedelta(minutes=2)
# The advisory lock key of a scheduler run (any 64-bit number no other code uses; "warta" + 1).
SCHEDULER_LOCK_KEY = 0x7761727461_01


@contextmanager
def scheduler_lock():
    """Hold the scheduler's advisory lock on PostgreSQL for the block; yields whether this run
    got it (False: another scheduler is running now). Elsewhere it yields True: SQLite's
    IMMEDIATE transactions and the row claims keep a page to one publication.

    The lock belongs to the session, outside the run's many transactions, so it is taken and
    released on the scheduler's own connection (the primary's: writes never go to a replica).
    """
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [SCHEDULER_LOCK_KEY])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [SCHEDULER_LOCK_KEY])
            except DatabaseError:
                # Closing the session releases the lock for certain (or it is gone already).
                logger.warning("Scheduler: could not release the advisory lock; closing the connection.")
                connection.close()


def held_back(revision) -> str:
    """Why a due revision must not go live now ("" when it may): a press release that lost its
    number or its press contact's phone or e-mail since it was approved stays unpublished, and
    report_overdue lists it until an editor completes it."""
    page = revision.as_object()
    if not isinstance(page, ArticlePage):
        return ""
    parent = page.get_parent()
    if parent is None or not getattr(parent.specific, "press_releases", False):
        return ""
    problems = release_problems(page.release_number, page.press_contact)
    return " ".join(str(message) for message in problems.values())


def due_revisions(now=None):
    now = now or timezone.now()
    return Revision.page_revisions.filter(approved_go_live_at__isnull=False, approved_go_live_at__lte=now)


def claim(queryset):
    """Lock the rows of `queryset` for this transaction, skipping rows another run holds."""
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset


def publish_due(now=None) -> tuple[int, int]:
    """Publish every revision whose go-live time has come and unpublish expired pages, unless
    another scheduler is doing so right now (then it publishes them, and this run nothing).

    Returns (published, unpublished).
    """
    with scheduler_lock() as acquired:
        if not acquired:
            logger.debug("Scheduler: another scheduler holds this run; skipping it.")
            return 0, 0
        return _publish_due(now)


def _publish_due(now=None) -> tuple[int, int]:
    now = now or timezone.now()
    published = unpublished = 0
    for revision_id in list(due_revisions(now).order_by("approved_go_live_at").values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                revision = claim(due_revisions(now).filter(pk=revision_id)).first()
                if revision is None:
                    continue  # another scheduler published it first
                if reason := held_back(revision):
                    logger.error("Scheduler: %s not published: %s", revision.object_str, reason)
                    continue
                revision.publish(log_action="wagtail.publish.scheduled")
                published += 1
        except DatabaseError:
            raise  # the database itself is failing: the scheduler's loop retries the whole run
        except Exception:
            # One page that cannot be published (invalid content) must not hold back the others.
            logger.exception("Scheduler: revision %s could not be published.", revision_id)
    for page_id in list(Page.objects.filter(live=True, expire_at__lte=now).values_list("pk", flat=True)):
        with transaction.atomic():
            page = claim(Page.objects.filter(pk=page_id, live=True, expire_at__lte=now)).first()
            if page is None:
                continue
            page.specific.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
            unpublished += 1
    return published, unpublished


def next_due(now=None):
    """The earliest go-live or expiry time still ahead, or None."""
    now = now or timezone.now()
    go_live = (
        Revision.page_revisions.filter(approved_go_live_at__gt=now)
        .order_by("approved_go_live_at")
        .values_list("approved_go_live_at", flat=True)
        .first()
    )
    expiry = (
        Page.objects.filter(live=True, expire_at__gt=now)
        .order_by("expire_at")
        .values_list("expire_at", flat=True)
        .first()
    )
    return min((time for time in (go_live, expiry) if time is not None), default=None)


def seconds_until_next_run(now, due, interval: float = 60.0) -> float:
    """How long to wait: until the next whole interval (editors schedule to the minute, so with
    60 s that is the start of the next minute) or until something falls due, whichever is first.
    """
    epoch = now.timestamp()
    wake = (epoch // interval + 1) * interval
    if due is not None and now < due:
        wake = min(wake, due.timestamp())
    return max(wake - epoch, 0.0) + 0.05  # a little after the due time, never before it


def overdue_revisions(now=None):
    """Revisions that should have gone live more than two minutes ago and have not."""
    now = now or timezone.now()
    return due_revisions(now - OVERDUE_GRACE).select_related("content_type")
