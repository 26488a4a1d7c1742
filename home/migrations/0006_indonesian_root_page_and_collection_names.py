"""The tree's root page and the root media collection get Indonesian names.

Wagtail's own migrations call both "Root", which every role then reads in the page, image and
document choosers ("Root » Foto Haji"). Names an administrator already changed are kept.
"""

from django.db import migrations

NAMES = {"page": "Semua situs", "collection": "Semua koleksi"}


def rename(apps, schema_editor, old: dict, new: dict) -> None:
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title=old["page"]).update(title=new["page"], draft_title=new["page"])
    Collection.objects.filter(depth=1, name=old["collection"]).update(name=new["collection"])


def forwards(apps, schema_editor):
    rename(apps, schema_editor, {"page": "Root", "collection": "Root"}, NAMES)


def backwards(apps, schema_editor):
    rename(apps, schema_editor, NAMES, {"page": "Root", "collection": "Root"})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_add_choose_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
