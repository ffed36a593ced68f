"""A minimal Django project on Helhed's database: no middleware, no templates, one view, one primary-key lookup.

bench/pages.py serves it with gunicorn beside Helhed, with the same worker count and the same database settings
(`helhed.database_settings`, read from the same HELHED_DB, HELHED_SQLITE_* and HELHED_PG_* variables), so that a
page's throughput can be given as a share of what Django itself manages on the same machine in the same run.
"""

import os

from helhed.database_settings import database_from_environment

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

# The same connection as Helhed's (helhed/database_settings.py).
DATABASES = {"default": database_from_environment("")}
