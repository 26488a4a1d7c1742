from django.db import migrations


def seed_vocabularies(apps, schema_editor):
    from news.vocabularies import seed

    seed(apps.get_model("news", "ServiceArea"), apps.get_model("news", "WorkUnit"))


class Migration(migrations.Migration):
    dependencies = [("news", "0002_add_work_unit_tree_path")]

    operations = [migrations.RunPython(seed_vocabularies, migrations.RunPython.noop)]
