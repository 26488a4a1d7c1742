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

if os.environ.get("CACHE_URL", "").startswith("redis://"):
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
            "KEY_PREFIX": alias,
        }
        for alias in ("default", "generation", "ratelimit", "views")
    }
    CACHES["default"]["KEY_FUNCTION"] = "news.caching.make_key"
