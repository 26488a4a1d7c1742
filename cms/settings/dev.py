from .base import *  # noqa: F403

DEBUG = True

# Development only: never used outside this file.
SECRET_KEY = "django-insecure-warta-dev-only-7c1f0e2a9b"  # noqa: S105

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WARTA_PAGE_CACHE_SECONDS = 0  # templates change under a developer; see base.py
