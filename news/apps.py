from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.redirects.apps import WagtailRedirectsAppConfig


class NewsConfig(AppConfig):
    default = True  # this module holds a second config, for Wagtail's redirects
    default_auto_field = "django.db.models.BigAutoField"
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import images, listing, notifications, office_admin, related, signals, usage, workflow

        post_migrate.connect(signals.index_vocabularies, sender=self)
        signals.connect_settings()
        workflow.connect_signals()
        notifications.connect()
        usage.connect()
        related.connect()
        listing.connect()
        images.parse_filter_specs_once()
        office_admin.use_office_breadcrumbs()


class RedirectsConfig(WagtailRedirectsAppConfig):
    """Wagtail's redirects, made automatically only for addresses that were ever public.

    A draft that was never published has no readers and no search engine entries, so
    renaming or moving it leaves no redirect behind to claim its old address.
    """

    default = False

    def ready(self):
        super().ready()
        from wagtail.contrib.redirects import signal_handlers
        from wagtail.signals import page_slug_changed, post_page_move

        page_slug_changed.disconnect(signal_handlers.autocreate_redirects_on_slug_change)
        post_page_move.disconnect(signal_handlers.autocreate_redirects_on_page_move)
        page_slug_changed.connect(redirect_renamed_page, dispatch_uid="warta_redirect_renamed_page")
        post_page_move.connect(redirect_moved_page, dispatch_uid="warta_redirect_moved_page")


def was_published(page) -> bool:
    return page.live or page.first_published_at is not None


def redirect_renamed_page(sender, instance, instance_before, **kwargs):
    from wagtail.contrib.redirects.signal_handlers import autocreate_redirects_on_slug_change

    if was_published(instance_before):
        autocreate_redirects_on_slug_change(instance_before=instance_before, instance=instance, **kwargs)


def redirect_moved_page(sender, instance, **kwargs):
    from wagtail.contrib.redirects.signal_handlers import autocreate_redirects_on_page_move

    if was_published(instance):
        autocreate_redirects_on_page_move(instance=instance, **kwargs)
