"""PostgreSQL stopped entirely under the running stack, both application servers still up:
readers keep the pages Varnish holds, editors get Warta's 503 page, and the site recovers
without a restart of gunicorn when the database returns."""

import time
import uuid

import pytest

from .conftest import BASE, db_sh, eventually, run_action
from .test_edge import fetch

pytestmark = pytest.mark.stack

READER_PATHS = ["/", "/berita/", "/rss/"]


def as_editor(site, path, sessionid):
    site.cookies.clear()
    return site.get(BASE + path, cookies={"sessionid": sessionid}, timeout=20, allow_redirects=False)


def test_without_postgresql_readers_keep_their_pages_editors_get_the_503_page_and_it_recovers(site):
    for path in READER_PATHS:
        assert eventually(lambda path=path: fetch(site, path).headers["X-Cache"] == "HIT", 10), path
    sessionid = run_action("editor_session")["sessionid"]
    assert as_editor(site, "/admin/", sessionid).status_code == 200
    db_sh("down")  # the primary and the replica
    try:
        assert eventually(lambda: fetch(site, "/healthz").status_code == 503, 10) is not None
        assert fetch(site, "/healthz").json()["checks"]["database"]["ok"] is False
        time.sleep(3)  # the probes (every second, 2 of 3 failing) take both servers out
        for path in READER_PATHS:
            response = fetch(site, path)
            assert response.status_code == 200, path
            assert response.headers["X-Cache"] == "HIT", path
        down = as_editor(site, "/admin/", sessionid)
        assert down.status_code == 503
        assert "Basis data sedang tidak dapat dihubungi" in down.text  # Warta's page, not Varnish's
        assert "Guru Meditation" not in down.text
        assert down.headers["Retry-After"] == "30"
        assert "no-store" in down.headers["Cache-Control"]
    finally:
        db_sh("up")
    # The same gunicorn processes: their next requests reconnect.
    assert eventually(lambda: as_editor(site, "/admin/", sessionid).status_code == 200, 30) is not None
    assert eventually(lambda: fetch(site, "/healthz").status_code == 200, 10) is not None
    title = f"Berita pulih {uuid.uuid4().hex[:8]}"
    run_action("publish", title)
    assert eventually(lambda: title in fetch(site, "/").text, 5) is not None
