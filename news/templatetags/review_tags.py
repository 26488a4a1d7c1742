"""Admin template tags that make a reviewer's decision visible to the reporter."""

from django import template
from wagtail.models import WorkflowState

from news.models import schedule_text
from news.review_feedback import changes_requested, compare_base

register = template.Library()


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


register.simple_tag(compare_base, name="compare_base")
