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
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from wagtail.images import get_image_model
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

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


def expand(*operations: str) -> list[str]:
    """The filter specs `{% picture %}` makes of its operations: expand("format-{avif,jpeg}",
    "width-{480,800}") gives "format-avif|width-480", "format-avif|width-800", ..."""

    def choices(operation: str) -> list[str]:
        name, _, value = operation.partition("-")
        if value.startswith("{") and value.endswith("}"):
            return [f"{name}-{choice}" for choice in value[1:-1].split(",")]
        return [operation]

    return ["|".join(combination) for combination in itertools.product(*map(choices, operations))]


# The renditions an article page shows of its photo (templates/news/article_page.html) and of
# its reading-block cards' photos (templates/includes/article_card.html). Only these are read
# with the cards: a spec missing here would be looked up on its own
# (tests/news/test_query_budgets.py counts the queries).
HERO_SPECS = tuple(expand("format-{avif,webp,jpeg}", "width-{480,800,1200}"))
CARD_SPECS = tuple(expand("format-{avif,webp,jpeg}", "fill-{400x225,800x450}"))
# The front page's headline photo (templates/home/home_page.html).
HEADLINE_SPECS = tuple(expand("format-{avif,webp,jpeg}", "fill-{640x360,960x540,1280x720}"))


def prefetch_renditions(wanted: Iterable[tuple[object, Iterable[str]]]) -> None:
    """Read the renditions of each (image, specs) pair, and only those, in one query.

    A photo has about 20 renditions (cards, hero, headline, share images, admin thumbnails)
    and a page shows a few of them: reading them all made three times the objects. The specs
    must be all the page shows of that image: Wagtail takes the prefetched renditions as the
    complete list: a missing one is looked up again, or made again from the original file.
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
    condition = Q()
    for specs, pks in images_by_specs.items():
        condition |= Q(image_id__in=pks, filter_spec__in=specs)
    prefetch_related_objects(images, SomeRenditions("renditions", condition))


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


def _escaped(value) -> str:
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
    return "".join(f' {html.escape(key)}="{_escaped(value)}"' for key, value in pairs) + "".join(
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
    return FastPicture(get_renditions_or_not_found(image, specs), attrs).__html__()
