"""Admin: the newsroom's vocabularies and people as snippets, grouped under one menu."""

from django.contrib import messages as django_messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Length
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import PublishMenuItem, SubmitForModerationMenuItem, WorkflowMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.pages.search import SearchView as PageSearchView
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import GroupPagePermission, Page, WorkflowState
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSetGroup
from wagtail.utils.timestamps import render_timestamp

from .admin_search import NewsroomPageViewSet
from .admin_usage import InUseDeleteBulkAction, InUseDeleteView, InUseUsageView
from .admin_views import ArticleListingViewSet, PreviewLinksView, ReviewQueuePanel, TagMergeView
from .embargo import check_document_embargo
from .models import (
    ArticlePage,
    CategoryIndexPage,
    Person,
    ServiceArea,
    WorkUnit,
    is_newsroom_admin,
    submitter_of,
)
from .office_admin import OfficeSnippetViewSet, PersonForm, WorkUnitForm, office_bulk_actions
from .offices import OfficePermissionPolicy, chooser_pages_q
from .rich_text import PublicPageLinkHandler
from .workflow import RESTARTED_ACTION

# Wagtail's page search names no model for its listing, so its header read "1-5 of 5 None".
PageSearchView.verbose_name = Page._meta.verbose_name
PageSearchView.verbose_name_plural = Page._meta.verbose_name_plural


# The centre's vocabularies are the centre's; an office changes only its own units and people.
register_permission_policy(ServiceArea, OfficePermissionPolicy(ServiceArea), exact_class=True)
register_permission_policy(Tag, OfficePermissionPolicy(Tag), exact_class=True)
register_permission_policy(WorkUnit, OfficePermissionPolicy(WorkUnit, "tree_path"), exact_class=True)
register_permission_policy(Person, OfficePermissionPolicy(Person, "work_unit__tree_path"), exact_class=True)


class ServiceAreaViewSet(OfficeSnippetViewSet):
    model = ServiceArea
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]
    delete_view_class = InUseDeleteView
    usage_view_class = InUseUsageView


def own_unit_paths(user) -> list[str]:
    """Tree paths of the units a user works for, each with the units below it.

    A regional office's own units are its Kanwil and the Kankemenag below it: found from the
    province pages the office has rights on, and from the unit of the user's person profile
    (a Kankemenag reporter belongs to the Kanwil above). Central users get their own unit.
    """
    paths = set()
    person = Person.objects.filter(user=user).select_related("work_unit").first()
    unit = person.work_unit if person else None
    if unit is not None:
        ancestors = [int(pk) for pk in unit.tree_path.strip("/").split("/") if pk]
        kanwil = WorkUnit.objects.filter(pk__in=ancestors, kind=WorkUnit.Kind.KANWIL).first()
        paths.add((kanwil or unit).tree_path)
    daerah = CategoryIndexPage.objects.filter(depth=3, slug="daerah").first()
    if daerah is not None and not user.is_superuser:
        offices = GroupPagePermission.objects.filter(
            group__user=user, page__path__startswith=daerah.path, page__depth=daerah.depth + 1
        ).values_list("page__slug", flat=True)
        kanwil_slugs = {f"kanwil-{slug}" for slug in offices}
        paths.update(WorkUnit.objects.filter(slug__in=kanwil_slugs).values_list("tree_path", flat=True))
    return sorted(path for path in paths if path)


class ActiveUnitsMixin:
    """Retired units keep their news but are not offered when choosing a unit.

    The user's own units come first (for a regional office: its Kanwil and Kankemenag), then
    every other unit; a search looks through all of them.
    """

    def get_object_list(self):
        units = super().get_object_list().filter(is_active=True)
        own = Q(pk__in=[])
        for tree_path in own_unit_paths(self.request.user):
            own |= Q(tree_path__startswith=tree_path)
        return units.annotate(is_other=Case(When(own, then=Value(0)), default=Value(1)))

    def apply_object_list_ordering(self, objects):
        # Own units from the top down (the Kanwil before its Kankemenag), the others as usual.
        own_depth = Case(When(is_other=0, then=Length("tree_path")), default=Value(0))
        return objects.order_by("is_other", own_depth, "sort_order", "name")


class ActiveUnitChooseView(ActiveUnitsMixin, ChooseView):
    pass


class ActiveUnitChooseResultsView(ActiveUnitsMixin, ChooseResultsView):
    pass


class WorkUnitChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ActiveUnitChooseView
    choose_results_view_class = ActiveUnitChooseResultsView


