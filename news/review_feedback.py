"""A reviewer's decision as the reporter and the next reviewer need to see it (no HTTP here)."""

from __future__ import annotations

from wagtail.models import Revision, TaskState, WorkflowState

from .workflow import content_changed


def same_content(a: Revision, b: Revision) -> bool:
    """Whether two revisions give readers the same article (comments, schedule and
    bookkeeping aside), by the rule that decides whether an edit restarts a review."""
    return not content_changed(a.content, b.content)


def changes_requested(obj) -> TaskState | None:
    """The task state in which a reviewer sent `obj` back, while it waits for the fix."""
    workflow_state = getattr(obj, "current_workflow_state", None)
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    task_state = workflow_state.current_task_state
    if task_state is None or task_state.status != TaskState.STATUS_REJECTED:
        return None
    return task_state.specific


def compare_base(workflow_state, latest_revision) -> dict | None:
    """What to compare the latest revision with: {"revision": ..., "reviewed": bool}.

    Preferably the revision the reviewers last decided on (reviewed=True): "previous version"
    is often an autosave identical to what was resubmitted, while a reviewer wants what changed
    since the version they sent back or approved. Else the nearest earlier revision whose
    content differs.
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
        if decided is not None and not same_content(decided.revision, latest_revision):
            return {"revision": decided.revision, "reviewed": True}
    earlier = Revision.objects.filter(
        base_content_type_id=latest_revision.base_content_type_id,
        object_id=latest_revision.object_id,
        created_at__lte=latest_revision.created_at,
    ).exclude(pk=latest_revision.pk)
    for revision in earlier.order_by("-created_at", "-pk")[:20]:
        if not same_content(revision, latest_revision):
            return {"revision": revision, "reviewed": False}
    return None
