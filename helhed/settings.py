"""Settings for Helhed.

One module, configured by environment variables so that the demo (`make run`),
the test suite and a production deployment differ only in their environment:

- HELHED_DEBUG=1            development mode (default on for `make run`)
- HELHED_ENV=production     a deployment: requires HELHED_SECRET_KEY
- HELHED_DB=sqlite|postgres SQLite (default) or PostgreSQL
- HELHED_SQLITE_PATH        path of the SQLite file (default: db.sqlite3 in the project root)
- HELHED_SQLITE_CONN_MAX_AGE  seconds each process keeps its SQLite connection (default 60; 0 opens the file anew
                            for every request)
- HELHED_PG_HOST, HELHED_PG_PORT, HELHED_PG_NAME, HELHED_PG_USER, HELHED_PG_PASSWORD
- HELHED_PG_CONN_MAX_AGE    seconds a PostgreSQL connection is kept open and reused across requests (default 60;
                            0 opens a new one for every request); checked with CONN_HEALTH_CHECKS before reuse
- HELHED_STATIC_ROOT        where `manage.py collectstatic` puts the static files (default: staticfiles/ in the
                            project root); in production they are served from there with hashed, compressed names
- HELHED_ALLOWED_HOSTS      comma-separated host names (default: localhost,127.0.0.1)
- HELHED_BEHIND_PROXY=1     behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto and X-Forwarded-For
- HELHED_REMINDER_HOURS_CITIZEN, HELHED_REMINDER_HOURS_STAFF  reminder lead times in hours (default "24,2" and "1")
- HELHED_MESSAGE_BACKEND    dotted path of the reminder backend (default: the outbox)
- HELHED_NIGHTLY_AT         local time of the nightly rules scan (default 02:00)
- HELHED_RULES_2027_FROM    the day the draft 2027 rule set takes over (default 2027-01-01; ISO date)
- HELHED_SCAN_PROCESSES     processes the nightly rules scan evaluates in at once (default 1; one core each)
- HELHED_EMPLOYER_REVIEW_AFTER  internships ended in twelve months, none of them in a job, that flag an employer
                            for review (default 6)
- HELHED_FULL_SCAN_WEEKDAY  the night the rules scan evaluates everyone, not only the citizens whose results can
                            change (0 Monday … 6 Sunday; default 6; "none": never)
- HELHED_LOG_FORMAT         json (one JSON object per line; the default in production) or text (the default otherwise)
- HELHED_LOG_LEVEL          level of Helhed's own loggers, e.g. INFO or WARNING (default INFO in production, where
                            helhed.request writes one line per request, and WARNING otherwise, which keeps it quiet)
- HELHED_METRICS_ALLOW      comma-separated addresses or networks that may read /metrics (default 127.0.0.1,::1;
                            behind the proxy, the address the proxy saw)
- HELHED_METRICS_TOKEN      a bearer token that may read /metrics from anywhere (default: none)
- HELHED_PUBLIC_URL         the address citizens reach Helhed at, for links in texts that go out (default
                            http://localhost:8000)
- HELHED_PORTAL_OIDC_METADATA_URL  the OpenID Connect discovery document of the kommune's MitID broker; without it,
                            the portal signs in through Helhed's development provider (never in production)
- HELHED_PORTAL_OIDC_CLIENT_ID, HELHED_PORTAL_OIDC_CLIENT_SECRET  the portal's client at that provider
- HELHED_PORTAL_OIDC_CPR_CLAIM   the claim that carries the CPR number (default NemLog-in's
                            dk:gov:saml:attribute:CprNumberIdentifier)
- HELHED_PORTAL_OIDC_LOA_CLAIM, HELHED_PORTAL_OIDC_LOA_ACCEPTED  the claim with the level of assurance (default loa)
                            and the comma-separated levels accepted (default NSIS Substantial and High)
- HELHED_DEV_IDP=0|1        serve the development identity provider at /test-mitid/ (default 1 with HELHED_DEBUG=1 and
                            no HELHED_PORTAL_OIDC_METADATA_URL, else 0; refused in production)
- HELHED_METRICS_DIR        a directory where each web process writes its request counters, so that /metrics sums
                            every gunicorn worker (default: none, each process reports its own)
"""

