"""Production-like settings for the benchmark: DEBUG off, WhiteNoise, persistent connections,
plus the floor views, a header that reports each request's SQL query count, and the
``X-Bench-Miss`` request header that makes a request miss every cache (bench/cachemiss.py)."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from kpsite.settings.production import *  # noqa: E402,F403
from kpsite.settings.production import MIDDLEWARE  # noqa: E402

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.querycount.QueryCountMiddleware", "bench.cachemiss.CacheMissMiddleware",
              *MIDDLEWARE]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "ERROR"}}

# The comment POST scenario sends thousands of comments from one address (127.0.0.1). The rate
# limit per IP still runs on every request (its cache round trip is measured); only its ceiling
# is lifted here, through the documented setting. Nothing else of the comment defences changes.
KP_CONSULTATION_RATE_LIMIT = 10**9
