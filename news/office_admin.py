"""Admin views that keep a regional office within its own pages, units and people (news.offices).

- Snippets: a viewset base whose views check the object itself, not only the model, and forms
  that keep an office's units and people within the office.
- Wagtail's page chooser, its page-types report and its bulk actions, as subclasses that show
  another office's (or the centre's) pages only as readers see them. The chooser and the report
  have no hook for this: `urlpatterns` here go before the admin's own in cms/urls.py.
"""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.utils import get_latest_str
from wagtail.admin.views import chooser
from wagtail.admin.views import generic as generic_views
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.views.reports import audit_logging, locked_pages, workflows
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page, PageLogEntry
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .offices import (
    EVERYWHERE,
    chooser_pages_q,
    is_own_page,
    is_regional,
    office_users_q,
    own_pages_q,
    page_roots,
    show_as_published,
)

# -- Snippets --------------------------------------------------------------------


class ObjectRightsMixin:
    """The view's permission checked for the object itself (Wagtail checks the model only)."""

    object_action = "change"

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        policy = policy_registry.get_by_type(type(obj))
        if not policy.user_has_permission_for_instance(self.request.user, self.object_action, obj):
            raise PermissionDenied
        return obj


class DeleteRightsMixin(ObjectRightsMixin):
    object_action = "delete"


class ListingRightsMixin:
    """Edit and delete links only on the rows the user may change or delete."""

    def allowed(self, action: str, instance) -> bool:
        return self.permission_policy.user_has_permission_for_instance(self.request.user, action, instance)

    def get_edit_url(self, instance):
        return super().get_edit_url(instance) if self.allowed("change", instance) else None

    def get_delete_url(self, instance):
        return super().get_delete_url(instance) if self.allowed("delete", instance) else None


class OfficeSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose views obey the model's permission policy object by object.

    Every view class is wrapped when it is built, so a view class set on a subclass (a delete
    view with its own rules, say) gets the checks too.
    """

    def construct_view(self, view_class, **kwargs):
        mixin = None
        if issubclass(view_class, generic_views.DeleteView):
            mixin = DeleteRightsMixin
        elif issubclass(view_class, generic_views.EditView | HistoryView | UsageView):
            mixin = ObjectRightsMixin
        elif issubclass(view_class, generic_views.IndexView):
            mixin = ListingRightsMixin
        if mixin is not None and not issubclass(view_class, mixin):
            view_class = type(view_class.__name__, (mixin, view_class), {})
        return super().construct_view(view_class, **kwargs)


class OfficeFormMixin:
    """An office adds and moves its units and people only within its own units."""

    outside_message = _("Choose a unit of your own office.")

    def placement_allowed(self, unit) -> bool:
        if self.for_user is None:
            return True
        action = "change" if self.instance.pk else "add"
        return policy_registry.get_by_type(self._meta.model).may_place_in(self.for_user, action, unit)


class WorkUnitForm(OfficeFormMixin, WagtailAdminModelForm):
    def clean(self):
        cleaned_data = super().clean()
        if "parent" not in cleaned_data or self.for_user is None:
            return cleaned_data
        parent = cleaned_data["parent"]
        policy = policy_registry.get_by_type(self._meta.model)
        scope = policy.scope(self.for_user, "change" if self.instance.pk else "add")
        if scope is EVERYWHERE:
            return cleaned_data
        office_root = self.instance.pk and self.instance.tree_path in scope
        if office_root:
            # The office's own Kanwil stays where the centre put it.
            if parent != self.initial_parent:
                self.add_error("parent", _("Only the central office moves a provincial office."))
        elif not self.placement_allowed(parent):
            self.add_error("parent", self.outside_message)
        return cleaned_data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial_parent = self.instance.parent if self.instance.parent_id else None


class PersonForm(OfficeFormMixin, WagtailAdminModelForm):
    def clean_work_unit(self):
        unit = self.cleaned_data.get("work_unit")
        if not self.placement_allowed(unit):
            raise ValidationError(self.outside_message)
        return unit

    def clean_user(self):
        """An office links its people only to its own members' accounts (credits follow the link)."""
        account = self.cleaned_data.get("user")
        if account is None or self.for_user is None or account.pk == self.instance.user_id:
            return account
        policy = policy_registry.get_by_type(self._meta.model)
        if policy.scope(self.for_user, "change" if self.instance.pk else "add") is EVERYWHERE:
            return account
        roots, theirs = page_roots(self.for_user), page_roots(account)
        if not theirs or not all(any(path.startswith(root) for root in roots) for path in theirs):
            raise ValidationError(_("Choose the account of someone in your own office."))
        return account


