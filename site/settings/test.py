"""The test suite: SQLite file by default (live-server and concurrency tests need a real file),
PostgreSQL when DATABASE_URL is set."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A test database is thrown away: commits need not wait for the disk (the live-server tests,
    # the flushes between them and the migrations commit thousands of times).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # pytest-xdist workers get their own file through the suffix pytest-django adds.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("SQLITE_TEST_PATH", str(BASE_DIR / ".test-db.sqlite3")),
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"]},
}

# Serve static files straight from the finders; tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# A page type using ConsultationPageMixin, so kp_consultation is tested without kp_plans.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]  # noqa: F405

# Each test process keeps its own memory cache, and responses are cached only where a test turns
# the cache on (the caching tests), so other tests always see fresh renderings.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kpss"}}
KP_CATALOGUE_CACHE_SECONDS = 0
KP_CONSULTATION_CACHE_SECONDS = 0
