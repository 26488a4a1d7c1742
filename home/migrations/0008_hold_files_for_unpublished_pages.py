"""Photos and documents get `held_for`: the unpublished page they are kept back for (news.embargo).

Files already in use only by unpublished pages (and not the site logo) are held for the first
of those pages, so that a live article attached to them later does not release them early.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def hold_existing(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    Page = apps.get_model("wagtailcore", "Page")
    SiteSettings = apps.get_model("home", "SiteSettings")
    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    if page_type is None:
        return
    for model_name in ("customimage", "customdocument"):
        model = apps.get_model("home", model_name)
        file_type = ContentType.objects.filter(app_label="home", model=model_name).first()
        if file_type is None:
            continue
        sources = {}
        rows = ReferenceIndex.objects.filter(to_content_type=file_type).values_list(
            "to_object_id", "base_content_type_id", "object_id"
        )
        for file_id, base_type_id, object_id in rows:
            sources.setdefault(file_id, []).append((base_type_id, object_id))
        for file_id, refs in sources.items():
            if any(base_type_id != page_type.pk for base_type_id, _ in refs):
                continue
            if model_name == "customimage" and SiteSettings.objects.filter(logo_id=file_id).exists():
                continue
            pages = Page.objects.filter(pk__in=[int(object_id) for _, object_id in refs])
            if pages.filter(live=True).exists():
                continue
            first = pages.order_by("pk").first()
            if first is not None:
                model.objects.filter(pk=file_id, held_for__isnull=True).update(held_for=first.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_indonesian_root_page_name"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="customdocument",
            name="held_for",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.WAGTAIL_PAGE_MODEL,
                verbose_name="held for",
            ),
        ),
        migrations.AddField(
            model_name="customimage",
            name="held_for",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.WAGTAIL_PAGE_MODEL,
                verbose_name="held for",
            ),
        ),
        migrations.RunPython(hold_existing, migrations.RunPython.noop),
    ]