# -- Page chooser ----------------------------------------------------------------


class OfficeTitleColumn(chooser.PageTitleColumn):
    def get_cell_context_data(self, instance, parent_context):
        show_as_published(parent_context["request"].user, [instance])
        return super().get_cell_context_data(instance, parent_context)


class OfficeParentColumn(chooser.ParentPageColumn):
    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        show_as_published(parent_context["request"].user, [context.get("value")])
        return context


def office_columns(columns) -> list:
    """Wagtail's chooser columns, made to show other offices' pages with their published titles."""
    replaced = []
    for column in columns:
        if type(column) is chooser.PageTitleColumn:
            column.__class__ = OfficeTitleColumn
        elif type(column) is chooser.ParentPageColumn:
            column.__class__ = OfficeParentColumn
        replaced.append(column)
    return replaced


class OfficeBrowseView(chooser.BrowseView):
    @property
    def columns(self):
        return office_columns(super().columns)

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            visible = Page.objects.filter(chooser_pages_q(request.user), pk=parent_page_id)
            for hook in hooks.get_hooks("construct_page_chooser_queryset"):
                visible = hook(visible, request)
            if not visible.exists():
                raise Http404
        return super().get(request, parent_page_id)


class OfficeSearchView(chooser.SearchView):
    @property
    def columns(self):
        return office_columns(super().columns)


class OfficeChosenMultipleView(chooser.ChosenMultipleView):
    def get(self, request):
        pages = Page.objects.filter(pk__in=[pk for pk in request.GET.getlist("id") if pk.isdigit()])
        for hook in hooks.get_hooks("construct_page_chooser_queryset"):
            pages = hook(pages, request)
        pages = list(pages.exclude(depth=1).specific())
        show_as_published(request.user, pages)
        result = [
            {
                "id": page.pk,
                "parentId": page.get_parent().pk,
                "adminTitle": page.get_admin_display_title(),
                "editUrl": chooser.reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                "url": page.url,
            }
            for page in pages
        ]
        return self.render_chosen_response(result)


# -- Breadcrumbs and listings of the explorer ------------------------------------


def breadcrumbs_items_for_page(
    page,
    user,
    url_name="wagtailadmin_explore",
    root_url_name="wagtailadmin_explore_root",
    include_self=True,
    querystring_value="",
):
    """Wagtail's page breadcrumbs (explorer, chooser, page headers), with the pages outside the
    user's office (a centre's category above two offices, say) under their published titles.

    Wagtail has no hook for them: news.apps puts this in place of
    wagtail.admin.views.pages.utils.get_breadcrumbs_items_for_page.
    """
    root = policy_registry.get_by_type(Page).explorable_root_instance(user)
    if not root:
        return []
    pages = list(
        page.get_ancestors(inclusive=include_self).descendant_of(root, inclusive=True).specific(defer=True)
    )
    show_as_published(user, pages)
    items = []
    for ancestor in pages:
        if ancestor.is_root() and root_url_name:
            url = reverse(root_url_name)
        else:
            url = reverse(url_name, args=(ancestor.id,))
        items.append({"url": url + querystring_value, "label": get_latest_str(ancestor)})
    return items


