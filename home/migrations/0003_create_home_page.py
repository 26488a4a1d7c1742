from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")

    # Replace the placeholder page that wagtailcore's own data migration creates.
    Page.objects.filter(content_type__app_label="wagtailcore", content_type__model="page", depth=2).delete()
    Page.objects.filter(depth=1).update(numchild=0)

    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    locale = Locale.objects.order_by("pk").first()
    home = HomePage.objects.create(
        title="Beranda",
        draft_title="Beranda",
        slug="beranda",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/beranda/",
        locale=locale,
        live=True,
    )
    Page.objects.filter(depth=1).update(numchild=1)
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Kemenag"
    )


def remove_home_page(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_add_media_settings_and_home_page"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
