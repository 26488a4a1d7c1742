"""Where an article stands in the newsroom: draft, in review, scheduled, live, corrected, withdrawn.

One rule, said twice: `article_status()` reads it off a page (cheaply, from the annotations
of `annotate_status()` when a listing made them) and `status_condition()` says it in SQL
for the listing's status filter.
"""

from __future__ import annotations

import zoneinfo

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext_lazy
from wagtail.models import Page, Revision, WorkflowState

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("article status", "Draft")
    IN_REVIEW = "in_review", pgettext_lazy("article status", "In review")
    CHANGES_REQUESTED = "changes_requested", pgettext_lazy("article status", "Changes requested")
    SCHEDULED = "scheduled", pgettext_lazy("article status", "Scheduled")
    LIVE = "live", pgettext_lazy("article status", "Live")
    CORRECTED = "corrected", pgettext_lazy("article status", "Live · corrected")
    WITHDRAWN = "withdrawn", pgettext_lazy("article status", "Withdrawn")
    EXPIRED = "expired", pgettext_lazy("article status", "Expired")


def _states(status: str) -> Exists:
    return Exists(
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=Cast(OuterRef("pk"), CharField()),
            status=status,
        )
    )


def _scheduled_revisions():
    return Revision.page_revisions.filter(
        object_id=Cast(OuterRef("pk"), CharField()), approved_go_live_at__isnull=False
    )


def _has_corrections() -> Q:
    # An empty StreamField is stored as the JSON list "[]".
    return ~Q(corrections=[])


def annotate_status(queryset, articles=None):
    """Pages with what `article_status()` needs, read in the listing's own query.

    `articles` is the article queryset when `queryset` holds pages of every type (the explorer).
    """
    if articles is None:
        has_corrections = models.ExpressionWrapper(_has_corrections(), output_field=models.BooleanField())
    else:
        has_corrections = Exists(articles.filter(_has_corrections(), pk=OuterRef("pk")))
    scheduled = _scheduled_revisions().order_by("-created_at").values("approved_go_live_at")[:1]
    return queryset.annotate(_has_corrections=has_corrections, _scheduled_at=Subquery(scheduled))


def status_condition(status: str) -> Q:
    """The articles whose `article_status()` is `status`, as a filter."""
    in_review = Q(_states(WorkflowState.STATUS_IN_PROGRESS))
    changes = Q(_states(WorkflowState.STATUS_NEEDS_CHANGES))
    withdrawn = Q(withdrawn_at__isnull=False)
    in_workflow = in_review | changes
    not_live = Q(live=False) & ~withdrawn & ~in_workflow
    live = Q(live=True) & ~withdrawn & ~in_workflow
    conditions = {
        ArticleStatus.WITHDRAWN: withdrawn,
        ArticleStatus.IN_REVIEW: ~withdrawn & in_review,
        ArticleStatus.CHANGES_REQUESTED: ~withdrawn & ~in_review & changes,
        ArticleStatus.EXPIRED: not_live & Q(expired=True),
        ArticleStatus.SCHEDULED: not_live & Q(expired=False) & Q(Exists(_scheduled_revisions())),
        ArticleStatus.DRAFT: not_live & Q(expired=False) & ~Q(Exists(_scheduled_revisions())),
        ArticleStatus.CORRECTED: live & _has_corrections(),
        ArticleStatus.LIVE: live & ~_has_corrections(),
    }
    return conditions[ArticleStatus(status)]


def article_status(page) -> ArticleStatus:
    """The one status an editor needs to know, most pressing first."""
    if page.withdrawn_at:
        return ArticleStatus.WITHDRAWN
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return ArticleStatus.IN_REVIEW
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return ArticleStatus.CHANGES_REQUESTED
    if not page.live:
        if page.expired:
            return ArticleStatus.EXPIRED
        return ArticleStatus.SCHEDULED if scheduled_at(page) else ArticleStatus.DRAFT
    has_corrections = getattr(page, "_has_corrections", None)
    if has_corrections is None:
        has_corrections = bool(page.corrections)
    return ArticleStatus.CORRECTED if has_corrections else ArticleStatus.LIVE


def scheduled_at(page):
    """When an approved schedule puts the page live, or None."""
    if hasattr(page, "_scheduled_at"):
        return page._scheduled_at
    if hasattr(page, "_approved_schedule") and not page._approved_schedule:
        return None
    revision = page.scheduled_revision
    return revision.approved_go_live_at if revision else None


def status_label(page) -> str:
    """“Dalam review: Review Redaktur”, “Terjadwal: 02-12-2026 10:00 WIB”, “Tayang · Ralat”…"""
    status = article_status(page)
    if status == ArticleStatus.IN_REVIEW:
        task_state = page.current_workflow_state.current_task_state
        if task_state is not None:
            return f"{status.label}: {task_state.task.name}"
    if status == ArticleStatus.SCHEDULED:
        when = timezone.localtime(scheduled_at(page), WIB)
        return f"{status.label}: {date_format(when, 'd-m-Y H:i')} WIB"
    return str(status.label)
