"""Newsroom roles, the review workflow and regional offices.

Used by a data migration (with historical models) and by `manage.py add_province_office`
(with the live ones): pass the app registry either way.
"""

from django.contrib.auth.management import create_permissions

KONTRIBUTOR, REDAKTUR, REDAKTUR_PELAKSANA, ADMIN = "Kontributor", "Redaktur", "Redaktur Pelaksana", "Admin"
WORKFLOW_NAME = "Review Redaksi"

PAGE_PERMISSIONS = {
    KONTRIBUTOR: ["add_page"],
    REDAKTUR: ["add_page", "change_page"],
    REDAKTUR_PELAKSANA: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ADMIN: ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
}
# Rights on a media collection. Wagtail checks the permissions of its own image and document
# models (wagtailimages.Image, wagtaildocs.Document) for the custom ones too, never
# home.CustomImage's. Whoever may add may also edit and delete their own uploads; "change" is
# the right to edit everyone's files, kept to the editors.
MEDIA_ACTIONS = {
    KONTRIBUTOR: ["add", "choose"],
    REDAKTUR: ["add", "change", "choose"],
    REDAKTUR_PELAKSANA: ["add", "change", "choose"],
    ADMIN: ["add", "change", "choose"],
}
MEDIA_MODELS = [("wagtailimages", "image"), ("wagtaildocs", "document")]
MEDIA_PERMISSIONS = {
    role: [(app, f"{action}_{model}") for app, model in MEDIA_MODELS for action in actions]
    for role, actions in MEDIA_ACTIONS.items()
}
ROOT_COLLECTION_NAME = "Pusat"
# What the custom models' permissions, granted here before, stand for.
CUSTOM_MEDIA_MODELS = {
    "customimage": ("wagtailimages", "image"),
    "customdocument": ("wagtaildocs", "document"),
}
SNIPPET_VIEW = [("news", f"view_{model}") for model in ("person", "servicearea", "workunit")] + [
    ("taggit", "view_tag")
]
SNIPPET_EDIT = [
    (app, f"{action}_{model}")
    for app, model in (("news", "person"), ("news", "servicearea"), ("news", "workunit"), ("taggit", "tag"))
    for action in ("add", "change")
]
# A regional office changes its own people and units only (news.offices); the service areas and
# tags are the centre's vocabularies.
OFFICE_SNIPPET_EDIT = [
    ("news", f"{action}_{model}") for model in ("person", "workunit") for action in ("add", "change")
]
OFFICE_MODEL_PERMISSIONS = {
    KONTRIBUTOR: SNIPPET_VIEW,
    REDAKTUR: SNIPPET_VIEW + OFFICE_SNIPPET_EDIT,
}
MODEL_PERMISSIONS = {
    KONTRIBUTOR: SNIPPET_VIEW,
    REDAKTUR: SNIPPET_VIEW + SNIPPET_EDIT,
    REDAKTUR_PELAKSANA: SNIPPET_VIEW + SNIPPET_EDIT,
    ADMIN: SNIPPET_VIEW
    + SNIPPET_EDIT
    + [("taggit", "delete_tag"), ("news", "delete_person"), ("home", "change_sitesettings")]
    + [("wagtailsearchpromotions", f"{a}_searchpromotion") for a in ("add", "change", "delete")],
}


def ensure_permissions(apps) -> None:
    for app_config in apps.get_app_configs():
        # create_permissions skips an app without a models module (historical apps have none);
        # the live registry's must be given back as they were, or Django's serializer (test
        # database snapshots, dumpdata) skips every app from then on.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = models_module


def permission(apps, app_label: str, codename: str):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_pages(apps, group, page, codenames) -> None:
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page_id=page.pk, permission=permission(apps, "wagtailcore", codename)
        )


def grant_collection(apps, group, collection, role: str) -> None:
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for app_label, codename in MEDIA_PERMISSIONS[role]:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection_id=collection.pk, permission=permission(apps, app_label, codename)
        )


def make_group(apps, name: str, role: str, model_permissions=None):
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(permission(apps, "wagtailadmin", "access_admin"))
    for app_label, codename in (model_permissions or MODEL_PERMISSIONS)[role]:
        group.permissions.add(permission(apps, app_label, codename))
    return group


def restrict_office_group(apps, group, role: str) -> None:
    """Take back from an office's group the central role's rights it must not hold."""
    Permission = apps.get_model("auth", "Permission")
    extra = set(MODEL_PERMISSIONS[role]) - set(OFFICE_MODEL_PERMISSIONS[role])
    for app_label, codename in extra:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )


def restrict_office_groups(apps) -> None:
    """Every regional office's groups ("Redaktur Jawa Timur", ...), as set up before, lose the
    central role's global rights on the vocabularies and people."""
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.all():
        role = role_of(group.name)
        if role in OFFICE_MODEL_PERMISSIONS and group.name != role:
            restrict_office_group(apps, group, role)


def setup_central_roles(apps) -> None:
    """The four central groups with rights on every section, and the review workflow.

    Their media rights come with `setup_media_permissions`, once Wagtail's image and document
    permissions exist.
    """
    ensure_permissions(apps)
    Page = apps.get_model("wagtailcore", "Page")
    home = Page.objects.get(depth=2, slug="beranda")
    groups = {}
    for role in (KONTRIBUTOR, REDAKTUR, REDAKTUR_PELAKSANA, ADMIN):
        groups[role] = make_group(apps, role, role)
        grant_pages(apps, groups[role], home, PAGE_PERMISSIONS[role])
    setup_workflow(apps, home, groups)
    # Wagtail's starter groups would only confuse a newsroom; drop them while nobody uses them.
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Moderators", "Editors"], user__isnull=True
    ).delete()


