import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "warta-test-only"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# One folder per test run, so that runs side by side do not remove each other's uploads.
MEDIA_ROOT = BASE_DIR / "var" / f"test-media-{os.getpid()}"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"

# Tests that need the anonymous page cache switch it on themselves.
WARTA_PAGE_CACHE_SECONDS = 0
# The shared content generation in a folder of its own per run (inherited by the processes a
# test starts, which share it like the scheduler shares the web workers').
CACHES["generation"]["LOCATION"] = os.environ.setdefault(  # noqa: F405
    "WARTA_GENERATION_DIR", tempfile.mkdtemp(prefix="warta-generation-")
)

# Django's test client signs in without a request, which django-axes refuses; the lockout
# tests switch it on themselves.
AXES_ENABLED = False
# Tests travel weeks ahead or back in time between signing in and acting (more with
# WARTA_TEST_NOW); tests/news/test_sessions.py checks the real limits of cms.settings.base.
SESSION_COOKIE_AGE = WARTA_SESSION_MAX_AGE = 365 * 24 * 60 * 60
# View counters in memory, emptied before each test (tests/conftest.py).
CACHES["views"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "warta-views"}  # noqa: F405

# With DATABASE_REPLICA_URL set, the suite still runs on one database: the replica alias mirrors
# the test database (Django's TEST MIRROR) and readers are not sent to it (tests/stack/ runs
# against a real replica).
if "replica" in DATABASES:  # noqa: F405
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # noqa: F405
    WARTA_READ_FROM_REPLICA = False
