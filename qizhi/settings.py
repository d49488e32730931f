"""Qizhi settings: every knob comes from an environment variable with a safe default.

The defaults boot the demo on SQLite under ``var/``. In production (``QIZHI_ENV=production``)
a missing ``SECRET_KEY`` or ``ALLOWED_HOSTS`` fails loudly instead of falling back.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import csp.constants as csp
import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("QIZHI_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env(name: str, default: str = "") -> str:
    """A string setting; ``NAME_FILE`` (a path) takes precedence, for secrets kept in files."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def _generated_secret_key() -> str:
    """Development only: a key generated once into var/ so sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


PRODUCTION = env("QIZHI_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when QIZHI_ENV=production")
    SECRET_KEY = _generated_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when QIZHI_ENV=production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "qizhi.core.errors.csrf_failure"  # a Chinese page that says what to do

INSTALLED_APPS = [
    "qizhi.core.admin_site.SuperuserAdminConfig",  # django.contrib.admin, entered by superusers alone
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "django_tables2",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "axes",
    "import_export",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "treebeard",
    "django_tasks",
    "django_tasks_db",
    "qizhi.core",
    "qizhi.accounts",
    "qizhi.org",
    "qizhi.party",
    "qizhi.statistics",
    "qizhi.targets",
    "qizhi.meetings",
    "qizhi.study",
    "qizhi.dashboard",
    "qizhi.documents",
    "qizhi.dues",
    "qizhi.points",
    "qizhi.publicity",
    "qizhi.disclosure",
    "qizhi.reception",
    "qizhi.campaigns",
    "qizhi.recruitment",
    "qizhi.veterans",
    "qizhi.appraisals",
    "qizhi.honors",
    "qizhi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "qizhi.core.middleware.SessionTouchMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "qizhi.core.middleware.NullCharacterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qizhi.urls"
WSGI_APPLICATION = "qizhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "qizhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qizhi.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "qizhi.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if env("DATABASE_TEST_NAME"):
    # Lets two checkouts run their suites against one PostgreSQL server at the same time.
    DATABASES["default"]["TEST"] = {"NAME": env("DATABASE_TEST_NAME")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer writes; the pragmas run on every new connection.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
# Behind pgbouncer in transaction mode a server connection belongs to a client for one transaction only:
# set DISABLE_SERVER_SIDE_CURSORS=true (a named cursor would outlive it). Keep DB_CONN_MAX_AGE as it is: the kept
# connection is to pgbouncer, and a new one per request cost /healthz 40 % (bench/README.md, "pgbouncer").
DISABLE_SERVER_SIDE_CURSORS = env_bool("DISABLE_SERVER_SIDE_CURSORS", False)
# PostgreSQL's JIT compiler is made for long analytic queries: on a page's statement that the planner costs high
# (a province's 待办) it spent 2 s compiling to save nothing (bench/README.md, "The soak"). Off for the app's own
# connections; pgbouncer drops this startup option, so behind it set ``jit = off`` on the database (docs/design.md).
PG_OPTIONS = {"options": "-c jit=off"} if env_bool("DB_JIT_OFF", True) else {}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = DISABLE_SERVER_SIDE_CURSORS
    DATABASES["default"].setdefault("OPTIONS", {}).update(PG_OPTIONS)
# Read replicas (qizhi/core/dbrouter.py): PostgreSQL streaming standbys of the primary, comma-separated
# URLs. Only the report pages and figure APIs read them; without any, every query goes to the primary.
DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    _replica = dj_database_url.parse(_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 600), conn_health_checks=True)
    if _replica["ENGINE"] == "django.db.backends.postgresql":
        _replica["DISABLE_SERVER_SIDE_CURSORS"] = DISABLE_SERVER_SIDE_CURSORS
        _replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)  # a dead replica costs 2 s, per check
        _replica["OPTIONS"].update(PG_OPTIONS)
    _replica["TEST"] = {"MIRROR": "default"}  # tests read the test database through it
    DATABASES[f"replica{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica{_number}")
DATABASE_ROUTERS = ["qizhi.core.dbrouter.ReplicaRouter"] if DATABASE_REPLICAS else []
DATABASE_REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 10)  # a writer reads the primary this long
DATABASE_REPLICA_MAX_LAG_SECONDS = env_int(
    "DATABASE_REPLICA_MAX_LAG_SECONDS", 5
)  # a replica further behind is left out
DATABASE_REPLICA_CHECK_SECONDS = env_int("DATABASE_REPLICA_CHECK_SECONDS", 5)  # how often each process asks its lag
if DATABASE_REPLICAS:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware"),
        "qizhi.core.dbrouter.ReplicaMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (shared by gunicorn workers and the task worker: import progress lives here) -----
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": VAR_DIR / "cache"}
    }

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "qizhi.core.clients.client_address"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Internationalization -------------------------------------------------------------------
LANGUAGE_CODE = env("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "qizhi" / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "qizhi" / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env("STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"),
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ATTACHMENT_MAX_MB = env_int("ATTACHMENT_MAX_MB", 20)  # one evidence file, minutes or scan
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
QIZHI_IMPORT_MAX_BYTES = env_int("QIZHI_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
# Imports are checked and run in the background; these bound what one file may make a worker do.
QIZHI_IMPORT_MAX_INFLATED_BYTES = env_int("QIZHI_IMPORT_MAX_INFLATED_BYTES", 200 * 1024 * 1024)
QIZHI_IMPORT_MAX_ROWS = env_int("QIZHI_IMPORT_MAX_ROWS", 100_000)
# A checked file waits this long for its confirmation; then `manage.py cleanup_imports` deletes it.
QIZHI_IMPORT_KEEP_HOURS = env_int("QIZHI_IMPORT_KEEP_HOURS", 24)
# What `manage.py daily` runs, in order (cron or a systemd timer calls it once a day).
QIZHI_DAILY_COMMANDS = [
    "cleanup_imports", "meeting_reminders", "dues_reminders", "rebuild_points", "campaign_reminders",
    "recruitment_reminders", "send_notifications",
]  # fmt: skip

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Idle timeout: the session lives SESSION_IDLE_MINUTES past the user's last request, as government systems
# require; then the login page again. It is renewed (saved) at most every SESSION_TOUCH_SECONDS, not on every
# request (core.middleware.SessionTouchMiddleware): the timeout is then exact to within that minute.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
# Read from the cache (Redis), written through to the database: a page reads no session row, and a
# flushed cache loses no session (Django's stock cached_db engine).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_TOUCH_SECONDS = 60
API_TOKEN_TTL_HOURS = env_int("API_TOKEN_TTL_HOURS", 24)  # an API token's lifetime; a password change ends it
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
BEHIND_PROXY = env_bool("BEHIND_PROXY", PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# The header the proxy puts the client's address in (core.clients): "X-Real-IP" with the README's nginx, which
# sets it itself. Opt-in: where the proxy passes the client's own header on, anyone could name any address.
CLIENT_ADDRESS_HEADER = env("CLIENT_ADDRESS_HEADER", "")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts only from our own static files — no inline script, no
# eval, nothing from elsewhere (charts read their data from json_script blocks). Inline *styles* stay
# allowed: ECharts, Bootstrap and the Swagger UI set style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF, "data:"],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", [])

# --- Libraries ------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "core/table.html"
FILTERS_EMPTY_CHOICE_LABEL = _("全部")
DJANGO_TABLES2_PAGE_RANGE = 7

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "qizhi.accounts.tokens.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["qizhi.core.filters.FilterBackend"],  # bounded id filters
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "qizhi.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "旗帜 Qizhi API",
    "DESCRIPTION": "司法行政党建与业务工作平台接口",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "MembershipStatusEnum": "qizhi.party.choices.MembershipStatus",
        "TransferStatusEnum": "qizhi.party.choices.TransferStatus",
        "MeetingStatusEnum": "qizhi.meetings.choices.MeetingStatus",
        "AttendanceStatusEnum": "qizhi.meetings.choices.AttendanceStatus",
        "WorkflowStatusEnum": "qizhi.core.models.WorkflowStatus",
        "OfficerRoleEnum": "qizhi.party.choices.OfficerRole",
        "CaseKindEnum": "qizhi.reception.choices.CaseKind",
        "CaseChannelEnum": "qizhi.reception.choices.Channel",
        "CaseStatusEnum": "qizhi.reception.choices.CaseStatus",
        "DisclosureChannelEnum": "qizhi.disclosure.choices.Channel",
        "DisclosureStatusEnum": "qizhi.disclosure.choices.DisclosureStatus",
        "RectificationStatusEnum": "qizhi.campaigns.choices.RectificationStatus",
        "DeliveryChannelEnum": "qizhi.core.models.Channel",
    },
}

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Messages beyond the inbox (qizhi/core/channels.py) ----------------------------------------------
# E-mail: Django's SMTP settings; the channel is offered to users once QIZHI_EMAIL_ENABLED is on.
QIZHI_EMAIL_ENABLED = env_bool("QIZHI_EMAIL_ENABLED", False)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "qizhi@localhost")
# SMS: a gateway class (empty: no SMS). qizhi.core.channels.LoggingSmsGateway logs (development);
# qizhi.core.channels.HttpSmsGateway posts JSON to QIZHI_SMS_URL with QIZHI_SMS_TOKEN.
QIZHI_SMS_GATEWAY = env("QIZHI_SMS_GATEWAY", "qizhi.core.channels.LoggingSmsGateway" if DEBUG else "")
QIZHI_SMS_URL = env("QIZHI_SMS_URL", "")
QIZHI_SMS_TOKEN = env("QIZHI_SMS_TOKEN", "")
QIZHI_SITE_URL = env("QIZHI_SITE_URL", "")  # links in e-mail and SMS: the intranet address

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# 民主评议 (issue 12): results of an electorate are shown only when it cast at least this many
# ballots; at most this share of a round's members may be graded 优秀.
APPRAISAL_MIN_BALLOTS = int(env("APPRAISAL_MIN_BALLOTS", "5"))
APPRAISAL_EXCELLENT_SHARE = float(env("APPRAISAL_EXCELLENT_SHARE", str(1 / 3)))
