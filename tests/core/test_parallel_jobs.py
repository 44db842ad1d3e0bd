"""Parallel jobs don't collide: a fault aimed at one tenant, an event stream opened for a tenant
before its first call, and a journal that shows what each job's code sent and got back."""

from __future__ import annotations

import json
import threading

import httpx
import msgspec
import pytest

from simulator.app import create_app
from simulator.http.journal import CAPTURE_BYTES, JournalEntry
from simulator.settings import Settings
from tests.server import running_server
from tests.tiramizoo.helpers import QUOTE_REQUEST, create

pytestmark = pytest.mark.anyio

ORDERS = "/tiramizoo/v1/orders"


async def test_a_fault_for_one_tenant_leaves_the_others_alone(client):
    resp = await client.post("/_sim/faults", json={"tenant": "job-a", "vendor": "tiramizoo", "status": 503,
                                                   "message": "down for job a", "count": 2})
    assert resp.status_code == 201 and resp.json()["tenant"] == "job-a"
    assert (await client.get(f"{ORDERS}?api_token=job-b")).status_code == 200  # another job: untouched
    hit = await client.get(f"{ORDERS}?api_token=job-a")
    assert hit.status_code == 503 and hit.json() == {"code": "service_unavailable", "message": "down for job a"}
    assert (await client.get(f"{ORDERS}?api_token=job-b")).status_code == 200  # job b did not use up the count
    assert (await client.get(f"{ORDERS}?api_token=job-a")).status_code == 503
    assert (await client.get(f"{ORDERS}?api_token=job-a")).status_code == 200  # count 2 spent by job a alone
    assert (await client.get("/_sim/faults")).json()["faults"] == []


async def test_a_fault_may_name_the_tenant_by_credential():
    app = create_app(Settings(clock="manual", seed=1),
                     fixtures={"tenants": {"shop": {"credentials": {"tiramizoo": ["shop-token"]}}}})
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sim") as c:
        rule = (await c.post("/_sim/faults", json={"tenant": "shop-token", "status": 500})).json()
        assert rule["tenant"] == "shop"
        assert (await c.get(f"{ORDERS}?api_token=shop-token")).status_code == 500
        assert (await c.get(f"{ORDERS}?api_token=elsewhere")).status_code == 200
        assert (await c.get("/_sim/clock?tenant=shop")).status_code == 200  # the control plane is never faulted


async def test_a_tenant_fault_with_only_a_delay_answers_late_but_answers(client):
    await client.post("/_sim/faults", json={"tenant": "slow", "status": 0, "delay_ms": 150})
    assert (await client.get(f"{ORDERS}?api_token=slow")).status_code == 200
    assert (await client.get(f"{ORDERS}?api_token=quick")).status_code == 200
    entries = (await client.get("/_sim/requests", params={"path": ORDERS})).json()["requests"]
    by_tenant = {e["tenant"]: e["duration_ms"] for e in entries}
    assert by_tenant["slow"] >= 150 and by_tenant["quick"] < 150


async def test_a_fault_for_an_unknown_tenant_type_is_refused(client):
    resp = await client.post("/_sim/faults", json={"tenant": 5})
    assert resp.status_code == 400


async def test_the_journal_holds_headers_and_bodies_on_request(client):
    resp = await create(client, "journal-job")
    assert resp.status_code == 201
    sent = (await client.get("/_sim/requests", params={"tenant": "journal-job", "method": "POST", "path": ORDERS,
                                                       "include": "bodies"})).json()["requests"]
    [entry] = sent
    assert entry["request"]["headers"]["content-type"] == "application/json"
    assert json.loads(entry["request"]["body"])["description"] == "rubber chickens"
    assert entry["request"]["truncated"] is False
    assert json.loads(entry["response"]["body"]) == resp.json()
    assert entry["response"]["headers"]["x-request-id"] == resp.headers["x-request-id"]
    plain = (await client.get("/_sim/requests", params={"tenant": "journal-job"})).json()["requests"]
    assert plain and all("request" not in e and "response" not in e for e in plain)


async def test_journal_entries_have_the_documented_fields(client):
    await create(client, "shape-job")
    await client.get("/tiramizoo/v1/no-such-route?api_token=shape-job")  # answered by Starlette's router, not a route
    entries = (await client.get("/_sim/requests", params={"include": "bodies", "vendor": "tiramizoo"})).json()["requests"]
    assert {e["status"] for e in entries} >= {201, 404}
    for entry in entries:
        assert list(entry) == list(JournalEntry.__struct_fields__)
        assert all(set(entry[side]) == {"headers", "body", "size", "truncated"} for side in ("request", "response"))
        assert entry["response"]["headers"]["x-request-id"] == entry["request_id"]
        assert entry["response"]["size"] == int(entry["response"]["headers"]["content-length"])
    plain = (await client.get("/_sim/requests", params={"vendor": "tiramizoo"})).json()["requests"]
    assert msgspec.convert(plain, list[JournalEntry])[0].request is None


async def test_journal_bodies_are_truncated_at_the_documented_size(client):
    big = json.dumps({"pad": "x" * (3 * CAPTURE_BYTES)}).encode()
    await client.post("/tiramizoo/v1/quotes", content=big, headers={"content-type": "application/json"})
    [entry] = (await client.get("/_sim/requests", params={"path": "/tiramizoo/v1/quotes", "include": "bodies"})).json()["requests"]
    body = entry["request"]
    assert (body["truncated"], body["size"], body["body"]) == (True, len(big), big[:CAPTURE_BYTES].decode())


async def test_include_names_what_it_allows(client):
    resp = await client.get("/_sim/requests", params={"include": "everything"})
    assert resp.status_code == 400 and "bodies" in resp.json()["error"]


@pytest.mark.e2e
def test_events_for_a_tenant_that_has_not_called_yet_arrive_once_it_does():
    with running_server() as base, httpx.Client(base_url=base, timeout=10) as http:
        events: list[dict] = []
        opened = threading.Event()
        status: list[int] = []

        def listen() -> None:
            with http.stream("GET", "/_sim/events", params={"tenant": "future-job"}) as stream:
                status.append(stream.status_code)
                opened.set()
                for line in stream.iter_lines():
                    if line.startswith("data: "):
                        events.append(json.loads(line[6:]))
                        return

        thread = threading.Thread(target=listen, daemon=True)
        thread.start()
        assert opened.wait(5) and status == [200]
        quote = http.post("/tiramizoo/v1/quotes", json=QUOTE_REQUEST).json()[0]
        http.post(f"{ORDERS}?api_token=someone-else", json={"quote": quote, "pickup": {"name": "A"}, "delivery": {"name": "B"}})
        quote = http.post("/tiramizoo/v1/quotes", json=QUOTE_REQUEST).json()[0]
        uuid = http.post(f"{ORDERS}?api_token=future-job", json={
            "quote": quote, "pickup": {"name": "A"}, "delivery": {"name": "B"}}).json()["uuid"]
        thread.join(10)
        assert [(e["kind"], e["tenant"], e["order_id"]) for e in events] == [("created", "future-job", uuid)]
