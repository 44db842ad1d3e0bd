"""A scenario that cannot be created or reached stops the start: exit 2, one line per problem naming
the fixtures file and the JSON path, nothing served and no state file written. At run time (reset,
PUT /_sim/tenants) the same problems are a clear control-plane error, never a 500."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from simulator.scenarios import ScenarioError
from tests.core.test_fixtures import CLEAN_ENV
from tests.scenarios.helpers import shipped, started

PICKUP = {"destination": {"address": {"unparsed": "150 Otis St, San Francisco"}},
          "recipients": [{"name": "Store", "phone": "4155550100"}]}
ONFLEET_ORDER = {"pickupTask": PICKUP, "dropoffTask": PICKUP}
ONFLEET_KEY = {"onfleet": ["shop-key"]}


def tenant(credentials: dict, orders: dict) -> dict:
    return {"credentials": credentials, "orders": orders}


@pytest.mark.e2e
def test_serve_refuses_every_broken_scenario_with_exit_2_naming_file_and_path(tmp_path):
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    (fixtures / "a-credentials.json").write_text(json.dumps({"tenants": {"shop": {"credentials": ONFLEET_KEY}}}))
    (fixtures / "b-orders.json").write_text(json.dumps({"tenants": {
        "shop": {"orders": {"onfleet": [
            {"create": ONFLEET_ORDER, "state": "delivered"},
            {"create": ONFLEET_ORDER, "state": "deliverd"},
            {"create": ONFLEET_ORDER, "state": "assigned", "credential": "other-key"}]}},
        "refused": tenant(ONFLEET_KEY | {"onfleet": ["refused-key"]},
                          {"onfleet": [{"create": {"pickupTask": PICKUP}, "state": "assigned"}]}),
        "nokey": tenant({}, {"tiramizoo": [{"create": {}, "state": "dispatched"}]}),
        "nosecret": tenant({"hypertrack": ["ht-account"]}, {"hypertrack": [{"create": {}, "state": "assigned"}]}),
        "noquote": tenant({"tiramizoo": ["tz-token"]}, {"tiramizoo": [{"create": {}, "state": "dispatched"}]}),
    }}))
    state = tmp_path / "state.json"
    done = subprocess.run([sys.executable, "-m", "simulator", "serve", "--port", "0", "--fixtures", str(fixtures),
                           "--state", str(state)], capture_output=True, text=True, env=CLEAN_ENV, timeout=20)
    assert done.returncode == 2 and done.stdout == ""  # no banner: it never served
    where = f"ordersim serve: {fixtures}/b-orders.json: tenants."
    lines = done.stderr.splitlines()
    assert lines[0] == (where + "shop.orders.onfleet[1].state: 'deliverd' is not a onfleet state (unassigned, "
                        "assigned, pickup_started, picked_up, dropoff_started, delivered, pickup_failed, "
                        "dropoff_failed, cancelled, rejected) or a milestone (awaiting_payment, dispatched, "
                        "picked_up, delivered, payment_failed, pickup_unreachable, delivery_unreachable, "
                        "cancelled, rejected)")
    assert lines[1] == where + "shop.orders.onfleet[2].credential: 'other-key' is not a onfleet credential of tenant 'shop'"
    assert lines[2].startswith(where + "refused.orders.onfleet[0].create: onfleet answered 400 to POST /taskOrders: ")
    assert "dropoffTask" in lines[2]  # the vendor's own message
    assert lines[3] == where + ("nokey.orders.tiramizoo[0]: tenant 'nokey' lists no tiramizoo credential; scenario "
                                "orders are sent with one (add it under tenants.nokey.credentials.tiramizoo)")
    assert lines[4] == where + ("nosecret.orders.hypertrack[0].credential: hypertrack account 'ht-account' lists no "
                                "secret; scenario orders are created with the secret the fixtures give it")
    assert lines[5].startswith(where + "noquote.orders.tiramizoo[0].create.quote: required: the quote request")
    assert len(lines) == 6
    assert not state.exists()


@pytest.mark.anyio
async def test_the_vendors_refusal_names_the_request(tmp_path):
    fixtures = shipped("pitneybowes")
    orders = fixtures["tenants"]["pitneybowes-scenario"]["orders"]["pitneybowes"]
    orders[1]["create"]["orderNumber"] = orders[0]["create"]["orderNumber"]  # unique order numbers
    with pytest.raises(ScenarioError) as caught:
        async with started(fixtures):
            pass
    [problem] = caught.value.problems
    assert problem.path == "tenants.pitneybowes-scenario.orders.pitneybowes[1].create"
    assert problem.message.startswith("pitneybowes answered 400 to POST /orders: ")
    assert "duplicate_order_number" in problem.message


@pytest.mark.anyio
async def test_a_state_the_new_order_cannot_reach_is_named(monkeypatch):
    """No vendor's create lands in a state its scenario could not leave, so stand one in: Tiramizoo
    orders whose create cancels them at once."""
    from simulator.vendors.tiramizoo import scenario

    create = scenario.create

    async def create_then_cancel(client, credential, body):
        [uuid] = await create(client, credential, body)
        await client.request("PUT", f"/tiramizoo/v1/orders/{uuid}", query={"api_token": credential.key},
                             json={"state": "cancelled"})
        return [uuid]

    monkeypatch.setattr(scenario, "create", create_then_cancel)
    with pytest.raises(ScenarioError) as caught:
        async with started(shipped("tiramizoo")):
            pass
    problem = caught.value.problems[0]
    assert problem.path == "tenants.tiramizoo-scenario.orders.tiramizoo[0].state"
    assert re.fullmatch(r"'dispatched' cannot be reached from 'cancelled' \(where tiramizoo order [0-9a-f-]{36} is "
                        r"after its create\)", problem.message)


@pytest.mark.anyio
async def test_a_reset_whose_scenario_fails_answers_409_not_500():
    async with started(shipped("onfleet")) as c:
        fault = {"tenant": "onfleet-scenario", "vendor": "onfleet", "status": 503, "message": "down for a test"}
        assert (await c.post("/_sim/faults", json=fault)).status_code in (200, 201)
        reply = await c.post("/_sim/reset", json={"tenant": "onfleet-scenario"})
        assert reply.status_code == 409
        error = reply.json()["error"]
        assert error.startswith("reset, but its scenario orders could not all be created: "
                                "tenants.onfleet-scenario.orders.onfleet[0].create: onfleet answered 503 to POST /taskOrders")
        assert error.count("onfleet answered 503") == 4


@pytest.mark.anyio
async def test_put_tenant_with_a_broken_scenario_is_400_and_defines_nothing():
    async with started({}) as c:
        section = tenant(ONFLEET_KEY, {"onfleet": [{"create": ONFLEET_ORDER, "state": "arrived"}]})
        reply = await c.put("/_sim/tenants/shop", json=section)
        assert reply.status_code == 400
        assert reply.json()["error"].startswith("invalid tenant: orders.onfleet[0].state: 'arrived' is not a onfleet state")
        assert (await c.get("/_sim/tenants/shop")).status_code == 404
        refused = await c.put("/_sim/tenants/shop", json=tenant(ONFLEET_KEY, {"onfleet": [{"state": "assigned"}]}))
        assert refused.status_code == 400 and refused.json()["error"] == "invalid tenant: orders.onfleet[0].create: required"
