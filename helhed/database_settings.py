"""The database connection, from the environment: shared by helhed/settings.py and the floor app of bench/pages.py,
so that the benchmark's floor connects exactly as Helhed does. Imports nothing from Django or Helhed."""

import os


def database_from_environment(default_sqlite_path: str) -> dict:
    """Django's DATABASES["default"] for HELHED_DB ("sqlite", the default, or "postgres")."""
    if os.environ.get("HELHED_DB", "sqlite") == "postgres":
        return {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": os.environ.get("HELHED_PG_HOST", "localhost"),
            "PORT": os.environ.get("HELHED_PG_PORT", "5432"),
            "NAME": os.environ.get("HELHED_PG_NAME", "helhed"),
            "USER": os.environ.get("HELHED_PG_USER", "helhed"),
            "PASSWORD": os.environ.get("HELHED_PG_PASSWORD", ""),
            # Persistent connections: connecting costs about 5.6 ms per request otherwise (issue 12). Each gunicorn
            # worker keeps one connection; a health check before reuse drops one the server has closed.
            "CONN_MAX_AGE": int(os.environ.get("HELHED_PG_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
        }
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("HELHED_SQLITE_PATH", default_sqlite_path),
        # Opening the file (the WAL pragmas, reading the schema) costs about 2.3 ms: each process keeps its
        # connection, as on PostgreSQL.
        "CONN_MAX_AGE": int(os.environ.get("HELHED_SQLITE_CONN_MAX_AGE", "60")),
        "OPTIONS": {
            # WAL lets the demo server read while the generator writes; foreign keys are on by default in Django.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        },
    }
