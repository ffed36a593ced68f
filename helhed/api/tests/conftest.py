"""An API world: a kommune with a provider, a provider client with a token, a referral to it, and a citizen who is
not referred to it."""

import datetime
import uuid

import pytest
from django.utils import timezone

from helhed.api.clients import register_client
from helhed.api.models import SCOPES_BY_TYPE, OrganisationType
from helhed.core.models import OrganisationUnit
from helhed.offers import referrals
from helhed.offers.models import Referral


@pytest.fixture
def provider(municipality):
    return OrganisationUnit.objects.create(municipality=municipality, name="Brobyg Mentorhus",
                                           kind=OrganisationUnit.Kind.PROVIDER)


@pytest.fixture
def other_provider(municipality):
    return OrganisationUnit.objects.create(municipality=municipality, name="Kompas Aktivering",
                                           kind=OrganisationUnit.Kind.PROVIDER)


def make_referral(caseworker, citizen, provider, *, state=Referral.State.SENT):
    today = timezone.localdate()
    found = referrals.create_referral(
        staff=caseworker, citizen=citizen, provider=provider, service="Mentorstøtte",
        order_text="Følg Søren til udredning i den socialmedicinske klinik.", granted_minutes_per_week=120,
        valid_from=today - datetime.timedelta(days=14), valid_to=today + datetime.timedelta(days=60))
    found = referrals.move_referral(staff=caseworker, referral=found, to_state=Referral.State.SENT)
    for step in {Referral.State.SENT: [], Referral.State.ACCEPTED: [Referral.State.ACCEPTED],
                 Referral.State.STARTED: [Referral.State.ACCEPTED, Referral.State.STARTED]}[state]:
        found = referrals.move_referral(staff=caseworker, referral=found, to_state=step)
    return found


@pytest.fixture
def referral(caseworker, citizen, provider):
    return make_referral(caseworker, citizen, provider)


@pytest.fixture
def other_citizen(caseworker, make_citizen):
    """A citizen referred to another provider: the provider client must never reach them."""
    return make_citizen(caseworker, cpr="0202901234", first="Lise", last="Holm")


@pytest.fixture
def other_referral(caseworker, other_citizen, other_provider):
    return make_referral(caseworker, other_citizen, other_provider, state=Referral.State.STARTED)


def token_for(client, scopes=None) -> str:
    from oauth2_provider.models import get_access_token_model

    token = uuid.uuid4().hex
    get_access_token_model().objects.create(
        application=client.application, token=token, scope=" ".join(scopes or client.scopes),
        expires=timezone.now() + datetime.timedelta(hours=1))
    return token


@pytest.fixture
def provider_client(provider, caseworker):
    client, _secret = register_client(by=None, name="Brobyg fagsystem", organisation=provider,
                                      organisation_type=OrganisationType.PROVIDER,
                                      scopes=list(SCOPES_BY_TYPE[OrganisationType.PROVIDER]))
    return client


@pytest.fixture
def kommune_client(caseworker):
    client, _secret = register_client(by=None, name="Kommunens ydelsessystem", organisation=caseworker.unit,
                                      organisation_type=OrganisationType.KOMMUNE,
                                      scopes=list(SCOPES_BY_TYPE[OrganisationType.KOMMUNE]))
    return client


class Api:
    """The Django test client with a bearer token and the conventions' headers."""

    def __init__(self, client, token):
        self.client, self.token = client, token

    def headers(self, cpr=None, request_id=None, if_match=None, language=None, **extra):
        headers = {"Authorization": f"Bearer {self.token}"}
        if cpr:
            headers["x-civilRegistrationIdentifier"] = cpr
        if request_id:
            headers["x-requestId"] = request_id
        if if_match:
            headers["If-Match"] = if_match
        if language:
            headers["Accept-Language"] = language
        return {**headers, **extra}

    def get(self, path, *, cpr=None, language=None, **params):
        return self.client.get("/api/v1" + path, params, headers=self.headers(cpr=cpr, language=language))

    def post(self, path, body=None, *, request_id="new", cpr=None, if_match=None, language=None):
        request_id = uuid.uuid4().hex if request_id == "new" else request_id
        return self.client.post("/api/v1" + path, body or {}, content_type="application/json",
                                headers=self.headers(cpr=cpr, request_id=request_id, language=language))

    def put(self, path, body=None, *, request_id="new", if_match=None, language=None):
        request_id = uuid.uuid4().hex if request_id == "new" else request_id
        return self.client.put("/api/v1" + path, body or {}, content_type="application/json",
                               headers=self.headers(request_id=request_id, if_match=if_match, language=language))


@pytest.fixture
def provider_api(client, provider_client):
    return Api(client, token_for(provider_client))


@pytest.fixture
def kommune_api(client, kommune_client):
    return Api(client, token_for(kommune_client))
