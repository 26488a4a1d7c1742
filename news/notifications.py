"""Workflow e-mails go to the people who must act now, and to the reporter on the outcome.

Wagtail mails a task to every member of the task's groups. In Warta those groups span the
whole country: a Jawa Timur article would reach every regional Redaktur, and the person who
may not approve (the submitter, under the four-eyes rule) would be asked to. Here a task is
mailed only to those who may approve this article at this step; the reporter hears of a
request for changes and of the final approval through Wagtail's own workflow notifiers.
"""

from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.models import TaskState
from wagtail.signals import task_submitted

from .models import FourEyesApprovalTask

# The dispatch_uid Wagtail registers its own notifier under (wagtail/admin/signal_handlers.py).
WAGTAIL_TASK_SUBMITTED_UID = "group_approval_task_submitted_email_notification"


class ReviewTaskEmailNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """Mails a review step only to the users who may approve the article at that step."""

    def get_recipient_users(self, task_state: TaskState, **kwargs):
        users = super().get_recipient_users(task_state, **kwargs).distinct()
        task = task_state.task.specific
        if not isinstance(task, FourEyesApprovalTask):
            return users
        page = task_state.workflow_state.content_object
        return {user for user in users if may_approve(task, page, user)}


def may_approve(task, page, user) -> bool:
    return any(action[0] == "approve" for action in task.get_actions(page, user))


task_email_notifier = ReviewTaskEmailNotifier()


def connect() -> None:
    """Put Warta's notifier in the place of Wagtail's, whichever app is ready first."""
    task_submitted.disconnect(sender=TaskState, dispatch_uid=WAGTAIL_TASK_SUBMITTED_UID)
    task_submitted.connect(task_email_notifier, sender=TaskState, dispatch_uid=WAGTAIL_TASK_SUBMITTED_UID)
