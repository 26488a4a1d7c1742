"""Readers' queries to the streaming replica, everything else to the primary.

With DATABASE_REPLICA_URL set, settings add a "replica" database and this router. Per request,
`ReadReplicaMiddleware` decides where that request reads from and keeps the answer in a
context variable (request-scoped, safe with threads and async), which `ReplicaRouter` reads:

- the replica for an anonymous reader's GET or HEAD of a public page (no session cookie, no
  "just wrote" pin, outside /admin/ and the media and document views, which decide embargoes);
- the primary for everything else: the admin, any write, the scheduler and every management
  command (no request, so no replica), a session's requests, and any request within
  WARTA_PRIMARY_PIN_SECONDS after the same browser posted something (the `warta_primary`
  cookie), so that nobody reads an older copy than what they just wrote;
- the primary too whenever the replica is down or lags more than WARTA_REPLICA_MAX_LAG_SECONDS;
- and the primary for every reader for WARTA_REPLICA_MAX_LAG_SECONDS + WARTA_REPLICA_CHECK_SECONDS
  after the content changed (a cache bump, `news.caching.seconds_since_change`): a page rebuilt
  then from a replica that has not yet replayed the change would be cached, under the new
  versions, without it (the stack test of a publication saw its category page stay stale).

The replica's state is measured at most once per WARTA_REPLICA_CHECK_SECONDS in each process
(`replica_status`, also what /healthz reports), never once per query. Lag: when the replica
has replayed all the WAL the primary has written (`pg_last_wal_replay_lsn()` against the
primary's `pg_current_wal_lsn()`), it is 0 however long the primary has been idle; otherwise
it is the age of the last transaction replayed (`now() - pg_last_xact_replay_timestamp()`),
an upper bound of how far behind the replica is. If the primary itself cannot be reached
while the replica answers, readers keep reading from the replica (nothing new is written).
"""

import logging
import threading
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger("cms.db_router")

REPLICA = "replica"
PIN_COOKIE = "warta_primary"
SAFE_METHODS = {"GET", "HEAD"}

_read_alias: ContextVar[str | None] = ContextVar("warta_read_alias", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES and getattr(settings, "WARTA_READ_FROM_REPLICA", False)


class ReplicaRouter:
    """Reads where the request's middleware decided (the primary outside requests)."""

    def db_for_read(self, model, **hints):
        return _read_alias.get()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def primary_paths() -> tuple[str, ...]:
    return tuple(
        getattr(settings, "WARTA_PRIMARY_PATHS", ("/admin/", "/django-admin/", "/media/", "/documents/"))
    )


def read_alias(request) -> str | None:
    """Where this request reads from: "replica", or None for the primary."""
    if not replica_configured() or request.method not in SAFE_METHODS:
        return None
    if request.path.startswith(primary_paths()):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or PIN_COOKIE in request.COOKIES:
        return None
    if changed_recently():
        return None
    return REPLICA if replica_status()["usable"] else None


def changed_recently() -> bool:
    """Whether the content changed within the time the replica may still be replaying it."""
    from news.caching import seconds_since_change  # news builds on cms: imported when routing

    window = settings.WARTA_REPLICA_MAX_LAG_SECONDS + settings.WARTA_REPLICA_CHECK_SECONDS
    return seconds_since_change() < window


class ReadReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read_alias.set(read_alias(request))
        try:
            response = self.get_response(request)
        finally:
            _read_alias.reset(token)
        if request.method not in SAFE_METHODS and replica_configured():
            # This browser reads its own writes for a while, whatever the replica's lag.
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.WARTA_PRIMARY_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


_status_lock = threading.Lock()
_status: dict = {"checked": None, "value": None}


def measure_replica() -> dict:
    """Ask the primary and the replica now: {"usable", "lag_seconds", "error"}."""
    primary_lsn = None
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            primary_lsn = cursor.fetchone()[0]
    except DatabaseError as error:
        logger.warning("Replica check: the primary does not answer (%s).", error)
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn()),"
                " EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())",
                [primary_lsn],
            )
            in_recovery, bytes_behind, replay_age = cursor.fetchone()
    except DatabaseError as error:
        connections[REPLICA].close()  # reconnect at the next check
        return {"usable": False, "lag_seconds": None, "error": str(error).strip() or type(error).__name__}
    if not in_recovery:
        return {"usable": False, "lag_seconds": None, "error": "not a replica (not in recovery)"}
    if primary_lsn is None:
        return {"usable": True, "lag_seconds": None, "error": "primary unreachable"}
    if bytes_behind is not None and bytes_behind <= 0:
        lag = 0.0
    else:
        lag = float(replay_age) if replay_age is not None else float("inf")
    usable = lag <= settings.WARTA_REPLICA_MAX_LAG_SECONDS
    return {"usable": usable, "lag_seconds": lag, "error": "" if usable else "lagging"}


def replica_status() -> dict:
    """The replica's state, measured at most once per WARTA_REPLICA_CHECK_SECONDS per process:
    {"configured", "usable", "lag_seconds", "error"}."""
    if not replica_configured():
        return {"configured": False, "usable": False, "lag_seconds": None, "error": ""}
    now = time.monotonic()
    with _status_lock:
        checked = _status["checked"]
        if checked is None or now - checked >= settings.WARTA_REPLICA_CHECK_SECONDS:
            _status["value"] = {"configured": True, **measure_replica()}
            _status["checked"] = now
        return dict(_status["value"])


def replica_lag_seconds() -> float | None:
    """The replica's lag in seconds (None: no replica, or it cannot be measured)."""
    return replica_status()["lag_seconds"]


def forget_replica_status() -> None:
    with _status_lock:
        _status["checked"] = _status["value"] = None
