"""The edge of the running stack: nginx -> Varnish -> two application servers, Redis beside."""

import os
import signal
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import APP_A, BASE, eventually, pid, restart_stack, run_action

pytestmark = pytest.mark.stack


def fetch(site, path, **kwargs):
    """A reader's request: no cookie kept from an earlier answer (the admin's CSRF cookie
    would make every later request pass Varnish by)."""
    site.cookies.clear()
    return site.get(BASE + path, timeout=10, **kwargs)


def test_anonymous_pages_come_from_varnish(site):
    for path in ("/", "/rss/", "/sitemap.xml"):
        fetch(site, path)
        response = fetch(site, path)
        assert response.status_code == 200
        assert response.headers["X-Cache"] == "HIT", path
        assert "Age" in response.headers


def test_never_a_hit_with_a_session_or_in_the_admin(site):
    fetch(site, "/")
    for _ in range(2):
        assert fetch(site, "/", cookies={"sessionid": "x"}).headers["X-Cache"] == "MISS"
        assert fetch(site, "/", cookies={"csrftoken": "x"}).headers["X-Cache"] == "MISS"
        assert fetch(site, "/admin/login/").headers["X-Cache"] == "MISS"


def test_the_request_id_is_this_requests(site):
    first, second = fetch(site, "/"), fetch(site, "/")
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


def test_healthz_through_nginx_is_never_cached(site):
    for _ in range(2):
        response = fetch(site, "/healthz")
        assert response.json()["checks"]["database"]["ok"]
        assert response.headers["X-Cache"] == "MISS"


def test_a_publication_is_fresh_everywhere_within_a_second(site):
    title = f"Berita tumpukan {uuid.uuid4().hex[:8]}"
    for path in ("/", "/rss/"):
        fetch(site, path)  # cached before the publication
    article = run_action("publish", title)
    paths = [article["url"], article["category"], "/", "/rss/"]
    fetch(site, article["category"])
    for path in paths:
        took = eventually(lambda path=path: title in fetch(site, path).text)
        assert took is not None, f"{path} still stale after 1 s"


def test_an_embargoed_release_and_its_files_appear_only_at_go_live(site):
    title = f"Siaran embargo {uuid.uuid4().hex[:8]}"
    release = run_action("schedule", title, 20)
    scheduled = time.monotonic()
    pages = ["/", "/rss/", release["category"]]
    files = [release["image"], release["rendition"]]
    for path in pages:
        assert title not in fetch(site, path).text
    for path in [release["url"], *files]:
        assert fetch(site, path).status_code == 404, path
        assert site.get(APP_A + path, headers={"X-Forwarded-Proto": "https"}).status_code == 404
    time.sleep(max(0, 21 - (time.monotonic() - scheduled)))
    run_action("go_live")
    for path in pages:
        assert eventually(lambda path=path: title in fetch(site, path).text) is not None, path
    for path in [release["url"], *files]:
        assert eventually(lambda path=path: fetch(site, path).status_code == 200) is not None, path
    photo = fetch(site, release["image"])
    assert photo.headers["Content-Type"] == "image/jpeg"
    assert photo.headers["X-Content-Type-Options"] == "nosniff"
    assert photo.headers["Content-Security-Policy"] == "default-src 'none'"


def test_losing_an_application_server_under_load_loses_no_request(site):
    paths = ["/", "/rss/", "/berita/", "/sitemap.xml"]
    stop = time.monotonic() + 8
    failures, done = [], []

    def reader(n):
        while time.monotonic() < stop:
            # Half of them miss the cache (a parameter Warta drops, which Varnish keys on).
            path = paths[n % len(paths)] + (f"?r={uuid.uuid4().hex}" if n % 2 else "")
            try:
                status = fetch(site, path).status_code
            except Exception as error:  # noqa: BLE001
                status = repr(error)
            (done if status == 200 else failures).append(status)
            n += 1

    try:
        with ThreadPoolExecutor(6) as pool:
            futures = [pool.submit(reader, n) for n in range(6)]
            time.sleep(2)
            master = pid("gunicorn-a.pid")
            workers = [int(p) for p in os.popen(f"pgrep -P {master}").read().split()]  # noqa: S605
            for process in [master, *workers]:
                os.kill(process, signal.SIGKILL)
            for future in futures:
                future.result()
    finally:
        restart_stack()
    assert len(done) > 20
    assert failures == []


