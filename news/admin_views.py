"""Admin screens beyond snippets: the article listing with filters and merging tags."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Revision

from .models import ArticlePage, ServiceArea, WorkUnit


class ArticleFilterSet(PageFilterSet):
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

    def filter_work_unit(self, queryset, name, value):
        return queryset.filter(pk__in=value.article_ids()) if value else queryset


class ArticleListingViewSet(PageListingViewSet):
    model = ArticlePage
    icon = "doc-full"
    menu_label = _("Articles")
    menu_order = 150
    add_to_admin_menu = True
    name = "articles"
    filterset_class = ArticleFilterSet


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
