from django.db import migrations


def grant_media_permissions(apps, schema_editor):
    from news.roles import name_root_collection, setup_media_permissions

    setup_media_permissions(apps)
    name_root_collection(apps)


class Migration(migrations.Migration):
    """The newsroom groups' collection rights, on the permissions Wagtail really checks."""

    dependencies = [
        ("news", "0007_add_press_releases_and_preview_links"),
        ("home", "0006_drop_unused_choose_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant_media_permissions, migrations.RunPython.noop)]
