"""Admin: the newsroom's vocabularies and people as snippets, grouped under one menu."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import ArticleListingViewSet, TagMergeView
from .models import Person, ServiceArea, WorkUnit, is_newsroom_admin, submitter_of


class ServiceAreaViewSet(SnippetViewSet):
    model = ServiceArea
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class ActiveUnitsMixin:
    """Retired units keep their news but are not offered when choosing a unit."""

    def get_object_list(self):
        return super().get_object_list().filter(is_active=True)


class ActiveUnitChooseView(ActiveUnitsMixin, ChooseView):
    pass


class ActiveUnitChooseResultsView(ActiveUnitsMixin, ChooseResultsView):
    pass


class WorkUnitChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ActiveUnitChooseView
    choose_results_view_class = ActiveUnitChooseResultsView


class WorkUnitViewSet(SnippetViewSet):
    model = WorkUnit
    chooser_viewset_class = WorkUnitChooserViewSet
    icon = "group"
    list_display = ["name", "kind", "parent", "dateline_city", "is_active"]
    list_filter = ["kind", "is_active", "time_zone"]
    search_fields = ["name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "work_unit", "user"]
    search_fields = ["name"]


class TagViewSet(SnippetViewSet):
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


@hooks.register("register_admin_viewset")
def register_article_listing():
    return ArticleListingViewSet()


@hooks.register("register_admin_urls")
def register_tag_merge_url():
    return [path("tags/merge/", TagMergeView.as_view(), name="news_merge_tags")]


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


@hooks.register("construct_page_action_menu")
def hide_publish_for_own_work(menu_items, request, context):
    page = context.get("page")
    if page is not None and publishes_own_work(request, page):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


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
    actions.register_action(
        "warta.four_eyes_override",
        _("Approved own submission (Admin override of the four-eyes rule)"),
        _("Approved own submission (Admin override of the four-eyes rule)"),
    )
