"""Proof that each served document and the server agree: schemathesis generates requests from the
document a real server serves and checks every answer against it (no 5xx, status codes, content types,
headers and bodies as documented). Bounded: a few examples per operation, so all six documents take
about a minute here."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.server import running_server

pytestmark = pytest.mark.e2e
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]
EXAMPLES = 8
NOT_FUZZED = {("GET", "/events")}  # a stream that stays open; tests/core/test_e2e.py reads it


def control_case(case: Any) -> None:
    """Keep the fuzzer from breaking the server it tests: an injected fault must match nothing, a wait
    must not wait."""
    if case.path == "/webhooks/wait":
        case.body = {**(case.body if isinstance(case.body, dict) else {}), "timeout_s": 0}
    if case.path == "/faults" and case.method.upper() == "POST":
        case.body = {**(case.body if isinstance(case.body, dict) else {}), "path": "/_never"}


PREPARE: dict[str, Callable[[Any], None]] = {"control": control_case}


def basic(user: str, password: str) -> dict[str, dict[str, str]]:
    return {"headers": {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}}


def bearer_from_pitneybowes(base: str) -> dict[str, Any]:
    resp = httpx.post(f"{base}/pitneybowes/auth/api/v1/token", **basic("proof-client", "proof-secret"))
    return {"headers": {"Authorization": "Bearer " + resp.json()["access_token"]}}


def sid_from_wialon(base: str) -> dict[str, Any]:
    resp = httpx.get(f"{base}/wialon/wialon/ajax.html", params={"svc": "token/login", "params": '{"token": "proof"}'})
    return {"params": {"sid": resp.json()["eid"]}}


# Credentials a client would send (open mode: each names its tenant); schemathesis' own random ones
# would only ever meet the 401. A callable gets them from the server first (a token, a session).
AUTH: dict[str, dict[str, Any] | Callable[[str], dict[str, Any]]] = {
    "tiramizoo": {"params": {"api_token": "proof"}},
    "hypertrack": basic("proof-account", "proof-secret"),
    "onfleet": basic("proof-key", ""),
    "pitneybowes": bearer_from_pitneybowes,
    "wialon": sid_from_wialon,
}


@pytest.fixture(scope="module")
def vendor_server() -> Iterator[str]:
    with running_server() as base:
        httpx.put(f"{base}/_sim/settings", json={"rate_limit": False})  # else Onfleet's 429 answers most cases
        yield base


@pytest.fixture(scope="module")
def control_server() -> Iterator[str]:
    with running_server() as base:
        yield base


def follow_links(schema: Any, prepare: Callable[[Any], None], auth: dict[str, Any]) -> list[str]:
    """create -> read / change / delete, on every run: each operation whose answer has links is called with
    the document's example body, then every link of the status it answered is followed with the value the
    answer gave (`$response.body#/id`). Every answer is checked like any other."""
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        definition = operation.definition.raw
        media = next(iter(definition.get("requestBody", {}).get("content", {}).values()), {})
        links = {status: reply["links"] for status, reply in definition["responses"].items() if "links" in reply}
        if not links or "example" not in media:
            continue
        case = operation.Case(body=media["example"], media_type="application/json")
        prepare(case)
        try:
            response = case.call_and_validate(checks=CHECKS, **auth)
        except BaseException as exc:  # noqa: B036 - as below
            failures.append(f"{operation.label} (example, to follow its links): {exc}")
            continue
        assert str(response.status_code) in links, f"{operation.label}: the example answered {response.status_code}"
        for name, link in links[str(response.status_code)].items():
            target = schema.find_operation_by_id(link["operationId"])
            values = {param: pointer(response.json(), expr) for param, expr in link["parameters"].items()}
            try:
                target.Case(path_parameters=values).call_and_validate(checks=CHECKS, **auth)
            except BaseException as exc:  # noqa: B036 - as below
                failures.append(f"{operation.label} -> {name} ({target.label}): {exc}")
    return failures


def pointer(body: Any, expression: str) -> Any:
    """`$response.body#/a/0/b` in `body`."""
    for key in expression.split("#", 1)[1].strip("/").split("/"):
        body = body[int(key)] if isinstance(body, list) else body[key]
    return body


def journal_size(base: str) -> int:
    return int(httpx.get(f"{base}/_sim/requests", params={"limit": 1}).json()["total"])


def documents() -> list[str]:
    from simulator.app import create_app
    from simulator.settings import Settings
    app = create_app(Settings(clock="manual", seed=1), fixtures={})
    return [name for name, vendor in app.state.engine.vendors.items() if vendor.api() is not None] + ["control"]


@pytest.mark.parametrize("name", documents())
def test_server_and_document_agree(name, request):
    base = request.getfixturevalue("control_server" if name == "control" else "vendor_server")
    schema = schemathesis.openapi.from_url(f"{base}/_sim/openapi/{name}.json")
    schema.config.generation.update(with_security_parameters=False)
    prepare, credentials = PREPARE.get(name, lambda case: None), AUTH.get(name, {})
    auth = credentials(base) if callable(credentials) else credentials
    before = journal_size(base)
    failures, fuzzed = follow_links(schema, prepare, auth), 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in NOT_FUZZED:
            continue
        fuzzed += 1
        # The document's examples first (a create, then reads and actions on what it created), then generated cases.
        examples = schema.get_strategies_from_examples(operation)
        for strategy, count in ((st.one_of(examples), len(examples)), (operation.as_strategy(), EXAMPLES)):
            if count == 0:
                continue

            @given(case=strategy)
            @settings(max_examples=count, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
            def check(case: Any) -> None:
                prepare(case)
                case.call_and_validate(checks=CHECKS, **auth)

            try:
                check()
            except BaseException as exc:  # noqa: B036 - schemathesis reports a FailureGroup (an ExceptionGroup)
                failures.append(f"{operation.label}: {exc}")
    assert fuzzed, f"{name}: no operation in the document"
    assert not failures, "\n\n".join(failures)
    sent = journal_size(base) - before
    assert sent >= fuzzed, f"{name}: only {sent} requests reached the server"
