"""Local development and the demo: debug on, e-mail printed to the console."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
INTERNAL_IPS = ["127.0.0.1"]
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Templates change under a developer's hands; cached pages would hide the change until the next
# edit of the content. The environment variables still turn the caches on.
KP_CATALOGUE_CACHE_SECONDS = int(os.environ.get("KP_CATALOGUE_CACHE_SECONDS", "0"))
KP_CONSULTATION_CACHE_SECONDS = int(os.environ.get("KP_CONSULTATION_CACHE_SECONDS", "0"))
# Templates are read once per process for the kept pages' key: off while templates change.
KPSITE_KEPT_PAGE_SECONDS = int(os.environ.get("KPSITE_KEPT_PAGE_SECONDS", "0"))
