"""Regional offices' boundaries in the admin: which pages, work units and people are a user's own.

A regional office is a pair of groups ("Kontributor <Province>", "Redaktur <Province>") whose page
rights all lie below one province page under Daerah (news.roles.add_province_office). Its own
pages are those below that page; its own units are the province's Kanwil and the units below it;
its own people are those who work in those units. Everyone else's are read, never changed: a
group with rights anywhere outside the offices' pages (the centre), or with no page rights at
all, keeps Django's model permissions unchanged.

No HTTP here: views and hooks ask these functions.
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import GroupPagePermission, Page
from wagtail.permission_policies.base import ModelPermissionPolicy

from .vocabularies import kanwil_slug

EVERYWHERE = None  # a scope without limits, for the centre


def province_pages() -> list[Page]:
    """The regional offices' province pages: the children of the Daerah category."""
    daerah = Page.objects.filter(depth=3, slug="daerah").first()
    if daerah is None:
        return []
    return list(Page.objects.child_of(daerah).only("pk", "path", "slug", "title"))


def page_roots(user) -> list[str]:
    """Tree paths of the pages the user's groups hold rights on (each with the pages below it)."""
    cached = getattr(user, "_warta_page_roots", None)
    if cached is None:
        rights = GroupPagePermission.objects.filter(group__user=user)
        cached = sorted(set(rights.values_list("page__path", flat=True)))
        user._warta_page_roots = cached
    return cached


def own_pages_q(user) -> Q:
    """Pages within the user's office (for the centre, every page it has rights on)."""
    if user.is_superuser:
        return Q()
    condition = Q(pk__in=[])
    for root in page_roots(user):
        condition |= Q(path__startswith=root)
    return condition


def is_own_page(user, page) -> bool:
    return user.is_superuser or any(page.path.startswith(root) for root in page_roots(user))


def chooser_pages_q(user) -> Q:
    """Pages a user may pick in a chooser: their own in any state, anyone else's only while live."""
    if user.is_superuser:
        return Q()
    return own_pages_q(user) | Q(live=True)


def is_regional(user) -> bool:
    """True for a user whose page rights all lie within regional offices (the centre is the rest)."""
    if user.is_superuser:
        return False
    roots = page_roots(user)
    provinces = [page.path for page in province_pages()]
    return bool(roots) and all(any(root.startswith(path) for path in provinces) for root in roots)


def office_users_q(user) -> Q:
    """Accounts of the user's own office (every page right of theirs within it); all for the centre."""
    if not is_regional(user):
        return Q()
    inside = Q(pk__in=[])
    for root in page_roots(user):
        inside |= Q(page__path__startswith=root)
    rights = GroupPagePermission.objects.filter(group__user__isnull=False)
    return Q(pk__in=rights.filter(inside).values("group__user")) & ~Q(
        pk__in=rights.exclude(inside).values("group__user")
    )


def show_as_published(user, pages) -> None:
    """Give the pages outside the user's office the title readers see, not their draft's."""
    for page in pages:
        if page is not None and not is_own_page(user, page):
            page.draft_title = page.title


# -- Vocabularies and people ---------------------------------------------------


def office_units_paths(provinces) -> list[str]:
    """Tree paths of the Kanwil of these province pages (each with the units below it)."""
    from .models import WorkUnit

    slugs = {f"kanwil-{page.slug}" for page in provinces} | {kanwil_slug(page.title) for page in provinces}
    units = WorkUnit.objects.filter(slug__in=slugs, kind=WorkUnit.Kind.KANWIL)
    return sorted(units.values_list("tree_path", flat=True))


def group_offices(group_ids) -> dict[int, list | None]:
    """For each group, the province pages it is limited to; None for a group of the centre."""
    provinces = province_pages()
    roots: dict[int, set[str]] = {pk: set() for pk in group_ids}
    for group_id, path in GroupPagePermission.objects.filter(group_id__in=group_ids).values_list(
        "group_id", "page__path"
    ):
        roots[group_id].add(path)
    offices = {}
    for group_id, paths in roots.items():
        within = [[page for page in provinces if path.startswith(page.path)] for path in paths]
        offices[group_id] = [p for pages in within for p in pages] if paths and all(within) else None
    return offices


def unit_scope(user, app_label: str, codename: str) -> list[str] | None:
    """Where the user holds `app_label.codename`: EVERYWHERE, or the tree paths of their offices' units.

    The right is the union of what each group holding it gives: a group of the centre gives it
    everywhere, an office's group only for the office's own units.
    """
    cache = user.__dict__.setdefault("_warta_unit_scopes", {})
    key = (app_label, codename)
    if key in cache:
        return cache[key]
    scope: list[str] | None = []
    if (
        user.is_superuser
        or user.user_permissions.filter(content_type__app_label=app_label, codename=codename).exists()
    ):
        scope = EVERYWHERE
    else:
        group_ids = list(
            user.groups.filter(
                permissions__content_type__app_label=app_label, permissions__codename=codename
            ).values_list("pk", flat=True)
        )
        provinces = []
        for offices in group_offices(group_ids).values():
            if offices is None:
                scope = EVERYWHERE
                break
            provinces += offices
        if scope is not EVERYWHERE:
            scope = office_units_paths(provinces)
    cache[key] = scope
    return scope


class OfficePermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, with a regional office's "change" and "delete" limited to its own.

    `unit_path` is the lookup of an object's work-unit tree path ("tree_path" for a unit,
    "work_unit__tree_path" for a person); without one (service areas, tags: the centre's
    vocabularies) an office changes nothing. Viewing, choosing and adding follow the model
    permissions; what an office adds is kept within its own units by the admin forms.
    """

    scoped_actions = ("change", "delete")

    def __init__(self, model, unit_path: str | None = None):
        super().__init__(model)
        self.unit_path = unit_path

    def scope(self, user, action: str) -> list[str] | None:
        return unit_scope(user, self.app_label, self._get_permission_codename(action))

    def path_of(self, instance) -> str:
        value = instance
        for part in (self.unit_path or "").split("__"):
            value = getattr(value, part, None) if value is not None else None
        return value or ""

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action not in self.scoped_actions:
            return True
        scope = self.scope(user, action)
        if scope is EVERYWHERE:
            return True
        path = self.path_of(instance) if self.unit_path else ""
        return bool(path) and any(path.startswith(root) for root in scope)

    def instances_user_has_any_permission_for(self, user, actions):
        manager = self.model._default_manager
        if not self.user_has_any_permission(user, actions):
            return manager.none()
        if any(action not in self.scoped_actions for action in actions):
            return manager.all()
        condition = Q(pk__in=[])
        for action in actions:
            if not self.user_has_permission(user, action):
                continue
            scope = self.scope(user, action)
            if scope is EVERYWHERE:
                return manager.all()
            for root in scope if self.unit_path else []:
                condition |= Q(**{f"{self.unit_path}__startswith": root})
        return manager.filter(condition)

    def may_place_in(self, user, action: str, unit) -> bool:
        """True when an object of the user's may be placed in (or below) `unit`."""
        scope = self.scope(user, action)
        if scope is EVERYWHERE:
            return True
        return unit is not None and any(unit.tree_path.startswith(root) for root in scope)
