from django.db import migrations, models
from django.db.models import Case, OuterRef, Subquery, When


def fill_listed_paths(apps, schema_editor):
    """What news.listing.sync writes, for the articles that exist."""
    ArticlePage = apps.get_model("news", "ArticlePage")
    Page = apps.get_model("wagtailcore", "Page")
    live_path = Page.objects.filter(pk=OuterRef("pk"), live=True).values("path")[:1]
    ArticlePage.objects.update(
        listed_path=Case(When(withdrawn_at__isnull=True, then=Subquery(live_path)), default=None)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0013_add_most_read_rankings"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.AddField(
            model_name="articlepage",
            name="listed_path",
            field=models.CharField(blank=True, editable=False, max_length=255, null=True),
        ),
        migrations.RunPython(fill_listed_paths, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="articlepage", name="article_published_idx"),
        migrations.AddIndex(
            model_name="articlepage",
            index=models.Index(fields=["-published_at", "-page_ptr", "listed_path"], name="article_listed_idx"),
        ),
    ]
