"""A minimal Django project on Helhed's database: no middleware, no templates, one view, one primary-key lookup.

bench/pages.py serves it with gunicorn beside Helhed, with the same worker count and the same database settings
(the same HELHED_DB, HELHED_SQLITE_PATH, HELHED_SQLITE_CONN_MAX_AGE, HELHED_PG_* and HELHED_PG_CONN_MAX_AGE
variables), so that a page's
throughput can be given as a share of what Django itself manages on the same machine in the same run.
"""

import os

SECRET_KEY = os.environ.get("HELHED_SECRET_KEY") or "floor-benchmark-only"
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("HELHED_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]
INSTALLED_APPS = ["floor"]
MIDDLEWARE = []
ROOT_URLCONF = "floor.urls"
WSGI_APPLICATION = "floor.wsgi.application"
USE_TZ = True
TIME_ZONE = "Europe/Copenhagen"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The same connection settings as helhed/settings.py.
if os.environ.get("HELHED_DB", "sqlite") == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": os.environ.get("HELHED_PG_HOST", "localhost"),
            "PORT": os.environ.get("HELHED_PG_PORT", "5432"),
            "NAME": os.environ.get("HELHED_PG_NAME", "helhed"),
            "USER": os.environ.get("HELHED_PG_USER", "helhed"),
            "PASSWORD": os.environ.get("HELHED_PG_PASSWORD", ""),
            "CONN_MAX_AGE": int(os.environ.get("HELHED_PG_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ["HELHED_SQLITE_PATH"],
            "CONN_MAX_AGE": int(os.environ.get("HELHED_SQLITE_CONN_MAX_AGE", "60")),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
