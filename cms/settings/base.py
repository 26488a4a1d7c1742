"""Settings shared by every environment. Environment files override only what differs."""

import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from wagtail.embeds.oembed_providers import vimeo, youtube

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list without empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def code_release(base_dir: Path) -> str:
    """A token for the code being run: a hash of the project's code, templates, translations
    and static files and of the pinned requirements. It names every cache key (news.caching),
    so a deploy of different code starts with an empty cache."""
    hasher = hashlib.sha256()
    suffixes = {".py", ".html", ".xml", ".txt", ".mo", ".css", ".js", ".json"}
    for folder in ("cms", "home", "news", "imports", "templates", "static", "locale"):
        for path in sorted((base_dir / folder).rglob("*")):
            if path.suffix in suffixes and path.is_file() and "__pycache__" not in path.parts:
                hasher.update(str(path.relative_to(base_dir)).encode())
                hasher.update(path.read_bytes())
    for name in ("requirements.txt", "var/static/staticfiles.json"):
        if (base_dir / name).is_file():
            hasher.update((base_dir / name).read_bytes())
    return hasher.hexdigest()[:12]


INSTALLED_APPS = [
    "home",
    "news",
    "imports",
    "wagtail.contrib.forms",
    "wagtail.contrib.search_promotions",
    "news.apps.RedirectsConfig",  # wagtail.contrib.redirects, see there
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "axes",
    "django_ratelimit",
    "csp",
]

MIDDLEWARE = [
    # First: the request id (from nginx) and the log line cover everything below.
    "news.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # First after security: decides the database every later step of the request reads from.
    "cms.db_router.ReadReplicaMiddleware",
    # Outside the page cache, so that a page served from it gets the policy too.
    "news.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "news.middleware.RejectNullBytesMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "news.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Inside the redirects, which then see a 404's address with all its parameters.
    "news.caching.ResponseCacheMiddleware",
    # After the page cache: a response served from it needs no site.
    "news.middleware.SiteMiddleware",
    # Answers a rate-limited request with RATELIMIT_VIEW (429).
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite in a git-ignored file unless DATABASE_URL names another database
# (postgres://user:password@host:5432/name for production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while the scheduler or an editor writes. Reads go through a memory
    # map of the file (up to 1 GiB; the pages are the kernel's page cache, shared by every
    # worker) instead of a read() call per 4 KB page: a third less CPU for an uncached page at
    # 100,000 articles (docs/performance.md, "Uncached pages").
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=1073741824;"
            ),
        }
    )

# A streaming replica for readers (cms.db_router): anonymous GET/HEAD of public pages read from
# it while it is up and no more than WARTA_REPLICA_MAX_LAG_SECONDS behind; everything else, and
# a browser for WARTA_PRIMARY_PIN_SECONDS after it posted, uses the primary. (Under test the
# replica mirrors the default database and readers stay on it: cms/settings/test.py.)
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    # A replica that is down is noticed in 2 s, not after the kernel's TCP timeout.
    DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 2
    DATABASE_ROUTERS = ["cms.db_router.ReplicaRouter"]
WARTA_READ_FROM_REPLICA = "replica" in DATABASES
WARTA_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("WARTA_REPLICA_MAX_LAG_SECONDS", "5"))
WARTA_REPLICA_CHECK_SECONDS = float(os.environ.get("WARTA_REPLICA_CHECK_SECONDS", "1.5"))
WARTA_PRIMARY_PIN_SECONDS = int(os.environ.get("WARTA_PRIMARY_PIN_SECONDS", "10"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "home.User"

# Signed-in sessions (the newsroom; readers have none) end after 30 minutes without a request
# and 12 hours after signing in, whichever comes first.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", 30 * 60))
SESSION_SAVE_EVERY_REQUEST = True
WARTA_SESSION_MAX_AGE = int(os.environ.get("SESSION_MAX_SECONDS", 12 * 60 * 60))
SESSION_COOKIE_HTTPONLY = True
# No other site may frame ours; Wagtail's own preview views allow their same-origin frame.
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp, enforced; news.csp). Readers' pages run only Warta's own
# script and style files and frame only the video players that VideoBlock embeds.
VIDEO_PLAYER_ORIGINS = [
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": VIDEO_PLAYER_ORIGINS,
        "worker-src": [NONE],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin (everything under /admin/, its preview panel included) as tight as Wagtail 8
# allows: its widgets and dialogs write inline <script> and style, so those stay allowed, but
# nothing comes from another site, no eval, no plugins. frame-ancestors: news.csp.
WARTA_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        # Uploads are previewed from blob: addresses before they are sent.
        "img-src": [SELF, "data:", "blob:"],
        "frame-src": [SELF, *VIDEO_PLAYER_ORIGINS],
    }
}

