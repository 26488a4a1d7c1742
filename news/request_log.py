"""One structured (JSON) log line per request, with the request id nginx gives it.

nginx sets `X-Request-ID: $request_id` on every request it passes on; Warta takes it (or makes
one when the request did not come through nginx), echoes it in the response's X-Request-ID and
writes it into every log record made while serving the request (`JsonFormatter`). The probes'
`/healthz` is logged at DEBUG, every other request at INFO.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

logger = logging.getLogger("warta.request")

REQUEST_ID_HEADER = "X-Request-ID"
QUIET_PATHS = ("/healthz",)
# nginx's $request_id is 32 hex digits; accept ids of that kind, never anything that could
# break a log line or a header.
VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

request_id: ContextVar[str] = ContextVar("warta_request_id", default="-")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = given if VALID_ID.match(given) else uuid.uuid4().hex
        request.request_id = rid
        token = request_id.set(rid)
        started = time.monotonic()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response[REQUEST_ID_HEADER] = rid
            return response
        finally:
            duration = round((time.monotonic() - started) * 1000, 1)
            level = logging.DEBUG if request.path in QUIET_PATHS else logging.INFO
            logger.log(
                level,
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": duration,
                },
            )
            request_id.reset(token)


class JsonFormatter(logging.Formatter):
    """A JSON object per line: time, level, logger, message, request id and the request's fields."""

    FIELDS = ("method", "path", "status", "duration_ms")

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
        }
        for field in self.FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
