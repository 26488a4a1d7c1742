"""Embargo: nothing of an unpublished article reaches the public before its go-live time.

Pages themselves are kept out by `.live()` queries. Their files need more. The rule for a photo
or document:

- It is public once a live, public page uses it, or something other than a page does (the
  site logo in the settings): a central photo that many live articles use stays public, even
  when a draft or a scheduled release takes it up as well.
- Until then it is withheld (uploaded ahead of a release, used only by drafts, scheduled pages
  or a draft change of a live page).
- The first page to use a file that is not public yet holds it (`held_for`, set when a revision
  of that page is saved). While that page has not been published the file stays withheld,
  whatever other page uses it: attaching an embargoed release's PDF or photo to a live article
  does not release it early. The hold ends when its page is published (whether or not it still
  uses the file) or deleted; from then on the first rule applies. A file uploaded for article A
  and then used by a live article B stays withheld until A is published, or until A no longer
  holds it.
- Only the page's own office holds: a regional draft that takes up a file of the shared root
  collection does not hold it (the centre's articles would lose it), a central release does.
- Admin forms refuse a file held for another page unless the user may edit that page
  (news.references), so the case above is the newsroom's own choice, never another office's.

Who gets a withheld file: editors who may choose or change it under the collection rules
(home.permissions: their office's collection and the shared root collection; the centre has
them all), and a journalist holding a working preview link for a page that uses it. A file on
disk that no image or document owns (left by an interrupted import) is never served.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import SuspiciousFileOperation
from django.db.models import IntegerField
from django.db.models.functions import Cast
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils._os import safe_join
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page, ReferenceIndex
from wagtail.permissions import policy_registry

from home.models import SiteSettings

from .caching import file_tags
from .models import PreviewLink, public_q
from .references import DOCUMENT, IMAGE, referenced_files

PREVIEW_COOKIE = "warta_preview"
PREVIEW_SALT = "warta.preview-link"
PREVIEW_COOKIE_SECONDS = 24 * 60 * 60
PUBLIC_MEDIA_SECONDS = 60 * 60
# Shown in the browser; everything else (a .txt or .html upload among them) is downloaded.
INLINE_CONTENT_TYPES = ("image/", "application/pdf")


def withheld_for(obj) -> set[int] | None:
    """None when `obj` (an image, a document, or the site settings for their SVG logo) is public,
    else the pages that may show it.

    Held for a page not yet published: withheld. Otherwise public once a live, public page
    uses it, or something other than a page (the site logo in the settings).
    """
    if isinstance(obj, SiteSettings):  # their SVG logo: the site's own, always public
        return None
    references = ReferenceIndex.get_references_to(obj)
    page_type = ContentType.objects.get_for_model(Page)
    page_references = references.filter(base_content_type=page_type)
    if obj.held_for_id is None and used_in_public(obj, references, page_references, page_type):
        return None
    page_ids = {int(pk) for pk in page_references.values_list("object_id", flat=True)}
    return page_ids | {obj.held_for_id} if obj.held_for_id is not None else page_ids


def used_in_public(obj, references, page_references, page_type) -> bool:
    """Whether a live, public page uses `obj`, or something other than a page does.

    Asked in the database: a central photo that 5,000 articles use would otherwise be 5,000
    ids in a query of their own (1.9 s of each publication at 100,000 articles).
    """
    page_ids = page_references.annotate(page_id=Cast("object_id", IntegerField())).values("page_id")
    if Page.objects.filter(pk__in=page_ids).live().filter(public_q()).exists():
        return True
    if references.exclude(base_content_type=page_type).exists():
        return True
    return isinstance(obj, get_image_model()) and SiteSettings.objects.filter(logo=obj).exists()


def hold_files(page) -> None:
    """`page` (as a revision of it has it) holds the files it uses that are not public yet."""
    files = referenced_files(page)
    for model, pks in ((get_image_model(), files[IMAGE]), (get_document_model(), files[DOCUMENT])):
        pks = [pk for pk in pks if pk.isdigit()]
        if not pks:
            continue
        free = model.objects.filter(pk__in=pks, held_for__isnull=True).select_related("collection")
        held = [obj.pk for obj in free if may_hold(page, obj) and withheld_for(obj) is not None]
        if held:
            model.objects.filter(pk__in=held, held_for__isnull=True).update(held_for=page.pk)


def may_hold(page, obj) -> bool:
    """Whether the office a page belongs to owns the file's collection.

    The page's office is the groups with rights on the deepest section above it (a regional
    office below the centre). A regional draft that takes up a photo of the shared root
    collection does not hold it: it would keep the centre's own articles from showing it.
    """
    paths = [page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)]
    rights = list(
        GroupPagePermission.objects.filter(page__path__in=paths).values_list("group_id", "page__depth")
    )
    if not rights:
        return True
    deepest = max(depth for _group, depth in rights)
    groups = {group for group, depth in rights if depth == deepest}
    collections = GroupCollectionPermission.objects.filter(group__in=groups).values_list(
        "collection__path", flat=True
    )
    return any(obj.collection.path.startswith(path) for path in collections)


def release_files(page) -> None:
    """`page` is published: the files it held follow the other rules from now on."""
    for model in (get_image_model(), get_document_model()):
        model.objects.filter(held_for=page.pk).update(held_for=None)


def may_have(user, obj) -> bool:
    """Whether an editor may have a withheld file: one they may choose or change."""
    if not (user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin")):
        return False
    policy = policy_registry.get_by_type(type(obj))
    return policy.user_has_any_permission_for_instance(user, ["choose", "change"], obj)


def preview_token(request) -> str | None:
    try:
        return signing.loads(request.COOKIES.get(PREVIEW_COOKIE, ""), salt=PREVIEW_SALT)
    except signing.BadSignature:
        return None


def may_download(request, obj) -> tuple[bool, bool]:
    """(allowed, withheld): whether this request may have the file, and whether it is private."""
    page_ids = withheld_for(obj)
    if page_ids is None:
        return True, False
    if may_have(request.user, obj):
        return True, True
    token = preview_token(request)
    if token and page_ids:
        link = PreviewLink.objects.select_related("page").filter(token=token, page_id__in=page_ids).first()
        if link is not None and link.is_usable:
            return True, True
    return False, True


def object_for_media_path(path: str):
    """The image or document a file under MEDIA_ROOT belongs to (original or rendition), or the
    site settings whose SVG logo it is."""
    image_model = get_image_model()
    if path.startswith("original_images/"):
        return image_model.objects.filter(file=path).first()
    if path.startswith("images/"):
        rendition = (
            image_model.get_rendition_model().objects.filter(file=path).select_related("image").first()
        )
        return rendition.image if rendition else None
    if path.startswith("documents/"):
        return get_document_model().objects.filter(file=path).first()
    if path.startswith("branding/"):  # an SVG logo (news.branding)
        return SiteSettings.objects.filter(logo_svg=path).first()
    return None


def canonical_media_path(path: str) -> str | None:
    """The file's path relative to MEDIA_ROOT, or None when `path` is not that path itself.

    "documents//a.pdf", "documents/./a.pdf", "x/../documents/a.pdf" and "documents/a.pdf/"
    all name documents/a.pdf on disk; a decision made on the raw address would find no row for
    them and let the file through. Only the canonical address is served.
    """
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        relative = Path(safe_join(root, path)).resolve().relative_to(root).as_posix()
    except (SuspiciousFileOperation, ValueError, OSError):  # outside the folder, or a name too long
        return None
    return relative if relative == path else None


@require_safe
def serve_media(request, path: str):
    """Uploaded files: only those that belong to an image or document, held back while only
    unpublished pages use them, with the protections of Wagtail's document view."""
    path = canonical_media_path(path)
    obj = object_for_media_path(path) if path else None
    if obj is None:  # a path variant, or a file no row owns (left by an interrupted import)
        raise Http404
    allowed, withheld = may_download(request, obj)
    if not allowed:
        raise Http404
    try:
        if settings.WARTA_SENDFILE:
            response = sendfile(path)
        else:
            response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:
        raise Http404 from error
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    if not response.get("Content-Type", "").startswith(INLINE_CONTENT_TYPES):
        response["Content-Disposition"] = "attachment"
    if withheld:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MEDIA_SECONDS)
        # A cache in front keeps the answer until one of these changes (news.caching).
        response["Surrogate-Key"] = " ".join(sorted(file_tags(obj)))
    return response


