"""The ministry's emblem as the site uses it: favicon and app icons, the web manifest, the JSON-LD
publisher logo, the feeds' image and the Open Graph fallback.

Every use is a rendition of the emblem in the site settings (or the bundled placeholder when
there is none), with its true width and height. The renditions' addresses are cached until the
settings change (the "settings" tag, bumped when the settings or their logo image change).
"""

from __future__ import annotations

from django.templatetags.static import static

from . import images
from .caching import cached

# Browser tab, Apple touch icon, Android home screen and splash screen.
ICON_SIZES = (32, 180, 192, 512)
FEED_IMAGE_SIZE = 144  # RSS 2.0: an <image> at most 144 px wide
HEADER_SPEC = "height-96"  # templates/includes/header.html
BRAND_SPECS = [*(f"max-{size}x{size}|format-png" for size in (*ICON_SIZES, FEED_IMAGE_SIZE)), HEADER_SPEC]


def _image(url: str, width: int, height: int) -> dict:
    return {"url": url, "width": width, "height": height, "type": "image/png"}


def _read(site_settings) -> dict:
    logo = getattr(site_settings, "logo", None)
    if logo is None:
        # The bundled placeholders, at their true sizes.
        icon = _image(static("img/favicon.png"), 32, 32)
        big = _image(static("img/logo.png"), 144, 144)
        return {"icons": {32: icon, 180: big, 192: big, 512: big}, "logo": big, "feed": big}
    if not images.has_read_renditions(logo):
        # Every rendition of the emblem a page asks for, the header's too, in one query (an
        # article reads them with its cards' renditions: ArticlePage.reading_cards).
        images.prefetch_renditions([(logo, BRAND_SPECS)])
    # Not `get_rendition` per spec: it stores every rendition it returns in Wagtail's
    # rendition cache, pickled with the emblem and all its renditions (a twentieth of an
    # uncached page), although all of them were just read.
    renditions = images.renditions(logo, BRAND_SPECS)
    icons = {}
    for size in ICON_SIZES:
        rendition = renditions[f"max-{size}x{size}|format-png"]
        icons[size] = _image(rendition.url, rendition.width, rendition.height)
    feed = renditions[f"max-{FEED_IMAGE_SIZE}x{FEED_IMAGE_SIZE}|format-png"]
    header = renditions[HEADER_SPEC]
    return {
        "icons": icons,
        "logo": icons[512],
        "feed": _image(feed.url, feed.width, feed.height),
        "header": {"url": header.url, "width": header.width, "height": header.height},
    }


def brand_images(site_settings) -> dict:
    """{"icons": {size: image}, "logo": image, "feed": image}; each image a dict of url (site
    relative), width, height and type; with a logo also "header": the site header's emblem
    (url, width, height)."""
    return cached(
        "brand", (site_settings.pk, site_settings.logo_id), lambda: _read(site_settings), tags=["settings"]
    )
