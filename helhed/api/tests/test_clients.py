"""API clients: the administrator registers and deactivates them, the command line and the sandbox register them,
and the token endpoint gives a token only for the right secret and the scopes the client was given."""

import base64
import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from helhed.api.models import SCOPES_BY_TYPE, ApiClient, OrganisationType
from helhed.core.models import Role

TOKEN_URL = "/api/oauth/token/"


def basic(client_id, secret):
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def token(client, client_id, secret, **extra):
    return client.post(TOKEN_URL, {"grant_type": "client_credentials", **extra}, headers=basic(client_id, secret))


def referrals(client, access_token):
    return client.get("/api/v1/henvisninger", headers={"Authorization": f"Bearer {access_token}"})


@pytest.fixture
def administrator(municipality, make_staff):
    return make_staff(municipality, "admin", role=Role.ADMIN, first="Ada", last="Admin")


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator.user)
    return client


def register_by_command(capsys, *args):
    call_command("register_api_client", *args)
    out = capsys.readouterr().out
    lines = dict(line.strip().split(":", 1) for line in out.splitlines() if line.startswith("  "))
    return lines["client id"].strip(), lines["secret"].split()[0]


# --- The command line and the token endpoint ------------------------------------------------------------------------

def test_a_client_registered_by_command_gets_a_token_with_its_secret_and_not_with_another(client, provider, capsys):
    client_id, secret = register_by_command(capsys, "--name", "Brobyg fagsystem", "--organisation", provider.name)
    registered = ApiClient.objects.get(application__client_id=client_id)
    assert registered.organisation == provider and registered.organisation_type == OrganisationType.PROVIDER
    assert registered.scopes == sorted(SCOPES_BY_TYPE[OrganisationType.PROVIDER])
    assert registered.application.client_secret != secret  # kept hashed

    granted = token(client, client_id, secret)
    assert granted.status_code == 200, granted.content
    assert set(granted.json()["scope"].split()) == set(registered.scopes)
    assert referrals(client, granted.json()["access_token"]).status_code == 200

    refused = token(client, client_id, secret + "x")
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"


def test_a_client_cannot_obtain_a_scope_it_was_not_given(client, provider, capsys):
    client_id, secret = register_by_command(capsys, "--name", "Brobyg læser", "--organisation", provider.name,
                                            "--scope", "henvisning.read")
    assert token(client, client_id, secret, scope="henvisning.write").json()["error"] == "invalid_scope"
    assert token(client, client_id, secret, scope="borger.read").json()["error"] == "invalid_scope"
    narrow = token(client, client_id, secret, scope="henvisning.read")
    assert narrow.status_code == 200 and narrow.json()["scope"] == "henvisning.read"
    write = client.post("/api/v1/henvisninger/1/status", {"state": "accepted"}, content_type="application/json",
                        headers={"Authorization": f"Bearer {narrow.json()['access_token']}", "x-requestId": "a-1"})
    assert write.status_code == 403 and write.json()["code"] == "forbidden_scope"


def test_the_command_refuses_scopes_of_another_organisation_type_and_an_unknown_unit(provider, capsys):
    with pytest.raises(CommandError, match="scopes"):
        call_command("register_api_client", "--name", "X", "--organisation", provider.name, "--scope", "borger.read")
    with pytest.raises(CommandError, match="No organisation unit"):
        call_command("register_api_client", "--name", "X", "--organisation", "Findes ikke")
    assert not ApiClient.objects.exists()


def test_the_command_registers_the_kommunes_own_system_with_a_fixed_id_once(caseworker, capsys):
    client_id, secret = register_by_command(capsys, "--name", "Ydelsessystem", "--organisation", caseworker.unit.name,
                                            "--type", "kommune", "--scope", "borger.read,program.read",
                                            "--client-id", "kommune-1", "--client-secret", "s3cret-kommune")
    assert (client_id, secret) == ("kommune-1", "s3cret-kommune")
    assert ApiClient.objects.get().scopes == ["borger.read", "program.read"]
    with pytest.raises(CommandError, match="in use"):
        call_command("register_api_client", "--name", "Igen", "--organisation", caseworker.unit.name,
                     "--type", "kommune", "--client-id", "kommune-1")


# --- Deactivation ---------------------------------------------------------------------------------------------------

def test_a_deactivated_clients_token_stops_working_and_it_gets_no_new_one(client, admin_client, provider, capsys):
    client_id, secret = register_by_command(capsys, "--name", "Brobyg fagsystem", "--organisation", provider.name)
    access_token = token(client, client_id, secret).json()["access_token"]
    assert referrals(client, access_token).status_code == 200

    registered = ApiClient.objects.get()
    response = admin_client.post(reverse("api:client_deactivate", args=[registered.pk]))
    assert response.status_code == 302
    registered.refresh_from_db()
    assert not registered.active
    assert referrals(client, access_token).status_code == 401
    assert token(client, client_id, secret).status_code == 401


# --- The administrator's pages ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, method", [("api:clients", "get"), ("api:client_add", "get"),
                                          ("api:client_add", "post")])
