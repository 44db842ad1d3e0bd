"""The /_sim control plane, driven the way a test suite or a dashboard would."""

import base64
import hashlib
import hmac
import json
import re
import time

import httpx
import pytest

from simulator.app import create_app
from simulator.fixtures import parse_fixtures
from simulator.settings import Settings
from tests.support import advance
from tests.tiramizoo.helpers import create

pytestmark = pytest.mark.anyio


async def test_health(client):
    resp = await client.get("/_sim/health")
    assert resp.status_code == 200
    body = resp.json()
    assert body["status"] == "ok" and "tiramizoo" in body["vendors"] and body["version"]


async def test_reset_one_tenant_or_all(client):
    a = (await create(client, "a")).json()
    b = (await create(client, "b")).json()
    assert (await client.post("/_sim/reset", json={"tenant": "a"})).json() == {"reset": "a"}
    assert (await client.get(f"/tiramizoo/v1/orders/{a['uuid']}?api_token=a")).status_code == 404
    assert (await client.get(f"/tiramizoo/v1/orders/{b['uuid']}?api_token=b")).status_code == 200
    await client.post("/_sim/reset")
    assert (await client.get(f"/tiramizoo/v1/orders/{b['uuid']}?api_token=b")).status_code == 404


async def test_clock_get_put_and_advance(client):
    await create(client, "t")
    clock = (await client.get("/_sim/clock", params={"tenant": "t"})).json()
    assert clock["mode"] == "manual" and clock["pending_jobs"] == 1
    moved = (await advance(client, "t", 30))["tenants"]["t"]
    assert moved["now"] == clock["now"] + 30 and moved["jobs_run"] == 1
    resp = await client.put("/_sim/clock", json={"tenant": "t", "mode": "scaled", "speed": 10})
    assert resp.json()["tenants"]["t"]["mode"] == "scaled" and resp.json()["tenants"]["t"]["speed"] == 10
    assert (await client.put("/_sim/clock", json={"mode": "warp"})).status_code == 400
    assert (await client.post("/_sim/clock/advance", json={"seconds": -1})).status_code == 400
    assert (await client.get("/_sim/clock", params={"tenant": "nobody-here"})).status_code == 404


async def test_orders_listing_filters_and_lookup(client):
    a = (await create(client, "t")).json()
    b = (await create(client, "t")).json()
    await client.post(f"/_sim/orders/tiramizoo/{b['uuid']}/advance", json={"to": "dispatched"})
    listed = (await client.get("/_sim/orders", params={"vendor": "tiramizoo", "milestone": "dispatched"})).json()
    assert [o["id"] for o in listed["orders"]] == [b["uuid"]]
    one = (await client.get(f"/_sim/orders/tiramizoo/{a['uuid']}", params={"tenant": "t"})).json()
    assert one["state"] == "awaiting_payment" and one["milestone"] == "awaiting_payment"
    assert one["order"]["uuid"] == a["uuid"] and one["tenant"] == "t"
    assert (await client.get("/_sim/orders/tiramizoo/nope")).status_code == 404
    assert (await client.get("/_sim/orders", params={"milestone": "teleported"})).status_code == 400
    assert (await client.get("/_sim/orders", params={"vendor": "acme"})).status_code == 404


async def test_advance_walks_the_legal_path_or_409(client, receiver):
    order = (await create(client, web_hook_url=receiver.url)).json()
    resp = await client.post(f"/_sim/orders/tiramizoo/{order['uuid']}/advance", json={"to": "delivered"})
    assert resp.status_code == 200
    assert resp.json()["path"] == ["dispatched", "picked_up", "delivered"]
    assert [b["state"] for b in receiver.json_bodies()] == ["dispatched", "picked_up", "delivered"]
    resp = await client.post(f"/_sim/orders/tiramizoo/{order['uuid']}/advance", json={"to": "cancelled"})
    assert resp.status_code == 409 and "cannot be reached" in resp.json()["error"]
    resp = await client.post(f"/_sim/orders/tiramizoo/{order['uuid']}/advance", json={"to": "moon"})
    assert resp.status_code == 400


async def test_advance_by_failure_milestone(client):
    order = (await create(client)).json()
    resp = await client.post(f"/_sim/orders/tiramizoo/{order['uuid']}/advance", json={"to": "delivery_unreachable"})
    assert resp.json()["path"] == ["dispatched", "picked_up", "delivery_unreachable"]


