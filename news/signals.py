"""What readers see changed: bump the cache tags it touches (news.caching), after the commit;
and the files that unpublished pages hold (news.embargo).

Each receiver works out the tags while the rows are still there (a deleted page's terms, a
moved page's old categories) and hands them to `invalidate`, which bumps them once the
writer's transaction commits.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Revision, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .caching import (
    ALL,
    affected_by_page,
    affected_by_pages,
    file_tag,
    invalidate,
    linked_from,
    page_tag,
    showing_page_ids,
    term_tag,
    unit_tags,
)
from .embargo import hold_files, release_files
from .models import ArticlePage, ArticleReporter, ArticleTag, ArticleWorkUnit, Person, ServiceArea, WorkUnit


def page_changed(sender, instance, **kwargs) -> None:
    invalidate(*affected_by_page(instance), *linked_from(instance))


def page_moved(sender, instance, parent_page_before=None, **kwargs) -> None:
    tags = affected_by_page(instance) | linked_from(instance)
    if parent_page_before is not None:
        # The categories it left, and its old address (pages below it carry its tag).
        tags |= affected_by_page(parent_page_before)
    invalidate(*tags)


def page_deleted(sender, instance, **kwargs) -> None:
    if instance.live:
        invalidate(*affected_by_page(instance), *linked_from(instance))


page_published.connect(page_changed, dispatch_uid="warta_cache_published")
page_unpublished.connect(page_changed, dispatch_uid="warta_cache_unpublished")
post_page_move.connect(page_moved, dispatch_uid="warta_cache_moved")
# Before the rows go: a deleted article's categories and terms are still there to read.
pre_delete.connect(page_deleted, sender=Page, dispatch_uid="warta_cache_deleted")


def restriction_changed(sender, instance, **kwargs) -> None:
    """A section made private or public again leaves or joins every list: all of it."""
    invalidate("restrictions", *affected_by_page(instance.page), *linked_from(instance.page))


post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="warta_cache_private")
post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="warta_cache_public")


# -- the terms and credits of live articles --------------------------------------------


def article_tag_changed(sender, instance, **kwargs) -> None:
    invalidate(term_tag("tag", instance.tag_id), page_tag(instance.content_object_id))


def article_unit_changed(sender, instance, **kwargs) -> None:
    unit = WorkUnit.objects.filter(pk=instance.unit_id).values_list("tree_path", flat=True).first()
    invalidate(*unit_tags(unit or ""), page_tag(instance.page_id))


def article_areas_changed(sender, instance, action, pk_set, **kwargs) -> None:
    if action in ("post_add", "post_remove") and isinstance(instance, ArticlePage):
        invalidate(*(term_tag("servicearea", pk) for pk in pk_set or ()), page_tag(instance.pk))
    elif action == "pre_clear" and isinstance(instance, ArticlePage):
        invalidate(*(term_tag("servicearea", area.pk) for area in instance.service_areas.all()))


for signal in (post_save, post_delete):
    signal.connect(article_tag_changed, sender=ArticleTag, dispatch_uid=f"warta_cache_tag_{signal}")
    signal.connect(article_unit_changed, sender=ArticleWorkUnit, dispatch_uid=f"warta_cache_unit_{signal}")
m2m_changed.connect(
    article_areas_changed, sender=ArticlePage.service_areas.through, dispatch_uid="warta_cache_areas"
)


# -- vocabularies and people ---------------------------------------------------------


def articles_with(kind: str, pk) -> set[int]:
    if kind == "servicearea":
        through = ArticlePage.service_areas.through
        return set(through.objects.filter(servicearea_id=pk).values_list("articlepage_id", flat=True))
    if kind == "workunit":
        return set(ArticleWorkUnit.objects.filter(unit_id=pk).values_list("page_id", flat=True))
    return set(ArticleTag.objects.filter(tag_id=pk).values_list("content_object_id", flat=True))


def term_changed(sender, instance, **kwargs) -> None:
    """A renamed or removed term: its page and feeds, the articles that name it, and the lists
    of terms (filters, indexes, the front page's service areas, the pages sitemap)."""
    kind = {ServiceArea: "servicearea", WorkUnit: "workunit"}.get(sender, "tag")
    tags = {term_tag(kind, instance.pk), "news", "home", "feeds", "sitemaps"}
    if kind == "workunit":  # the units above list it among their sub-units
        tags |= unit_tags(instance.tree_path) | {term_tag("workunit", instance.parent_id)}
    tags.update(page_tag(pk) for pk in articles_with(kind, instance.pk))
    invalidate(*tags)


for model in (ServiceArea, WorkUnit, Tag):
    name = model.__name__
    post_save.connect(term_changed, sender=model, dispatch_uid=f"warta_cache_saved_{name}")
    pre_delete.connect(term_changed, sender=model, dispatch_uid=f"warta_cache_deleted_{name}")


def person_changed(sender, instance, **kwargs) -> None:
    """A person's name shows on the articles that credit them and in their feeds."""
    pages = set(
        ArticlePage.objects.filter(editor=instance).values_list("pk", flat=True)
        | ArticlePage.objects.filter(photographer=instance).values_list("pk", flat=True)
        | ArticlePage.objects.filter(press_contact=instance).values_list("pk", flat=True)
    )
    pages |= set(ArticleReporter.objects.filter(person=instance).values_list("page_id", flat=True))
    invalidate("feeds", *(page_tag(pk) for pk in pages))


post_save.connect(person_changed, sender=Person, dispatch_uid="warta_cache_saved_person")
pre_delete.connect(person_changed, sender=Person, dispatch_uid="warta_cache_deleted_person")


# -- images, renditions, documents, collections --------------------------------------


def media_changed(sender, instance, **kwargs) -> None:
    """An image's caption, credit, alt text, file or focal point, or a document's title or file:
    the pages that show it (Wagtail's reference index, the main photo included), the lists
    their cards are in, and the site header when it is the logo."""
    fields = kwargs.get("update_fields")
    if fields and set(fields) <= {"file_size", "file_hash"}:
        return  # Wagtail recording the size or hash of an unchanged file
    invalidate("settings", file_tag(instance), *affected_by_pages(showing_page_ids(instance)))


def rendition_deleted(sender, instance, **kwargs) -> None:
    """Pages still pointing at a deleted rendition's file get new `<img>` addresses."""
    media_changed(get_image_model(), instance.image)


Rendition = get_image_model().get_rendition_model()
for model in (get_image_model(), get_document_model()):
    post_save.connect(media_changed, sender=model, dispatch_uid=f"warta_cache_saved_{model.__name__}")
    pre_delete.connect(media_changed, sender=model, dispatch_uid=f"warta_cache_deleted_{model.__name__}")
post_delete.connect(rendition_deleted, sender=Rendition, dispatch_uid="warta_cache_rendition_deleted")


def collection_privacy_changed(sender, instance, **kwargs) -> None:
    """A collection made private or public: the pages showing its images and documents."""
    collections = Collection.objects.descendant_of(instance.collection, inclusive=True)
    pages, files = set(), set()
    for model in (get_image_model(), get_document_model()):
        for obj in model.objects.filter(collection__in=collections).only("pk"):
            files.add(file_tag(obj))
            pages |= showing_page_ids(obj)
    invalidate("settings", *files, *affected_by_pages(pages))


def collection_groups_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, CollectionViewRestriction):
        collection_privacy_changed(sender, instance)


