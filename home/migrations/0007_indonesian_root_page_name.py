"""The tree's root page gets an Indonesian name.

Wagtail's own migrations call it "Root", which every role then reads in the page chooser
("Root » Beranda"). A name an administrator already changed is kept. (The root collection is
named "Pusat", the centre's, by news.roles.)
"""

from django.db import migrations

ROOT_TITLE = "Semua situs"


def rename(apps, old: str, new: str) -> None:
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)


def forwards(apps, schema_editor):
    rename(apps, "Root", ROOT_TITLE)


def backwards(apps, schema_editor):
    rename(apps, ROOT_TITLE, "Root")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_drop_unused_choose_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
