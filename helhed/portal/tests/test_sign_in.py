"""Sign-in over real OpenID Connect against the development provider, and the separation of the two sessions."""

import base64
import hashlib
import os
import re
import subprocess
import sys
import time
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.conf import settings

from helhed.portal.models import PortalEvent
from helhed.portal.session import LAST_SEEN_KEY
from helhed.portal.tests.helpers import sign_in_as

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def _choose(session, page_html, url, cpr):
    """Posts the dev provider's form for the citizen with `cpr` (or the free CPR field)."""
    forms = re.findall(r"<form method=\"post\">(.*?)</form>", page_html, re.S)
    for form in forms:
        fields = dict((name, unescape(value)) for name, value in HIDDEN.findall(form))
        if fields.get("cpr") == cpr or ("cpr" not in fields and 'name="cpr"' in form):
            fields["cpr"] = cpr
            return session.post(url, data=fields, headers={"Referer": url})
    raise AssertionError(f"no form for {cpr}")


def sign_in_over_oidc(base_url, cpr):
    session = requests.Session()
    authorize = session.get(f"{base_url}/borger/log-ind/")
    assert "/test-mitid/authorize/" in authorize.url
    return session, _choose(session, authorize.text, authorize.url, cpr)


@pytest.mark.django_db(transaction=True)
def test_citizen_signs_in_through_the_development_provider(live_server, citizen):
    session, answer = sign_in_over_oidc(live_server.url, citizen.cpr)
    assert answer.status_code == 200
    assert answer.url.rstrip("/").endswith("/borger")
    assert f"Hej {citizen.first_name}" in answer.text
    assert PortalEvent.objects.filter(citizen=citizen, action="signed_in").count() == 1
    assert "helhed_borger" in session.cookies.keys()
    assert "sessionid" not in session.cookies.keys()


