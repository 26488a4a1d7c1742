"""`make bench-stack`: the stack's production settings with the bare view (cms.urls_bench), for
the one application server the bench runs beside the stack to measure the bare ceiling."""

from .production import *  # noqa: F403

ROOT_URLCONF = "cms.urls_bench"
