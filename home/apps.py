from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Home")

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.permissions import register_permission_policy

        from .permissions import SharedRootCollectionPolicy

        # Wagtail checks the permissions of its own models (wagtailimages.Image,
        # wagtaildocs.Document) for the custom ones too. Registered for the exact class, so
        # this wins over the policy that wagtail.images and wagtail.documents register later.
        register_permission_policy(
            get_image_model(),
            SharedRootCollectionPolicy(
                get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
            ),
            exact_class=True,
        )
        register_permission_policy(
            get_document_model(),
            SharedRootCollectionPolicy(
                get_document_model(), auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user"
            ),
            exact_class=True,
        )
