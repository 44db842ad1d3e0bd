"""Every structure that grows with input stays bounded (docs/bounds.md), counted in entries, not time:
credentials that only read keep no tenant, caps answer the vendor's 507, OAuth tokens per tenant are
capped oldest first, the delivery log drops its oldest finished deliveries, idle outbox workers end."""

from __future__ import annotations

import base64

import pytest

from simulator.engine.limits import LIVE_TOKENS_PER_TENANT, PENDING_TENANTS
from simulator.settings import Settings
from tests.hypertrack.helpers import batch, order
from tests.tiramizoo.helpers import create

pytestmark = pytest.mark.anyio
MAX_TENANTS, MAX_ORDERS, MAX_DELIVERIES = 4, 3, 5


@pytest.fixture
def settings() -> Settings:
    return Settings(clock="manual", seed=1, rate_limit=False, max_tenants=MAX_TENANTS, max_orders=MAX_ORDERS,
                    max_deliveries=MAX_DELIVERIES)


def basic(user: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(user.encode()).decode()}


async def test_credentials_that_only_read_or_fail_keep_no_tenant(client, app):
    tenants = app.state.engine.tenants
    for i in range(PENDING_TENANTS + 50):
        assert (await client.get(f"/tiramizoo/v1/orders?api_token=reader-{i}")).status_code == 200
        assert (await client.get("/onfleet/api/v2/organization", headers=basic(f"reader-{i}:"))).status_code == 200
        assert (await client.get("/hypertrack/orders/", headers=basic(f"reader-{i}:s"))).status_code == 200
        bad = await client.post(f"/tiramizoo/v1/orders?api_token=failer-{i}", json={"quote": {}})
        assert bad.status_code == 422
    assert tenants.count() == 0
    assert len(tenants._pending) <= PENDING_TENANTS and len(tenants._pending_credentials) <= PENDING_TENANTS
    health = (await client.get("/_sim/health")).json()
    assert health["counts"] == {"tenants": 0, "orders": 0, "deliveries": 0}
    assert health["limits"] == {"tenants": MAX_TENANTS, "orders_per_tenant": MAX_ORDERS,
                                "deliveries_per_tenant": MAX_DELIVERIES}


async def test_a_tenant_is_kept_once_it_stores_something_and_the_control_plane_finds_it(client, app):
    assert (await create(client, "keeper")).status_code == 201
    assert [t.name for t in app.state.engine.tenants.all()] == ["keeper"]
    await client.get("/onfleet/api/v2/organization", headers=basic("client-acme:"))  # reads: pending
    resp = await client.get("/_sim/vendors/onfleet/config?tenant=client-acme")  # a credential it used
    assert resp.status_code == 200 and resp.json()["tenant"] == "acme"


async def test_the_tenant_cap_answers_each_vendors_507(client, app):
    for i in range(MAX_TENANTS):
        assert (await create(client, f"t{i}")).status_code == 201
    full = await create(client, "one-too-many")
    assert full.status_code == 507
    assert set(full.json()) == {"message", "code"} and "--max-tenants" in full.json()["message"]
    onfleet = await client.post("/onfleet/api/v2/webhooks", headers=basic("newcomer:"),
                                json={"url": "http://sim/_sim/sink/x", "name": "x", "trigger": 6})
    assert onfleet.status_code == 507 and set(onfleet.json()) == {"code", "message"}
    token = await client.post("/pitneybowes/auth/api/v1/token", headers=basic("pb-newcomer:secret"))
    assert token.status_code == 507 and "errorCode" in token.json()
    assert (await client.get("/_sim/health")).json()["counts"]["tenants"] == MAX_TENANTS
    await client.post("/_sim/reset", json={"tenant": "t0"})
    assert (await create(client, "one-too-many")).status_code == 201  # a reset makes room


async def test_the_order_cap_per_tenant_and_batches_whole_or_not_at_all(client, app):
    for _ in range(MAX_ORDERS):
        assert (await create(client, "busy")).status_code == 201
    full = await create(client, "busy")
    assert full.status_code == 507 and "--max-orders" in full.json()["message"]
    assert app.state.engine.tenants.find("busy").orders.total() == MAX_ORDERS
    two = await batch(client, order("h-1"), order("h-2"))
    assert two.status_code == 201
    over = await batch(client, order("h-3"), order("h-4"))  # one slot left, two asked
    assert over.status_code == 507 and set(over.json()) >= {"message"}
    listed = (await client.get("/hypertrack/orders/", headers=basic("acct-1:secret-key"))).json()
    assert sorted(o["order_handle"] for o in listed["orders"]) == ["h-1", "h-2"]


async def test_live_tokens_per_tenant_are_capped_oldest_first(client, app):
    issued = []
    for _ in range(LIVE_TOKENS_PER_TENANT + 40):
        resp = await client.post("/pitneybowes/auth/api/v1/token", headers=basic("pb-client:secret"))
        issued.append(resp.json()["access_token"])
    url = "/pitneybowes/ordermanagement/api/v1/orders/none"

    async def status(token: str) -> int:
        return (await client.get(url, headers={"Authorization": f"Bearer {token}"})).status_code
    assert await status(issued[0]) == 401 and await status(issued[39]) == 401  # revoked, oldest first
    assert await status(issued[40]) == 404 and await status(issued[-1]) == 404  # live: the order is unknown


async def test_the_delivery_log_keeps_the_newest_finished_deliveries(client, app, receiver):
    sub = await client.post("/_sim/subscriptions", json={"url": f"{receiver.url}/all"})
    assert sub.status_code == 201, sub.text
    tenant_token = "logged"
    await create(client, tenant_token)
    engine = app.state.engine
    tenant = engine.tenants.find(tenant_token)
    for _ in range(MAX_ORDERS - 1):
        await create(client, tenant_token)
    for _ in range(12):  # every move of every order is one subscription delivery
        resp = await client.post("/_sim/clock/advance", json={"tenant": tenant_token, "seconds": 400})
        assert resp.status_code == 200
    await engine.outbox.drain(tenant.name)
    seqs = [d.seq for d in tenant.deliveries]
    assert len(receiver.posts()) > MAX_DELIVERIES + MAX_DELIVERIES // 8
    assert len(seqs) <= MAX_DELIVERIES + MAX_DELIVERIES // 8
    assert seqs == sorted(seqs) and seqs[-1] == max(d.seq for d in tenant.deliveries)
    assert all(d.state in ("delivered", "failed") for d in tenant.deliveries)
    assert not engine.outbox._workers  # idle workers end: one per URL ever used does not pile up
