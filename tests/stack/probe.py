"""Run inside a Django process configured like an application server of the stack (production
settings, DATABASE_URL and DATABASE_REPLICA_URL from var/stack/db.env), by tests/stack/.

    python tests/stack/probe.py route      where an anonymous reader's request reads from
    python tests/stack/probe.py outage     an editor's requests while the primary stops and starts

Prints one JSON object.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def reader_request():
    """An anonymous GET through ReadReplicaMiddleware that runs a real page query."""
    from django.db import connections
    from django.http import HttpResponse
    from django.test import RequestFactory
    from wagtail.models import Page

    from cms.db_router import ReadReplicaMiddleware, replica_status

    seen = {}

    def view(request):
        pages = Page.objects.all()
        seen["pages"] = pages.count()
        seen["alias"] = pages.db
        with connections[pages.db].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery(), inet_server_port()")
            seen["in_recovery"], seen["port"] = cursor.fetchone()
        return HttpResponse("ok")

    response = ReadReplicaMiddleware(view)(RequestFactory().get("/"))
    seen["status_code"] = response.status_code
    seen["replica"] = replica_status()
    return seen


def outage():
    """A signed-in editor's requests before, during and after a stop of the primary, through
    Django's real WSGI handler (the test Client keeps connections across requests, which a
    server does not)."""
    from wsgiref.util import setup_testing_defaults

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import Client

    editor, _ = get_user_model().objects.get_or_create(
        username="stack-editor", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(editor)  # a signed-in editor: the session itself is in the database
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    handler = WSGIHandler()

    def get(path):
        environ = {"PATH_INFO": path, "HTTP_HOST": "testserver", "HTTP_COOKIE": cookie}
        setup_testing_defaults(environ)
        started = {}

        def start_response(status, headers, exc_info=None):
            started["status"] = int(status.split()[0])

        result = handler(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            result.close()  # request_finished: Django closes an unusable connection here
        return {"status": started["status"], "body": body.decode(errors="replace")[:2000]}

    steps = {"before": get("/admin/")}
    subprocess.run([str(ROOT / "stack" / "db.sh"), "stop-primary"], check=True, capture_output=True)  # noqa: S603
    try:
        steps["down"] = get("/admin/")
    finally:
        subprocess.run([str(ROOT / "stack" / "db.sh"), "up"], check=True, capture_output=True)  # noqa: S603
    steps["after"] = get("/admin/")
    return steps


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    import django

    django.setup()
    from django.conf import settings
    from django.test import override_settings

    # No collectstatic for a probe: the admin renders with plain static files.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()
    scenario = {"route": reader_request, "outage": outage}[sys.argv[1]]
    sys.stdout.write(json.dumps(scenario(), default=str) + "\n")
