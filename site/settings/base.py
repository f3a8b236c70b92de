"""Settings shared by every environment.

Everything that differs between machines comes from environment variables, documented in
docs/deployment.md. The three ``kp_*`` apps are the reusable plugin; the ``kpsite.*`` apps are
this microregion's own site.
"""

import hashlib
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

SITE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SITE_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    # The microregion's site
    "kpsite.base",
    "kpsite.home",
    "kpsite.standardpages",
    "kpsite.news",
    "kpsite.projects",
    # The plugin
    "kp_catalogue",
    "kp_plans",
    "kp_consultation",
    # Wagtail
    "wagtail.api.v3",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    # wagtail.users, with unique e-mail addresses in its forms (kp_catalogue's invitations).
    "kp_catalogue.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "import_export",
    "ninja",
    "corsheaders",
    "csp",
    "axes",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Wagtail uses its naturaltime ("před minutou"); the app brings the Czech catalogue.
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: oversized bodies (413), out-of-range integers (400) and search syntax, before
    # anything reads the request (kpsite/base/middleware.py).
    "kpsite.base.middleware.InputLimitsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Provider accounts reach only the admin areas on kp_catalogue's allow-list.
    "kp_catalogue.middleware.ProviderAreaMiddleware",
    # Answers anonymous catalogue GETs from the cache; every middleware above still processes
    # a cached response (kp_catalogue/caching.py).
    "kp_catalogue.middleware.CachedResponseMiddleware",
    # Answers anonymous readers of a plan draft with its kept page (kp_consultation/kept.py).
    "kp_consultation.kept.KeptPageMiddleware",
    # Answers anonymous readers of the home page with its kept answer (kpsite/base/kept.py).
    "kpsite.base.kept.KeptSitePageMiddleware",
    # The Site of a page from memory instead of a query per page (kpsite/base/site_lookup.py).
    "kpsite.base.site_lookup.KnownSiteMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response (login is never cached).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kpsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "kpsite.base.context_processors.font_size",
            ],
        },
    },
]

WSGI_APPLICATION = "kpsite.wsgi.application"

# --- Database ---------------------------------------------------------------------------------
# SQLite is the embedded default. Public comments arrive concurrently, so the connection is set
# up for concurrent writers: WAL lets readers run beside a writer, the busy timeout makes a writer
# wait instead of failing, and IMMEDIATE transactions take the write lock at BEGIN, so a
# transaction that reads and then writes never dead-ends in "database is locked".
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"))
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
    ),
}

if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": SQLITE_OPTIONS,
            # Kept open as on PostgreSQL: opening the file and running the pragmas above cost
            # each request about 2 ms (a third of the home page) when every request connected.
            "CONN_MAX_AGE": int(os.environ.get("DB_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
# Redis when configured, so that several app servers share rate limits and cached responses. It
# fails open (kpsite/base/cache.py): with Redis down or hanging, pages are served uncached after
# at most one short socket timeout per KPSS_CACHE_RETRY_SECONDS and process.
# Without Redis, a file cache in KPSS_CACHE_DIR: every worker process of the one server reads and
# writes the same files, so the version tokens that drop cached catalogue pages and comment lists
# reach every worker, with no service to run (docs/deployment.md, "Cache").
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "kpss")
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "kpsite.base.cache.FailOpenRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {
                "RETRY_AFTER": float(os.environ.get("KPSS_CACHE_RETRY_SECONDS", "30")),
                "socket_connect_timeout": float(os.environ.get("KPSS_CACHE_SOCKET_TIMEOUT", "0.25")),
                "socket_timeout": float(os.environ.get("KPSS_CACHE_SOCKET_TIMEOUT", "0.25")),
            },
        }
    }
else:
    # One directory per checkout, so two installs on one machine never share entries.
    CACHE_DIR = Path(os.environ.get("KPSS_CACHE_DIR") or Path(tempfile.gettempdir()) / (
        "kpss-cache-" + hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12]))
    CACHES = {
        "default": {
            "BACKEND": "kpsite.base.cache.FailOpenFileBasedCache",
            "LOCATION": CACHE_DIR,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # Past this many files a third is dropped at random. Counting them lists the
            # directory, so each process counts on one write in CULL_EVERY only
            # (kpsite/base/cache.py); the ceiling may be passed by that many writes per process.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("KPSS_CACHE_MAX_ENTRIES", "5000")),
                        "CULL_EVERY": int(os.environ.get("KPSS_CACHE_CULL_EVERY", "50"))},
        }
    }

