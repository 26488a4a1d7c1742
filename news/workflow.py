"""The review workflow's rules ("Review Redaksi"): four eyes, and which edits restart a review.

Wagtail's global WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT would throw away every approval
on any new revision, and a reviewer makes revisions without changing the article: her comments
and Wagtail's autosave are saved in her name, a schedule is saved with the page. So the setting
is off and each saved revision is judged here instead: when it changes what readers get (title,
lead, body, credits, ...) and was made by anyone but a final approver of the current step, the
approvals so far are voided and the article goes back to the first step.

No HTTP here, and no import of news.models (which imports this module).
"""

from __future__ import annotations

import functools

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from wagtail.log_actions import log
from wagtail.models import Page, Revision, TaskState, WorkflowState
from wagtail.models.pages import COMMENTS_RELATION_NAME

RESTARTED_ACTION = "warta.review_restarted"

# Page fields that are part of what readers get; the rest of Page's own fields are
# bookkeeping (tree, locks, publication state) or the schedule (go_live_at, expire_at).
PAGE_CONTENT_FIELDS = frozenset({"title", "slug", "seo_title", "search_description"})


@functools.cache
def ignored_keys() -> frozenset[str]:
    page_fields = {field.name for field in Page._meta.concrete_fields} | {"pk", "page_ptr"}
    return frozenset(page_fields - PAGE_CONTENT_FIELDS) | {COMMENTS_RELATION_NAME, "comments"}


def content_of(data: dict | None) -> dict:
    """A revision's content without comments, schedule and bookkeeping."""
    ignored = ignored_keys()
    return {key: value for key, value in (data or {}).items() if key not in ignored}


def content_changed(before: dict | None, after: dict | None) -> bool:
    return content_of(before) != content_of(after)


# -- who approved what ---------------------------------------------------------


def workflow_tasks(workflow_state) -> list:
    return list(workflow_state.workflow.tasks.filter(active=True))


def is_final_task(workflow_state, task) -> bool:
    tasks = workflow_tasks(workflow_state)
    return bool(tasks) and tasks[-1].pk == task.pk


def earlier_approvers(workflow_state, task) -> set[int]:
    """Users whose approval of an earlier step stands in this workflow: they never approve `task`."""
    earlier = []
    for step in workflow_tasks(workflow_state):
        if step.pk == task.pk:
            break
        earlier.append(step.pk)
    approvals = workflow_state.task_states.filter(
        task_id__in=earlier, status=TaskState.STATUS_APPROVED, finished_by__isnull=False
    )
    return set(approvals.values_list("finished_by_id", flat=True))


def four_eyes_forbid(workflow_state, task, user) -> bool:
    """True when this user may not approve this step: they submitted it, or approved an earlier step."""
    if workflow_state is None:
        return False
    return workflow_state.requested_by_id == user.pk or user.pk in earlier_approvers(workflow_state, task)


def may_approve(page, user, workflow_state=None) -> bool:
    workflow_state = workflow_state or page.current_workflow_state
    task_state = workflow_state and workflow_state.current_task_state
    if task_state is None:
        return False
    actions = task_state.task.specific.get_actions(page, user)
    return any(name == "approve" for name, *_ in actions)


# -- edits during review -------------------------------------------------------


def active_workflow_state(revision) -> WorkflowState | None:
    return (
        WorkflowState.objects.active()
        .filter(base_content_type_id=revision.base_content_type_id, object_id=str(revision.object_id))
        .select_related("current_task_state__task", "workflow")
        .first()
    )


def remember_content_before(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Before a revision is written (new, or an autosave overwriting the latest), keep what it replaces."""
    if raw or update_fields:
        return
    workflow_state = active_workflow_state(instance)
    if workflow_state is None:
        return
    previous = Revision.objects.filter(
        base_content_type_id=instance.base_content_type_id, object_id=str(instance.object_id)
    )
    previous = previous.filter(pk=instance.pk) if instance.pk else previous.order_by("-created_at", "-id")
    content = previous.values_list("content", flat=True).first()
    instance._content_before_review_edit = (workflow_state, content)


def restart_review_on_content_change(sender, instance, raw=False, **kwargs) -> None:
    remembered = instance.__dict__.pop("_content_before_review_edit", None)
    if remembered is None:
        return
    workflow_state, before = remembered
    if before is None or not content_changed(before, instance.content):
        return
    send_back_to_first_step(workflow_state, instance)


def send_back_to_first_step(workflow_state, revision) -> None:
    """A real content change: the approvals given so far no longer cover the article."""
    tasks = workflow_tasks(workflow_state)
    current = workflow_state.current_task_state
    approvals = workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED)
    if not tasks:
        return
    at_first_step = current is None or current.task_id == tasks[0].pk
    if at_first_step and not approvals.exists():
        return  # still at the first step with nothing approved: nothing to restart
    user = revision.user
    page = workflow_state.content_object
    at_final_step = current is not None and is_final_task(workflow_state, current.task)
    if user is not None and at_final_step and may_approve(page.specific, user, workflow_state):
        return  # the final approver's own edit is what she publishes
    with transaction.atomic():
        approvals.update(status=TaskState.STATUS_CANCELLED)
        log(
            instance=page.specific,
            action=RESTARTED_ACTION,
            user=user,
            revision=revision,
            data={"workflow": {"title": workflow_state.workflow.name, "task": tasks[0].name}},
        )
        if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS and current is not None:
            current = TaskState.objects.get(pk=current.pk)
            if current.status == TaskState.STATUS_IN_PROGRESS:
                # Wagtail then starts the first step that has no approval: the first one.
                current.specific.cancel(user=user)
        # A workflow waiting for changes resumes at the first step (FourEyesApprovalTask.start).


def connect_signals() -> None:
    pre_save.connect(remember_content_before, sender=Revision, dispatch_uid="warta_review_content_before")
    post_save.connect(restart_review_on_content_change, sender=Revision, dispatch_uid="warta_review_restart")
