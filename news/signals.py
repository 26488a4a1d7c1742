"""Start a new content generation (news.caching) when what readers see changes; file holds."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction, Revision, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.models import SiteSettings

from .caching import new_content_generation, new_shared_version
from .embargo import hold_files, release_files
from .models import Person, ServiceArea, WorkUnit

page_published.connect(new_content_generation, dispatch_uid="warta_generation_published")
page_unpublished.connect(new_content_generation, dispatch_uid="warta_generation_unpublished")
post_page_move.connect(new_content_generation, dispatch_uid="warta_generation_moved")
post_delete.connect(new_content_generation, sender=Page, dispatch_uid="warta_generation_deleted")
# Making a section private or public again changes every list it appears in.
post_save.connect(new_content_generation, sender=PageViewRestriction, dispatch_uid="warta_generation_private")
post_delete.connect(
    new_content_generation, sender=PageViewRestriction, dispatch_uid="warta_generation_public"
)
for model in (ServiceArea, WorkUnit, Person, Tag, Site):
    name = model.__name__
    post_save.connect(new_content_generation, sender=model, dispatch_uid=f"warta_generation_saved_{name}")
    post_delete.connect(new_content_generation, sender=model, dispatch_uid=f"warta_generation_deleted_{name}")


@receiver(post_save, sender=SiteSettings, dispatch_uid="warta_site_settings_saved")
def clear_site_settings(sender, instance, **kwargs) -> None:
    new_shared_version(SiteSettings.VERSION_KEY)
    new_content_generation()


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