def setup_workflow(apps, home, groups) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    FourEyesApprovalTask = apps.get_model("news", "FourEyesApprovalTask")
    task_type, _ = ContentType.objects.get_or_create(app_label="news", model="foureyesapprovaltask")

    review, _ = FourEyesApprovalTask.objects.get_or_create(
        name="Review Redaktur", defaults={"content_type": task_type, "active": True}
    )
    review.groups.add(groups[REDAKTUR], groups[REDAKTUR_PELAKSANA], groups[ADMIN])
    approval, _ = FourEyesApprovalTask.objects.get_or_create(
        name="Persetujuan Redaktur Pelaksana", defaults={"content_type": task_type, "active": True}
    )
    approval.groups.add(groups[REDAKTUR_PELAKSANA], groups[ADMIN])

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for order, task in enumerate([review, approval]):
        WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": order})
    # The news sections follow this workflow; Wagtail's default "Moderators approval" goes.
    WorkflowPage.objects.filter(page__depth__lte=home.depth).delete()
    WorkflowPage.objects.update_or_create(page_id=home.pk, defaults={"workflow": workflow})
    Workflow.objects.filter(name="Moderators approval").exclude(pk=workflow.pk).update(active=False)


def role_of(group_name: str) -> str | None:
    """The newsroom role of a central ("Redaktur") or regional ("Redaktur Jawa Timur") group."""
    if group_name in MEDIA_ACTIONS:
        return group_name
    for role in (KONTRIBUTOR, REDAKTUR):
        if group_name.startswith(f"{role} "):
            return role
    return None


def setup_media_permissions(apps) -> None:
    """Every newsroom group may upload and choose photos and documents in its collection.

    The central groups get their rights on the root collection (and so on every collection),
    each regional group keeps its own collection. Rights granted before on the custom models'
    permissions, which Wagtail never checks, become the equivalent Wagtail permissions: the
    role's set for a newsroom group, the same actions for any other group.
    """
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Permission = apps.get_model("auth", "Permission")
    root = Collection.objects.get(depth=1)

    places = {(group.pk, root.pk) for group in Group.objects.filter(name__in=MEDIA_ACTIONS)}
    stale = GroupCollectionPermission.objects.filter(
        permission__content_type__app_label="home",
        permission__content_type__model__in=CUSTOM_MEDIA_MODELS,
    ).select_related("group", "permission__content_type")
    for row in stale:
        places.add((row.group_id, row.collection_id))
        if role_of(row.group.name) is None:
            action = row.permission.codename.rsplit("_", 1)[0]
            app_label, model = CUSTOM_MEDIA_MODELS[row.permission.content_type.model]
            equivalent = Permission.objects.filter(
                content_type__app_label=app_label, codename=f"{action}_{model}"
            ).first()
            if equivalent is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group_id=row.group_id, collection_id=row.collection_id, permission=equivalent
                )
    stale.delete()
    for group_id, collection_id in places:
        group = Group.objects.get(pk=group_id)
        role = role_of(group.name)
        if role is not None:
            grant_collection(apps, group, Collection.objects.get(pk=collection_id), role)
    # The custom models' own "choose" permissions are gone from their Meta.
    Permission.objects.filter(
        content_type__app_label="home", codename__in=["choose_customimage", "choose_customdocument"]
    ).delete()


def name_root_collection(apps) -> None:
    """The root collection holds the central office's shared files: named so in the upload form."""
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_COLLECTION_NAME)


def add_province_office(apps, province_page, name: str) -> tuple:
    """Kontributor and Redaktur groups for one province page, with their own media collection.

    They may work only below that page and in that collection; publishing stays with the
    central Redaktur Pelaksana through the review workflow.
    """
    ensure_permissions(apps)
    Collection = apps.get_model("wagtailcore", "Collection")
    root = Collection.objects.get(depth=1)
    collection = Collection.objects.filter(depth=2, name=name).first()
    if collection is None:
        collection = add_child_collection(apps, root, name)
    groups = []
    for role in (KONTRIBUTOR, REDAKTUR):
        group = make_group(apps, f"{role} {name}", role, OFFICE_MODEL_PERMISSIONS)
        restrict_office_group(apps, group, role)  # an office set up before held the centre's rights
        grant_pages(apps, group, province_page, PAGE_PERMISSIONS[role])
        grant_collection(apps, group, collection, role)
        groups.append(group)
    # Regional Redaktur review their office's articles in the first workflow task.
    Task = apps.get_model("news", "FourEyesApprovalTask")
    review = Task.objects.filter(name="Review Redaktur").first()
    if review is not None:
        review.groups.add(groups[1])
    return tuple(groups)


def add_child_collection(apps, parent, name: str):
    """A collection below `parent` (treebeard's add_child is not on historical models)."""
    Collection = apps.get_model("wagtailcore", "Collection")
    last = (
        Collection.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .first()
    )
    number = (int(last.path[-4:], 36) + 1) if last else 1
    step = ""
    while number:
        number, digit = divmod(number, 36)
        step = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[digit] + step
    collection = Collection.objects.create(
        name=name, path=parent.path + step.rjust(4, "0"), depth=parent.depth + 1, numchild=0
    )
    Collection.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
    return collection
