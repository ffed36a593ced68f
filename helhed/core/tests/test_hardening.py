"""Login and transport hardening: lockout, session timeouts, re-authentication, CSP, hashers, deploy settings."""

import datetime
import os
import re
import runpy
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import include, path
from django.utils import timezone

from helhed.conftest import PASSWORD
from helhed.core import security
from helhed.core.views import staff_required

PROJECT_ROOT = Path(__file__).resolve().parents[3]
SETTINGS_FILE = PROJECT_ROOT / "helhed" / "settings.py"
SENSITIVE = "/test-sensitive/"


@staff_required
@security.reauthentication_required
def sensitive_action(request):
    return HttpResponse("sensitive action done")


# Test-only URLconf (@pytest.mark.urls below): the real routes plus one decorated dummy view.
urlpatterns = [
    path("test-sensitive/", sensitive_action, name="test_sensitive"),
    path("", include("helhed.urls")),
]

uses_dummy_view = pytest.mark.urls(__name__)


def _project_settings(monkeypatch, **env):
    """helhed/settings.py evaluated afresh in the given environment (the suite's own settings are overridden)."""
    for name in ("HELHED_ENV", "HELHED_BEHIND_PROXY", "HELHED_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def _login(client, password, **extra):
    return client.post("/login/", {"username": "anne", "password": password}, **extra)


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _age_session_key(client, key, seconds):
    session = client.session
    session[key] = int(time.time()) - seconds
    session.save()


def _logged_in(client):
    return "_auth_user_id" in client.session


# --- Password hashing ----------------------------------------------------------------------------------------------


def test_argon2_is_the_first_hasher(monkeypatch):
    hashers = _project_settings(monkeypatch)["PASSWORD_HASHERS"]
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in hashers[1:]


def test_an_old_pbkdf2_password_still_works_and_is_upgraded_to_argon2(monkeypatch, client, caseworker):
    hashers = _project_settings(monkeypatch)["PASSWORD_HASHERS"]
    user = caseworker.user
    with override_settings(PASSWORD_HASHERS=hashers):
        user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
        user.save()
        assert _login(client, PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")


# --- Lockout after failed logins (django-axes) ---------------------------------------------------------------------


def test_login_locked_after_five_failures(client, caseworker):
    for _ in range(4):
        response = _login(client, "wrong-password")
        assert response.status_code == 200 and response.context["form"].errors
    assert _login(client, "wrong-password").status_code == 429

    response = _login(client, PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)


def test_lockout_is_per_user_name_and_address(client, caseworker):
    for _ in range(5):
        _login(client, "wrong-password")
    assert _login(client, PASSWORD).status_code == 429
    assert _login(client, PASSWORD, REMOTE_ADDR="192.0.2.10").status_code == 302


def test_locked_out_user_sees_a_clear_message(client, caseworker):
    _english(client)
    for _ in range(5):
        response = _login(client, "wrong-password")
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "Login blocked for now" in page
    assert "The password was wrong 5 times in a row." in page
    assert "blocked for 30 minutes" in page
    assert 'href="/login/"' in page


def test_lockout_ends_after_30_minutes(client, caseworker):
    from axes.models import AccessAttempt

    for _ in range(5):
        _login(client, "wrong-password")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=29))
    assert _login(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    assert _login(client, PASSWORD).status_code == 302
    assert _logged_in(client)


def test_a_successful_login_forgets_earlier_failures(client, caseworker):
    for _ in range(4):
        _login(client, "wrong-password")
    assert _login(client, PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(4):
        assert _login(client, "wrong-password").status_code == 200
    assert _login(client, PASSWORD).status_code == 302


def test_force_login_in_tests_is_unaffected_by_a_lockout(client, caseworker):
    for _ in range(5):
        _login(client, "wrong-password")
    client.force_login(caseworker.user)
    assert client.get("/borgere/").status_code == 200


# --- Session lifetime ----------------------------------------------------------------------------------------------


def test_session_cookie_ends_when_the_browser_closes(client, caseworker):
    _login(client, PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"]
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_idle_session_is_logged_out_after_30_minutes(caseworker_client):
    _english(caseworker_client)
    _age_session_key(caseworker_client, security.LAST_ACTIVITY_KEY, 31 * 60)

    response = caseworker_client.get("/borgere/?q=Hansen")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/borgere/%3Fq%3DHansen"
    assert not _logged_in(caseworker_client)
    login_page = caseworker_client.get(response["Location"]).content.decode()
    assert "You were logged out after 30 minutes without activity." in login_page


def test_active_session_is_kept_within_30_minutes(caseworker_client):
    _age_session_key(caseworker_client, security.LAST_ACTIVITY_KEY, 29 * 60)
    assert caseworker_client.get("/borgere/").status_code == 200
    assert int(time.time()) - caseworker_client.session[security.LAST_ACTIVITY_KEY] < 5


def test_session_ends_after_eight_hours_even_when_active(caseworker_client):
    _age_session_key(caseworker_client, security.LOGIN_AT_KEY, 8 * 60 * 60 + 1)
    response = caseworker_client.get("/borgere/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not _logged_in(caseworker_client)


def test_a_form_posted_into_an_idle_session_is_not_carried_out(caseworker_client):
    _age_session_key(caseworker_client, security.LAST_ACTIVITY_KEY, 31 * 60)
    response = caseworker_client.post("/sprog/", {"language": "en", "next": "/borgere/"})
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


# --- Re-authentication before sensitive actions --------------------------------------------------------------------


@uses_dummy_view
def test_sensitive_action_right_after_login_needs_no_new_password(client, caseworker):
    _login(client, PASSWORD)
    response = client.get(SENSITIVE)
    assert response.status_code == 200 and response.content == b"sensitive action done"


@uses_dummy_view
def test_sensitive_action_asks_for_password_again(caseworker_client):
    _english(caseworker_client)
    _age_session_key(caseworker_client, security.PASSWORD_CONFIRMED_AT_KEY, 11 * 60)

    response = caseworker_client.get(SENSITIVE)
    assert response.status_code == 302
    assert response["Location"] == "/bekraeft/?next=%2Ftest-sensitive%2F"

    page = caseworker_client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Confirm your password" in html
    assert 'name="next" value="/test-sensitive/"' in html
    assert 'type="password"' in html and 'class="form-input"' in html

    session_key = caseworker_client.session.session_key
    response = caseworker_client.post("/bekraeft/", {"password": PASSWORD, "next": SENSITIVE})
    assert response.status_code == 302 and response["Location"] == SENSITIVE
    assert caseworker_client.session.session_key != session_key
    assert caseworker_client.get(SENSITIVE).content == b"sensitive action done"


@uses_dummy_view
def test_reauthentication_with_wrong_password_is_refused(caseworker_client):
    _english(caseworker_client)
    _age_session_key(caseworker_client, security.PASSWORD_CONFIRMED_AT_KEY, 11 * 60)

    response = caseworker_client.post("/bekraeft/", {"password": "wrong-password", "next": SENSITIVE})
    assert response.status_code == 200
    assert "The password is wrong. Try again." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert caseworker_client.get(SENSITIVE).status_code == 302


@uses_dummy_view
def test_five_wrong_passwords_at_reauthentication_lock_out_and_log_out(caseworker_client):
    _age_session_key(caseworker_client, security.PASSWORD_CONFIRMED_AT_KEY, 11 * 60)
    for _ in range(4):
        assert caseworker_client.post("/bekraeft/", {"password": "wrong-password"}).status_code == 200
    assert caseworker_client.post("/bekraeft/", {"password": "wrong-password"}).status_code == 429
    assert not _logged_in(caseworker_client)


def test_reauthentication_does_not_redirect_to_another_site(caseworker_client):
    for target in ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]:
        response = caseworker_client.post("/bekraeft/", {"password": PASSWORD, "next": target})
        assert response.status_code == 302 and response["Location"] == "/"


def test_reauthentication_page_needs_a_login(client):
    response = client.get("/bekraeft/?next=/borgere/")
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


@uses_dummy_view
def test_sensitive_action_sends_an_anonymous_visitor_to_the_login(client):
    response = client.get(SENSITIVE)
    assert response.status_code == 302 and response["Location"] == "/login/?next=/test-sensitive/"


# --- Content-Security-Policy and headers ---------------------------------------------------------------------------


def test_csp_header_is_sent(client):
    response = client.get("/login/")
    policy = {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    }
    assert policy == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style_that_csp_would_block(caseworker_client, citizen):
    pages = [Client().get("/login/")] + [
        caseworker_client.get(url) for url in ["/borgere/", f"/borgere/{citizen.pk}/", "/borgere/ny/", "/bekraeft/"]
    ]
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
        assert "<style" not in html
        assert re.findall(r"\sstyle=", html) == []
        assert re.findall(r"\son[a-z]+=", html) == []
        assert "javascript:" not in html


# --- Production settings -------------------------------------------------------------------------------------------


def test_production_settings_are_strict(monkeypatch):
    production = _project_settings(
        monkeypatch, HELHED_ENV="production", HELHED_SECRET_KEY=secrets.token_urlsafe(50), HELHED_DEBUG="1"
    )
    assert production["DEBUG"] is False
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SECURE_SSL_REDIRECT"]
    assert production["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and production["SECURE_HSTS_PRELOAD"]
    assert production["SECURE_REFERRER_POLICY"] == "same-origin"
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert "django.middleware.csrf.CsrfViewMiddleware" in production["MIDDLEWARE"]
    assert production["MIDDLEWARE"][-1] == "axes.middleware.AxesMiddleware"
    assert production["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"
    assert "SECURE_PROXY_SSL_HEADER" not in production


def test_proxy_ssl_header_is_trusted_only_behind_a_proxy(monkeypatch):
    behind = _project_settings(
        monkeypatch, HELHED_ENV="production", HELHED_SECRET_KEY=secrets.token_urlsafe(50), HELHED_BEHIND_PROXY="1"
    )
    assert behind["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_behind_a_proxy_lockout_uses_the_address_the_proxy_saw(rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5")
    with override_settings(BEHIND_PROXY=True):
        assert security.client_ip_address(request) == "203.0.113.5"
    with override_settings(BEHIND_PROXY=False):
        assert security.client_ip_address(request) == "10.0.0.1"


def test_check_deploy_is_clean_with_production_settings():
    # A deployment's environment: none of the test run's DJANGO_* (e.g. DJANGO_ALLOW_ASYNC_UNSAFE) or HELHED_* variables.
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "HELHED_"))}
    env.update(
        HELHED_ENV="production",
        HELHED_SECRET_KEY=secrets.token_urlsafe(50),
        HELHED_ALLOWED_HOSTS="helhed.example.dk",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _start_in_production(secret_key):
    """Load the settings and set Django up in a fresh interpreter, as a production server would at start-up."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "HELHED_"))}
    env.update(HELHED_ENV="production", HELHED_SECRET_KEY=secret_key, HELHED_ALLOWED_HOSTS="helhed.example.dk",
               DJANGO_SETTINGS_MODULE="helhed.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; settings.SECRET_KEY"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


STRONG_LOOKING = "Vq7Rk2Lx9Pw4Tz8Nb3Hs6Gd1Mf5Jc0Yu_Ae-Wi7Ko2Qn9Xr4Bt8Zl3Ch6Sv1"  # 60 characters, fixed for stable test ids


@pytest.mark.parametrize("weak_key", [
    "x",
    STRONG_LOOKING[:49],
    "abcd" * 20,
    "django-insecure-" + STRONG_LOOKING,
    "insecure-" + STRONG_LOOKING,
], ids=["one-character", "49-characters", "four-distinct-characters", "django-insecure-prefix", "insecure-prefix"])
def test_production_refuses_to_start_with_a_weak_secret_key(weak_key):
    result = _start_in_production(weak_key)
    assert result.returncode != 0
    assert "RuntimeError: HELHED_SECRET_KEY is too weak for production" in result.stderr


def test_production_starts_with_a_strong_secret_key():
    result = _start_in_production(secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr
