"""Wagtail's document view hands its bytes to nginx, like news.embargo.serve_media.

`SENDFILE_BACKEND` for wagtail.utils.sendfile: with `WARTA_SENDFILE` on, an empty answer with
`X-Accel-Redirect` to the file under `WARTA_SENDFILE_PREFIX` (news.embargo.sendfile); off, the
bytes streamed from Python as Wagtail does without a backend. Wagtail's serve view has decided
by then (its filename check, the collection's view restrictions, Warta's embargo hook);
`serve_document` removes what Wagtail adds for a body it no longer has.
"""

from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_safe
from wagtail.documents.views.serve import serve
from wagtail.utils import sendfile_streaming_backend

from news import embargo


def sendfile(request, filename, **kwargs):
    if not settings.WARTA_SENDFILE:
        return sendfile_streaming_backend.sendfile(request, filename, **kwargs)
    try:
        path = Path(filename).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve())
    except ValueError as error:  # not an upload
        raise Http404 from error
    return embargo.sendfile(path.as_posix())


@require_safe
def serve_document(request, document_id: int, document_filename: str):
    """Wagtail's `/documents/<id>/<name>` view, its answer fit for nginx's X-Accel-Redirect."""
    response = serve(request, document_id, document_filename)
    if response.has_header("X-Accel-Redirect"):
        # The file's length, from Wagtail, for an empty body: nginx sets the real one.
        del response["Content-Length"]
    if response.get("Content-Encoding") == "None":  # Wagtail's sendfile writes a missing one so
        del response["Content-Encoding"]
    return response
