"""Image filter specs parsed once per process.

Wagtail parses a filter spec ("fill-400x225|format-webp") into operation objects every time a
`Filter` is made, and `{% picture %}` makes one per rendition it looks for: six per card, so 180
parses on the front page, each validating its arguments with `inspect.getcallargs` (a fifth of
the front page's time with every cache empty). The operations are a pure function of the spec
(the registered operations are fixed at start-up), and Wagtail only reads them, so the parsed
list is kept per spec, like Django keeps compiled templates. Rendition rows, files and their
cache entries are untouched.
"""

import itertools
from functools import lru_cache

from django.utils.functional import cached_property
from wagtail.images.models import Filter

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


# The renditions an article page shows of its photo and of its reading-block cards' photos, as
# templates/news/article_page.html and templates/includes/article_card.html ask for them (and
# ArticlePage's share images). Only these are read with the cards: a spec missing here would
# be looked up on its own (tests/news/test_query_budgets.py counts the queries).
ARTICLE_PAGE_SPECS = (
    *expand("format-{avif,webp,jpeg}", "width-{480,800,1200}"),
    *expand("format-{avif,webp,jpeg}", "fill-{400x225,800x450}"),
)
