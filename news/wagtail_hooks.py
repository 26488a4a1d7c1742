"""Admin: the newsroom's vocabularies and people as snippets, grouped under one menu."""

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
from .models import Person, ServiceArea, WorkUnit


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
