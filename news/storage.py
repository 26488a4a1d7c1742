"""Where uploaded files are kept: Django's FileSystemStorage, with a faster `url()`.

A page with every cache empty asks for about a hundred file addresses (six per card photo: two
widths in three formats), and Django builds each with `urllib.parse.urljoin`, which parses the
base and the name and resolves dot segments: a twentieth of an uncached article. A stored name
that `filepath_to_uri` turns into plain segments (no empty, `.` or `..` segment: what Wagtail
and Django make) joined to a base address ending in `/` is the base followed by the name, which
is what `urljoin` gives; anything else goes through `urljoin` as before
(tests/news/test_storage.py compares the two).
"""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri

PROBE = "images/a.jpg"


class MediaStorage(FileSystemStorage):
    _plain_base = None  # the last base_url found to join plainly

    def _joins_plainly(self, base: str | None) -> bool:
        """Whether `urljoin(base, name)` is `base + name` for a plain name (MEDIA_URL may change
        under override_settings: the base is checked again when it does)."""
        if base is None or not base.endswith("/"):
            return False
        if base != self._plain_base:
            if super().url(PROBE) != base + PROBE:
                return False
            self._plain_base = base
        return True

    def url(self, name):
        base = self.base_url
        if name is None or not self._joins_plainly(base):
            return super().url(name)
        path = filepath_to_uri(name).lstrip("/")
        segments = path.split("/")
        if "" in segments[:-1] or "." in segments or ".." in segments:
            return super().url(name)
        return base + path