async def test_tenant_accepts_credential_or_name(app, client):
    app.state.engine.tenants.load(parse_fixtures({"tenants": {"acme": {"credentials": {"tiramizoo": ["key-1"]}}}}))
    order = (await create(client, "key-1")).json()
    for ref in ("acme", "key-1"):
        resp = await client.get(f"/_sim/orders/tiramizoo/{order['uuid']}", params={"tenant": ref})
        assert resp.status_code == 200 and resp.json()["tenant"] == "acme"


async def test_sink_records_and_answers_onfleet_handshake(client):
    await client.post("/_sim/sink/demo?x=1", json={"hello": 1}, headers={"x-sig": "abc"})
    listed = (await client.get("/_sim/sink/demo")).json()
    assert listed["count"] == 1
    item = listed["requests"][0]
    assert json.loads(item["body"]) == {"hello": 1} and item["headers"]["x-sig"] == "abc" and item["query"] == "x=1"
    assert (await client.get("/_sim/sink/demo", params={"check": "r4nd0m"})).text == "r4nd0m"
    await client.delete("/_sim/sink/demo")
    assert (await client.get("/_sim/sink/demo")).json()["count"] == 0


def verify_standard_webhook(secret: str, headers: dict, body: bytes) -> bool:
    """What a receiver does (standardwebhooks.com): HMAC-SHA256 over id.timestamp.body."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(sig == f"v1,{expected}" for sig in headers["webhook-signature"].split())


async def test_subscriptions_sign_standard_webhooks(client, receiver):
    resp = await client.post("/_sim/subscriptions", json={"url": receiver.url, "vendor": "tiramizoo"})
    assert resp.status_code == 201
    sub = resp.json()
    assert sub["secret"].startswith("whsec_")
    order = (await create(client)).json()
    await client.post(f"/_sim/orders/tiramizoo/{order['uuid']}/advance", json={"to": "dispatched"})
    await client.post("/_sim/webhooks/wait", json={"count": 2, "channel": "subscription", "timeout_s": 5})
    posts = receiver.posts()
    assert len(posts) == 2
    for post in posts:
        assert verify_standard_webhook(sub["secret"], post["headers"], post["body"])
        assert abs(int(post["headers"]["webhook-timestamp"]) - time.time()) < 60
    created, changed = [json.loads(p["body"]) for p in posts]
    assert created["type"] == "order.created" and changed["type"] == "order.state_changed"
    assert changed["data"]["state"] == "dispatched" and changed["data"]["previous_state"] == "awaiting_payment"
    assert changed["data"]["milestone"] == "dispatched" and changed["data"]["order"]["uuid"] == order["uuid"]
    listed = (await client.get("/_sim/subscriptions")).json()["subscriptions"]
    assert [s["id"] for s in listed] == [sub["id"]]
    assert (await client.delete(f"/_sim/subscriptions/{sub['id']}")).status_code == 200
    assert (await client.delete(f"/_sim/subscriptions/{sub['id']}")).status_code == 404
    assert (await client.post("/_sim/subscriptions", json={"url": "ftp://x"})).status_code == 400


async def test_request_journal_is_filterable(client):
    await client.get("/tiramizoo/v1/orders?api_token=j1")
    await client.get("/tiramizoo/v1/orders?api_token=invalid")
    entries = (await client.get("/_sim/requests", params={"vendor": "tiramizoo", "status": 401})).json()["requests"]
    assert len(entries) == 1 and entries[0]["query"] == "api_token=invalid"
    mine = (await client.get("/_sim/requests", params={"tenant": "j1"})).json()["requests"]
    assert [e["status"] for e in mine] == [200]


async def test_faults_answer_in_the_vendor_envelope(client):
    resp = await client.post("/_sim/faults", json={"vendor": "tiramizoo", "status": 503, "count": 1,
                                                   "path": "/tiramizoo/v1/orders"})
    assert resp.status_code == 201
    hit = await client.get("/tiramizoo/v1/orders?api_token=f")
    assert hit.status_code == 503 and hit.json() == {"message": "injected fault", "code": "service_unavailable"}
    assert (await client.get("/tiramizoo/v1/orders?api_token=f")).status_code == 200  # count used up
    assert (await client.post("/_sim/faults", json={"status": 200})).status_code == 400


async def test_body_limit_gives_vendor_413(app, client):
    assert app.state.settings.body_limit == 1_048_576  # the default
    resp = await client.post("/tiramizoo/v1/orders?api_token=t", content=b"x" * (1_048_576 + 1),
                             headers={"content-type": "application/json"})
    assert resp.status_code == 413 and resp.json()["code"] == "request_entity_too_large"


async def test_settings_and_vendor_config_at_run_time(client):
    resp = await client.put("/_sim/settings", json={"rate_limit": False})
    assert resp.status_code == 200 and resp.json()["rate_limit"] is False
    assert (await client.put("/_sim/settings", json={"port": 1})).status_code == 400
    await create(client, "cfg")
    resp = await client.put("/_sim/vendors/hypertrack/config", json={"tenant": "cfg", "config": {"webhook_secret": "k1"}})
    assert resp.json()["config"] == {"webhook_secret": "k1"}
    resp = await client.get("/_sim/vendors/hypertrack/config", params={"tenant": "cfg"})
    assert resp.json()["config"] == {"webhook_secret": "k1"}


async def test_control_plane_bad_json_is_400_not_500(client):
    for path in ("/_sim/reset", "/_sim/clock/advance", "/_sim/subscriptions", "/_sim/webhooks/wait"):
        resp = await client.post(path, content=b"{nope")
        assert resp.status_code == 400, path
        resp = await client.post(path, content=b"[1, 2]")
        assert resp.status_code == 400, path


async def test_unknown_paths_are_json_404(client):
    for path in ("/_sim/nothing", "/tiramizoo/v2/x", "/nowhere"):
        resp = await client.get(path)
        assert resp.status_code == 404 and resp.headers["content-type"].startswith("application/json")


async def test_dashboard_is_served_with_its_files_from_the_package(client):
    resp = await client.get("/_sim/")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
    assets = re.findall(r'(?:src|href)="(/_sim/static/[^"]+)"', resp.text)
    assert {"/_sim/static/dashboard.css", "/_sim/static/dashboard.js"} <= set(assets)
    scripts = ["/_sim/static/dashboard.js"]
    while scripts:  # every module the page imports is there, with a type a browser runs
        path = scripts.pop()
        script = await client.get(path)
        assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript"), path
        scripts += [f"/_sim/static/{name}" for name in re.findall(r'from "\./([\w.]+)"', script.text)]
        assert "http://" not in script.text and "https://" not in script.text  # nothing from the internet
    css = await client.get("/_sim/static/dashboard.css")
    assert css.headers["content-type"].startswith("text/css")
    for bad in ("/_sim/static/nope.js", "/_sim/static/..%2Fbase.py", "/_sim/static/dashboard.py"):
        assert (await client.get(bad)).status_code == 404, bad
    locked = create_app(Settings(clock="manual", control_token="t0ken"), fixtures={})
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=locked), base_url="http://sim") as anyone:
        for path in ["/_sim/", *assets]:  # a browser loads these before it knows the token
            assert (await anyone.get(path)).status_code == 200, path
        assert (await anyone.get("/_sim/orders")).status_code == 401


async def test_set_up_calls_may_name_a_tenant_before_its_first_request(client):
    resp = await client.put("/_sim/vendors/tiramizoo/config", json={"tenant": "fresh-key", "config": {}})
    assert resp.status_code == 200 and resp.json()["tenant"] == "fresh-key"
    resp = await client.put("/_sim/clock", json={"tenant": "fresh-key-2", "mode": "scaled", "speed": 3})
    assert resp.json()["tenants"]["fresh-key-2"]["speed"] == 3
    await create(client, "fresh-key-2")
    assert (await client.get("/_sim/clock", params={"tenant": "fresh-key-2"})).json()["mode"] == "scaled"


async def test_reset_restores_fixture_config_and_drops_run_time_changes(app, client):
    app.state.engine.tenants.load(parse_fixtures({"tenants": {"fx": {"vendors": {"hypertrack": {"webhook_secret": "fixture"}}}}}))
    await client.put("/_sim/vendors/hypertrack/config", json={"tenant": "fx", "config": {"webhook_secret": "run-time"}})
    await client.post("/_sim/reset", json={"tenant": "fx"})
    resp = await client.get("/_sim/vendors/hypertrack/config", params={"tenant": "fx"})
    assert resp.json()["config"] == {"webhook_secret": "fixture"}


async def test_chunked_body_over_the_limit_is_413_too(client):
    async def chunks():
        for _ in range(20):
            yield b"x" * 65536  # 1.25 MiB in all, no Content-Length

    resp = await client.post("/tiramizoo/v1/quotes", content=chunks(), headers={"content-type": "application/json"})
    assert resp.status_code == 413 and resp.json()["code"] == "request_entity_too_large"


async def test_request_id_is_echoed_or_generated(client):
    resp = await client.get("/_sim/health", headers={"x-request-id": "my-id-1"})
    assert resp.headers["x-request-id"] == "my-id-1"
    generated = (await client.get("/_sim/health")).headers["x-request-id"]
    assert len(generated) == 32 and int(generated, 16) >= 0
