"""Hatchway settings, read from environment variables (see docs/operations.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from hatchway.env import EnvReader
from hatchway.matching.engine import DEFAULT_ENCODER, ENCODERS

# Lets generic classes such as ModelAdmin[User] be subscripted at run time, as the type checker sees them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = EnvReader()

DEBUG = env.boolean("DEBUG", default=False)
TESTING = "pytest" in sys.modules or env.boolean("HATCHWAY_TESTING", default=False)

if DEBUG or TESTING:
    # A fixed key is fine where nothing real is signed; production must bring its own.
    SECRET_KEY = env.string("SECRET_KEY", default="insecure-development-key-never-used-in-production")
else:
    SECRET_KEY = env.string(
        "SECRET_KEY",
        required=True,
        hint="Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))' "
        "(or set DEBUG=1 on a development machine).",
    )
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("insecure"):
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )

# The site's own address, for links in e-mails sent outside a request (reminders, notices).
SITE_URL = env.string("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

ALLOWED_HOSTS = env.strings("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env.strings("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "hatchway.accounts",
    "hatchway.notices",
    "hatchway.directory",
    "hatchway.listings",
    "hatchway.flows",
    "hatchway.matching",
    "hatchway.pipeline",
    "hatchway.events",
    "hatchway.competitions",
    "hatchway.brokerage",
    "hatchway.policy",
    "hatchway.reports",
    "hatchway.transfer",
    "hatchway.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hatchway.accounts.middleware.PreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hatchway.web.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "hatchway.urls"
WSGI_APPLICATION = "hatchway.wsgi.application"
ASGI_APPLICATION = "hatchway.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hatchway.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.database("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'hatchway.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database lives under var/; make the folder on first use.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["hatchway.accounts.backends.ThrottledEmailBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:workspace"
LOGOUT_REDIRECT_URL = "web:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Sign-in throttling: failures counted per e-mail address and per client address in a sliding window.
LOGIN_THROTTLE_WINDOW_SECONDS = env.integer("LOGIN_THROTTLE_WINDOW_SECONDS", default=15 * 60, minimum=1)
LOGIN_THROTTLE_MAX_FAILURES_PER_EMAIL = env.integer(
    "LOGIN_THROTTLE_MAX_FAILURES_PER_EMAIL", default=5, minimum=1
)
LOGIN_THROTTLE_MAX_FAILURES_PER_IP = env.integer("LOGIN_THROTTLE_MAX_FAILURES_PER_IP", default=20, minimum=1)
# Number of reverse proxies in front of the app whose X-Forwarded-For entries are trusted.
TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", default=0, minimum=0)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "hatchway" / "locale"]
LANGUAGE_COOKIE_NAME = "hatchway_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True
TIME_ZONE_COOKIE_NAME = "hatchway_tz"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not (DEBUG or TESTING)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# In development and tests files are served straight from the apps; production runs `hatchway collectstatic`.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_ROOT = VAR_DIR / "media"

MEDIA_URL = "/media/"

# The sentence encoder that matching uses (docs/decisions/0005-multilingual-encoder.md, 0006); changing it
# means a reindex (`hatchway match reindex`).
HATCHWAY_MATCHING_ENCODER = env.choice("HATCHWAY_MATCHING_ENCODER", default=DEFAULT_ENCODER, choices=ENCODERS)
# Each server's copy of the matching index, saved after a full build so that a restart loads it instead of
# rebuilding (hatchway/matching/snapshots.py). None (empty): no snapshots (the tests build every copy afresh).
MATCHING_SNAPSHOT_DIR = env.path(
    "MATCHING_SNAPSHOT_DIR",
    default=None if TESTING else VAR_DIR / "index",
    empty_is_off=True,
    example="/srv/hatchway/index",
)
# Where the policy engine keeps its compiled loops between processes (only with hatchway[fast], i.e. numba).
# None (empty): compile in memory, once per process. XDG_CACHE_HOME counts only when absolute (as the XDG
# specification says: a relative one is ignored).
_xdg_cache = Path(env.string("XDG_CACHE_HOME", default=""))
_cache_home = _xdg_cache if _xdg_cache.is_absolute() else Path.home() / ".cache"
HATCHWAY_KERNEL_CACHE = env.path(
    "HATCHWAY_KERNEL_CACHE",
    default=_cache_home / "hatchway" / "policy-kernels",
    empty_is_off=True,
    example="/var/cache/hatchway/policy-kernels",
)
# A TrueType CJK font for the yearly report's PDF; None: Debian's WenQuanYi fonts (hatchway/reports/yearly.py).
HATCHWAY_CJK_FONT = env.path(
    "HATCHWAY_CJK_FONT", default=None, kind="file", example="/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
)

EMAIL_BACKEND = env.string("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.string("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", default=25, minimum=1)
EMAIL_HOST_USER = env.string("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.string("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.boolean("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL are exclusive. Set only one of them to 1.")
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", default="Hatchway <noreply@hatchway.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not (DEBUG or TESTING):
    # Production sits behind TLS; these make `hatchway check --deploy` clean.
    SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    # The preload directive only takes effect once the domain is submitted to the browsers' list.
    SECURE_HSTS_PRELOAD = env.boolean("SECURE_HSTS_PRELOAD", default=True)
    if env.boolean("SECURE_PROXY_SSL_HEADER", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Background work: the database is the queue (same on SQLite and PostgreSQL; run `hatchway db_worker`).
# Tests run tasks immediately, in the request that enqueues them.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Tests create thousands of users; a slow password hash there protects nothing.
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

NINJA_PAGINATION_PER_PAGE = 20
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