# Sign-ins: after 5 wrong passwords for one user name, or from one address, further tries are
# refused for 15 minutes (django-axes; a success resets the count).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind nginx (production): the number of proxies whose X-Forwarded-For is trusted.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Rate limits (news.ratelimits) count in the "ratelimit" cache and answer 429.
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_VIEW = "news.views.rate_limited"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the site speaks Indonesian; its own strings are written in
# English in the code and translated in locale/id.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Ours first, then Indonesian for the Wagtail admin strings Wagtail's own catalogue lacks.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    # Django's FileSystemStorage with a faster url() (news.storage).
    "default": {"BACKEND": "news.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The release every cache key carries (news.caching.make_key): set WARTA_RELEASE at deploy
# (e.g. the git commit), else a hash of the code.
WARTA_RELEASE = os.environ.get("WARTA_RELEASE") or code_release(BASE_DIR)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "warta",
        "KEY_FUNCTION": "news.caching.make_key",
        # Responses, the shared header and footer and the values they are built from (news.caching):
        # a few thousand entries of a few KB each per process.
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # The versions of the tags cached entries depend on (news.caching) must be one for all the
    # site's processes: web workers, the scheduler, commands.
    "generation": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("WARTA_GENERATION_DIR", str(BASE_DIR / "var" / "cache" / "generation")),
        # A version per tag (every article is one): Django's default of 300 entries would cull
        # the epoch and the versions, and every entry would then miss.
        "OPTIONS": {"MAX_ENTRIES": 10_000_000},
    },
    # Readers' view counters and their dedupe marks (news.popular), until the scheduler writes
    # them to the database each minute: shared by the web workers and the scheduler.
    "views": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("WARTA_VIEWS_DIR", str(BASE_DIR / "var" / "cache" / "views")),
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    },
    # Rate-limit counters: per process here, shared through Redis with CACHE_URL (production.py).
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "warta-ratelimit"},
}
# django-ratelimit knows Redis only through django-redis: Django's own RedisCache (production)
# also increments atomically (W001); without Redis each process counts alone (E003).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "django_ratelimit.E003"]

# Anonymous readers get pages from the cache until what they show changes (news.caching);
# browsers and proxies may keep them this long.
WARTA_PAGE_CACHE_SECONDS = int(os.environ.get("WARTA_PAGE_CACHE_SECONDS", "600"))
WARTA_BROWSER_CACHE_SECONDS = int(os.environ.get("WARTA_BROWSER_CACHE_SECONDS", "60"))
# Each cached response names its tags in this header, for a cache in front of the site; the
# URLs (comma-separated) of Varnish servers with the xkey module to purge them on (none: off).
# Each becomes a wagtail.contrib.frontend_cache backend (news.frontend_cache.XkeyBackend): a
# bump purges its tags there, and Wagtail's own page signals purge the page's address.
WARTA_SURROGATE_KEY_HEADER = os.environ.get("WARTA_SURROGATE_KEY_HEADER", "Surrogate-Key")
WARTA_XKEY_PURGE_URLS = env_list("WARTA_XKEY_PURGE_URLS")
WAGTAILFRONTENDCACHE = {
    f"varnish{number}": {"BACKEND": "news.frontend_cache.XkeyBackend", "LOCATION": url}
    for number, url in enumerate(WARTA_XKEY_PURGE_URLS, start=1)
}
if WAGTAILFRONTENDCACHE:
    # Only with a cache in front: its page signal handlers build every published page's URL.
    INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail.contrib.forms"), "wagtail.contrib.frontend_cache")
