"""Editors' actions the stack tests run inside the stack's own environment (production settings,
its database, Redis and Varnish purges): `python manage.py shell -c` with var/stack/env, the way
an application server runs them. Each prints one JSON object."""

import json
import sys
from datetime import timedelta

from django.utils import timezone
from wagtail.models import Site

from news.models import ArticlePage, CategoryIndexPage
from news.scheduling import publish_due
from tests.utils import make_article, make_image


def category():
    return CategoryIndexPage.objects.live().filter(depth=3).order_by("path").first()


def describe(page, image=None) -> dict:
    site = Site.objects.get(is_default_site=True)
    parent = page.get_parent()
    out = {"id": page.pk, "title": page.title, "url": page.relative_url(site)}
    out["category"] = parent.relative_url(site)
    if image is not None:
        out["image"] = image.file.url
        out["rendition"] = image.get_rendition("width-480").url
    return out


def publish(title: str) -> None:
    page = make_article(category(), title)
    sys.stdout.write(json.dumps(describe(page)) + "\n")


def schedule(title: str, seconds: int) -> None:
    """A release with its own photo, going live in `seconds`."""
    image = make_image(title=f"Foto {title}")
    page = make_article(category(), title, publish=False, hero_image=image)
    page = ArticlePage.objects.get(pk=page.pk)
    page.go_live_at = timezone.now() + timedelta(seconds=seconds)
    page.save_revision().publish()  # a future go-live time only schedules it
    sys.stdout.write(json.dumps(describe(page, image)) + "\n")


def document(title: str, live: bool) -> None:
    """A PDF attached to a new article, published (`live`) or a draft (the PDF then embargoed)."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    pdf = get_document_model()(title=title)
    pdf.file.save("lampiran-tumpukan.pdf", ContentFile(f"%PDF-1.4\n% {title}\n".encode()), save=False)
    pdf.save()
    attachments = [("attachment", {"document": pdf, "title": ""})]
    make_article(category(), title, publish=live, attachments=attachments)
    out = {"id": pdf.pk, "filename": pdf.filename, "url": pdf.url, "file": pdf.file.url}
    out["name"] = pdf.file.name
    sys.stdout.write(json.dumps(out) + "\n")


def editor_session() -> None:
    """A signed-in editor's session cookie (the session itself is in the database)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    editor, _ = get_user_model().objects.get_or_create(
        username="stack-editor", defaults={"is_superuser": True, "is_staff": True}
    )
    session = SessionStore()
    session[SESSION_KEY] = str(editor.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = editor.get_session_auth_hash()
    session.create()
    sys.stdout.write(json.dumps({"sessionid": session.session_key}) + "\n")


def go_live() -> None:
    sys.stdout.write(json.dumps({"published": publish_due()}, default=str) + "\n")
