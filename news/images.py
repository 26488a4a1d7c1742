"""Image filter specs parsed once per process.

Wagtail parses a filter spec ("fill-400x225|format-webp") into operation objects every time a
`Filter` is made, and `{% picture %}` makes one per rendition it looks for: six per card, so 180
parses on the front page, each validating its arguments with `inspect.getcallargs` (a fifth of
the front page's time with every cache empty). The operations are a pure function of the spec
(the registered operations are fixed at start-up), and Wagtail only reads them, so the parsed
list is kept per spec, like Django keeps compiled templates. Rendition rows, files and their
cache entries are untouched.
"""

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
