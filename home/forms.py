"""The document upload form: a file must be what its extension says, within its kind's size."""

import zipfile

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

MB = 1024 * 1024
# What the first bytes of each accepted kind are, and how large one may be.
ZIP_KINDS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/", "odt": "mimetype", "zip": ""}
MAX_SIZE = {"pdf": 20 * MB, "docx": 20 * MB, "xlsx": 20 * MB, "pptx": 20 * MB, "odt": 20 * MB, "zip": 20 * MB}
MAX_TEXT_SIZE = 5 * MB


def content_matches(extension: str, upload) -> bool:
    """Whether the uploaded file's content is a file of the kind its extension names."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "rtf":
        return head.startswith(b"{\\rtf")
    if extension in ("txt", "csv"):  # text in any encoding: no NUL bytes, as in every binary format
        return b"\x00" not in head
    if extension in ZIP_KINDS:
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError):
            return False
        finally:
            upload.seek(0)
        marker = ZIP_KINDS[extension]
        return not marker or any(name.startswith(marker) for name in names)
    return False


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or not hasattr(upload, "seek") or getattr(upload, "_committed", False):
            return upload  # no new file on this save
        extension = upload.name.rsplit(".", 1)[-1].lower()
        limit = MAX_SIZE.get(extension, MAX_TEXT_SIZE)
        if upload.size > limit:
            raise forms.ValidationError(
                _("This %(kind)s file is %(size)s; at most %(limit)s is allowed."),
                params={
                    "kind": extension.upper(),
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(limit),
                },
            )
        if not content_matches(extension, upload):
            raise forms.ValidationError(
                _("This file is not a real %(kind)s file: its content does not match its name."),
                params={"kind": extension.upper()},
            )
        return upload
