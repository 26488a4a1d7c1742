vcl 4.1;
# Varnish of `make stack` (generated from stack/conf/varnish.vcl; docs/deployment.md).
# Caches what Warta's own cache would (anonymous GET/HEAD pages, feeds, sitemaps: responses
# carrying Surrogate-Key), purged by those keys (xkey) on every change.

import directors;
import std;
import xkey;

probe healthz {
    .request =
        "GET /healthz HTTP/1.1"
        "Host: 127.0.0.1"
        "User-Agent: varnish-probe"
        "Connection: close";
    .interval = 1s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

backend app_a { .host = "127.0.0.1"; .port = "@APP_A_PORT@"; .probe = healthz; .connect_timeout = 1s; .first_byte_timeout = 30s; }
backend app_b { .host = "127.0.0.1"; .port = "@APP_B_PORT@"; .probe = healthz; .connect_timeout = 1s; .first_byte_timeout = 30s; }
# The same servers without a probe: asked only when both probes say sick (the database is down,
# or the servers are). A server that still runs answers Warta's own 503 page (the database) or
# /healthz; one that does not refuses the connection at once, and Varnish's own page answers.
backend app_a_unprobed { .host = "127.0.0.1"; .port = "@APP_A_PORT@"; .connect_timeout = 1s; .first_byte_timeout = 30s; }
backend app_b_unprobed { .host = "127.0.0.1"; .port = "@APP_B_PORT@"; .connect_timeout = 1s; .first_byte_timeout = 30s; }

# Only the application servers (on this machine) may purge.
acl purgers { "127.0.0.1"; "::1"; }

sub vcl_init {
    new apps = directors.round_robin();
    apps.add_backend(app_a);
    apps.add_backend(app_b);
    new unprobed = directors.round_robin();
    unprobed.add_backend(app_a_unprobed);
    unprobed.add_backend(app_b_unprobed);
}

sub vcl_recv {
    set req.backend_hint = apps.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.x-purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.x-purged));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Never: the admin, search (every query reaches the search-terms report), previews, files
    # (Warta decides per request who may have them), the probes.
    if (req.url ~ "^/(admin|cari|pratinjau|_util|api|documents)/" || req.url ~ "^/healthz") {
        return (pass);
    }
    # An editor (a session) or a form (a CSRF token) is never served from the cache.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|warta_preview|warta_primary)=") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Readers' other cookies (analytics) change nothing Warta shows.
    unset req.http.Cookie;
    # Grace: a healthy site rebuilds an expired page in the background while the old copy is
    # served for 10 s; with every application server down, the last good copy is served for 6 h.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_hash {
    # One site: the address alone (Wagtail's URL purges name the site's host, readers another).
    hash_data(req.url);
    return (lookup);
}

sub vcl_backend_fetch {
    # Readers with a copy get it (grace, vcl_recv); what has none is asked of the servers anyway.
    if (!std.healthy(bereq.backend)) {
        set bereq.backend = unprobed.backend();
    }
    if (bereq.retries > 0) {
        set bereq.http.X-Varnish-Retry = bereq.retries;
    }
}

sub vcl_backend_response {
    # Whole bodies only: a server that dies mid-answer fails the fetch (nginx asks again)
    # instead of cutting a reader's page short.
    set beresp.do_stream = false;
    # A refresh in the background that fails keeps the copy readers are being served.
    if (bereq.is_bgfetch && beresp.status >= 500) {
        return (abandon);
    }
    # Only what Warta itself declared cacheable (it tags it); never a response that sets a
    # cookie or says private. 404s and redirects are not kept: a release going live must
    # appear at once, and only tags purge.
    # A file Warta gave to anyone (public, an hour: what browsers may keep already): its
    # X-Accel-Redirect answer is kept for that long or until a purge of its keys; nginx
    # sends the bytes.
    # Withheld files answer 404 or private: never kept.
    if (bereq.url ~ "^/media/") {
        if (beresp.status == 200 && beresp.http.X-Accel-Redirect && !beresp.http.Set-Cookie
            && beresp.http.Cache-Control ~ "public" && beresp.http.Cache-Control !~ "(private|no-cache|no-store)"
            && beresp.http.Surrogate-Key) {
            # Purged with the file, its pages and the settings (news.caching.file_tags): a
            # file withheld again when its last live page goes is gone from here at once.
            set beresp.http.xkey = beresp.http.Surrogate-Key;
            set beresp.grace = 0s;
            return (deliver);
        }
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (!beresp.http.Surrogate-Key || beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-cache|no-store)" || beresp.status != 200) {
        # hit-for-miss for a while (a 0 s one would queue readers of that address one by one);
        # a later cacheable answer replaces it.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    set beresp.http.xkey = beresp.http.Surrogate-Key;
    # Purged by tag on every change: kept long; the grace covers an outage of the whole site.
    set beresp.ttl = 1h;
    set beresp.grace = 6h;
    return (deliver);
}

sub vcl_backend_error {
    # A server that just died (before its probe says so): the next one in the round robin.
    if (bereq.retries < 2 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
    # No server answered: the site's own page in Indonesian (stack/up renders templates/503.html
    # into it), never kept, instead of Varnish's "Guru Meditation".
    set beresp.status = 503;
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "30";
    set beresp.http.Cache-Control = "no-store";
    set beresp.ttl = 0s;
    set beresp.grace = 0s;
    set beresp.uncacheable = true;
    synthetic(std.fileread("@STATE@/conf/unavailable.html"));
    return (deliver);
}

sub vcl_synth {
    # Varnish's own errors (5xx) in the same words; PURGE's answers stay as they are.
    if (resp.status >= 500) {
        set resp.http.Content-Type = "text/html; charset=utf-8";
        set resp.http.Retry-After = "30";
        set resp.http.Cache-Control = "no-store";
        synthetic(std.fileread("@STATE@/conf/unavailable.html"));
        return (deliver);
    }
}

sub vcl_deliver {
    if (resp.http.X-Cache) {
        set resp.http.X-App-Cache = resp.http.X-Cache;
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Via;
}
