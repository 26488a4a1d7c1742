"""`make bench` only: the site's URLs plus a bare view, the ceiling every page is compared with."""

import os

from django.http import HttpResponse
from django.urls import include, path

BARE_BYTES = int(os.environ.get("BENCH_BARE_BYTES", "20000"))
BARE_PAGE = ("<!doctype html><html lang=id><title>bare</title><p>" + "x" * BARE_BYTES)[:BARE_BYTES].encode()


def bare(request):
    """A fixed page as large as the article, through the same middleware, without templates or queries."""
    response = HttpResponse(BARE_PAGE)
    response["Cache-Control"] = "no-cache"  # the same in the cold and the warm run
    return response


urlpatterns = [
    path("__bench__/bare/", bare, name="bench_bare"),
    path("", include("cms.urls")),
]
