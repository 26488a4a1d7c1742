from django.db import migrations


def restrict_office_groups(apps, schema_editor):
    from news.roles import restrict_office_groups

    restrict_office_groups(apps)


class Migration(migrations.Migration):
    """Regional offices' groups lose the global rights on service areas, tags and every office's
    people and units: they change only their own (news.offices)."""

    dependencies = [("news", "0008_grant_wagtail_media_permissions")]

    operations = [migrations.RunPython(restrict_office_groups, migrations.RunPython.noop)]