def test_without_redis_the_site_keeps_serving(site):
    os.kill(pid("redis.pid"), signal.SIGTERM)
    try:
        time.sleep(1)
        for path in ("/", "/berita/", "/rss/", f"/?r={uuid.uuid4().hex}", f"/berita/?r={uuid.uuid4().hex}"):
            response = fetch(site, path)
            assert response.status_code == 200, path
        health = fetch(site, "/healthz").json()
        assert health["checks"]["cache"]["ok"] is False
    finally:
        restart_stack()


def test_with_both_application_servers_gone_readers_get_the_last_good_copy(site):
    paths = ["/", "/rss/", "/berita/"]
    for path in paths:
        assert eventually(lambda path=path: fetch(site, path).headers["X-Cache"] == "HIT", 10), path
    servers = [pid(name) for name in ("gunicorn-a.pid", "gunicorn-b.pid")]
    try:
        for server in servers:
            os.kill(server, signal.SIGTERM)
        # The probes (every second, 2 of 3 failing) take both out of the director.
        time.sleep(5)
        for path in paths:
            response = fetch(site, path)
            assert response.status_code == 200, path
            assert response.headers["X-Cache"] == "HIT", path
        # Nothing cached for an editor or a new address: Varnish's own answer, in Indonesian.
        never_cached = f"/berita/?r={uuid.uuid4().hex}"
        for path in ("/admin/login/", never_cached):
            response = fetch(site, path)
            assert response.status_code == 503, path
            assert "Server situs sedang tidak dapat dihubungi" in response.text, path
            assert "Guru Meditation" not in response.text
            assert response.headers["Retry-After"] == "30"
            assert response.headers["Cache-Control"] == "no-store"
            assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    finally:
        gone = lambda: not any(os.path.exists(f"/proc/{server}") for server in servers)  # noqa: E731
        eventually(gone, 20)
        restart_stack()
    assert fetch(site, never_cached).status_code == 200  # the error page was not kept


def test_documents_are_sent_by_nginx_after_warta_decided_and_embargoed_ones_by_no_address(site):
    tag = uuid.uuid4().hex[:8]
    public = run_action("document", f"Lampiran terbit {tag}", True)
    response = fetch(site, public["url"])
    assert response.status_code == 200
    assert response.content == f"%PDF-1.4\n% Lampiran terbit {tag}\n".encode()
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert "X-Accel-Redirect" not in response.headers
    # The application server's own answer: the decision and an address for nginx, no bytes.
    direct = site.get(APP_A + public["url"], headers={"X-Forwarded-Proto": "https"}, timeout=10)
    assert direct.headers["X-Accel-Redirect"] == f"/protected-media/{public['name']}"
    assert direct.content == b""

    embargoed = run_action("document", f"Lampiran embargo {tag}", False)
    secret = f"Lampiran embargo {tag}".encode()
    name, filename, number = embargoed["name"], embargoed["filename"], embargoed["id"]
    addresses = [
        embargoed["url"],
        f"/documents/{number}/lain.pdf",
        f"/documents/{number}/{filename}.",
        f"/documents/0{number}/{filename}",
        f"//documents/{number}/{filename}",
        embargoed["file"],
        f"//media/{name}",
        f"/media//{name}",
        f"/media/documents/%2e/{filename}",
        f"/media/images/%2e%2e/{name}",
        f"/media/{name}.",
        f"/media/{name}%00",
        f"/static/..%2fmedia/{name}",
        f"/static/%2e%2e/media/{name}",
        f"/protected-media/{name}",
        f"/protected-media//{name}",
    ]
    for address in addresses:
        response = fetch(site, address, allow_redirects=False)
        assert response.status_code in (400, 404), (address, response.status_code)
        assert secret not in response.content, address