# Files Warta decided to give are sent by nginx (X-Accel-Redirect to this internal location)
# instead of a Python worker (news.embargo.serve_media); off without nginx in front.
WARTA_SENDFILE = env_bool("WARTA_SENDFILE", False)
WARTA_SENDFILE_PREFIX = os.environ.get("WARTA_SENDFILE_PREFIX", "/protected-media/")
# Wagtail's document view sends through it: nginx with WARTA_SENDFILE, else Python (news.sendfile).
SENDFILE_BACKEND = "news.sendfile"
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Wagtail
WAGTAIL_SITE_NAME = "Warta"
# The admin talks to no other site (its Content-Security-Policy allows none): no avatars from
# Gravatar (they would also give editors' e-mail hashes away) and no check for new releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_USER_LOGIN_FORM = "news.login.AdminLoginForm"
# Links in workflow e-mails. Development: the address `make run` serves (PORT); production.py
# derives the public one when the variable is not set.
WAGTAILADMIN_BASE_URL = (
    os.environ.get("WAGTAILADMIN_BASE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or 8000}"
)
# Workflow e-mails go to the newsroom groups of each step (news/notifications.py), not to the
# technical superuser as well.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Warta <noreply@warta.local>")
WAGTAILIMAGES_IMAGE_MODEL = "home.CustomImage"
WAGTAILDOCS_DOCUMENT_MODEL = "home.CustomDocument"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "webp": "webp"}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
# A small PNG can hold 121 megapixels, and each rendition of it would take a gigabyte of memory:
# 40 megapixels is beyond any press camera's photo and well below Pillow's own warning (89 M).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Each kind of document has its size cap and must be what its extension says (home.forms).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.forms.DocumentForm"
WAGTAIL_I18N_ENABLED = False
# Off: Wagtail would restart the review on every revision, comments, autosaves and schedules
# included. news.workflow restarts it only when the content changes.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = False
# The admin's date pickers write these; cms/formats/id accepts them back (Django's own
# Indonesian input formats want "14.30").
FORMAT_MODULE_PATH = ["cms.formats"]
WAGTAIL_DATE_FORMAT = "%d-%m-%Y"
WAGTAIL_DATETIME_FORMAT = "%d-%m-%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# Go-live times are entered and read in WIB by everyone, whichever office they work in.
WAGTAIL_USER_TIME_ZONES = ["Asia/Jakarta"]
# Search: the database's own full text search (SQLite FTS5, or PostgreSQL with the
# Indonesian stemmer); SEARCH_BACKEND=elasticsearch8|opensearch2 with SEARCH_URL moves a
# large deployment to a search server without code changes (then run `update_index`).
# news.search_backends: the database backend with index updates that do not scan the archive.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "news.search_backends"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "indonesian"
if os.environ.get("SEARCH_BACKEND") in {"elasticsearch7", "elasticsearch8", "opensearch2"}:
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": f"wagtail.search.backends.{os.environ['SEARCH_BACKEND']}",
        "URLS": env_list("SEARCH_URL", "http://localhost:9200"),
        "INDEX": os.environ.get("SEARCH_INDEX", "warta"),
        "TIMEOUT": 5,
        "OPTIONS": {},
        "INDEX_SETTINGS": {},
    }
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Videos come from YouTube and Vimeo only: the players the Content-Security-Policy lets pages
# frame (VIDEO_PLAYER_ORIGINS). Another address is refused in the editor.
WAGTAILEMBEDS_FINDERS = [{"class": "wagtail.embeds.finders.oembed", "providers": [youtube, vimeo]}]
# Hosts (host[:port]) that `import_feed` may download item images from besides the feed's own.
WARTA_FEED_IMAGE_HOSTS = env_list("WARTA_FEED_IMAGE_HOSTS")
TAGGIT_CASE_INSENSITIVE = True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