def use_office_breadcrumbs() -> None:
    from wagtail.admin.templatetags import wagtailadmin_tags
    from wagtail.admin.views.pages import utils

    utils.get_breadcrumbs_items_for_page = breadcrumbs_items_for_page
    wagtailadmin_tags.get_breadcrumbs_items_for_page = breadcrumbs_items_for_page


class OfficeListingTitlesMixin:
    """The explorer and the admin page search: a page outside the user's office (the parent
    being explored, a row, a row's parent) under its published title."""

    def get_context_data(self, **kwargs):
        user = self.request.user
        show_as_published(user, [getattr(self, "parent_page", None)])
        context = super().get_context_data(**kwargs)
        pages = [page for page in context.get("object_list") or [] if isinstance(page, Page)]
        parents = [
            getattr(page, attr, None) for page in pages for attr in ("_parent_page", "annotated_parent_page")
        ]
        show_as_published(user, pages + parents)
        return context


# -- Reports ---------------------------------------------------------------------


class OfficePageTypesUsageReportView(PageTypesUsageReportView):
    """Counts and the latest edited page of each type, among the pages of the user's office."""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        user = self.request.user
        if user.is_superuser:
            return page_types
        own = Page.objects.filter(own_pages_q(user), depth__gt=1)
        counts = dict(own.order_by().values_list("content_type").annotate(n=Count("pk")))
        for item in page_types:
            item.count = counts.get(item.pk, 0)
            latest = (
                own.filter(content_type=item)
                .order_by(F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
                .specific()
                .first()
            )
            item.last_edited_page = latest
        return page_types


def office_users(request, users):
    """The users among `users` a report may name to this user: a regional office's own."""
    return users.filter(office_users_q(request.user))


class OfficeWorkflowReportFilterSet(workflows.WorkflowReportFilterSet):
    requested_by = django_filters.ModelChoiceFilter(
        field_name="requested_by",
        queryset=lambda request: office_users(request, workflows.get_requested_by_queryset(request)),
    )


class OfficeWorkflowView(workflows.WorkflowView):
    filterset_class = OfficeWorkflowReportFilterSet


class OfficeLockedPagesReportFilterSet(locked_pages.LockedPagesReportFilterSet):
    locked_by = django_filters.ModelChoiceFilter(
        label=locked_pages.LockedPagesReportFilterSet.base_filters["locked_by"].label,
        empty_label=locked_pages.LockedPagesReportFilterSet.base_filters["locked_by"].extra["empty_label"],
        field_name="locked_by",
        queryset=lambda request: office_users(request, locked_pages.get_users_for_filter()),
    )


class OfficeLockedPagesView(locked_pages.LockedPagesView):
    filterset_class = OfficeLockedPagesReportFilterSet


class OfficeSiteHistoryReportFilterSet(audit_logging.SiteHistoryReportFilterSet):
    def get_users_queryset(self):
        users = audit_logging.get_users_for_filter(self.request.user)
        return office_users(self.request, users)


class OfficeLogEntriesView(audit_logging.LogEntriesView):
    """Site history: a regional office sees the users of its own office only.

    A regional user sees the entries of its own office's pages (Wagtail shows those of every page
    one may explore, the categories above one's own too), and of other objects (people, units)
    those its own office's users made.
    """

    filterset_class = OfficeSiteHistoryReportFilterSet

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        user = self.request.user
        if not is_regional(user):
            return queryset
        if queryset.model is PageLogEntry:
            # Not the centre's category above two offices: its entries carry its draft titles.
            return queryset.filter(page_id__in=Page.objects.filter(own_pages_q(user)).values("pk"))
        return queryset.filter(user__in=get_user_model().objects.filter(office_users_q(user)))


# -- Bulk actions ----------------------------------------------------------------


class OfficeBulkActionMixin:
    """A bulk action's confirmation names only objects the user may see; it acts only on its own."""

    listed = (
        "items_with_no_access",
        "pages_without_destination_access",
        "pages_with_duplicate_slugs",
        "pages_without_common_parent_page",
    )

    def may_see(self, obj) -> bool:
        user = self.request.user
        if isinstance(obj, Page):
            return is_own_page(user, obj)
        policy = policy_registry.get_by_type(type(obj))
        return policy.user_has_any_permission_for_instance(user, ["change", "choose"], obj)

    def get_all_objects_in_listing_query(self, parent_id):
        # "Every page below X": Wagtail looks X up with .get(), a 500 for an unknown or bad id.
        unknown = not str(parent_id).isdigit() or not Page.objects.filter(pk=parent_id).exists()
        if parent_id is not None and issubclass(self.model, Page) and unknown:
            raise Http404
        return super().get_all_objects_in_listing_query(parent_id)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for key in self.listed:
            if key in context:
                context[key] = [
                    entry
                    for entry in context[key]
                    if self.may_see(entry["item"] if isinstance(entry, dict) else entry)
                ]
        return context

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        data = kwargs.get("data")
        if data is not None and data.get("chooser"):
            # A move only to a page of one's own: the chooser would show any other page's title.
            own = Page.objects.filter(own_pages_q(self.request.user))
            if not own.filter(pk=data["chooser"] if str(data["chooser"]).isdigit() else None).exists():
                kwargs["data"] = data = data.copy()
                data["chooser"] = ""
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if "chooser" in form.fields:
            form.fields["chooser"].queryset = Page.objects.filter(own_pages_q(self.request.user))
        return form


def office_bulk_actions() -> list:
    from wagtail.admin.views.pages import bulk_actions as page_actions
    from wagtail.documents.views import bulk_actions as document_actions
    from wagtail.images.views import bulk_actions as image_actions

    classes = [
        page_actions.DeleteBulkAction,
        page_actions.MoveBulkAction,
        page_actions.PublishBulkAction,
        page_actions.UnpublishBulkAction,
    ]
    for module in (image_actions, document_actions):
        classes += [module.DeleteBulkAction, module.AddToCollectionBulkAction, module.AddTagsBulkAction]
    return [type(cls.__name__, (OfficeBulkActionMixin, cls), {}) for cls in classes]


# -- URLs (before the admin's own, in cms/urls.py) ---------------------------------

urlpatterns = decorate_urlpatterns(
    [
        path("choose-page/", OfficeBrowseView.as_view()),
        path("choose-page/<int:parent_page_id>/", OfficeBrowseView.as_view()),
        path("choose-page/search/", OfficeSearchView.as_view()),
        path("choose-page/chosen-multiple/", OfficeChosenMultipleView.as_view()),
        path("reports/page-types-usage/", OfficePageTypesUsageReportView.as_view()),
        path("reports/page-types-usage/results/", OfficePageTypesUsageReportView.as_view(results_only=True)),
        path("reports/workflow/", OfficeWorkflowView.as_view()),
        path("reports/workflow/results/", OfficeWorkflowView.as_view(results_only=True)),
        path("reports/locked/", OfficeLockedPagesView.as_view()),
        path("reports/locked/results/", OfficeLockedPagesView.as_view(results_only=True)),
        path("reports/site-history/", OfficeLogEntriesView.as_view()),
        path("reports/site-history/results/", OfficeLogEntriesView.as_view(results_only=True)),
    ],
    lambda view: never_cache(require_admin_access(view)),
)


# -- Workflow views ----------------------------------------------------------------


class OfficeWorkflowViewMixin:
    """Workflow views for a page of the user's own office only, and for that page's own task."""

    def get_object(self, *args, **kwargs):
        page = super().get_object(*args, **kwargs)
        if not is_own_page(self.request.user, page):
            raise Http404
        return page

    def get_task_state(self):
        task_state = super().get_task_state()
        if task_state is not None and task_state.workflow_state.object_id != str(self.object.pk):
            raise Http404
        return task_state
