"""`/healthz` for the load balancer's probes (Varnish here): JSON, never cached, 503 when the site
cannot serve what is not cached.

Each check returns (ok, detail). A failed check in REQUIRED makes the answer 503 (the probe takes
the server out); the others are reported but keep it in: a site without its cache still serves.
The replica (cms.db_router) is reported when there is one; readers fall back to the primary.
"""

from __future__ import annotations

import time
import uuid

from django.core.cache import caches
from django.db import connections
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

REQUIRED = {"database"}


def check_database() -> tuple[bool, str]:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure is the answer
        connections["default"].close_if_unusable_or_obsolete()
        return False, type(error).__name__
    return True, "ok"


def check_cache() -> tuple[bool, str]:
    key, value = "warta:healthz", uuid.uuid4().hex
    try:
        cache = caches["default"]
        cache.set(key, value, 10)
        if cache.get(key) != value:
            return False, "unavailable"
    except Exception as error:  # noqa: BLE001
        return False, type(error).__name__
    return True, "ok"


def check_replica() -> tuple[bool, str] | None:
    """The streaming replica (cms.db_router): usable and within WARTA_REPLICA_MAX_LAG_SECONDS.
    Not required: readers fall back to the primary. None when there is no replica."""
    from django.conf import settings

    from cms.db_router import replica_status

    status = replica_status()
    if not status["configured"]:
        return None
    lag = status["lag_seconds"]
    if not status["usable"]:
        return False, status["error"] or "unusable"
    if lag is None or lag > settings.WARTA_REPLICA_MAX_LAG_SECONDS:
        return False, f"lag {lag}"
    return True, f"lag {lag:.1f} s"


# name -> check; a check that answers None does not apply here.
CHECKS = {"database": check_database, "cache": check_cache, "replica": check_replica}


@require_safe
def healthz(request):
    started = time.monotonic()
    results = {}
    for name, check in CHECKS.items():
        result = check()
        if result is not None:
            ok, detail = result
            results[name] = {"ok": ok, "detail": detail}
    healthy = all(results[name]["ok"] for name in REQUIRED if name in results)
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": results,
        "duration_ms": round((time.monotonic() - started) * 1000, 1),
    }
    response = JsonResponse(body, status=200 if healthy else 503)
    add_never_cache_headers(response)
    return response
