"""Admin: the newsroom's vocabularies and people as snippets, grouped under one menu."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.pages.search import SearchView as PageSearchView
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import GroupPagePermission, Page
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import ArticleListingViewSet, PreviewLinksView, TagMergeView
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

# Wagtail's page search names no model for its listing, so its header read "1-5 of 5 None".
PageSearchView.verbose_name = Page._meta.verbose_name
PageSearchView.verbose_name_plural = Page._meta.verbose_name_plural


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
    list_display = ["name", "work_unit", "phone", "email"]
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
    return without_hidden_offices(pages, request)


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