import datetime
import ipaddress
import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from helhed.database_settings import database_from_environment

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = os.environ.get("HELHED_ENV") == "production"
BEHIND_PROXY = os.environ.get("HELHED_BEHIND_PROXY", "0") == "1"

# Never debug in production, whatever HELHED_DEBUG says.
DEBUG = os.environ.get("HELHED_DEBUG", "0") == "1" and not PRODUCTION
SECRET_KEY = os.environ.get("HELHED_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("Set HELHED_SECRET_KEY in production.")
    SECRET_KEY = "insecure-development-key-not-for-production"
elif PRODUCTION and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith(("django-insecure", "insecure"))
):
    # The same bar as Django's deploy check (security.W009), but refused at start-up instead of warned about.
    raise RuntimeError(
        "HELHED_SECRET_KEY is too weak for production: it must be at least 50 characters with at least 5 different "
        "ones, and must not start with 'django-insecure' or 'insecure'. Make one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = [h for h in os.environ.get("HELHED_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "rules",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "oauth2_provider",
    "helhed.core",
    "helhed.citizens",
    "helhed.contact",
    "helhed.offers",
    "helhed.plans",
    "helhed.coordination",
    "helhed.sanctions",
    "helhed.meetings",
    "helhed.programmes",
    "helhed.outreach",
    "helhed.insight",
    "helhed.portal",
    "helhed.rules",
    "helhed.audit",
    "helhed.casefile",
    "helhed.api",
    "helhed.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so the request's duration covers everything after it: one log line, the metrics, X-Request-ID.
    "helhed.core.request_log.RequestLogMiddleware",
    # Every error under /api/v1/ as a problem (RFC 9457), whoever answered it.
    "helhed.api.middleware.ProblemResponseMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files stay cacheable; outside the rest, so every other response is covered.
    "helhed.core.middleware.NoStoreMiddleware",
    # Staff and citizens have separate sessions (helhed/core/sessions.py).
    "helhed.core.sessions.SplitSessionMiddleware",
    "helhed.core.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "helhed.core.security.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "helhed.core.middleware.StaffMemberMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "helhed.urls"
# Plain widgets rendered in Python, everything else through the templates (helhed/core/form_renderer.py).
FORM_RENDERER = "helhed.core.form_renderer.FastWidgetRenderer"
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
                "helhed.core.context_processors.menu",
                "helhed.portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": database_from_environment(str(BASE_DIR / "db.sqlite3"))}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id for new and changed passwords; PBKDF2 stays so that older hashes still verify (and are upgraded at login).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

# django-axes first: it refuses a locked-out user before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Reminders of appointments: hours before the start, for citizens and for the staff taking part (comma-separated).
HELHED_REMINDER_LEAD_HOURS = {
    who: [float(h) for h in os.environ.get(f"HELHED_REMINDER_HOURS_{who.upper()}", default).split(",") if h.strip()]
    for who, default in (("citizen", "24,2"), ("staff", "1"))
}
# Where reminders go (contact/messaging.py): the outbox, printed to the console too in development.
HELHED_MESSAGE_BACKEND = os.environ.get(
    "HELHED_MESSAGE_BACKEND",
    "helhed.contact.messaging.ConsoleOutboxBackend" if DEBUG else "helhed.contact.messaging.OutboxBackend",
)
HELHED_REMINDER_LEASE_SECONDS = int(os.environ.get("HELHED_REMINDER_LEASE_SECONDS", "300"))
# Background work (django-tasks with its database backend): run `manage.py db_worker` and `manage.py schedule_tasks`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# When the scheduler enqueues the nightly rules scan (local time, HH:MM).
HELHED_NIGHTLY_AT = os.environ.get("HELHED_NIGHTLY_AT", "02:00")
# The 2027 act is expected on 1 Jan 2027 but not adopted (rules-sources.md): its switch date is configurable.
RULES_2027_FROM = datetime.date.fromisoformat(os.environ.get("HELHED_RULES_2027_FROM", "2027-01-01"))
# The nightly rules scan evaluates in this many processes at once (one core each; helhed/rules/services.py).
HELHED_SCAN_PROCESSES = max(1, int(os.environ.get("HELHED_SCAN_PROCESSES", "1")))
HELHED_EMPLOYER_REVIEW_AFTER = max(1, int(os.environ.get("HELHED_EMPLOYER_REVIEW_AFTER", "6")))
_full_scan_weekday = os.environ.get("HELHED_FULL_SCAN_WEEKDAY", "6").strip().lower()
HELHED_FULL_SCAN_WEEKDAY = None if _full_scan_weekday == "none" else int(_full_scan_weekday)