@pytest.mark.django_db(transaction=True)
def test_authorisation_request_carries_pkce_state_and_nonce(live_server, citizen):
    authorize = requests.get(f"{live_server.url}/borger/log-ind/")
    query = parse_qs(urlsplit(authorize.url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]


@pytest.mark.django_db(transaction=True)
def test_unknown_citizen_gets_a_kind_page(live_server, citizen):
    _session, answer = sign_in_over_oidc(live_server.url, "0101901236")
    assert answer.status_code == 200
    assert "Vi kan ikke finde dig" in answer.text


@pytest.mark.django_db(transaction=True)
def test_token_endpoint_refuses_a_wrong_verifier_and_a_reused_code(live_server, citizen):
    session = requests.Session()
    verifier = "v" * 50
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    redirect_uri = f"{live_server.url}/borger/log-ind/svar/"
    params = {"client_id": "helhed-portal", "redirect_uri": redirect_uri, "state": "s", "nonce": "n",
              "code_challenge": challenge, "code_challenge_method": "S256", "scope": "openid", "response_type": "code"}
    page = session.get(f"{live_server.url}/test-mitid/authorize/", params=params)
    answer = session.post(page.url, data={**params, "cpr": citizen.cpr, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                          allow_redirects=False)
    code = parse_qs(urlsplit(answer.headers["Location"]).query)["code"][0]
    token_url = f"{live_server.url}/test-mitid/token/"
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    auth = ("helhed-portal", "dev-secret")
    assert requests.post(token_url, data={**form, "code_verifier": "w" * 50}, auth=auth).status_code == 400
    assert requests.post(token_url, data={**form, "code_verifier": verifier}, auth=("helhed-portal", "x")).status_code == 401
    # the code was spent by the first (refused) attempt: an authorisation code is used once
    assert requests.post(token_url, data={**form, "code_verifier": verifier}, auth=auth).json()["error"] == "invalid_grant"


def test_staff_login_cannot_reach_the_portal(client, caseworker, citizen):
    client.force_login(caseworker.user)
    answer = client.get("/borger/plan/")
    assert answer.status_code == 302 and answer["Location"] == "/borger/"


def test_citizen_session_does_not_reach_staff_pages(client, citizen):
    sign_in_as(client, citizen)
    assert client.get("/borger/plan/").status_code == 200
    answer = client.get(f"/borgere/{citizen.pk}/")
    assert answer.status_code == 302 and answer["Location"].startswith("/login/")
    assert client.cookies[settings.CITIZEN_SESSION_COOKIE_NAME]["path"] == "/borger/"


def test_session_ends_after_fifteen_minutes_idle(client, citizen):
    sign_in_as(client, citizen)
    session = client.session.__class__(client.cookies[settings.CITIZEN_SESSION_COOKIE_NAME].value)
    session[LAST_SEEN_KEY] = time.time() - 15 * 60 - 5
    session.save()
    answer = client.get("/borger/plan/")
    assert answer.status_code == 302 and answer["Location"] == "/borger/"
    assert "15 minutter" in client.get("/borger/").content.decode()


def test_sign_in_is_rate_limited_by_started_and_failed_sign_ins(client, settings, citizen):
    settings.PORTAL_SIGN_IN_LIMIT = 3
    codes = [client.get("/borger/log-ind/svar/?code=x&state=y").status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]  # three failed answers, then the address waits
    assert "Vent lidt" in client.get("/borger/log-ind/").content.decode()


def test_the_authorisation_request_asks_for_a_fresh_login(live_server, citizen):
    authorize = requests.get(f"{live_server.url}/borger/log-ind/")
    assert parse_qs(urlsplit(authorize.url).query)["prompt"] == ["login"]


def test_a_form_sent_after_the_session_ended_shows_back_what_was_written(client, citizen):
    sign_in_as(client, citizen)
    session = client.session.__class__(client.cookies[settings.CITIZEN_SESSION_COOKIE_NAME].value)
    session[LAST_SEEN_KEY] = time.time() - 16 * 60
    session.save()
    answer = client.post("/borger/beskeder/ny/", {"subject": "Lægen", "body": "Jeg har <b>feber</b> og bliver hjemme."})
    body = answer.content.decode()
    assert answer.status_code == 200 and "Det, du skrev, er ikke sendt" in body
    assert "Jeg har &lt;b&gt;feber&lt;/b&gt; og bliver hjemme." in body
    from helhed.portal.models import Message
    assert not Message.objects.exists()


def test_development_provider_is_off_by_default_outside_development():
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELHED_")}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                             "print(settings.DEV_IDP)"], env={**env, "DJANGO_SETTINGS_MODULE": "helhed.settings"},
                            capture_output=True, text=True, cwd=settings.BASE_DIR)
    assert result.stdout.strip() == "False", result.stderr


def test_development_provider_accepts_only_the_portals_callback(client, citizen):
    params = {"client_id": "helhed-portal", "redirect_uri": "http://testserver/borger/plan/", "state": "s",
              "nonce": "n", "code_challenge": "c" * 43, "code_challenge_method": "S256", "scope": "openid",
              "response_type": "code"}
    assert client.get("/test-mitid/authorize/", params).status_code == 400
    params["redirect_uri"] = "http://testserver/borger/log-ind/svar/"
    assert client.get("/test-mitid/authorize/", params).status_code == 200


def test_development_provider_refuses_to_start_in_production():
    env = {**os.environ, "HELHED_ENV": "production", "HELHED_DEV_IDP": "1", "HELHED_SECRET_KEY": "k" * 30 + "abcdefghijklmnopqrstu",
           "DJANGO_SETTINGS_MODULE": "helhed.settings"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True,
                            cwd=settings.BASE_DIR)
    assert result.returncode != 0 and "HELHED_DEV_IDP" in result.stderr


def test_development_provider_is_not_routed_without_dev_idp(client, settings):
    settings.DEV_IDP = False
    assert client.get("/test-mitid/.well-known/openid-configuration").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_sign_in_below_the_accepted_level_of_assurance_is_refused(live_server, citizen, settings):
    settings.PORTAL_OIDC = {**settings.PORTAL_OIDC, "loa_accepted": ["https://data.gov.dk/concept/core/nsis/loa/High"]}
    session, answer = sign_in_over_oidc(live_server.url, citizen.cpr)  # the development provider says Substantial
    assert answer.status_code == 403 and "Brug din MitID-app" in answer.text
    assert not PortalEvent.objects.filter(citizen=citizen, action="signed_in").exists()
    assert session.get(f"{live_server.url}/borger/plan/", allow_redirects=False).status_code == 302
