"""Admin: the newsroom's vocabularies and people as snippets, grouped under one menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Person, ServiceArea, WorkUnit


class ServiceAreaViewSet(SnippetViewSet):
    model = ServiceArea
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class WorkUnitViewSet(SnippetViewSet):
    model = WorkUnit
    icon = "group"
    list_display = ["name", "kind", "parent", "dateline_city", "is_active"]
    list_filter = ["kind", "is_active", "time_zone"]
    search_fields = ["name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "work_unit", "user"]
    search_fields = ["name"]


class NewsroomViewSetGroup(SnippetViewSetGroup):
    items = (ServiceAreaViewSet, WorkUnitViewSet, PersonViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Newsroom")
    menu_name = "newsroom"


register_snippet(NewsroomViewSetGroup)