class WorkUnitViewSet(OfficeSnippetViewSet):
    model = WorkUnit
    edit_handler = ObjectList(WorkUnit.panels, base_form_class=WorkUnitForm)
    chooser_viewset_class = WorkUnitChooserViewSet
    icon = "group"
    list_display = ["name", "kind", "parent", "dateline_city", "is_active"]
    list_filter = ["kind", "is_active", "time_zone"]
    search_fields = ["name"]
    delete_view_class = InUseDeleteView
    usage_view_class = InUseUsageView


class PersonViewSet(OfficeSnippetViewSet):
    model = Person
    edit_handler = ObjectList(Person.panels, base_form_class=PersonForm)
    icon = "user"
    list_display = ["name", "user", "work_unit", "phone", "email"]
    search_fields = ["name"]
    delete_view_class = InUseDeleteView
    usage_view_class = InUseUsageView


class TagViewSet(OfficeSnippetViewSet):
    model = Tag
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]
    panels = [FieldPanel("name"), FieldPanel("slug")]


class NewsroomViewSetGroup(SnippetViewSetGroup):
    items = (ServiceAreaViewSet, WorkUnitViewSet, PersonViewSet, TagViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Newsroom")
    menu_name = "newsroom"


register_snippet(NewsroomViewSetGroup)
# After Wagtail's own delete action for snippets (order 0), which it replaces for these models.
hooks.register("register_bulk_action", InUseDeleteBulkAction, order=1)


@hooks.register("register_admin_viewset")
def register_article_listing():
    return ArticleListingViewSet()


@hooks.register("construct_homepage_panels")
def compare_review_queue_with_reviewed_version(request, panels):
    panels[:] = [
        ReviewQueuePanel() if panel.name == "workflow_objects_to_moderate" else panel for panel in panels
    ]


@hooks.register("register_admin_viewset")
def register_page_views():
    # Registered after Wagtail's own default page views, which it replaces.
    return NewsroomPageViewSet()


@hooks.register("register_admin_urls")
def register_tag_merge_url():
    return [
        path("tags/merge/", TagMergeView.as_view(), name="news_merge_tags"),
        path("pages/<int:page_id>/preview-links/", PreviewLinksView.as_view(), name="news_preview_links"),
    ]


class PreviewLinksButton(PageMenuItem):
    label = _("Preview links")
    icon_name = "link"

    def is_shown(self, user):
        is_article = self.page.specific_class is not None and issubclass(
            self.page.specific_class, ArticlePage
        )
        return is_article and self.page.permissions_for_user(user).can_publish()

    @cached_property
    def url(self):
        return reverse("news_preview_links", args=[self.page.pk])


@hooks.register("register_page_header_buttons")
def preview_links_header_button(page, user, view_name, next_url=None):
    yield PreviewLinksButton(page=page, priority=62)


@hooks.register("register_page_listing_more_buttons")
def preview_links_listing_button(page, user, next_url=None):
    yield PreviewLinksButton(page=page, priority=45)


hooks.register("before_serve_document", check_document_embargo)


@hooks.register("register_rich_text_features", order=100)  # after Wagtail's own "page" link type
def link_only_to_public_pages(features):
    features.register_link_type(PublicPageLinkHandler)


class TagMergeMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perms(["taggit.change_tag", "taggit.delete_tag"])


@hooks.register("register_settings_menu_item")
def register_tag_merge_menu_item():
    return TagMergeMenuItem(_("Merge tags"), reverse("news_merge_tags"), icon_name="tag", order=900)


# -- Four-eyes rule, deletion rule ---------------------------------------------


def publishes_own_work(request, page) -> bool:
    """True when the four-eyes rule forbids this user from publishing this page.

    The person who submitted a page for review may not approve or publish it; a page never
    sent to review may not be published by the person who created it. Admins may override.
    """
    user = request.user
    if is_newsroom_admin(user):
        return False
    submitter = submitter_of(page) if page.pk else None
    if submitter is not None:
        return submitter == user.pk
    if not page.pk:
        return True
    return page.first_published_at is None and page.owner_id == user.pk


def four_eyes_refusal(request, page):
    messages.error(
        request,
        _("Four-eyes rule: another editor must review and publish this article. Submit it for review."),
    )
    if page.pk:
        return redirect("wagtailadmin_pages:edit", page.pk)
    return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register("before_edit_page")
def refuse_publishing_own_edit(request, page):
    if request.method == "POST" and "action-publish" in request.POST and publishes_own_work(request, page):
        return four_eyes_refusal(request, page)
    return None


@hooks.register("before_create_page")
def refuse_publishing_own_new_page(request, parent_page, page_class):
    if request.method == "POST" and "action-publish" in request.POST and not is_newsroom_admin(request.user):
        return four_eyes_refusal(request, parent_page)
    return None


@hooks.register("before_delete_page")
def keep_published_articles(request, page):
    """Only an Admin deletes what readers have seen; others unpublish it."""
    if page.first_published_at and not is_newsroom_admin(request.user):
        messages.error(
            request, _("Published articles are unpublished, not deleted. Ask an Admin to delete it.")
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("register_log_actions")
def register_four_eyes_override(actions):
    # Kept for the audit log of earlier years: Admins no longer approve their own submissions.
    actions.register_action(
        "warta.four_eyes_override",
        _("Approved own submission (Admin override of the four-eyes rule)"),
        _("Approved own submission (Admin override of the four-eyes rule)"),
    )
    actions.register_action(
        RESTARTED_ACTION,
        _("Content changed during review: back to the first step"),
        _("Content changed during review: back to the first step"),
    )


# -- Review actions: one obvious next step per role ------------------------------


def workflow_in_progress(page) -> bool:
    state = page.current_workflow_state if page is not None and page.pk else None
    return state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS


def is_reviewer(user, page) -> bool:
    """Redaktur and above: those who may change others' articles here."""
    return user.is_superuser or "change" in page.permissions_for_user(user).permissions


def publishes_around_review(request, page) -> bool:
    """While an article is in review, its publisher publishes through the review ("Terbitkan")."""
    return workflow_in_progress(page) and not is_newsroom_admin(request.user)


@hooks.register("before_edit_page")
def refuse_publishing_around_review(request, page):
    posted = request.method == "POST" and "action-publish" in request.POST
    if posted and publishes_around_review(request, page):
        messages.error(request, _("This article is in review: publish it with the review's own button."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_edit_page")
def refuse_cancelling_review(request, page):
    # Restarting a review cancels it too; the writer resubmits with "Ajukan ke Redaksi".
    cancelling = {"action-cancel-workflow", "action-restart-workflow"} & set(request.POST)
    if request.method == "POST" and cancelling and not is_reviewer(request.user, page):
        messages.error(request, _("Only an editor can cancel the review of this article."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


class SubmitToNewsroomMenuItem(SubmitForModerationMenuItem):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["label"] = _("Submit to the newsroom")
        return context


class PublishNowMenuItem(PublishMenuItem):
    label = pgettext_lazy("review action", "Publish")


@hooks.register("construct_page_action_menu")
def review_action_menu(menu_items, request, context):
    """Verbs, and the next step of the user's role as the main button (the first item)."""
    page = context.get("page")
    user = request.user
    hidden = set()
    if page is None:  # creating: nobody publishes a new article of their own
        if not is_newsroom_admin(user):
            hidden.add("action-publish")
    else:
        if publishes_own_work(request, page) or publishes_around_review(request, page):
            hidden.add("action-publish")
        if not is_reviewer(user, page):
            hidden |= {"action-cancel-workflow", "action-restart-workflow"}
    items = [item for item in menu_items if item.name not in hidden]

    task = page.current_workflow_task if page is not None else None
    labels = {}
    if task is not None:
        labels = {(name, modal): label for name, label, modal in task.get_actions(page, user)}
    for index, item in enumerate(items):
        if isinstance(item, WorkflowMenuItem):
            item.label = labels.get((item.name, item.launch_modal), item.label)
        elif isinstance(item, SubmitForModerationMenuItem) and not isinstance(item, SubmitToNewsroomMenuItem):
            items[index] = SubmitToNewsroomMenuItem(order=item.order)
        elif isinstance(item, PublishMenuItem) and not isinstance(item, PublishNowMenuItem):
            items[index] = PublishNowMenuItem(order=item.order)

    may_publish = any(item.name == "action-publish" for item in items)

    def rank(item) -> int:
        if isinstance(item, WorkflowMenuItem):
            return 0 if item.name == "approve" and not item.launch_modal else 2
        # Those who may publish directly keep Wagtail's "Simpan konsep" as the main button.
        return 1 if item.name == "action-submit" and not may_publish else 3

    items.sort(key=rank)  # stable: Wagtail's order within each rank
    menu_items[:] = items


@hooks.register("after_edit_page")
def say_what_the_review_action_did(request, page):
    """After "Setujui" or "Terbitkan", say approved, published or scheduled, not "updated"."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    action = request.POST.get("workflow-action-name")
    page = page.specific_class.objects.get(pk=page.pk)
    states = page.workflow_states.select_related("current_task_state__task")
    state = states.order_by("-created_at", "-id").first()
    if state is None:
        return None
    title = page.get_admin_display_title()
    if action == "approve" and state.status == WorkflowState.STATUS_APPROVED:
        scheduled = page.scheduled_revision
        if scheduled is not None:
            message = _("'%(title)s' is approved and scheduled to go live on %(time)s.") % {
                "title": title,
                "time": render_timestamp(scheduled.approved_go_live_at),
            }
        else:
            message = _("'%(title)s' is approved and published.") % {"title": title}
    elif action == "approve" and state.current_task_state is not None:
        message = _("'%(title)s' is approved. Next step: %(task)s.") % {
            "title": title,
            "task": state.current_task_state.task.name,
        }
    elif action == "reject":
        message = _("Changes to '%(title)s' were requested from the writer.") % {"title": title}
    else:
        return None
    replace_success_message(request, message)
    return None


def replace_success_message(request, message: str) -> None:
    """Swap the edit view's own "has been updated" (the last success message) for `message`."""
    storage = django_messages.get_messages(request)
    queued = list(storage)  # reading marks them used; the ones kept are added again below
    for index in range(len(queued) - 1, -1, -1):
        if queued[index].level == django_messages.SUCCESS:
            del queued[index]
            break
    for kept in queued:
        django_messages.add_message(request, kept.level, kept.message, extra_tags=kept.extra_tags)
    messages.success(request, message)


# -- Regional offices see only their own news ----------------------------------


def hidden_office_paths(user) -> list[str]:
    """Tree paths of the province pages (regional offices) this user has no rights on.

    Users with rights above Daerah (the central newsroom) see every office; a regional
    office sees its own province only.
    """
    if user.is_superuser:
        return []
    roots = list(GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True))
    daerah = CategoryIndexPage.objects.filter(depth=3, slug="daerah").first()
    if daerah is None or any(daerah.path.startswith(root) for root in roots):
        return []
    offices = CategoryIndexPage.objects.child_of(daerah).values_list("path", flat=True)
    return [path for path in offices if not any(path.startswith(root) for root in roots)]


def without_hidden_offices(pages, request):
    for office_path in hidden_office_paths(request.user):
        pages = pages.exclude(path__startswith=office_path)
    return pages


@hooks.register("construct_page_chooser_queryset")
def hide_other_offices_in_chooser(pages, request):
    # Another office's pages not at all; the centre's only once published (news.office_admin
    # shows them with the title readers see).
    return without_hidden_offices(pages, request).filter(chooser_pages_q(request.user))


for office_bulk_action in office_bulk_actions():
    # After Wagtail's own, which these replace.
    hooks.register("register_bulk_action", office_bulk_action, order=100)


@hooks.register("construct_explorer_page_queryset")
def hide_other_offices_in_explorer(parent_page, pages, request):
    return without_hidden_offices(pages, request)


@hooks.register("before_move_page")
def refuse_moving_what_one_may_not(request, page, destination):
    # Wagtail checks the move itself on POST; the confirmation page must not show it either.
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


class CollectionFilterMixin:
    """Admin API listings of images and documents limited to the user's collections."""

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if user.is_superuser:
            return queryset
        policy = policy_registry.get_by_type(queryset.model)
        return queryset.filter(
            collection__in=policy.collections_user_has_any_permission_for(user, ["add", "change", "choose"])
        )


class OfficeImagesAPIViewSet(CollectionFilterMixin, ImagesAdminAPIViewSet):
    pass


class OfficeDocumentsAPIViewSet(CollectionFilterMixin, DocumentsAdminAPIViewSet):
    pass


@hooks.register("construct_admin_api", order=100)  # after Wagtail registers its own endpoints
def limit_admin_api_media(router):
    router.register_endpoint("images", OfficeImagesAPIViewSet)
    router.register_endpoint("documents", OfficeDocumentsAPIViewSet)


@hooks.register("insert_editor_js")
def hold_actions_during_autosave():
    """An action clicked while a new page's first autosave is under way waits for its answer."""
    return format_html('<script src="{}" defer></script>', static("js/admin-editor.js"))
