"""Image filter specs parsed once per process.

Wagtail parses a filter spec ("fill-400x225|format-webp") into operation objects every time a
`Filter` is made, and `{% picture %}` makes one per rendition it looks for: six per card, so 180
parses on the front page, each validating its arguments with `inspect.getcallargs` (a fifth of
the front page's time with every cache empty). The operations are a pure function of the spec
(the registered operations are fixed at start-up), and Wagtail only reads them, so the parsed
list is kept per spec, like Django keeps compiled templates. Rendition rows, files and their
cache entries are untouched.
"""

import html
import itertools
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from django.apps import apps
from django.db.models import Prefetch, Q
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from wagtail.images import get_image_model
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from .queries import compiled

_parse = Filter.operations.func


@lru_cache(maxsize=512)
def _operations(spec: str) -> tuple:
    return tuple(_parse(Filter(spec)))


def operations(self) -> list:
    return list(_operations(self.spec))


def parse_filter_specs_once() -> None:
    if Filter.__dict__["operations"].func is not operations:
        Filter.operations = cached_property(operations)
        Filter.operations.__set_name__(Filter, "operations")


@lru_cache(maxsize=128)
def expand(*operations: str) -> tuple[str, ...]:
    """The filter specs `{% picture %}` makes of its operations: expand("format-{avif,jpeg}",
    "width-{480,800}") gives "format-avif|width-480", "format-avif|width-800", ..."""

    def choices(operation: str) -> list[str]:
        name, _, value = operation.partition("-")
        if value.startswith("{") and value.endswith("}"):
            return [f"{name}-{choice}" for choice in value[1:-1].split(",")]
        return [operation]

    return tuple("|".join(combination) for combination in itertools.product(*map(choices, operations)))


# The renditions an article page shows of its photo (templates/news/article_page.html) and of
# its reading-block cards' photos (templates/includes/article_card.html). Only these are read
# with the cards: a spec missing here would be looked up on its own
# (tests/news/test_query_budgets.py counts the queries).
HERO_SPECS = tuple(expand("format-{avif,webp,jpeg}", "width-{480,800,1200}"))
CARD_SPECS = tuple(expand("format-{avif,webp,jpeg}", "fill-{400x225,800x450}"))
# The front page's headline photo (templates/home/home_page.html).
HEADLINE_SPECS = tuple(expand("format-{avif,webp,jpeg}", "fill-{640x360,960x540,1280x720}"))


@lru_cache(maxsize=512)
def _filter(spec: str) -> Filter:
    return Filter(spec)


class ShownRendition:
    """A rendition as a page shows it, made from its row: the address, size and alt text that
    `{% picture %}` (FastPicture), the share images and the emblem read of a Wagtail rendition.
    A model instance per rendition (about 100 on an article, 200 on the front page) and
    Wagtail's lookup among them were a fifth of an uncached page."""

    __slots__ = ("image", "filter_spec", "url", "width", "height")

    def __init__(self, image, filter_spec: str, url: str, width: int, height: int):
        self.image = image
        self.filter_spec = filter_spec
        self.url = url
        self.width = width
        self.height = height

    @property
    def alt(self) -> str:
        """AbstractRendition.alt: an ImageBlock's decorative or contextual text, else the image's."""
        if getattr(self.image, "decorative", False):
            return ""
        return getattr(self.image, "contextual_alt_text", None) or self.image.default_alt_text


def prefetch_renditions(wanted: Iterable[tuple[object, Iterable[str]]]) -> None:
    """Read the renditions of each (image, specs) pair, and only those, in one query.

    A photo has about 20 renditions (cards, hero, headline, share images, admin thumbnails)
    and a page shows a few of them. They are read as rows (`renditions(image, specs)` turns
    them into ShownRendition); a spec left out here, or a rendition not made yet, is looked up
    and made by Wagtail, as without this.
    """
    specs_by_image = defaultdict(set)
    images = []
    for image, specs in wanted:
        if image is not None:
            images.append(image)
            specs_by_image[image.pk].update(specs)
    if not images:
        return
    images_by_specs = defaultdict(list)
    for pk, specs in specs_by_image.items():
        images_by_specs[tuple(sorted(specs))].append(pk)
    groups = sorted(images_by_specs.items())

    def build(**pks):
        condition = Q()
        for number, (specs, _pks) in enumerate(groups):
            condition |= Q(image_id__in=pks[f"images{number}"], filter_spec__in=specs)
        return (
            get_image_model()
            .get_rendition_model()
            .objects.filter(condition)
            .order_by()
            .values_list("image_id", "filter_spec", "focal_point_key", "file", "width", "height")
        )

    # Built and compiled once per set of specs and numbers of images (news.queries).
    found = compiled(
        "renditions",
        tuple(specs for specs, _pks in groups),
        build,
        **{f"images{number}": sorted(pks) for number, (_specs, pks) in enumerate(groups)},
    )
    rows = defaultdict(list)
    for image_id, *row in found:
        rows[image_id].append(row)
    for image in images:
        by_spec = image.__dict__.setdefault("_rendition_rows", {})
        for spec, focal_point_key, name, width, height in rows.get(image.pk, ()):
            by_spec.setdefault(spec, {})[focal_point_key] = (name, width, height)


