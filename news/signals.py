"""Clear cached fragments when what they show changes."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.models import SiteSettings

from .models import menu_cache_key


def clear_menus(**kwargs) -> None:
    cache.delete_many([menu_cache_key(site_id) for site_id in Site.objects.values_list("pk", flat=True)])


page_published.connect(clear_menus, dispatch_uid="warta_menu_published")
page_unpublished.connect(clear_menus, dispatch_uid="warta_menu_unpublished")
post_page_move.connect(clear_menus, dispatch_uid="warta_menu_moved")
post_delete.connect(clear_menus, sender=Page, dispatch_uid="warta_menu_deleted")


@receiver(post_save, sender=SiteSettings, dispatch_uid="warta_site_settings_saved")
def clear_site_settings(sender, instance, **kwargs) -> None:
    cache.delete(SiteSettings.cache_key(instance.site_id))
