"""Schemathesis (property-based) against the API's own OpenAPI document, through the WSGI application, with real
tokens of a provider's client and of the kommune's system.

- test_every_operation_conforms_to_the_document: every operation of the document (whatever resources exist), with
  generated valid and invalid input, once as generated and once "grounded" (path ids, the CPR header and the request
  id replaced by real ones, so that the happy paths run too), as each client whose scopes fit (as the first client
  when none fits: then 403). Checks: no server error; status code, content type, headers and body as documented.
- test_links_between_operations_conform: the stateful run, following the OpenAPI links `v1.add_referral_links` adds
  (from the referral list and a referral to everything on `{referral_id}`).

Derandomized with a bounded number of examples, so that CI is repeatable and the run takes about a minute.
HELHED_SCHEMATHESIS_EXAMPLES raises the number of examples per operation and mode.
transactional_db: the WSGI handler closes the connection after each request, which a test's transaction would not
survive.
"""

import logging
import os
import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from helhed.api.conventions import CPR_HEADER, REQUEST_ID_HEADER
from helhed.api.tests.conftest import make_referral, token_for
from helhed.offers.models import Referral

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
EXAMPLES = int(os.environ.get("HELHED_SCHEMATHESIS_EXAMPLES", 6))
MODES = {GenerationMode.POSITIVE: EXAMPLES, GenerationMode.NEGATIVE: max(EXAMPLES // 2, 2)}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(autouse=True)
def quiet_request_log():
    """Django logs every 4xx as a warning: hundreds of lines here."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def _settings(examples):
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None, print_blob=False,
                    suppress_health_check=list(HealthCheck), stateful_step_count=6)


def load_schema():
    from helhed.api.v1 import api
    from helhed.wsgi import application

    schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
    schema.app = application
    return schema


@pytest.fixture
def world(transactional_db, caseworker, citizen, other_citizen, provider, other_provider, provider_client,
          kommune_client):
    """A provider with a referral sent and one started (with a plan), a referral to another provider, and the
    kommune's system, which sees every citizen with an open case."""
    from helhed.plans import content as plan_content
    from helhed.plans import services as plan_services

    make_referral(caseworker, citizen, provider)
    started = make_referral(caseworker, other_citizen, provider, state=Referral.State.STARTED)
    make_referral(caseworker, citizen, other_provider, state=Referral.State.STARTED)
    content = plan_content.empty()
    content.update(own_goal="Jeg vil have et arbejde.", job_goal="Gartneri")
    plan_services.save_plan(staff=caseworker, citizen=other_citizen, base_version=0, content=content,
                            involvement="co_creation", citizen_position="agrees")
    clients = {"provider": provider_client, "kommune": kommune_client}
    return {
        "tokens": {name: token_for(client) for name, client in clients.items()},
        "scopes": {name: set(client.scopes) for name, client in clients.items()},
        "ids": {"referral_id": started.pk, "citizen_id": other_citizen.pk, "pk": started.pk},
        "cpr": other_citizen.cpr,
    }


def _scope(operation):
    return next((scope for entry in operation.definition.raw.get("security", []) for scope in entry.get("oauth2", [])),
                None)


def _clients(world, operation):
    scope = _scope(operation)
    fitting = [name for name, scopes in world["scopes"].items() if scope in scopes]
    return fitting or ["provider"]


def _grounded(case, world):
    """The case with real ids, the citizen's CPR number where it has the header, and a new request id."""
    for name in list(case.path_parameters or {}):
        if name in world["ids"]:
            case.path_parameters[name] = world["ids"][name]
    headers = case.headers if case.headers is not None else {}
    if CPR_HEADER in headers:
        headers[CPR_HEADER] = world["cpr"]
    if case.method.upper() in WRITES:
        headers[REQUEST_ID_HEADER] = uuid.uuid4().hex
    case.headers = headers
    return case


def _run_operation(operation, world, mode, examples, counts):
    @_settings(examples)
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        for variant in (case, _grounded(case, world)) if mode == GenerationMode.POSITIVE else (case,):
            for name in _clients(world, operation):
                counts["requests"] += 1
                response = variant.call_and_validate(
                    headers={"Authorization": f"Bearer {world['tokens'][name]}"}, checks=CHECKS)
                counts.setdefault("statuses", {}).setdefault(response.status_code, 0)
                counts["statuses"][response.status_code] += 1
        counts["examples"] += 1

    run()


def _operations(schema):
    """Reads first, then writes (a write may end the referral the reads use); the state moves last."""
    operations = [result.ok() for result in schema.get_all_operations()]
    return sorted(operations, key=lambda op: (op.method.upper() in WRITES, op.path.endswith("/status"), op.label))


def test_every_operation_conforms_to_the_document(world, settings):
    settings.ALLOWED_HOSTS = ["*"]
    schema = load_schema()
    operations = _operations(schema)
    assert operations, "the document has no operations"
    counts, failures = {"examples": 0, "requests": 0}, []
    for operation in operations:
        for mode, examples in MODES.items():
            try:
                _run_operation(operation, world, mode, examples, counts)
            except Unsatisfiable:
                counts["nothing_invalid"] = counts.get("nothing_invalid", 0) + 1  # no input to make invalid
            except Exception as error:  # noqa: BLE001 - every operation runs; all failures are reported at the end
                failures.append(f"{operation.label} ({mode.value}):\n{error}")
    print(f"\nschemathesis: {len(operations)} operations, {counts['examples']} examples, {counts['requests']} "
          f"requests, statuses {dict(sorted(counts.get('statuses', {}).items()))}")
    assert not failures, "\n\n".join(failures)


def test_links_between_operations_conform(world, settings):
    settings.ALLOWED_HOSTS = ["*"]
    schema = load_schema()
    links = [link for item in schema.raw_schema["paths"].values() for operation in item.values()
             for link in operation.get("responses", {}).get("200", {}).get("links", {}).values()]
    assert links, "the document has no links to follow"
    base = schema.as_state_machine()
    answered = []  # (client, method, path template, status)

    for name in ("provider", "kommune"):
        class Machine(base):
            def after_call(self, response, case):
                super().after_call(response, case)
                answered.append((name, case.method.upper(), case.path, response.status_code))

            def get_call_kwargs(self, case):
                headers = {"Authorization": f"Bearer {world['tokens'][name]}"}
                if case.method.upper() in WRITES:
                    headers[REQUEST_ID_HEADER] = uuid.uuid4().hex
                return {"headers": headers}

            def validate_response(self, response, case, additional_checks=None, **kwargs):
                case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs or None)

        Machine.run(settings=_settings(EXAMPLES * 2))
    print(f"\nstateful: {len(answered)} requests, statuses {sorted({status for *_, status in answered})}")
    # the provider's run followed a link from a referral to something on it, and was answered
    assert any(who == "provider" and "{referral_id}" in path and status < 300 for who, _m, path, status in answered)

