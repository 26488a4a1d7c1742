from django.db import migrations


def create_roles(apps, schema_editor):
    from news.roles import setup_central_roles

    setup_central_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_add_four_eyes_approval_task"),
        ("home", "0005_add_choose_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