def test_only_the_administrator_manages_api_clients(caseworker_client, name, method):
    response = getattr(caseworker_client, method)(reverse(name) + "?type=anden_aktoer")
    assert response.status_code == 403


def test_only_the_administrator_of_the_municipality_deactivates_a_client(client, provider_client, caseworker,
                                                                         other_municipality, make_staff):
    client.force_login(caseworker.user)
    url = reverse("api:client_deactivate", args=[provider_client.pk])
    assert client.post(url).status_code == 403
    client.force_login(make_staff(other_municipality, "admin2", role=Role.ADMIN, unit_name="Bakkeby Jobcenter").user)
    assert client.post(url).status_code == 404
    provider_client.refresh_from_db()
    assert provider_client.active


def test_the_administrator_registers_a_provider_client_and_sees_the_secret_once(client, admin_client, provider,
                                                                                 caseworker):
    chooser = admin_client.get(reverse("api:client_add"))
    assert chooser.status_code == 200 and 'name="type"' in chooser.content.decode()

    form = admin_client.get(reverse("api:client_add") + "?type=anden_aktoer")
    page = form.content.decode()
    assert provider.name in page and caseworker.unit.name not in page  # the type's organisations only
    assert "henvisning.write" in page and "borger.read" not in page  # the type's scopes only

    response = admin_client.post(reverse("api:client_add") + "?type=anden_aktoer", {
        "name": "Brobyg fagsystem", "organisation": provider.pk, "scopes": ["henvisning.read", "aftale.read"]})
    assert response.status_code == 200
    registered = ApiClient.objects.get()
    secret = response.context["secret"]
    assert registered.client_id in response.content.decode() and secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert secret not in str(dict(admin_client.session))
    assert registered.created_by.user.username == "admin" and registered.scopes == ["aftale.read", "henvisning.read"]
    assert token(client, registered.client_id, secret).status_code == 200

    listing = admin_client.get(reverse("api:clients")).content.decode()
    assert "Brobyg fagsystem" in listing and registered.client_id in listing and secret not in listing


def test_the_form_refuses_a_kommune_unit_for_a_provider_client_and_a_scope_of_another_type(admin_client, caseworker,
                                                                                          provider):
    url = reverse("api:client_add") + "?type=anden_aktoer"
    response = admin_client.post(url, {"name": "X", "organisation": caseworker.unit.pk, "scopes": ["henvisning.read"]})
    assert response.status_code == 200 and response.context["form"].errors["organisation"]
    response = admin_client.post(url, {"name": "X", "organisation": provider.pk, "scopes": ["borger.read"]})
    assert response.context["form"].errors["scopes"]
    assert not ApiClient.objects.exists()


# --- The sandbox ----------------------------------------------------------------------------------------------------

@pytest.fixture
def demo(db):
    from helhed.demo.generator import Generator

    return Generator(citizens=2000, seed=1, as_of=datetime.date(2026, 11, 30)).run().municipality


def test_the_sandbox_registers_one_demo_provider_client_that_reaches_the_demos_referrals(client, demo, capsys,
                                                                                         monkeypatch):
    monkeypatch.setenv("HELHED_API_DEMO_SECRET", "sandkasse-hemmelighed")
    call_command("api_sandbox")
    call_command("api_sandbox")
    out = capsys.readouterr().out
    sandbox = ApiClient.objects.get()
    assert sandbox.client_id == "demo-leverandoer" and sandbox.organisation.name == "Brobyg Mentorhus ApS"
    assert "curl -u demo-leverandoer:sandkasse-hemmelighed -d grant_type=client_credentials" in out
    assert "note:" not in out  # the demo has referrals to the provider that the client reaches

    access_token = token(client, "demo-leverandoer", "sandkasse-hemmelighed").json()["access_token"]
    items = referrals(client, access_token).json()["items"]
    assert items and {item["state"] for item in items} <= {"sent", "accepted", "started"}


def test_the_sandbox_is_idempotent_uses_the_documented_secret_and_turns_a_deactivated_client_on(client, provider,
                                                                                               capsys, monkeypatch):
    monkeypatch.delenv("HELHED_API_DEMO_SECRET", raising=False)
    args = ["--municipality", provider.municipality.code, "--provider", provider.name]
    call_command("api_sandbox", *args)
    ApiClient.objects.update(active=False)
    call_command("api_sandbox", *args)
    out = capsys.readouterr().out
    assert ApiClient.objects.get().active
    assert "reaches no citizen" in out  # no referral to this provider yet, and the sandbox says so
    assert token(client, "demo-leverandoer", "helhed-demo-hemmelighed").status_code == 200


def test_the_sandbox_refuses_to_run_in_production(provider, monkeypatch):
    monkeypatch.setenv("HELHED_ENV", "production")
    with pytest.raises(CommandError, match="production"):
        call_command("api_sandbox", "--municipality", provider.municipality.code, "--provider", provider.name)
    assert not ApiClient.objects.exists()