def has_read_renditions(image) -> bool:
    """Whether the image's renditions were read with a page's others (prefetch_renditions)."""
    prefetched = getattr(image, "_prefetched_objects_cache", {})
    return "_rendition_rows" in image.__dict__ or "renditions" in prefetched


def renditions(image, specs: Iterable[str]) -> dict:
    """What `get_renditions_or_not_found(image, specs)` gives, keyed by spec, from the rows
    prefetch_renditions read when they hold every spec for the image's current focal point
    (the rendition Wagtail itself would pick); otherwise from Wagtail, which reads the missing
    ones or makes them."""
    specs = list(specs)
    rows = image.__dict__.get("_rendition_rows")
    if rows is not None:
        storage = None
        shown = {}
        for spec in specs:
            # A spec with preserve-svg means another spec for an SVG: Wagtail cleans it.
            found = {} if "preserve-svg" in spec else rows.get(spec, {})
            row = found.get(_filter(spec).get_cache_key(image))
            if row is None:
                break
            if storage is None:
                storage = type(image).get_rendition_model()._meta.get_field("file").storage
            name, width, height = row
            shown[spec] = ShownRendition(image, spec, storage.url(name), width, height)
        else:
            return shown
    return get_renditions_or_not_found(image, specs)


def rendition_of(image, spec: str):
    """`image.get_rendition(spec)` without writing it back to Wagtail's rendition cache when it
    was prefetched: `get_rendition` stores every rendition it returns, pickled with its image
    and the image's prefetched renditions; `get_renditions` skips those it found prefetched."""
    return image.get_renditions(spec)[spec]


class SomeRenditions(Prefetch):
    """Prefetch only the renditions matching `condition` (e.g. `Q(filter_spec__in=...)`).

    Wagtail takes the prefetched renditions as all there are, and so would make a missing spec
    again; it looks one up with `image.renditions.get_or_create()`. With a plain Prefetch
    queryset that lookup runs on the filtered queryset, misses the existing row and fails on
    the unique constraint (a 500). Here only the read is filtered: `image.renditions` stays
    every rendition of the image, so a spec a page forgot costs a query, not an error.
    """

    def __init__(self, lookup: str, condition: Q):
        super().__init__(lookup)
        self.wanted = get_image_model().get_rendition_model().objects.filter(condition)

    def get_current_querysets(self, level):
        if self.get_current_prefetch_to(level) == self.prefetch_to:
            return [self.wanted]
        return None


def escaped(value) -> str:
    """Django's `conditional_escape` without its lazy-string wrapper (a fifth of a card's
    picture): `__html__` if the value has one, else `html.escape`, as `escape` does."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def flat_attributes(attrs: dict) -> str:
    """Django's `flatatt` (sorted, escaped, booleans as bare names), in one pass of plain string
    formatting: `format_html_join` was half of a card's picture."""
    pairs = sorted(
        (key, value) for key, value in attrs.items() if value is not None and not isinstance(value, bool)
    )
    flags = sorted(key for key, value in attrs.items() if value is True)
    return "".join(f' {html.escape(key)}="{escaped(value)}"' for key, value in pairs) + "".join(
        f" {html.escape(key)}" for key in flags
    )


class FastPicture(Picture):
    """Wagtail's `Picture` with the same markup, written without `format_html` per attribute
    (tests/news/test_images.py compares the two for every card's photo)."""

    def img_tag(self, rendition, attrs: dict) -> str:
        merged = {
            "src": rendition.url,
            "width": rendition.width,
            "height": rendition.height,
            "alt": rendition.alt,
        }
        merged.update(apps.get_app_config("wagtailimages").default_attrs)
        merged.update(attrs)
        return f"<img{flat_attributes(merged)}>"

    def __html__(self):
        attrs = dict(self.attrs or {})
        if not self.formats:
            if len(self.renditions) > 1:
                attrs["srcset"] = self.get_width_srcset(self.renditions)
            return mark_safe(f"<picture>{self.img_tag(self.renditions[0], attrs)}</picture>")  # noqa: S308 - escaped above
        fallback_format = self.get_fallback_format()
        fallback = self.formats[fallback_format]
        sources = [
            "<source{}>".format(
                flat_attributes(
                    {
                        "srcset": self.get_width_srcset(self.formats[fmt.name]),
                        "sizes": attrs.get("sizes"),
                        "type": fmt.mime_type,
                    }
                )
            )
            for fmt in self.source_format_order
            if fmt.name != fallback_format and fmt.name in self.formats
        ]
        if len(fallback) > 1:
            attrs["srcset"] = self.get_width_srcset(fallback)
        return mark_safe(f"<picture>{''.join(sources)}{self.img_tag(fallback[0], attrs)}</picture>")  # noqa: S308 - escaped above


def picture(image, specs: list[str], **attrs) -> str:
    """`{% picture image <specs> attr=... %}` as FastPicture: the same renditions, the same HTML."""
    if not image:
        return ""
    return FastPicture(renditions(image, specs), attrs).__html__()
