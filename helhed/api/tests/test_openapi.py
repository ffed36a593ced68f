"""The OpenAPI document: the served one is the committed one (docs/api/openapi.json), and it states the
conventions of the national data hub for every operation, whatever resources exist."""

import json
import re

import pytest

from helhed.api.conventions import REQUEST_ID_HEADER
from helhed.api.management.commands.export_openapi import DEFAULT_PATH, openapi_text
from helhed.api.models import SCOPES

METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
WRITES = {"post", "put", "patch", "delete"}
CPR_LIKE = re.compile(r"cpr|civil.?registration", re.IGNORECASE)
EXPORT = "run: .venv/bin/python manage.py export_openapi"


@pytest.fixture
def served(client, db):
    response = client.get("/api/v1/openapi.json")  # no token
    assert response.status_code == 200, response.content[:500]
    return response.json()


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def parameters(document, item, operation):
    """The operation's parameters, with the path item's, $refs resolved."""
    for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
        if "$ref" in parameter:
            parameter = document["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
        yield parameter


def test_the_document_is_served_without_a_token(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


def test_the_served_document_is_the_committed_file(served):
    assert DEFAULT_PATH.exists(), f"{DEFAULT_PATH} is missing; {EXPORT}"
    committed = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    assert served == committed, f"docs/api/openapi.json differs from /api/v1/openapi.json; {EXPORT}"


def test_the_committed_file_is_written_stably():
    """Sorted keys and a fixed indent, so that a change of the API is a readable diff."""
    assert DEFAULT_PATH.read_text(encoding="utf-8") == openapi_text(), f"docs/api/openapi.json is stale; {EXPORT}"


def test_the_document_is_openapi_3_1(served):
    assert served["openapi"].startswith("3.1.")
    assert served["info"]["title"] and served["info"]["version"]
    assert list(operations(served)), "the document has no operations"


def test_every_operation_needs_an_oauth2_token_with_a_scope(served):
    scheme = served["components"]["securitySchemes"]["oauth2"]
    assert scheme["type"] == "oauth2"
    declared = scheme["flows"]["clientCredentials"]["scopes"]
    assert set(declared) == set(SCOPES)
    missing = []
    for path, method, operation in operations(served):
        security = operation.get("security") or []
        scopes = [scope for entry in security for scope in entry.get("oauth2", [])]
        if not scopes or any(scope not in declared for scope in scopes) or any(set(e) != {"oauth2"} for e in security):
            missing.append(f"{method.upper()} {path}: security {security}")
    assert not missing, "operations without the OAuth2 scheme and a known scope:\n" + "\n".join(missing)


def test_every_operation_has_a_summary_and_problem_responses(served):
    wrong = []
    for path, method, operation in operations(served):
        if not operation.get("summary"):
            wrong.append(f"{method.upper()} {path}: no summary")
        codes = {"400", "401", "403", "404"} | ({"409", "412", "422"} if method in WRITES else set())
        if not codes <= set(operation.get("responses", {})):
            wrong.append(f"{method.upper()} {path}: responses {sorted(operation.get('responses', {}))}")
        if not any(code.startswith("2") for code in operation.get("responses", {})):
            wrong.append(f"{method.upper()} {path}: no success response")
    assert not wrong, "\n".join(wrong)


def test_no_cpr_number_in_a_path_or_query(served):
    """The CPR number travels in the header x-civilRegistrationIdentifier, never in a URL."""
    found = []
    for path, item in served["paths"].items():
        if CPR_LIKE.search(path):
            found.append(f"path {path}")
        for method, operation in ((m, o) for m, o in item.items() if m in METHODS):
            for parameter in parameters(served, item, operation):
                if parameter["in"] != "header" and CPR_LIKE.search(parameter["name"]):
                    found.append(f"{method.upper()} {path}: {parameter['in']} parameter {parameter['name']}")
    assert not found, "CPR numbers outside headers:\n" + "\n".join(found)


def test_every_write_requires_a_request_id_header(served):
    missing = []
    for path, item in served["paths"].items():
        for method, operation in ((m, o) for m, o in item.items() if m in WRITES):
            headers = {p["name"].lower(): p for p in parameters(served, item, operation) if p["in"] == "header"}
            declared = headers.get(REQUEST_ID_HEADER.lower())
            if declared is None or not declared.get("required"):
                missing.append(f"{method.upper()} {path}")
    assert not missing, f"writes without a required {REQUEST_ID_HEADER} header:\n" + "\n".join(missing)