post_save.connect(
    collection_privacy_changed,
    sender=CollectionViewRestriction,
    dispatch_uid="warta_cache_collection_private",
)
post_delete.connect(
    collection_privacy_changed, sender=CollectionViewRestriction, dispatch_uid="warta_cache_collection_public"
)
m2m_changed.connect(
    collection_groups_changed,
    sender=CollectionViewRestriction.groups.through,
    dispatch_uid="warta_cache_collection_groups",
)


# -- the site itself ----------------------------------------------------------------


def site_changed(sender, instance, **kwargs) -> None:
    """A site's host name or root page changes every address: everything."""
    invalidate(ALL)


def settings_changed(sender, instance, **kwargs) -> None:
    invalidate("settings")


def redirect_changed(sender, instance, **kwargs) -> None:
    """Redirects answer only what would be a 404, which is never cached here; a cache in front
    may hold the old answer for the address."""
    invalidate(f"path:{instance.old_path.rstrip('/')}")


for signal in (post_save, post_delete):
    signal.connect(site_changed, sender=Site, dispatch_uid=f"warta_cache_site_{signal}")
    signal.connect(redirect_changed, sender=Redirect, dispatch_uid=f"warta_cache_redirect_{signal}")


def connect_settings() -> None:
    """Connected from NewsConfig.ready: home's settings model without importing home here."""
    from django.apps import apps

    site_settings = apps.get_model("home", "SiteSettings")
    for signal in (post_save, post_delete):
        signal.connect(settings_changed, sender=site_settings, dispatch_uid=f"warta_cache_settings_{signal}")


@receiver(post_save, sender=Revision, dispatch_uid="warta_hold_files")
def hold_files_of_revision(sender, instance, created, raw=False, **kwargs) -> None:
    """A new revision of a page holds the files it uses that are not public yet (news.embargo)."""
    if created and not raw and issubclass(instance.base_content_type.model_class(), Page):
        hold_files(instance.as_object())


@receiver(page_published, dispatch_uid="warta_release_files")
def release_files_of_page(sender, instance, **kwargs) -> None:
    # Wagtail sends page_published for a page scheduled to go live later as well.
    if instance.live:
        release_files(instance)


def index_vocabularies(sender, **kwargs) -> None:
    """Put the units and service areas seeded by migrations into the search index.

    Data migrations work on historical models, which Wagtail does not index; without this
    the choosers' search would not find the seeded vocabularies.
    """
    from wagtail.search.backends import get_search_backends
    from wagtail.search.models import IndexEntry

    for model in (ServiceArea, WorkUnit):
        indexed = IndexEntry.objects.filter(
            content_type__app_label="news", content_type__model=model._meta.model_name
        )
        if model.objects.exists() and not indexed.exists():
            for backend in get_search_backends():
                backend.add_bulk(model, model.objects.all())
