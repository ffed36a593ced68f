"""Settings for Helhed.

One module, configured by environment variables so that the demo (`make run`),
the test suite and a production deployment differ only in their environment:

- HELHED_DEBUG=1            development mode (default on for `make run`)
- HELHED_ENV=production     a deployment: requires HELHED_SECRET_KEY
- HELHED_DB=sqlite|postgres SQLite (default) or PostgreSQL
- HELHED_SQLITE_PATH        path of the SQLite file (default: db.sqlite3 in the project root)
- HELHED_PG_HOST, HELHED_PG_PORT, HELHED_PG_NAME, HELHED_PG_USER, HELHED_PG_PASSWORD
"""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = os.environ.get("HELHED_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("HELHED_SECRET_KEY", "")
if not SECRET_KEY:
    if os.environ.get("HELHED_ENV") == "production":
        raise RuntimeError("Set HELHED_SECRET_KEY in production.")
    SECRET_KEY = "insecure-development-key-not-for-production"

ALLOWED_HOSTS = [h for h in os.environ.get("HELHED_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "helhed.core",
    "helhed.citizens",
    "helhed.contact",
    "helhed.coordination",
    "helhed.sanctions",
    "helhed.audit",
    "helhed.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "helhed.core.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "helhed.core.middleware.StaffMemberMiddleware",
]

ROOT_URLCONF = "helhed.urls"
WSGI_APPLICATION = "helhed.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "helhed" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

if os.environ.get("HELHED_DB", "sqlite") == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": os.environ.get("HELHED_PG_HOST", "localhost"),
            "PORT": os.environ.get("HELHED_PG_PORT", "5432"),
            "NAME": os.environ.get("HELHED_PG_NAME", "helhed"),
            "USER": os.environ.get("HELHED_PG_USER", "helhed"),
            "PASSWORD": os.environ.get("HELHED_PG_PASSWORD", ""),
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("HELHED_SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                # WAL lets the demo server read while the generator writes; foreign keys are on by default in Django.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "citizens:my_citizens"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "helhed" / "static",
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
