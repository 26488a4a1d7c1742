"""Admin template tags that make a reviewer's decision visible to the reporter."""

from django import template
from wagtail.models import Revision, TaskState, WorkflowState

from news.models import schedule_text

register = template.Library()


def changes_requested(obj) -> TaskState | None:
    """The task state in which a reviewer sent `obj` back, while it waits for the fix."""
    workflow_state = getattr(obj, "current_workflow_state", None)
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    task_state = workflow_state.current_task_state
    if task_state is None or task_state.status != TaskState.STATUS_REJECTED:
        return None
    return task_state.specific


@register.inclusion_tag("news/admin/review_feedback_banner.html")
def review_feedback_banner(obj):
    task_state = changes_requested(obj)
    if task_state is None:
        return {"task_state": None}
    return {
        "task_state": task_state,
        "reviewer": task_state.finished_by,
        "comment": task_state.get_comment(),
        "requested_at": schedule_text(task_state.finished_at, long=True),
    }


@register.simple_tag
def changes_requested_by(workflow_state):
    """The reviewer who sent the object back, or None when it is not waiting for changes."""
    if not isinstance(workflow_state, WorkflowState):  # "" when the template has none
        return None
    if workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    task_state = workflow_state.current_task_state
    return task_state.finished_by if task_state else None


@register.simple_tag
def compare_base(workflow_state, latest_revision) -> dict | None:
    """What to compare the latest revision with: {"revision": ..., "reviewed": bool}.

    Preferably the revision the reviewers last decided on (reviewed=True).

    "Previous version" is often an autosave identical to what was resubmitted; what a
    reviewer wants to see is what changed since the version they sent back (or approved).
    Falls back to the nearest earlier revision whose content differs.
    """
    if not isinstance(latest_revision, Revision):
        return None
    if isinstance(workflow_state, WorkflowState):
        decided = (
            workflow_state.task_states.filter(
                status__in=[TaskState.STATUS_REJECTED, TaskState.STATUS_APPROVED], revision__isnull=False
            )
            .exclude(revision=latest_revision)
            .select_related("revision")
            .order_by("-finished_at", "-pk")
            .first()
        )
        if decided is not None and decided.revision.content != latest_revision.content:
            return {"revision": decided.revision, "reviewed": True}
    earlier = latest_revision.content_object.revisions.filter(created_at__lte=latest_revision.created_at)
    for revision in earlier.exclude(pk=latest_revision.pk).order_by("-created_at", "-pk")[:20]:
        if revision.content != latest_revision.content:
            return {"revision": revision, "reviewed": False}
    return None
