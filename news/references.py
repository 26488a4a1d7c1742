"""What an admin form points at (photos, documents, pages) and whether its user may point there.

A form's choosers only offer what the user may choose, but a crafted POST can name any id: in
a chooser field, in a StreamField block, in a rich-text `<embed>` or `<a linktype=...>`, in a
child form such as the related articles. `ReferenceCheckMixin` refuses, field by field, every
new reference to

- a photo or document outside the collections the user may choose from (an office's own
  collection and the shared root collection, home.permissions);
- a photo or document held back for another page that is not published yet (news.embargo),
  unless the user may edit that page;
- a page that is neither live and public nor within the user's own pages (their office).

References the page already had are left alone: an editor is not blocked by what a central
colleague put there.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

IMAGE, DOCUMENT, PAGE = "image", "document", "page"
# The page rights that make a page one of the user's own (their office's section).
OWN_PAGE_ACTIONS = ["add", "change", "publish"]


def kind_of(model) -> str | None:
    if not isinstance(model, type):
        return None
    if issubclass(model, get_image_model()):
        return IMAGE
    if issubclass(model, get_document_model()):
        return DOCUMENT
    if issubclass(model, Page):
        return PAGE
    return None


def field_references(field, value) -> Iterator[tuple[str, str, str]]:
    """(kind, pk, content path) of the photos, documents and pages a model field's value points at.

    The content path is Wagtail's: "" for the field itself, "<block id>.image" in a StreamField.
    """
    if value is None or getattr(field, "wagtail_reference_index_ignore", False):
        return
    if isinstance(field, ParentalKey):  # the child's own parent
        return
    if field.is_relation and field.many_to_one:
        kind = kind_of(field.related_model)
        if kind is not None:
            yield kind, str(value.pk if isinstance(value, models.Model) else value), ""
        return
    if hasattr(field, "extract_references"):  # StreamField, RichTextField
        for model, pk, _model_path, content_path in field.extract_references(value):
            kind = kind_of(model)
            if kind is not None:
                # A new StreamField block has no id yet: its path is None, or "None.image".
                yield kind, str(pk), "None" if content_path is None else str(content_path)


def model_fields(model) -> dict:
    return {field.name: field for field in model._meta.get_fields() if getattr(field, "concrete", False)}


def instance_references(instance) -> set[tuple[str, str]]:
    """Everything `instance` (and its child objects, e.g. related articles) points at."""
    found = set()
    for field in model_fields(type(instance)).values():
        value = getattr(instance, field.attname) if field.is_relation else field.value_from_object(instance)
        found.update((kind, pk) for kind, pk, _path in field_references(field, value))
    if isinstance(instance, ClusterableModel):
        for relation in get_all_child_relations(type(instance)):
            for child in getattr(instance, relation.get_accessor_name()).all():
                found.update(instance_references(child))
    return found


def form_references(form) -> Iterator[tuple[object, str, str, str, str]]:
    """(form, field name, kind, pk, content path) for each reference in a form and its child forms."""
    fields = model_fields(form._meta.model)
    for name, value in list(getattr(form, "cleaned_data", {}).items()):
        if name in fields:
            for kind, pk, path in field_references(fields[name], value):
                yield form, name, kind, pk, path
    for formset in getattr(form, "formsets", {}).values():
        for child in formset.forms:
            # Child forms are cleaned after their parent's clean(): clean them now.
            if not child.is_valid() or child.cleaned_data.get("DELETE"):
                continue
            yield from form_references(child)


def may_choose_file(user, obj) -> bool:
    return policy_registry.get_by_type(type(obj)).user_has_any_permission_for_instance(user, ["choose"], obj)


def may_link_page(user, page) -> bool:
    if Page.objects.filter(pk=page.pk).live().public().exists():
        return True
    return PagePermissionPolicy().user_has_any_permission_for_instance(user, OWN_PAGE_ACTIONS, page)


def refusal(user, kind: str, pk: str, page_pk: int | None) -> str | None:
    """Why `user` may not point at this object from the page `page_pk`, or None."""
    model = {IMAGE: get_image_model(), DOCUMENT: get_document_model(), PAGE: Page}[kind]
    try:
        obj = model._default_manager.filter(pk=pk).first()
    except (ValueError, TypeError):
        obj = None
    if kind == PAGE:
        if obj is None or not may_link_page(user, obj):
            return gettext(
                "%(field)s links to a page you may not use here: only published pages and pages "
                "of your own office."
            )
        return None
    if obj is None or not may_choose_file(user, obj):
        return gettext("%(field)s uses a photo or document outside the collections your office may use.")
    holder = obj.held_for
    if holder is not None and holder.pk != page_pk and not holder.permissions_for_user(user).can_edit():
        return gettext(
            "%(field)s uses a photo or document kept under embargo for another article that is "
            "not published yet."
        )
    return None


def field_label(form, name: str) -> str:
    field = form.fields.get(name)
    if field is not None and field.label:
        return str(field.label)
    return name


class ReferenceCheckMixin:
    """For admin model forms (pages, settings): new references the user may not make are refused."""

    def clean(self):
        cleaned_data = super().clean()
        self.clean_references()
        return cleaned_data

    def clean_references(self) -> None:
        user = self.for_user
        if user is None or not user.is_authenticated:
            return
        instance = self.instance
        existing = instance_references(instance) if instance.pk else set()
        page_pk = instance.pk if isinstance(instance, Page) else None
        verdicts = {}
        refused = []
        for form, name, kind, pk, path in list(form_references(self)):
            if (kind, pk) in existing:
                continue
            if (kind, pk) not in verdicts:
                verdicts[kind, pk] = refusal(user, kind, pk, page_pk)
            if verdicts[kind, pk] is not None:
                refused.append((form, name, kind, pk, path))
        # The form comes back with the editor's input, but not with what they may not see (a
        # chooser would show that file's or page's title). Scrubbing reads the cleaned values,
        # which an error takes away: all of it first.
        for form, name, kind, pk, path in refused:
            scrub(form, name, kind, pk, path)
        errors = {}
        for form, name, kind, pk, _path in refused:
            errors.setdefault((form, name), []).append(verdicts[kind, pk])
        for (form, name), messages in errors.items():
            for message in dict.fromkeys(messages):
                if form is self:
                    self.add_error(name, message % {"field": field_label(self, name)})
                else:
                    # A child form (a related article): the message there and at the top.
                    form.add_error(name, message % {"field": field_label(form, name)})
                    label = capfirst(str(form._meta.model._meta.verbose_name_plural))
                    self.add_error(None, message % {"field": label})


ENTITY_TYPES = {PAGE: "LINK", DOCUMENT: "DOCUMENT", IMAGE: "IMAGE"}


def scrub(form, name: str, kind: str, pk: str, path: str) -> None:
    """Take one refused reference out of the posted data the form is shown again with."""
    data = form.data
    if hasattr(data, "_mutable"):
        data._mutable = True
    prefix = form.add_prefix(name)
    if path:  # in a StreamField: "<block id>" (its rich text) or "<block id>.<child>" (a chooser)
        block_id, _, rest = path.partition(".")
        suffix = f"-{rest.replace('.', '-')}" if rest else ""
        keys = [f"{prefix}-{index}-value{suffix}" for index in posted_block_indexes(form, name, block_id)]
        chooser = bool(rest)
    else:
        keys = [prefix]
        # A chooser, or a RichTextField (the only field with references and no content path).
        chooser = not hasattr(model_fields(form._meta.model).get(name), "extract_references")
    for key in keys:
        if key not in data:
            continue
        if chooser:
            if str(data[key]) == pk:
                data[key] = ""
        else:
            data[key] = without_entity(data[key], ENTITY_TYPES[kind], pk)


def posted_block_indexes(form, name: str, block_id: str) -> list[int]:
    """Where the StreamField block `block_id` of the cleaned value is in the posted data.

    Blocks are posted with an order and a deleted flag; new ones may come without an id (all
    of those are "None" then, and each is a candidate).
    """
    value = form.cleaned_data.get(name) or []
    positions = [n for n, child in enumerate(value) if str(child.id) == block_id]
    prefix, data = form.add_prefix(name), form.data
    try:
        count = int(data.get(f"{prefix}-count", 0))
        kept = [i for i in range(count) if data.get(f"{prefix}-{i}-deleted") not in ("1", "true")]
        kept.sort(key=lambda i: int(data.get(f"{prefix}-{i}-order", i)))
    except (TypeError, ValueError):
        return []
    return [kept[n] for n in positions if n < len(kept)]


def without_entity(contentstate: str, entity_type: str, pk: str) -> str:
    """Draftail's contentstate JSON without the links or embeds of one object."""
    try:
        state = json.loads(contentstate)
        entities = state["entityMap"]
        gone = {
            key
            for key, entity in entities.items()
            if entity.get("type") == entity_type and str(entity.get("data", {}).get("id")) == pk
        }
        for key in gone:
            del entities[key]
        for block in state["blocks"]:
            ranges = block.get("entityRanges", [])
            block["entityRanges"] = [r for r in ranges if str(r.get("key")) not in gone]
    except (ValueError, TypeError, KeyError, AttributeError):
        return ""
    return json.dumps(state)


def referenced_files(instance) -> dict[str, set[str]]:
    """{IMAGE: pks, DOCUMENT: pks} of the files `instance` uses."""
    files: dict[str, set[str]] = {IMAGE: set(), DOCUMENT: set()}
    for kind, pk in instance_references(instance):
        if kind in files:
            files[kind].add(pk)
    return files
