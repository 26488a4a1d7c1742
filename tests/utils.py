"""Shared builders for tests: a small page tree, articles made like an editor makes them, and the
article editor's form as it posts them."""

import io
import threading
from datetime import timedelta
from html import escape
from http.server import ThreadingHTTPServer

from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage, SiteSettings
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
    # A real site has its settings: their first read would create them (a change) mid-test.
    SiteSettings.objects.get_or_create(site=Site.objects.get())
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


def article_form_data(title: str = "Berita uji", action: str | None = None, **overrides) -> dict:
    """The article editor's form as the browser posts it: `title` (the slug made from it), a lead, a
    dateline and a one-paragraph body; every other field empty.

    `overrides` replace fields before the form data is flattened, so they take the shapes of
    wagtail.test.utils.form_data (`streamfield(...)`, `inline_formset(...)`); a `body` given as a
    string is one paragraph of that rich text, with a new paragraph key (stored as data-block-key)
    each call: a test that posts the same body twice and needs it to be the same content passes one
    `streamfield(...)` built once. `action` is the button pressed ("action-submit",
    "action-publish", ...); without one the post is a plain save of a draft.
    """
    body = overrides.pop("body", "<p>Isi.</p>")
    if isinstance(body, str):
        body = streamfield([("paragraph", rich_text(body))])
    data = nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "lead": "Teras berita.",
            "dateline": "Jakarta",
            "hero_image": "",
            "hero_caption": "",
            "body": body,
            "editor": "",
            "photographer": "",
            "reporters": inline_formset([]),
            "work_unit_links": inline_formset([]),
            "tags": "",
            "related_links": inline_formset([]),
            "corrections": streamfield([]),
            "attachments": streamfield([]),
            "comments": inline_formset([]),
            **overrides,
        }
    )
    if action:
        data[action] = "1"
    return data


class LoopbackServer:
    """An HTTP server for one test on a free port of 127.0.0.1, serving `handler` in threads
    while the `with` block runs; `url` is its address."""

    def __init__(self, handler):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
