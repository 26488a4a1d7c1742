"""Admin: the delete, bulk delete and usage ("Penggunaan") views of people and vocabularies.

They say which articles use the object (news.usage: live, scheduled and draft versions,
many-to-many fields included) and refuse to delete it while any does.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.functional import cached_property, classproperty
from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import ReferenceIndex
from wagtail.models.reference_index import ReferenceGroups
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views import snippets as snippet_views

from .models import ArticlePage
from .usage import USES, articles_using, articles_using_many, describe_versions, field_label, in_use_message

# The delete pages list this many articles; the usage view lists them all, page by page.
LISTED_ARTICLES = 20


class ArticleReference:
    """An article's use of an object, shaped like the ReferenceIndex rows Wagtail's usage table shows."""

    on_delete = models.PROTECT
    model_name = ArticlePage._meta.verbose_name

    def __init__(self, name: str, versions):
        self.content_path = name  # the editor scrolls to the field
        self.versions = versions

    def describe_source_field(self) -> str:
        return f"{field_label(self.content_path)} ({describe_versions(self.versions)})"

    def describe_on_delete(self) -> str:
        return gettext("prevents deletion")


def without_articles(groups: ReferenceGroups) -> ReferenceGroups:
    """The reference index's other uses: its rows for articles are replaced by news.usage's."""
    article_type = ContentType.objects.get_for_model(ArticlePage)
    return ReferenceGroups(
        [reference for reference in groups.qs if reference.content_type_id != article_type.pk]
    )


class Usage:
    """Wagtail's ReferenceGroups for one object, articles first (each with its fields and versions).

    Yields (source object, references) like ReferenceGroups, so Wagtail's usage table, paginator
    and delete templates take it as it is.
    """

    def __init__(self, article_uses, other_groups: ReferenceGroups):
        self.article_uses = article_uses
        self.other_groups = other_groups

    @classmethod
    def of(cls, instance) -> "Usage":
        others = ReferenceIndex.get_grouped_references_to(instance)
        return cls(articles_using(instance), without_articles(others))

    def __len__(self) -> int:
        return len(self.article_uses) + len(self.other_groups)

    def count(self) -> int:
        return len(self)

    @cached_property
    def is_protected(self) -> bool:
        return bool(self.article_uses) or self.other_groups.is_protected

    def article_rows(self, uses):
        pages = ArticlePage.objects.in_bulk([use.page_id for use in uses])
        for use in uses:
            page = pages.get(use.page_id)
            if page is not None:
                references = [
                    ArticleReference(name, versions) for name, versions in use.versions_by_field.items()
                ]
                yield page, references

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return list(self)[key]
        start, stop, _step = key.indices(len(self))
        articles = len(self.article_uses)
        rows = list(self.article_rows(self.article_uses[start:stop]))
        if stop > articles:
            rows += list(self.other_groups)[max(start - articles, 0) : stop - articles]
        return rows

    def __iter__(self):
        return iter(self[:])


def listed_articles(usage: Usage, user, limit: int = LISTED_ARTICLES) -> list[dict]:
    """The first articles that use an object, for a delete page: title, edit link and fields.

    An article the user may not edit is named only as such, as Wagtail's usage view does.
    """
    finder = AdminURLFinder(user)
    listed = []
    for page, references in usage.article_rows(usage.article_uses[:limit]):
        edit_url = finder.get_edit_url(page)
        listed.append(
            {
                "title": page.get_admin_display_title()
                if edit_url
                else gettext("(an article you cannot open)"),
                "edit_url": edit_url,
                "uses": [reference.describe_source_field() for reference in references],
            }
        )
    return listed


def refusal_message(instance, usage: Usage) -> str:
    if usage.article_uses:
        return in_use_message(instance, len(usage.article_uses))
    return capfirst(
        gettext("One or more references to this %(model_name)s prevent it from being deleted.")
        % {"model_name": instance._meta.verbose_name}
    )


class InUseDeleteView(snippet_views.DeleteView):
    """Wagtail's snippet delete view; a used object is not deleted and the page says where it is used."""

    def get_template_names(self):
        # The viewset hands every view its own template name; this one adds the article list.
        return ["news/admin/confirm_delete_in_use.html"]

    def get_usage(self):
        return Usage.of(self.object)

    def refuse(self, message: str):
        messages.error(self.request, message)
        return redirect(self.get_delete_url())

    def form_valid(self, form):
        if self.usage.is_protected:
            return self.refuse(refusal_message(self.object, self.usage))
        try:
            return super().form_valid(form)
        except ProtectedError as error:  # a use that appeared since, or Django's own PROTECT
            return self.refuse(error.args[0])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["usage_count"] = self.usage.count()
        context["is_protected"] = self.usage.is_protected
        context["articles"] = listed_articles(self.usage, self.request.user)
        context["unlisted_count"] = max(len(self.usage.article_uses) - LISTED_ARTICLES, 0)
        return context


class InUseUsageView(snippet_views.UsageView):
    """Wagtail's usage view ("Penggunaan"), counting the articles' drafts and many-to-many uses too."""

    def get_queryset(self):
        return Usage.of(self.object)


class InUseDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete of snippets; nothing is deleted while an article uses any of them."""

    template_name = "news/admin/confirm_bulk_delete_in_use.html"

    @classproperty
    def models(cls):
        return list(USES)

    def annotate_items(self, items):
        items = super().annotate_items(items)
        found = articles_using_many(self.model, [item.pk for item in items])
        for item in items:
            item._usage_references = Usage(found[item.pk], without_articles(item._usage_references))
        self.is_protected = any(item._usage_references.is_protected for item in items)
        return items

    def object_context(self, item):
        context = super().object_context(item)
        context["articles"] = listed_articles(item._usage_references, self.request.user)
        context["unlisted_count"] = max(len(item._usage_references.article_uses) - LISTED_ARTICLES, 0)
        return context

    def refuse(self, message: str):
        messages.error(self.request, message)
        return redirect(self.request.get_full_path())

    def prepare_action(self, objects, objects_without_access):
        if self.is_protected:
            used = [item for item in self.actionable_objects if item._usage_references.is_protected]
            return self.refuse(" ".join(refusal_message(item, item._usage_references) for item in used))
        return super().prepare_action(objects, objects_without_access)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError as error:
            return self.refuse(error.args[0])
