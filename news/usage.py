"""Where articles use the newsroom's people and vocabularies, and the rule that keeps them.

A person, service area or work unit that any article uses cannot be deleted: not when a live
version uses it, not when a scheduled version does, not when a draft does. Wagtail's reference
index knows only the page rows (the live version of a live page) and leaves out many-to-many
fields such as `ArticlePage.service_areas`; the drafts and scheduled versions of live pages exist
only as revisions. This module reads all three.

The rule holds for every way of deleting (a snippet's delete view, the bulk action, a shell or a
future view): `refuse_deleting_used` runs on `pre_delete` and raises Django's `ProtectedError`,
which the admin views turn into a message. It is raised inside Django's deletion transaction:
catch it outside an `atomic()` block of your own. `on_delete=PROTECT` cannot carry it: it sees neither
revisions nor the many-to-many table, and django-modelcluster refuses to rebuild a revision whose
PROTECT-ed target is gone (the article's editor then fails with a 500).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import ProtectedError, Q, QuerySet
from django.db.models.signals import pre_delete
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Revision

from .models import ArticlePage, Person, ServiceArea, WorkUnit

LIVE, SCHEDULED, DRAFT = "live", "scheduled", "draft"
VERSION_LABELS = {
    LIVE: _("live version"),
    SCHEDULED: _("scheduled version"),
    DRAFT: _("draft"),
}

# Per model, the article fields that point at it: (field of ArticlePage, field of the child row).
USES = {
    Person: [("editor", None), ("photographer", None), ("press_contact", None), ("reporters", "person")],
    ServiceArea: [("service_areas", None)],
    WorkUnit: [("work_unit_links", "unit")],
}


@dataclass
class ArticleUse:
    """One article that uses an object: {field of ArticlePage: versions that use it there}."""

    page_id: int
    versions_by_field: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @property
    def versions(self) -> set[str]:
        return set().union(*self.versions_by_field.values())


def field_label(name: str) -> str:
    """The editor's label of an article field that USES lists ("Kontak pers", "Penulis")."""
    child = next(child for specs in USES.values() for field_name, child in specs if field_name == name)
    model_field = ArticlePage._meta.get_field(name)
    if child is not None:
        model_field = model_field.related_model._meta.get_field(child)
    return capfirst(model_field.verbose_name)


def describe_versions(versions) -> str:
    return ", ".join(
        str(VERSION_LABELS[version]) for version in (LIVE, SCHEDULED, DRAFT) if version in versions
    )


def ids_in_content(content: dict, name: str, child: str | None) -> set:
    """The primary keys a revision's content holds in one field."""
    value = content.get(name)
    if child is not None:
        return {row.get(child) for row in value or [] if isinstance(row, dict)}
    if isinstance(value, list):
        return set(value)
    return {value}


def candidate_revisions(names):
    """The revisions that are not the page row (drafts of pages and every scheduled version),
    each as (page id, versions, {name: value}) with only the content fields named."""
    article_type = ContentType.objects.get_for_model(ArticlePage)
    latest = (
        ArticlePage.objects.filter(Q(has_unpublished_changes=True) | Q(live=False))
        .exclude(latest_revision=None)
        .values_list("latest_revision_id", flat=True)
    )
    drafts = set(latest)
    revisions = Revision.objects.filter(content_type=article_type).filter(
        Q(pk__in=latest) | Q(approved_go_live_at__isnull=False)
    )
    fields = [f"content__{name}" for name in names]
    for pk, object_id, go_live_at, *values in revisions.values_list(
        "pk", "object_id", "approved_go_live_at", *fields
    ).iterator():
        versions = set()
        if go_live_at is not None:
            versions.add(SCHEDULED)
        if pk in drafts:
            versions.add(DRAFT)
        yield int(object_id), versions, dict(zip(names, values, strict=True))


def articles_using_many(model, pks) -> dict:
    """{pk: [ArticleUse, ...]} for the given objects of `model` (Person, ServiceArea, WorkUnit)."""
    pks = set(pks)
    uses = {pk: {} for pk in pks}

    def add(target, page_id, name, version):
        use = uses[target].setdefault(page_id, ArticleUse(page_id))
        use.versions_by_field[name].add(version)

    for name, child in USES[model]:
        lookup = f"{name}__{child}" if child else name
        rows = ArticlePage.objects.filter(**{f"{lookup}__in": pks}).values_list("pk", lookup, "live")
        for page_id, target, live in rows.distinct():
            add(target, page_id, name, LIVE if live else DRAFT)
    for page_id, versions, content in candidate_revisions([name for name, _child in USES[model]]):
        for name, child in USES[model]:
            for target in ids_in_content(content, name, child) & pks:
                for version in versions:
                    add(target, page_id, name, version)
    return {pk: sorted(found.values(), key=lambda use: use.page_id) for pk, found in uses.items()}


def articles_using(instance) -> list[ArticleUse]:
    return articles_using_many(type(instance), [instance.pk])[instance.pk]


def in_use_message(instance, count: int) -> str:
    return ngettext(
        "%(object)s cannot be deleted: %(count)s article uses it (live, scheduled or in a draft). "
        "Remove it from that article first.",
        "%(object)s cannot be deleted: %(count)s articles use it (live, scheduled or in a draft). "
        "Remove it from those articles first.",
        count,
    ) % {"object": capfirst(str(instance)), "count": count}


def uses_in_deletion(model, instance, origin) -> list[ArticleUse]:
    """The articles using `instance`; for a queryset's deletion (the bulk action's), read once for
    every object of the queryset and kept on it, not once per object."""
    if not isinstance(origin, QuerySet) or origin.model is not model:
        return articles_using(instance)
    found = getattr(origin, "_warta_article_uses", None)
    if found is None:
        found = articles_using_many(model, origin.values_list("pk", flat=True))
        origin._warta_article_uses = found
    if instance.pk not in found:  # deleted along with one of them (a unit below a unit)
        return articles_using(instance)
    return found[instance.pk]


def refuse_deleting_used(sender, instance, origin=None, **kwargs) -> None:
    if instance.pk is None:
        return
    uses = uses_in_deletion(sender, instance, origin)
    if uses:
        pages = ArticlePage.objects.filter(pk__in=[use.page_id for use in uses])
        raise ProtectedError(in_use_message(instance, len(uses)), set(pages))


def connect() -> None:
    for model in USES:
        pre_delete.connect(
            refuse_deleting_used, sender=model, dispatch_uid=f"warta_keep_used_{model.__name__}"
        )
