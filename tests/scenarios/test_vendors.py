"""The example scenario of every vendor (fixtures/scenario-<vendor>.json): the server starts with its
orders, read back through the vendor's own API in the states the file asks for, walked there along
the legal path (cause "scenario"); a reset of the tenant creates them again."""

from __future__ import annotations

import base64
import json

import pytest

from tests.scenarios.helpers import ROOT, sim_orders, started

pytestmark = pytest.mark.anyio


def basic(user: str, password: str = "") -> dict[str, str]:
    return {"authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


async def test_onfleet_orders_start_in_their_states():
    async with started(str(ROOT / "fixtures" / "scenario-onfleet.json")) as c:
        rows = await sim_orders(c, "onfleet-scenario")
        assert [r["state"] for r in rows] == ["assigned", "pickup_started", "picked_up", "delivered"]
        tasks = []
        for row in rows:
            reply = await c.get(f"/onfleet/api/v2/taskOrders/{row['id']}", headers=basic("scenario-client-key"))
            assert reply.status_code == 200
            order = reply.json()
            tasks.append((order["pickupTask"]["state"], order["dropoffTask"]["state"]))
        assert tasks == [(1, 1), (2, 1), (3, 1), (3, 3)]
        assert order["dropoffTask"]["recipients"][0]["name"] == "Cy"  # the fixture's create body, as sent
        timeline = (await c.get(f"/_sim/orders/onfleet/{rows[3]['id']}")).json()["timeline"]
        assert [(t["state"], t["cause"]) for t in timeline] == [
            ("unassigned", "created"), ("assigned", "scenario"), ("pickup_started", "scenario"),
            ("picked_up", "scenario"), ("dropoff_started", "scenario"), ("delivered", "scenario")]


async def test_tiramizoo_orders_start_with_a_fresh_quote_in_their_states():
    async with started(str(ROOT / "fixtures" / "scenario-tiramizoo.json")) as c:
        reply = await c.get("/tiramizoo/v1/orders", params={"api_token": "scenario-tiramizoo-token"})
        assert reply.status_code == 200
        orders = {o["external_id"]: o for o in reply.json()["orders"]}
        assert {k: o["state"] for k, o in orders.items()} == {
            "scenario-1": "dispatched", "scenario-2": "picked_up", "scenario-3": "delivered"}
        quote = orders["scenario-2"]["quote"]
        assert quote["items"][0]["quantity"] == 2 and quote["signature"]  # the quote ordersim got for it


async def test_wialon_orders_start_in_their_statuses():
    async with started(str(ROOT / "fixtures" / "scenario-wialon.json")) as c:
        w = "/wialon/wialon/ajax.html"
        token = json.loads((ROOT / "fixtures" / "scenario-wialon.json").read_text())[
            "tenants"]["wialon-scenario"]["credentials"]["wialon"][0]
        sid = (await c.post(w, data={"svc": "token/login", "params": json.dumps({"token": token})})).json()["eid"]
        found = (await c.post(w, data={"svc": "core/search_item", "sid": sid,
                                       "params": json.dumps({"id": 50940, "flags": 0x80001})})).json()
        statuses = {o["n"]: (o["s"], o["u"]) for o in found["item"]["orders"].values()}
        assert statuses == {"s-1": (0, 0), "s-2": (1, 60010), "s-3": (5, 60010), "s-4": (2, 60010)}


async def test_hypertrack_batches_start_with_every_order_in_the_state():
    async with started(str(ROOT / "fixtures" / "scenario-hypertrack.json")) as c:
        auth = basic("scenario-account-id", "scenario-secret-key")
        statuses = {}
        for handle in ("scenario-1", "scenario-2", "scenario-3"):
            reply = await c.get(f"/hypertrack/orders/{handle}", headers=auth)
            assert reply.status_code == 200
            statuses[handle] = reply.json()["status"]
        assert statuses == {"scenario-1": "assigned", "scenario-2": "assigned", "scenario-3": "completed"}


async def test_pitneybowes_orders_start_in_their_states():
    async with started(str(ROOT / "fixtures" / "scenario-pitneybowes.json")) as c:
        token = (await c.post("/pitneybowes/auth/api/v1/token",
                              headers=basic("scenario-client", "scenario-secret"))).json()["access_token"]
        seen = {}
        for row in await sim_orders(c, "pitneybowes-scenario"):
            reply = await c.get(f"/pitneybowes/ordermanagement/api/v1/orders/{row['id']}",
                                headers={"authorization": f"Bearer {token}"})
            assert reply.status_code == 200
            body = reply.json()
            seen[body["orderInfo"]["orderNumber"]] = (body["orderInfo"]["status"],
                                                      body["orderShippingInfo"].get("shipmentStatus"))
        assert seen == {"SCN-1001": ("UNFULFILLED", None), "SCN-1002": ("FULFILLED", "IN_TRANSIT"),
                        "SCN-1003": ("FULFILLED", "DELIVERED")}  # a milestone ("delivered") names the state too


@pytest.mark.parametrize("vendor", ["onfleet", "tiramizoo", "wialon", "hypertrack", "pitneybowes"])
async def test_reset_creates_the_scenario_orders_again(vendor):
    tenant = f"{vendor}-scenario"
    async with started(str(ROOT / "fixtures" / f"scenario-{vendor}.json")) as c:
        first = await sim_orders(c, tenant)
        await c.post("/_sim/clock/advance", json={"tenant": tenant, "seconds": 3600})  # they move on...
        moved = await sim_orders(c, tenant)
        assert [r["state"] for r in moved] != [r["state"] for r in first]
        reply = await c.post("/_sim/reset", json={"tenant": tenant})
        assert reply.status_code == 200 and reply.json() == {"reset": tenant}
        again = await sim_orders(c, tenant)  # ...and a reset starts them over
        assert [(r["state"], r["milestone"]) for r in again] == [(r["state"], r["milestone"]) for r in first]
        everything = await c.post("/_sim/reset", json={})
        assert everything.status_code == 200
        assert [r["state"] for r in await sim_orders(c, tenant)] == [r["state"] for r in first]


async def test_every_shipped_scenario_starts_together():
    async with started(str(ROOT / "fixtures")) as c:
        rows = (await c.get("/_sim/orders", params={"view": "summary"})).json()["orders"]
        counts: dict[str, int] = {}
        for row in rows:
            counts[row["tenant"]] = counts.get(row["tenant"], 0) + 1
        assert counts == {"onfleet-scenario": 4, "tiramizoo-scenario": 3, "wialon-scenario": 4,
                          "hypertrack-scenario": 3, "pitneybowes-scenario": 3}


async def test_scenario_webhooks_are_sent_like_any_other(receiver):
    """A Tiramizoo order's web_hook_url gets every state change of the walk, in order."""
    fixtures = json.loads((ROOT / "fixtures" / "scenario-tiramizoo.json").read_text())
    entry = fixtures["tenants"]["tiramizoo-scenario"]["orders"]["tiramizoo"][2]
    entry["create"]["web_hook_url"] = receiver.url + "/hook"
    fixtures["tenants"]["tiramizoo-scenario"]["orders"]["tiramizoo"] = [entry]
    async with started(fixtures) as c:
        await c.post("/_sim/webhooks/wait", json={"tenant": "tiramizoo-scenario", "count": 3, "timeout_s": 5, "settled": True})
        assert [b["state"] for b in receiver.json_bodies()] == ["dispatched", "picked_up", "delivered"]


async def test_put_tenant_creates_its_scenario_orders():
    section = json.loads((ROOT / "fixtures" / "scenario-onfleet.json").read_text())["tenants"]["onfleet-scenario"]
    async with started({}) as c:
        reply = await c.put("/_sim/tenants/later", json=section)
        assert reply.status_code == 201 and reply.json()["orders"] == 4
        assert [r["state"] for r in await sim_orders(c, "later")] == ["assigned", "pickup_started", "picked_up",
                                                                      "delivered"]


async def test_the_readme_example_starts_with_what_it_says():
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### Scenario orders"):]
    block = section[section.index("```json") + len("```json"):section.index("```\n", section.index("```json") + 7)]
    async with started(json.loads(block)) as c:
        rows = await sim_orders(c, "acme")
        assert [r["state"] for r in rows] == ["picked_up", "delivered"]
        names = [r["order"]["dropoffTask"]["recipients"][0]["name"] for r in rows]
        assert names == ["Jane", "Ann"]