def sendfile(path: str):
    """An empty answer that tells nginx to send the file itself (X-Accel-Redirect to its internal
    WARTA_SENDFILE_PREFIX location), with the headers Warta decided; 404 when the file is gone.

    nginx keeps the headers of this answer (Content-Type, Content-Disposition, Cache-Control,
    the Content-Security-Policy) and adds the length, Last-Modified and ranges itself.
    """
    full_path = Path(settings.MEDIA_ROOT) / path
    if not full_path.is_file():
        raise Http404
    content_type, encoding = mimetypes.guess_type(str(full_path))
    response = HttpResponse(content_type=content_type or "application/octet-stream")
    if encoding:
        response["Content-Encoding"] = encoding
    response["X-Accel-Redirect"] = settings.WARTA_SENDFILE_PREFIX + quote(path)
    return response


def check_document_embargo(document, request):
    """`before_serve_document` hook: documents of unpublished pages are not served."""
    allowed, _withheld = may_download(request, document)
    if not allowed:
        raise Http404


@require_safe
def preview(request, token: str):
    """A release as journalists see it before the embargo, through a secret link."""
    link = PreviewLink.objects.select_related("page").filter(token=token).first()
    if link is None or not link.is_usable:
        response = TemplateResponse(request, "news/preview_link_expired.html", status=404)
        add_never_cache_headers(response)
        return response
    # The approved version waiting for its go-live time, not a later draft or one in review.
    page = link.page.get_scheduled_revision_as_object()
    request.preview_link = link
    response = page.serve_preview(request, page.default_preview_mode)
    response.set_cookie(
        PREVIEW_COOKIE,
        signing.dumps(token, salt=PREVIEW_SALT),
        max_age=PREVIEW_COOKIE_SECONDS,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The token is in the address: never send it to other sites as a referrer.
    response["Referrer-Policy"] = "no-referrer"
    return response
