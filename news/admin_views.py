"""Admin screens beyond snippets: the article listing with filters, merging tags, preview links."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Revision

from .admin_search import AdminSearchMixin
from .models import (
    ArticlePage,
    ArticleReporter,
    CategoryIndexPage,
    Person,
    PreviewLink,
    ServiceArea,
    WorkUnit,
    schedule_text,
)
from .popular import read_totals
from .review_feedback import compare_base
from .status import ArticleStatus, annotate_status, status_condition


class CategoryChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        # Provinces under Daerah are indented under it.
        return " " * max(obj.depth - 3, 0) + obj.title


class CategoryFilter(django_filters.ModelChoiceFilter):
    field_class = CategoryChoiceField


class ArticleFilterSet(PageFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=ArticleStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_status",
    )
    category = CategoryFilter(
        label=_("Category (with the categories below it)"),
        queryset=CategoryIndexPage.objects.order_by("path"),
        method="filter_category",
    )
    reporter = django_filters.ModelChoiceFilter(
        label=_("Reporter"),
        queryset=lambda request: Person.objects.filter(
            pk__in=ArticleReporter.objects.order_by().values("person")
        ).order_by("name"),
        field_name="reporters__person",
        distinct=True,
    )
    service_areas = django_filters.ModelMultipleChoiceFilter(
        label=_("Service areas"),
        queryset=ServiceArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    work_unit = django_filters.ModelChoiceFilter(
        label=_("Work unit (with the units below it)"),
        queryset=WorkUnit.objects.all(),
        method="filter_work_unit",
    )
    tags = django_filters.ModelMultipleChoiceFilter(
        label=_("Tags"),
        field_name="tagged_items__tag",
        queryset=lambda request: (
            Tag.objects.filter(news_articletag_items__isnull=False).distinct().order_by("name")
        ),
    )

    class Meta:
        model = ArticlePage
        fields = []

    # The newsroom's filters first; a site and child pages mean nothing for articles.
    ORDER = ["status", "category", "reporter", "service_areas", "work_unit", "tags"]
    DROPPED = {"site", "has_child_pages"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = [name for name in self.ORDER if name in self.filters]
        names += [name for name in self.filters if name not in names and name not in self.DROPPED]
        self.filters = {name: self.filters[name] for name in names}

    def filter_work_unit(self, queryset, name, value):
        return queryset.filter(pk__in=value.article_ids()) if value else queryset

    def filter_status(self, queryset, name, value):
        if not value:
            return queryset
        condition = Q()
        for status in value:
            condition |= status_condition(status)
        return queryset.filter(condition)

    def filter_category(self, queryset, name, value):
        return queryset.filter(path__startswith=value.path, depth__gt=value.depth) if value else queryset


def scheduled_time(page) -> str:
    """When a page that is not live yet is due to go live, in WIB."""
    return "" if page.live else schedule_text(page.go_live_at)


class ArticleIndexView(AdminSearchMixin, IndexView):
    """The Berita listing: every article with its newsroom status, searched over its full text."""

    def annotate_queryset(self, pages):
        return annotate_status(super().annotate_queryset(pages))

    def get_table(self, object_list):
        # The reads of the listed articles only, in one query (news.popular).
        pages = list(object_list)
        totals = read_totals([page.pk for page in pages])
        for page in pages:
            page.reads_24h, page.reads_7d = totals[page.pk]["24h"], totals[page.pk]["7d"]
        return super().get_table(pages)


class ArticleListingViewSet(PageListingViewSet):
    model = ArticlePage
    index_view_class = ArticleIndexView
    icon = "doc-full"
    menu_label = _("Articles")
    menu_order = 150
    add_to_admin_menu = True
    name = "articles"
    filterset_class = ArticleFilterSet
    columns = [
        *(column for column in PageListingViewSet.index_view_class.base_columns if column.name != "type"),
        Column("go_live_at", label=_("Go-live (WIB)"), accessor=scheduled_time, sort_key="go_live_at"),
        Column("reads_24h", label=_("Read in 24 hours")),
        Column("reads_7d", label=_("Read in 7 days")),
    ]


class TagMergeForm(forms.Form):
    sources = forms.ModelMultipleChoiceField(
        label=_("Tags to merge"),
        queryset=Tag.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Every article, image and document with these tags gets the target tag instead."),
    )
    target = forms.ModelChoiceField(label=_("Merge into"), queryset=Tag.objects.order_by("name"))

    def clean(self):
        data = super().clean()
        if data.get("target") and data.get("sources") and data["target"] in data["sources"]:
            self.add_error("sources", _("The target tag cannot be one of the tags to merge."))
        return data


def tagged_object(item: TaggedItemBase) -> dict:
    """Lookup arguments naming the object a tagging belongs to (a page, image or document)."""
    if hasattr(item, "content_type_id"):
        return {"content_type_id": item.content_type_id, "object_id": item.object_id}
    return {"content_object_id": item.content_object_id}


def merge_tags(sources, target: Tag) -> int:
    """Move every tagging from `sources` to `target`, then delete `sources`. Returns items moved."""
    source_ids = [tag.pk for tag in sources]
    moved = 0
    with transaction.atomic():
        for relation in Tag._meta.related_objects:
            through = relation.related_model
            if not (isinstance(through, type) and issubclass(through, TaggedItemBase)):
                continue
            for item in through.objects.filter(tag_id__in=source_ids):
                if through.objects.filter(tag=target, **tagged_object(item)).exists():
                    item.delete()
                else:
                    item.tag = target
                    item.save(update_fields=["tag"])
                    moved += 1
        # Drafts and live revisions name tags by id: point them at the target too.
        revisions = Revision.page_revisions.filter(content__tagged_items__isnull=False)
        for revision in revisions.iterator():
            items = revision.content.get("tagged_items") or []
            if not any(item.get("tag") in source_ids for item in items):
                continue
            seen, kept = set(), []
            for item in items:
                tag_id = target.pk if item.get("tag") in source_ids else item.get("tag")
                if tag_id not in seen:
                    seen.add(tag_id)
                    kept.append({**item, "tag": tag_id})
            revision.content["tagged_items"] = kept
            revision.save(update_fields=["content"])
        Tag.objects.filter(pk__in=source_ids).delete()
    return moved


class TagMergeView(WagtailAdminTemplateMixin, FormView):
    form_class = TagMergeForm
    template_name = "news/admin/merge_tags.html"
    page_title = _("Merge tags")
    header_icon = "tag"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(["taggit.change_tag", "taggit.delete_tag"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        sources, target = list(form.cleaned_data["sources"]), form.cleaned_data["target"]
        moved = merge_tags(sources, target)
        names = ", ".join(tag.name for tag in sources)
        messages.success(
            self.request,
            ngettext(
                "Merged %(names)s into “%(target)s”: %(count)d item retagged.",
                "Merged %(names)s into “%(target)s”: %(count)d items retagged.",
                moved,
            )
            % {"names": names, "target": target.name, "count": moved},
        )
        return redirect(reverse("news_merge_tags"))


class PreviewLinkForm(forms.ModelForm):
    class Meta:
        model = PreviewLink
        fields = ["label"]


NOT_APPROVED_YET = _(
    "A preview link can be made once the release has its final approval and is scheduled: "
    "until then it is not the ministry's word yet."
)


class PreviewLinksView(WagtailAdminTemplateMixin, FormView):
    """Secret preview links for journalists: make one, copy it, revoke it."""

    form_class = PreviewLinkForm
    template_name = "news/admin/preview_links.html"
    page_title = _("Preview links")
    header_icon = "link"

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(ArticlePage, pk=kwargs["page_id"])
        # Handing a release to the press is a publishing decision, not a contributor's.
        if not self.page.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]), "label": self.page.draft_title},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        links = list(self.page.preview_links.select_related("created_by"))
        for link in links:
            link.page = self.page
        context.update(
            {
                "page": self.page,
                "links": links,
                "can_create": self.may_create(),
                "awaiting_approval": not self.page.live and self.page.scheduled_revision is None,
                "not_approved_yet": NOT_APPROVED_YET,
                "embargo": schedule_text(self.page.go_live_at, self.page.time_zone),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        revoke = request.POST.get("revoke")
        if revoke is not None:
            if not revoke.isdigit():
                return HttpResponseBadRequest()
            link = get_object_or_404(PreviewLink, pk=int(revoke), page=self.page)
            if link.revoked_at is None:
                link.revoked_at = timezone.now()
                link.save(update_fields=["revoked_at"])
                messages.success(
                    request, _("The link for “%(label)s” no longer works.") % {"label": link.label}
                )
            return redirect(request.path)
        if self.page.live:
            messages.error(request, _("The article is published: everyone can read it at its address."))
            return redirect(request.path)
        if not self.may_create():
            messages.error(request, NOT_APPROVED_YET)
            return redirect(request.path)
        return super().post(request, *args, **kwargs)

    def may_create(self) -> bool:
        """Only a release that passed its final approval and waits for its go-live time."""
        return not self.page.live and self.page.scheduled_revision is not None

    def form_valid(self, form):
        link = form.save(commit=False)
        link.page = self.page
        link.created_by = self.request.user
        link.save()
        messages.success(
            self.request,
            _("Link for “%(label)s” made: copy it from the list below.") % {"label": link.label},
        )
        return redirect(self.request.path)


class ReviewQueuePanel(WorkflowObjectsToModeratePanel):
    """The dashboard's "awaiting your review" list, comparing with the version last reviewed.

    Wagtail links "Compare with previous version" to the revision just before the submitted one,
    which after an autosave is the same content ("no differences").
    """

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        for state in context["states"]:
            base = compare_base(state["task_state"].workflow_state, state["revision"])
            state["previous_revision_id"] = base["revision"].pk if base else None
        return context
