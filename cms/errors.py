"""The site's 500 handler: a database that cannot be reached is a 503 with its own page.

An editor who saves while PostgreSQL is down (restarting, failing over) gets a clear page in
Indonesian saying that nothing was saved and to try again, not the generic error. Django opens
a connection per request (CONN_HEALTH_CHECKS drops a broken persistent one), so the site comes
back by itself as soon as the database does, without restarting the application servers.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

DATABASE_ERRORS = (OperationalError, InterfaceError)


def unavailable_page(cause: str = "database") -> str:
    """templates/503.html for `cause`: "database" (Warta's own answer) or "servers" (the page
    the cache in front answers when no application server does; stack/up writes it for Varnish).
    Rendered without the request: no context processor may touch the database."""
    return render_to_string("503.html", {"cause": cause})


def database_unavailable() -> HttpResponse:
    response = HttpResponse(unavailable_page(), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable()
    return defaults.server_error(request, template_name)
