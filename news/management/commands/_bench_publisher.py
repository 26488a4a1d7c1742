"""The newsroom scenario's editor for `make bench`: publishes every few seconds, as the admin does.

Run in a process of its own (`manage.py bench --publisher ...`, started by the bench), so that
what a publication sets off (signals, cache invalidation, on-commit callbacks) happens in
another process than the web workers, as in production. Publications alternate: a new article
in Nasional (added to the tree, a revision saved, `revision.publish()`, as the admin's
"Publish" on a new page), then an edit of its title (a new revision, published). After each one,
the home page is read as an anonymous reader until the new title is on it: the seconds from the
publication's commit until then are "publish to visible".

The articles made here carry slugs starting with `bench-terbit-` and are deleted at the end (and
at the start, should an earlier run have stopped half-way), so the bench database stays as built.
"""

from __future__ import annotations

import secrets
import ssl
import time
from html import escape
from urllib.request import urlopen

SLUG_PREFIX = "bench-terbit-"
POLL_SECONDS = 0.05
EDITOR = "bench-editor"


def run(
    port: int, start_at: float, until: float, every: float, give_up: float, base_url: str | None = None
) -> dict:
    """Publish every `every` s from `start_at` + `every` / 2 until `until` (epoch seconds); the
    home page read at `base_url` (default: the bench server at `port`)."""
    from django.contrib.auth import get_user_model
    from django.utils.text import slugify

    from news.models import ArticlePage, CategoryIndexPage

    user, _made = get_user_model().objects.get_or_create(
        username=EDITOR, defaults={"is_superuser": True, "is_staff": True, "email": "bench@example.invalid"}
    )
    remove_leftovers()
    parent = CategoryIndexPage.objects.live().get(slug="nasional")
    model = (
        ArticlePage.objects.live()
        .public()
        .filter(withdrawn_at__isnull=True)
        .order_by("-published_at")
        .first()
    )
    token = secrets.token_hex(3)
    events, page = [], None
    moment = start_at + every / 2
    number = 0
    while moment < until - 1:
        time.sleep(max(0.0, moment - time.time()))
        number += 1
        title = f"Kabar Redaksi Uji Beban {token} Nomor {number}"
        started = time.monotonic()
        if page is None or number % 2:
            kind = "create"
            page = ArticlePage(
                live=False,  # a draft until its revision is published, as the admin creates it
                title=title,
                slug=f"{SLUG_PREFIX}{token}-{number}-{slugify(title)[:40]}",
                lead=model.lead,
                body=model.body,
                hero_image=model.hero_image,
                dateline=model.dateline,
                editor=model.editor,
            )
            page.service_areas = list(model.service_areas.all())
            page.tags.set(list(model.tags.all()))
            parent.add_child(instance=page)
            revision = page.save_revision(user=user, log_action=True)
            revision.publish(user=user)
        else:
            kind = "edit"
            page = ArticlePage.objects.get(pk=page.pk)
            page.title = page.draft_title = title
            revision = page.save_revision(user=user, log_action=True)
            revision.publish(user=user)
        committed = time.monotonic()
        visible = wait_until_visible(base_url or f"http://127.0.0.1:{port}", title, give_up)
        events.append(
            {
                "number": number,
                "kind": kind,
                "publish_seconds": round(committed - started, 3),
                "visible_seconds": None if visible is None else round(visible, 3),
                "at": round(time.time() - start_at, 1),
            }
        )
        moment += every
    remove_leftovers()
    return {"every_seconds": every, "give_up_seconds": give_up, "publications": events}


def wait_until_visible(base_url: str, title: str, give_up: float) -> float | None:
    """Seconds until the home page shows `title`, read as an anonymous reader; None after `give_up`.
    (An https `base_url` is the stack's own, self-signed: its certificate is not checked.)"""
    started = time.monotonic()
    needle = escape(title, quote=False).encode()
    context = ssl._create_unverified_context() if base_url.startswith("https:") else None  # noqa: S323
    while time.monotonic() - started < give_up:
        try:
            with urlopen(f"{base_url}/", timeout=give_up, context=context) as response:  # noqa: S310
                if needle in response.read():
                    return time.monotonic() - started
        except OSError:
            pass
        time.sleep(POLL_SECONDS)
    return None


def remove_leftovers() -> None:
    from wagtail.models import Page

    for page in Page.objects.filter(slug__startswith=SLUG_PREFIX):
        page.delete()
