"""Shared builders for tests: a small page tree and articles made like an editor makes them."""

import io
from datetime import timedelta
from html import escape

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from home.models import HomePage
from news.models import ArticlePage, ArticleReporter, ArticleWorkUnit, CategoryIndexPage


def make_image(title="Foto uji", alt="Petugas melayani warga", caption="Keterangan bawaan", credit="Humas"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (20, 120, 60)).save(buffer, "JPEG")
    image = get_image_model()(
        title=title,
        description=alt,
        caption=caption,
        credit=credit,
        file=ImageFile(buffer, name="uji.jpg"),
    )
    image.save()
    return image


def make_category(title: str, slug: str, parent=None) -> CategoryIndexPage:
    parent = parent or HomePage.objects.get()
    page = CategoryIndexPage(title=title, slug=slug, show_in_menus=True)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_article(
    parent,
    title: str,
    *,
    days_ago: float = 0,
    publish: bool = True,
    body=None,
    service_areas=(),
    work_units=(),
    tags=(),
    reporters=(),
    **fields,
) -> ArticlePage:
    published = timezone.now() - timedelta(days=days_ago)
    page = ArticlePage(
        title=title,
        lead=fields.pop("lead", f"Teras berita {title}."),
        published_at=published,
        live=False,
        body=body if body is not None else [("paragraph", f"<p>Isi berita {escape(title)}.</p>")],
        **fields,
    )
    page.service_areas = list(service_areas)
    page.tags.set(list(tags))
    page.work_unit_links = [ArticleWorkUnit(unit=unit, sort_order=n) for n, unit in enumerate(work_units)]
    page.reporters = [ArticleReporter(person=person, sort_order=n) for n, person in enumerate(reporters)]
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        ArticlePage.objects.filter(pk=page.pk).update(
            first_published_at=published, last_published_at=published
        )
        page.refresh_from_db()
    return page