# Years after a citizen's last case closed before the retention job anonymises them (configurable per deployment).
HELHED_RETENTION_YEARS = int(os.environ.get("HELHED_RETENTION_YEARS", "5"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
# Helhed's own named date formats per language (helhed/formats/<lang>/formats.py), e.g. "WEEKDAY_DATE_FORMAT".
FORMAT_MODULE_PATH = "helhed.formats"
USE_TZ = True

# Uploaded documents: outside the web root, served only through a view that checks access and logs the read.
MEDIA_ROOT = Path(os.environ.get("HELHED_MEDIA_ROOT", str(BASE_DIR / "media")))
FILE_UPLOAD_PERMISSIONS = 0o600

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("HELHED_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "helhed" / "static",
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
if PRODUCTION:
    # WhiteNoise serves the collected files (`manage.py collectstatic` first, at every deployment) under content-hashed
    # names, compressed, with far-future cache headers. In development it serves them straight from the finders.
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# --- Login and session security (OWASP ASVS V2/V3) -------------------------------------------------------------

# A session lives at most one working day (absolute, enforced by helhed.core.security.SessionTimeoutMiddleware),
# ends when the browser closes, and ends after 30 minutes without a request.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_TIMEOUT = 30 * 60
# Sensitive actions (helhed.core.security.reauthentication_required) need the password entered this recently.
REAUTHENTICATION_MAX_AGE = 10 * 60
CSRF_COOKIE_HTTPONLY = True

# django-axes: five wrong passwords for the same user name from the same address lock that pair for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not prolong it: the lock ends 30 minutes after the fifth failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "helhed.core.security.client_ip_address"

# Content-Security-Policy (django-csp 4): scripts, styles, fonts and images from our own /static only, no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if BEHIND_PROXY:
    # Only when a proxy we run strips and sets this header; otherwise a client could claim HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    # Health and readiness probes and the metrics scraper may ask the application server directly, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Logs and metrics (docs/operations.md) ------------------------------------------------------------------------

# To standard error, one record a line. Django and the libraries log warnings and errors; Helhed's own loggers log at
# HELHED_LOG_LEVEL, which in production includes one line per request (helhed.request; never personal data).
LOG_FORMAT = os.environ.get("HELHED_LOG_FORMAT", "json" if PRODUCTION else "text").lower()
if LOG_FORMAT not in ("json", "text"):
    raise RuntimeError("HELHED_LOG_FORMAT must be json or text.")
LOG_LEVEL = os.environ.get("HELHED_LOG_LEVEL", "INFO" if PRODUCTION else "WARNING").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "helhed.core.logging.JsonFormatter"},
        "text": {"()": "helhed.core.logging.TextFormatter", "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"helhed": {"level": LOG_LEVEL}},
}

# /metrics: from these addresses or networks, or with the bearer token; everyone else gets a 404.
HELHED_METRICS_ALLOW = [
    str(ipaddress.ip_network(entry.strip(), strict=False))
    for entry in os.environ.get("HELHED_METRICS_ALLOW", "127.0.0.1,::1").split(",") if entry.strip()
]
HELHED_METRICS_TOKEN = os.environ.get("HELHED_METRICS_TOKEN", "")
HELHED_METRICS_DIR = os.environ.get("HELHED_METRICS_DIR", "")

# --- The citizen portal (helhed/portal) -----------------------------------------------------------------------------

PUBLIC_URL = os.environ.get("HELHED_PUBLIC_URL", "http://localhost:8000").rstrip("/")
PORTAL_PATH = "/borger/"
# The portal's own session cookie, sent only to the portal's paths (helhed/core/sessions.py).
CITIZEN_SESSION_PATH = PORTAL_PATH
CITIZEN_SESSION_COOKIE_NAME = "helhed_borger"
PORTAL_IDLE_TIMEOUT = 15 * 60
# How often (seconds) a request notes the citizen's last request in the session (the idle timeout counts from it).
PORTAL_LAST_SEEN_EVERY = 30
# Sign-ins started, or failed at the answer, from one address in 10 minutes before the portal asks it to wait.
PORTAL_SIGN_IN_LIMIT = 30
PORTAL_OIDC = {
    # Empty: the development provider at /test-mitid/ on the same host as the request.
    "metadata_url": os.environ.get("HELHED_PORTAL_OIDC_METADATA_URL", ""),
    "client_id": os.environ.get("HELHED_PORTAL_OIDC_CLIENT_ID", "helhed-portal"),
    "client_secret": os.environ.get("HELHED_PORTAL_OIDC_CLIENT_SECRET", "" if PRODUCTION else "dev-secret"),
    "cpr_claim": os.environ.get("HELHED_PORTAL_OIDC_CPR_CLAIM", "dk:gov:saml:attribute:CprNumberIdentifier"),
    "scope": os.environ.get("HELHED_PORTAL_OIDC_SCOPE", "openid"),
    # The level of assurance (NSIS) the citizen signed in with, and the levels the portal accepts.
    "loa_claim": os.environ.get("HELHED_PORTAL_OIDC_LOA_CLAIM", "loa"),
    "loa_accepted": [v for v in os.environ.get(
        "HELHED_PORTAL_OIDC_LOA_ACCEPTED",
        "https://data.gov.dk/concept/core/nsis/loa/Substantial,https://data.gov.dk/concept/core/nsis/loa/High",
    ).split(",") if v],
}
# The development identity provider: on only in development (HELHED_DEBUG=1, as `make run` sets it) and only while no
# real provider is configured; never in production.
DEV_IDP = os.environ.get("HELHED_DEV_IDP", "1" if DEBUG and not PORTAL_OIDC["metadata_url"] else "0") == "1"
if DEV_IDP and PRODUCTION:
    raise RuntimeError("The development identity provider (HELHED_DEV_IDP=1) may not run with HELHED_ENV=production.")

# --- The open API (helhed/api) ---------------------------------------------------------------------------------------

OAUTH2_PROVIDER = {
    "SCOPES_BACKEND_CLASS": "helhed.api.scopes.ClientScopes",
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(os.environ.get("HELHED_API_TOKEN_SECONDS", "3600")),
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "PKCE_REQUIRED": True,
    # RFC 9700 (OAuth 2.0 Security BCP): tokens only in the Authorization header and stored hashed, no implicit or
    # password grant, PKCE S256 only, `iss` in authorisation responses, refresh-token replay revokes the family.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
}
# The webhook sender: attempts before a delivery is given up (then replay), and the first wait, doubled each time.
API_WEBHOOK_ATTEMPTS = int(os.environ.get("HELHED_API_WEBHOOK_ATTEMPTS", "8"))
API_WEBHOOK_FIRST_WAIT_SECONDS = float(os.environ.get("HELHED_API_WEBHOOK_FIRST_WAIT_SECONDS", "30"))
API_WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("HELHED_API_WEBHOOK_TIMEOUT_SECONDS", "10"))
# Webhooks over plain http to this machine (localhost, 127.0.0.1): in development, and in the tests that need it.
API_WEBHOOK_HTTP_LOCALHOST = DEBUG or os.environ.get("HELHED_API_WEBHOOK_HTTP_LOCALHOST", "0") == "1"
# django-oauth-toolkit's own models (named here because Django resolves swappable models through settings).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
