"""Base settings: Django, Wagtail, allauth, DRF, Celery, security, and reading the environment.

Every value comes from the environment (or `.env`). Embedded defaults (SQLite, eager Celery,
console email) let `make run` work on a fresh machine; production sets the variables listed in
README.md's configuration table. Each part's own settings live in a sibling module.
"""

import sys
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
TESTING = "pytest" in sys.modules or env.bool("TESTING", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. `make run` writes one to .env; production must set it."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CITY_NAME = env("CITY_NAME", default="Ville de Paris")

INSTALLED_APPS = [
    # Project apps first so that their templates override third-party ones (allauth).
    "core",
    "accounts",
    "portal",
    "dialogue",
    "register",
    "consultation",
    "library",
    "governance",
    "observatory",
    "training",
    "inference_bridge",
    "workspace",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.routable_page",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    # Agents' sign-in through ProConnect (config/settings/accounts.py): allauth's OpenID Connect
    # provider, with the ProConnect specifics of accounts/proconnect/.
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # API
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "corsheaders",
    # Tasks
    "django_celery_beat",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

# Under ASGI the `core.loop_middleware` classes (Django's and Wagtail's, unchanged) run on the
# event loop instead of switching to a thread twice each per request (docs/inference_bridge.md).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    # Every /v1/ error in OpenAI's shape, whatever produced it (outermost but security).
    "inference_bridge.middleware.OpenAIErrorShapeMiddleware",
    "core.middleware.RetryAfterMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "core.loop_middleware.SessionMiddleware",
    "core.loop_middleware.LocaleMiddleware",
    "core.loop_middleware.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.loop_middleware.AuthenticationMiddleware",
    "core.loop_middleware.MessageMiddleware",
    "core.middleware.RejectNulBytesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.loop_middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.loop_middleware.RedirectMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
]

# Browser features no page of the site uses, turned off for every response.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.site_chrome",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the ASGI server's threads (requests, generations, tasks) share
    # the file without "locked" errors; IMMEDIATE transactions take the write lock when they
    # begin, so one that read first waits its turn instead of failing at its first write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# Under ASGI each request's synchronous code runs in a new thread, whose connection ends with
# it; the threads kept between requests (the bridge's generation threads) keep theirs.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=0))
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django 6 behaviour now: a URL typed without a scheme is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Cache (rate limits, quotas, routing counters live here) ------------------------------
# Production: Redis, shared by every process (`redis://host:6379/1`). The embedded default
# serves one process (`make run`), so its counters may live in that process's memory.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same backend, keeping its Redis client between operations (core/cache.py).
    CACHES["default"]["BACKEND"] = "core.cache.RedisCache"

# --- Auth & accounts --------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IA Commune] "
ACCOUNT_ADAPTER = (
    "accounts.adapter.AccountAdapter"  # outbox; the site named from CITY_NAME/SITE_URL
)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG and SITE_URL.startswith("https") else "http"
# allauth's own rate format ("count/period/key", period s, m, h, d with an optional multiplier):
# allauth parses these itself; they are not read from the environment.
# Profile saves a person may make ("count/period", `core.ratelimit`).
ACCOUNTS_RATE_PROFILE = env("ACCOUNTS_RATE_PROFILE", default="30/hour")
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# --- Static & media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# The embedded server serves static and media itself; production leaves it to the proxy.
SERVE_FILES = env.bool("SERVE_FILES", default=True)

# --- Email ------------------------------------------------------------------------------
# Every email leaves through the outbox (core/outbox.py): Django's EMAIL_BACKEND writes rows,
# and the backend named by the environment's EMAIL_BACKEND delivers them.
EMAIL_BACKEND = "core.mail.OutboxBackend"
OUTBOX_DELIVERY_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="IA Commune <ne-pas-repondre@ia-commune.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Tries, backoff, dead letters and retention of the outbox.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=60)
OUTBOX_RETENTION_DAYS = env.int("OUTBOX_RETENTION_DAYS", default=30)

# --- Celery -----------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Without a broker, a task sent by a service runs in a background thread of the web process
# (core/tasks.py), so no page waits for the model; False runs it inline, in the request.
TASKS_EAGER_IN_THREAD = env.bool("TASKS_EAGER_IN_THREAD", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# Publishing a task never holds a request: no publish retries (core/tasks.py) and a short
# connection timeout; what was not queued is in the outbox and sent by the beat task.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=0.5)
# kombu reconnects before publishing, sleeping 1 s and more between tries (`interval_*`): one
# immediate try only, so a refused connection costs milliseconds. Workers reconnect on their
# own terms (`broker_connection_retry`), not through these options.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 0, "interval_start": 0}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Wagtail ----------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "IA Commune"
WAGTAILADMIN_BASE_URL = SITE_URL
# No byte leaves the city, staff included: no avatar from an outside service (it would send a
# hash of each staff member's email) and no upgrade check against Wagtail's release server.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "french",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "odt", "ods", "txt", "xlsx", "docx", "vtt", "json"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "svg"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {}

# --- API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # One throttle: the "user" rate for a signed-in caller, "anon" per address otherwise
    # (one counter, one round trip to the cache per request).
    "DEFAULT_THROTTLE_CLASSES": ["core.api.RateThrottle"],
    # Rates are "count/period" (period: second, minute, hour, day), like every rate of the site.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="300/minute"),
        "user": env("API_THROTTLE_USER", default="1200/minute"),
    },
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "core.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IA Commune API",
    "DESCRIPTION": "Open data and participation API of IA Commune: AI register, consultations, "
    "observatory indicators, and the city's own language model.",
    "VERSION": "1.0.0",
    "LICENSE": {"name": "EUPL-1.2"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Only the public APIs belong in the schema, not the CMS's internal endpoints.
    "PREPROCESSING_HOOKS": ["core.api.public_endpoints_only"],
}
CORS_URLS_REGEX = r"^/api/(register|observatory)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# --- Security ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS >= 31536000)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

CONTENT_SECURITY_POLICY = {
    # The admin interfaces ship inline scripts; public pages never do.
    "EXCLUDE_URL_PREFIXES": ["/cms/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "media-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Logging: no personal data (no emails, prompts or IPs) in messages -------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
