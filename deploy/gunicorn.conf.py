"""gunicorn settings for Helhed (`gunicorn -c deploy/gunicorn.conf.py helhed.wsgi:application`).

Configured from the environment like the application itself:
- HELHED_BIND           address to listen on (default 127.0.0.1:8000: only the reverse proxy on this host reaches it)
- WEB_CONCURRENCY       worker processes (default 2: one per core on the 2-core reference machine; the pages are
                        CPU-bound Python, so more workers than cores only queue inside the machine)
- HELHED_WEB_TIMEOUT    seconds before a stuck worker is killed and replaced (default 30)
- HELHED_ACCESS_LOG=1   gunicorn's own line per request on stdout (off by default: the proxy logs requests, and
                        Helhed writes one line per request without the query string, logger helhed.request)
- HELHED_LOG_FORMAT     json (the default in production) writes gunicorn's own lines as JSON objects too, in the
                        application's format (helhed/core/logging.py), so that every line on stdout/stderr is JSON
- HELHED_LOG_LEVEL      gunicorn's level (default info)

Sync workers: each handles one request at a time and the proxy buffers slow clients (deploy/nginx.conf), which is
what gunicorn recommends behind nginx. bench/pages.py serves Helhed and its floor with this file.
"""

import os

bind = os.environ.get("HELHED_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = int(os.environ.get("HELHED_WEB_TIMEOUT", "30"))
graceful_timeout = 30
# The proxy on the same host sets X-Forwarded-For/-Proto; only it is trusted (Django: HELHED_BEHIND_PROXY=1).
forwarded_allow_ips = os.environ.get("HELHED_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-" if os.environ.get("HELHED_ACCESS_LOG") == "1" else None
errorlog = "-"
loglevel = os.environ.get("HELHED_LOG_LEVEL", "info")
_production = os.environ.get("HELHED_ENV") == "production"
if os.environ.get("HELHED_LOG_FORMAT", "json" if _production else "text").lower() == "json":
    # gunicorn merges this into its default logging configuration (its loggers, handlers and the "generic" formatter).
    # With a logconfig_dict gunicorn writes its access log whatever `accesslog` says: its level keeps it off unless
    # HELHED_ACCESS_LOG=1 (its lines hold the query string).
    logconfig_dict = {
        "loggers": {
            "gunicorn.error": {"level": loglevel.upper(), "handlers": ["error_console"], "propagate": False,
                               "qualname": "gunicorn.error"},
            "gunicorn.access": {"level": "INFO" if accesslog else "WARNING", "handlers": ["console"],
                                "propagate": False, "qualname": "gunicorn.access"},
        },
        "formatters": {"generic": {"()": "helhed.core.logging.JsonFormatter"}},
    }
# gunicorn 24+ opens a control socket in the user's home (~/.gunicorn/gunicorn.ctl), shared by every instance of that
# user and not writable under ProtectHome=true: not used here (older versions ignore the setting).
control_socket_disable = True
# Bound the size of request lines and headers (the proxy does too).
limit_request_line = 8190
limit_request_fields = 100
