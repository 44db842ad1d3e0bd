"""SimClient against a real `ordersim serve` process: every method, its typed answer, and SimError."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from simulator.client import SimClient, SimError
from simulator.client.models import Clock, Delivery, FaultRule, Health, JournalEntry, Order, Settings
from tests.client.helpers import tiramizoo_order
from tests.server import running_server
from tests.tiramizoo.helpers import QUOTE_REQUEST

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server():
    with running_server() as base:
        yield base


@pytest.fixture
def sim(server):
    with SimClient(server) as client:
        yield client


def test_importing_the_client_loads_neither_starlette_nor_uvicorn():
    code = ("import sys, simulator.client, simulator.client.models; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_base_url_follows_the_url_rule(monkeypatch):
    monkeypatch.setenv("ORDERSIM_URL", "http://sim.example:9000/")
    assert SimClient().base_url == "http://sim.example:9000"
    monkeypatch.delenv("ORDERSIM_URL")
    monkeypatch.setenv("ORDERSIM_PORT", "9001")
    assert SimClient().base_url == "http://127.0.0.1:9001"
    assert SimClient("http://other:1").sink_url("a b") == "http://other:1/_sim/sink/a%20b"


def test_the_control_token_is_sent_as_a_bearer_header(monkeypatch):
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization"))
        return httpx.Response(200, json={"status": "ok", "version": "x", "vendors": []})

    monkeypatch.setenv("ORDERSIM_CONTROL_TOKEN", "from-env")
    SimClient("http://sim", transport=httpx.MockTransport(handler)).health()
    SimClient("http://sim", token="given", transport=httpx.MockTransport(handler)).health()
    monkeypatch.delenv("ORDERSIM_CONTROL_TOKEN")
    SimClient("http://sim", transport=httpx.MockTransport(handler)).health()
    assert seen == ["Bearer from-env", "Bearer given", None]


def test_health_and_settings(sim):
    health = sim.health()
    assert isinstance(health, Health) and health.status == "ok"
    assert set(health.vendors) == {"onfleet", "tiramizoo", "wialon", "hypertrack", "pitneybowes"}
    settings = sim.settings()
    assert isinstance(settings, Settings) and settings.clock == "manual"
    changed = sim.update_settings(webhook_timeout=2.5)
    assert changed.webhook_timeout == 2.5 and sim.settings().webhook_timeout == 2.5
    sim.update_settings(webhook_timeout=settings.webhook_timeout)


def test_clocks_set_and_advance(sim, server):
    tiramizoo_order(server, "clock-tok")
    clock = sim.clock("clock-tok")
    assert isinstance(clock, Clock) and clock.mode == "manual" and clock.pending_jobs == 1
    moved = sim.advance(30, tenant="clock-tok")
    assert moved["clock-tok"].now == clock.now + 30 and moved["clock-tok"].jobs_run == 1
    assert sim.set_clock(tenant="clock-tok", mode="scaled", speed=4)["clock-tok"].speed == 4
    overview = sim.clocks()
    assert overview.default.mode == "manual" and overview.tenants["clock-tok"].mode == "scaled"


def test_orders_listed_read_and_advanced(sim, server):
    uuid = tiramizoo_order(server, "orders-tok")
    [listed] = sim.orders(tenant="orders-tok", vendor="tiramizoo")
    assert isinstance(listed, Order) and (listed.id, listed.state, listed.milestone) == (uuid, "awaiting_payment",
                                                                                          "awaiting_payment")
    assert listed.order["uuid"] == uuid
    assert sim.order("tiramizoo", uuid).tenant == "orders-tok"
    moved = sim.advance_order("tiramizoo", uuid, "picked_up", tenant="orders-tok")
    assert moved.path == ["dispatched", "picked_up"] and moved.state == "picked_up"
    assert [o.id for o in sim.orders(tenant="orders-tok", milestone="picked_up")] == [uuid]
    assert sim.orders(tenant="orders-tok", state="delivered") == []


def test_errors_carry_status_and_body(sim, server):
    with pytest.raises(SimError) as info:
        sim.order("tiramizoo", "nope", tenant="nobody-at-all")
    assert info.value.status == 404 and "unknown tenant" in info.value.body["error"]
    uuid = tiramizoo_order(server, "err-tok")
    sim.advance_order("tiramizoo", uuid, "delivered")
    with pytest.raises(SimError) as info:
        sim.advance_order("tiramizoo", uuid, "dispatched")
    assert info.value.status == 409 and str(info.value).startswith("POST /_sim/orders/tiramizoo/")
    with pytest.raises(SimError) as info:
        sim.advance(-1)
    assert info.value.status == 400 and info.value.body == {"error": "seconds must be a non-negative number",
                                                              "status": 400}


def test_webhooks_sinks_and_waiting(sim, server):
    sim.clear_sink("client-hooks")
    uuid = tiramizoo_order(server, "hook-tok", web_hook_url=sim.sink_url("client-hooks"))
    sim.advance(30, tenant="hook-tok")
    [delivery] = sim.wait_webhooks(1, timeout=5, tenant="hook-tok", settled=True)
    assert isinstance(delivery, Delivery) and delivery.state == "delivered" and delivery.order_id == uuid
    assert [d.id for d in sim.webhooks(tenant="hook-tok", vendor="tiramizoo", order=uuid)] == [delivery.id]
    sink = sim.sink("client-hooks")
    assert sink.count == 1 and sink.requests[0].json()["state"] == "dispatched"
    with pytest.raises(SimError) as info:
        sim.wait_webhooks(2, timeout=0.2, tenant="hook-tok")
    assert info.value.status == 408 and info.value.body["matched"] == 1 and "timed out" in str(info.value)
    assert sim.clear_sink("client-hooks") == "client-hooks" and sim.sink("client-hooks").count == 0


def test_subscriptions(sim, server):
    sub = sim.subscribe(sim.sink_url("subs"), vendor="tiramizoo", tenant=None)
    assert sub.secret.startswith("whsec_") and sub.vendor == "tiramizoo"
    assert sub.id in [s.id for s in sim.subscriptions()]
    assert sim.unsubscribe(sub.id) == sub.id
    assert sub.id not in [s.id for s in sim.subscriptions()]
    with pytest.raises(SimError) as info:
        sim.unsubscribe(sub.id)
    assert info.value.status == 404


def test_faults_and_the_request_journal(sim, server):
    rule = sim.add_fault(status=503, vendor="tiramizoo", path="/tiramizoo/v1/quotes", count=1)
    assert isinstance(rule, FaultRule) and rule.id and [f.id for f in sim.faults()] == [rule.id]
    assert httpx.post(f"{server}/tiramizoo/v1/quotes", json={}).status_code == 503
    assert sim.faults() == []
    second = sim.add_fault(status=500, vendor="tiramizoo")
    assert sim.clear_faults(second.id) == 1 and sim.clear_faults() == 0
    entries = sim.requests(vendor="tiramizoo", status=503)
    assert entries and isinstance(entries[-1], JournalEntry) and entries[-1].path == "/tiramizoo/v1/quotes"


def test_vendor_config_and_reset(sim, server):
    config = sim.set_vendor_config("hypertrack", "cfg-tenant", {"webhook_url": sim.sink_url("ht")})
    assert config == {"webhook_url": sim.sink_url("ht")}
    assert sim.vendor_config("hypertrack", "cfg-tenant") == config
    tiramizoo_order(server, "reset-tok")
    assert sim.reset("reset-tok") == "reset-tok"
    assert sim.orders(tenant="reset-tok") == []


def test_tenants_put_get_list_delete(sim, server):
    made = sim.put_tenant("cl-shop", credentials={"tiramizoo": ["cl-shop-token"]}, clock={"mode": "manual", "start": 1000})
    assert (made.name, made.defined, made.clock.now, made.orders) == ("cl-shop", True, 1000, 0)
    tiramizoo_order(server, "cl-shop-token")
    assert sim.tenant("cl-shop").orders == 1
    assert "cl-shop" in [t.name for t in sim.tenants()]
    assert sim.put_tenant("cl-shop", credentials={"tiramizoo": ["cl-shop-token"]}).orders == 0  # replaced afresh
    assert sim.delete_tenant("cl-shop") == "cl-shop"
    with pytest.raises(SimError) as info:
        sim.tenant("cl-shop")
    assert info.value.status == 404


def test_lists_without_a_limit_follow_next_cursor_to_the_end():
    asked = []

    def handler(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor")
        asked.append((cursor, request.url.params.get("vendor")))
        page = {None: (["a", "b"], "c1"), "c1": (["c"], "c2"), "c2": ([], None)}[cursor]
        orders = [{"vendor": "tiramizoo", "tenant": "t", "id": i, "state": "s", "milestone": "m", "created_at": 0,
                   "updated_at": 0, "version": 1, "order": {}} for i in page[0]]
        return httpx.Response(200, json={"orders": orders, "count": len(orders), "next_cursor": page[1]})

    sim = SimClient("http://sim", transport=httpx.MockTransport(handler))
    assert [o.id for o in sim.orders(vendor="tiramizoo")] == ["a", "b", "c"]
    assert asked == [(None, "tiramizoo"), ("c1", "tiramizoo"), ("c2", "tiramizoo")]
    asked.clear()
    assert [o.id for o in sim.orders(vendor="tiramizoo", limit=2)] == ["a", "b"] and len(asked) == 1


def test_a_tenants_fault_leaves_other_tenants_alone(sim, server):
    rule = sim.add_fault(status=503, vendor="tiramizoo", path="/tiramizoo/v1/orders", tenant="faulty-tok")
    assert rule.tenant == "faulty-tok"
    try:
        quote = httpx.post(f"{server}/tiramizoo/v1/quotes", json=QUOTE_REQUEST).json()[0]
        assert httpx.post(f"{server}/tiramizoo/v1/orders", params={"api_token": "faulty-tok"},
                          json={"quote": quote}).status_code == 503
        tiramizoo_order(server, "healthy-tok")  # 201
    finally:
        sim.clear_faults(rule.id)


def test_snapshot_restore_and_sinks(sim, server):
    tiramizoo_order(server, "snap-tok", web_hook_url=sim.sink_url("snap-sink"))
    sim.advance(30, tenant="snap-tok")
    document = sim.snapshot(tenant="snap-tok")
    assert document["scope"] == "tenants"
    assert sim.sinks()["snap-sink"] == 1
    sim.reset("snap-tok")
    assert sim.orders(tenant="snap-tok") == []
    assert sim.restore(document) == ["snap-tok"]
    assert [o.state for o in sim.orders(tenant="snap-tok")] == ["dispatched"]