# Wagtail reads every image rendition from the cache and writes it back on each use
# (Image.get_rendition): with the file cache that was a file write per image per page, a fifth
# of a home page's time. The key names the image, its file hash, the focal point and the filter,
# so an entry never describes another file, and a small memory cache in each process is correct
# without sharing. The timeout bounds how long a process keeps a rendition that someone deleted
# by hand (`wagtail_update_image_renditions --purge-only`).
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "kpss-renditions",
    "TIMEOUT": 600,
    "OPTIONS": {"MAX_ENTRIES": 2000},
}

# Whole public catalogue pages and API answers are cached and dropped on every change of the
# catalogue (kp_catalogue/caching.py); 0 turns it off.
KP_CATALOGUE_CACHE_SECONDS = int(os.environ.get("KP_CATALOGUE_CACHE_SECONDS", "600"))
# Rendered comment lists of consulted pages, dropped when a comment changes.
KP_CONSULTATION_CACHE_SECONDS = int(os.environ.get("KP_CONSULTATION_CACHE_SECONDS", "600"))
# The home page kept whole for anonymous readers (kpsite/base/kept.py); 0 turns it off.
KPSITE_KEPT_PAGE_SECONDS = int(os.environ.get("KPSITE_KEPT_PAGE_SECONDS", "600"))
# Cookies that change how a cached page looks (the reader's text size).
KP_CATALOGUE_CACHE_VARY_COOKIES = ["kp_font_size"]

# --- Passwords and login ----------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Logins resist password guessing (providers are outside users): django-axes locks a user name
# from one address out after KPSS_LOGIN_FAILURE_LIMIT failures, for KPSS_LOGIN_COOLOFF_HOURS.
# Failures and lockouts are logged (logger "axes") and stored (AccessAttempt, AccessFailureLog).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("KPSS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("KPSS_LOGIN_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False  # no start-up banner in every management command's output

# --- Catalogue freshness ------------------------------------------------------------------------
KP_CATALOGUE_STALE_AFTER_MONTHS = int(os.environ.get("KP_CATALOGUE_STALE_AFTER_MONTHS", "6"))

# --- Language and time ------------------------------------------------------------------------
# The public site speaks Czech whatever the browser asks for (no LocaleMiddleware); English is a
# second interface language of the admin, chosen per user in the account settings.
LANGUAGE_CODE = "cs"
LANGUAGES = [("cs", _("Czech")), ("en", _("English"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [SITE_DIR / "locale", SITE_DIR / "wagtail_czech" / "locale"]
TIME_ZONE = "Europe/Prague"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Mikroregion Valašskomeziříčsko-Kelečsko")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database search; on PostgreSQL with an accent-insensitive configuration.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "kpsite.base.search_backend"}}
WAGTAIL_I18N_ENABLED = False
# No Gravatar: it would send a hash of every editor's and provider's e-mail to an outside host
# from the admin; Wagtail then shows its own default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Addresses decide who may accept invitations: a new one is confirmed from that address
# (kp_catalogue's account panel) instead of being typed into Wagtail's name and e-mail form.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "csv", "txt", "rtf"]
WAGTAILAPI_DOCS_ENABLED = env_bool("WAGTAILAPI_DOCS_ENABLED", True)
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL", WAGTAILADMIN_BASE_URL)

# --- Headless clients -------------------------------------------------------------------------
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = False

# --- Security headers -------------------------------------------------------------------------
# The public templates load only their own scripts, styles, fonts and images, so the policy
# needs no 'unsafe-inline'. The Wagtail admin and the API's interactive docs use inline code and
# are exempt; they are not public pages.
TILE_URL_HOSTS = env_list("KP_MAP_TILE_HOSTS")
# Base map tiles of the catalogue's map, e.g. https://tile.example.org/{z}/{x}/{y}.png (its host
# goes in KP_MAP_TILE_HOSTS); empty = markers without a base map.
KP_CATALOGUE_MAP_TILE_URL = os.environ.get("KP_CATALOGUE_MAP_TILE_URL", "")
KP_CATALOGUE_MAP_ATTRIBUTION = os.environ.get("KP_CATALOGUE_MAP_ATTRIBUTION", "")
# The map's base layer without any external host: municipality outlines (GeoJSON, a static
# file path). The demo's are approximate (manage.py demo_outlines); see docs/map.md.
KP_CATALOGUE_MAP_OUTLINES = os.environ.get("KP_CATALOGUE_MAP_OUTLINES", "geo/demo-obce.geojson")
# The coverage page draws the same outlines as inline SVG (kp_plans/coverage/outlines.py).
KP_PLANS_COVERAGE_OUTLINES = KP_CATALOGUE_MAP_OUTLINES
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/", "/api/v3/docs"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *TILE_URL_HOSTS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail lets its own preview frame itself (xframe_options_sameorigin_override).
X_FRAME_OPTIONS = "DENY"

# --- E-mail -----------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kpss@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

LOGIN_URL = "wagtailadmin_login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Wagtail logs every background task (search index, references) at INFO.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
