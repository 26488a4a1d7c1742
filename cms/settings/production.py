"""Production settings: everything secret or host-specific comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def public_base_url() -> str:
    """The site's address for links in e-mails: WAGTAILADMIN_BASE_URL, else the first trusted
    origin, else https:// and the first allowed host name (never the development address)."""
    if os.environ.get("WAGTAILADMIN_BASE_URL"):
        return os.environ["WAGTAILADMIN_BASE_URL"].rstrip("/")
    if CSRF_TRUSTED_ORIGINS:
        return CSRF_TRUSTED_ORIGINS[0].rstrip("/")
    hosts = [host.lstrip(".") for host in ALLOWED_HOSTS if host not in {"*", ""}]
    if hosts:
        return f"https://{hosts[0]}"
    raise ImproperlyConfigured("Set WAGTAILADMIN_BASE_URL (or ALLOWED_HOSTS) for links in e-mails.")


WAGTAILADMIN_BASE_URL = public_base_url()

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# The probes reach the application servers over plain HTTP (news.health).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Redis for the cache, the tag versions and the rate-limit counters: one for every process. A
# Redis that is down is a miss, not an error (news.cache_backends), and is given up on fast.
if os.environ.get("CACHE_URL", "").startswith("redis://"):
    CACHES = {
        alias: {
            "BACKEND": "news.cache_backends.TolerantRedisCache",
            "LOCATION": os.environ["CACHE_URL"],
            "KEY_PREFIX": alias,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
        for alias in ("default", "generation", "ratelimit", "views")
    }
    CACHES["default"]["KEY_FUNCTION"] = "news.caching.make_key"

# One JSON object per line on standard error: a line per request (news.request_log, with the
# request id nginx set) and every warning, each with its request id.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "news.request_log.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "warta.request": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # Django's own line per failed request: ours already says it.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
