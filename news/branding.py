"""The ministry's emblem as the site uses it: the header, favicon and app icons, the web
manifest, the JSON-LD publisher logo, the feeds' image and the Open Graph fallback.

Every raster use is a rendition of the logo image in the site settings (or the bundled
placeholder when there is none), with its true width and height. An SVG logo, when the settings
have one, is the header's emblem and a scalable favicon; the raster uses keep the PNG, because
Wagtail makes no raster renditions of an SVG and feeds, Open Graph and Apple's icons take none.
The addresses are cached until the settings change (the "settings" tag, bumped when the
settings or their logo image change).
"""

from __future__ import annotations

import re

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from . import images
from .caching import cached

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
SVG_LOGO_MAX_BYTES = 512 * 1024
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
# What an emblem is drawn with, as design tools export it. Anything else of SVG or XHTML
# (script, foreignObject, animation, embedded or external images) is refused rather than
# cleaned: the file is served as it was uploaded. Elements of other namespaces (an editor's own
# metadata, such as Inkscape's) are not drawn and are left in.
SVG_ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "metadata", "style", "path", "rect", "circle", "ellipse",
    "line", "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient",
    "stop", "pattern", "clipPath", "mask", "symbol", "use", "marker", "filter", "feBlend",
    "feColorMatrix", "feComposite", "feDropShadow", "feFlood", "feGaussianBlur", "feMerge",
    "feMergeNode", "feMorphology", "feOffset",
}  # fmt: skip
LOCAL_URL = re.compile(r"url\(\s*['\"]?#[\w.-]+['\"]?\s*\)")
LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(px)?\s*")

# Browser tab, Apple touch icon, Android home screen and splash screen.
ICON_SIZES = (32, 180, 192, 512)
FEED_IMAGE_SIZE = 144  # RSS 2.0: an <image> at most 144 px wide
HEADER_SPEC = "height-96"  # templates/includes/header.html
BRAND_SPECS = [*(f"max-{size}x{size}|format-png" for size in (*ICON_SIZES, FEED_IMAGE_SIZE)), HEADER_SPEC]


def _image(url: str, width: int, height: int) -> dict:
    return {"url": url, "width": width, "height": height, "type": "image/png"}


def _svg_root(data: bytes):
    """The parsed root element of an SVG logo, or ValidationError saying what is wrong with it."""
    if len(data) > SVG_LOGO_MAX_BYTES:
        raise ValidationError(_("The SVG logo is larger than 512 KB."), code="svg_too_large")
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as error:
        raise ValidationError(_("This file is not a valid SVG image."), code="svg_invalid") from error
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise ValidationError(_("This file is not a valid SVG image."), code="svg_invalid")
    for element in root.iter():
        if not isinstance(element.tag, str):  # a comment or processing instruction
            continue
        namespace, _sep, name = element.tag.rpartition("}")
        namespace = namespace.lstrip("{")
        if (namespace == SVG_NAMESPACE and name not in SVG_ELEMENTS) or namespace in ("", XHTML_NAMESPACE):
            raise ValidationError(
                _("The SVG logo may not contain <%(element)s>."), code="svg_element", params={"element": name}
            )
        for attribute, value in element.attrib.items():
            local = attribute.rpartition("}")[2]
            if local.lower().startswith("on") or (local == "href" and not value.startswith("#")):
                raise ValidationError(
                    _("The SVG logo may not contain the attribute %(attribute)s."),
                    code="svg_attribute",
                    params={"attribute": local},
                )
            _check_references(value)
        if name == "style":
            _check_references(element.text or "")
    return root


def _check_references(text: str) -> None:
    """Refuses CSS or attribute text that loads anything but the logo's own parts."""
    lowered = text.lower()
    if "@import" in lowered or "url(" in LOCAL_URL.sub("", lowered):
        raise ValidationError(
            _("The SVG logo may only refer to its own gradients and shapes."), code="svg_reference"
        )


def svg_size(data: bytes) -> tuple[float, float]:
    """An SVG logo's width and height: its viewBox, or its width and height in pixels."""
    root = _svg_root(data)
    box = root.get("viewBox", "").replace(",", " ").split()
    try:
        if len(box) == 4:
            width, height = float(box[2]), float(box[3])
        else:
            width, height = (
                float(LENGTH.fullmatch(root.get(name, "")).group(1)) for name in ("width", "height")
            )
        if width <= 0 or height <= 0:
            raise ValueError("an empty drawing")
    except (ValueError, AttributeError) as error:
        raise ValidationError(
            _("The SVG logo needs a viewBox (or a width and height in pixels)."), code="svg_size"
        ) from error
    return width, height


def read_svg(field_file) -> bytes:
    """The bytes of an uploaded or stored SVG logo (a stored one is closed again)."""
    if field_file._committed:
        with field_file.storage.open(field_file.name, "rb") as handle:
            return handle.read(SVG_LOGO_MAX_BYTES + 1)
    upload = field_file.file
    upload.seek(0)
    try:
        return upload.read(SVG_LOGO_MAX_BYTES + 1)
    finally:
        upload.seek(0)


def validate_svg_logo(field_file) -> None:
    """The SVG logo field's validator: a well-formed SVG drawn with shapes and text only, with a
    size, at most 512 KB. A file stored before was checked when it was uploaded: saving the
    settings again does not read it (it may be missing from a restored media folder)."""
    if field_file._committed:
        return
    svg_size(read_svg(field_file))


def _svg(site_settings) -> dict | None:
    """The SVG logo as the header shows it (96 px high at 2×) and as a favicon, or None."""
    field_file = getattr(site_settings, "logo_svg", None)
    if not field_file:
        return None
    try:
        width, height = svg_size(read_svg(field_file))
    except (ValidationError, OSError):  # gone from disk, or saved before the rules: the PNG is used
        return None
    header_height = int(HEADER_SPEC.removeprefix("height-"))
    return {"url": field_file.url, "width": round(header_height * width / height), "height": header_height}


def _read(site_settings) -> dict:
    brand = _read_raster(site_settings)
    svg = _svg(site_settings)
    if svg is not None:
        brand["header"] = svg
        brand["svg"] = {"url": svg["url"], "type": "image/svg+xml"}
    return brand


def _read_raster(site_settings) -> dict:
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
    (url, width, height); with an SVG logo also "svg" (url, type)."""
    key = (site_settings.pk, site_settings.logo_id, site_settings.logo_svg.name or "")
    return cached("brand", key, lambda: _read(site_settings), tags=["settings"])
