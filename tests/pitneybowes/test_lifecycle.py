"""Workflow status (bulk status, the clock, ONHOLD) and shipping progress after fulfilment."""

import pytest

from tests.pitneybowes.helpers import BASE, MINIMAL, bulk_status, create, get, order, token
from tests.support import advance

pytestmark = pytest.mark.anyio


@pytest.fixture
async def auth(client):
    return await token(client, "client-a")


def status(body: dict) -> tuple:
    return body["orderInfo"]["status"], body["orderShippingInfo"].get("shipmentStatus")


async def sim(client, order_id: str) -> dict:
    return (await client.get(f"/_sim/orders/pitneybowes/{order_id}?tenant=client-a")).json()


async def test_clock_fulfils_then_ships_without_inventing_workflow_statuses(client, auth):
    order_id = await create(client, auth, MINIMAL)
    seen = []
    for seconds in (299, 1, 600, 1800):  # due at 300, 900 and 2700 simulated seconds
        await advance(client, "client-a", seconds)
        body = await get(client, auth, order_id)
        seen.append((*status(body), (await sim(client, order_id))["milestone"]))
    assert seen == [("UNFULFILLED", None, "awaiting_payment"), ("FULFILLED", "AWAITING_PICKUP", "dispatched"),
                    ("FULFILLED", "IN_TRANSIT", "picked_up"), ("FULFILLED", "DELIVERED", "delivered")]
    shipping = (await get(client, auth, order_id))["orderShippingInfo"]
    assert shipping["shipmentStatusDate"] == "2026-01-01T00:45:00.000Z"


async def test_onhold_pauses_automatic_progress_and_release_restarts_it(client, auth):
    order_id = await create(client, auth, MINIMAL)
    await advance(client, "client-a", 200)
    resp = await bulk_status(client, auth, [order_id], "ONHOLD", reason="address check")
    assert resp.status_code == 200
    assert resp.json() == {"status": "ONHOLD", "message": "Order status updated successfully.",
                           "transactionDateTime": "2026-01-01T00:03:20.000Z"}
    await advance(client, "client-a", 10_000)
    assert status(await get(client, auth, order_id)) == ("ONHOLD", None)
    assert (await bulk_status(client, auth, [order_id], "UNFULFILLED")).status_code == 200
    await advance(client, "client-a", 299)
    assert status(await get(client, auth, order_id)) == ("UNFULFILLED", None)  # the full delay again
    await advance(client, "client-a", 1)
    assert status(await get(client, auth, order_id)) == ("FULFILLED", "AWAITING_PICKUP")


@pytest.mark.parametrize("target", ["FULFILLED", "CANCELED", "ONHOLD"])
async def test_bulk_status_moves_every_listed_order(client, auth, target):
    made = [await create(client, auth, order(f"B{i}")) for i in range(3)]
    resp = await bulk_status(client, auth, made, target)
    assert resp.status_code == 200 and resp.json()["status"] == target
    for order_id in made:
        assert (await get(client, auth, order_id))["orderInfo"]["status"] == target


async def test_bulk_status_accepts_bare_ids_and_repeats(client, auth):
    one = await create(client, auth, order("R1"))
    resp = await client.patch(f"{BASE}/bulk/status", json={"orders": [one, {"orderId": one}], "status": "CANCELED"},
                              headers=auth)
    assert resp.status_code == 200
    assert (await get(client, auth, one))["orderInfo"]["status"] == "CANCELED"


async def test_same_status_again_is_accepted_and_changes_nothing(client, auth):
    order_id = await create(client, auth, MINIMAL)
    version = (await sim(client, order_id))["version"]
    assert (await bulk_status(client, auth, [order_id], "UNFULFILLED")).status_code == 200
    assert (await sim(client, order_id))["version"] == version
    await client.post(f"/_sim/orders/pitneybowes/{order_id}/advance", json={"to": "delivered"})
    assert (await bulk_status(client, auth, [order_id], "FULFILLED")).status_code == 200  # still FULFILLED
    assert status(await get(client, auth, order_id)) == ("FULFILLED", "DELIVERED")


async def test_unknown_ids_refuse_the_whole_request(client, auth):
    good = [await create(client, auth, order(f"U{i}")) for i in range(2)]
    resp = await bulk_status(client, auth, [good[0], "PBunknown001", good[1], "PBunknown002"], "CANCELED")
    assert resp.status_code == 404
    assert resp.json() == {"errorCode": "not_found", "message": "The requested resource was not found.",
                           "additionalInfo": "Orders not found: PBunknown001, PBunknown002. No order was updated."}
    for order_id in good:
        assert (await get(client, auth, order_id))["orderInfo"]["status"] == "UNFULFILLED"


@pytest.mark.parametrize("final", ["FULFILLED", "CANCELED"])
@pytest.mark.parametrize("target", ["UNFULFILLED", "ONHOLD", "FULFILLED", "CANCELED"])
async def test_fulfilled_and_canceled_are_final(client, auth, final, target):
    done = await create(client, auth, order("F1"))
    fresh = await create(client, auth, order("F2"))
    assert (await bulk_status(client, auth, [done], final)).status_code == 200
    resp = await bulk_status(client, auth, [fresh, done], target)
    if target == final:
        assert resp.status_code == 200
        assert (await get(client, auth, fresh))["orderInfo"]["status"] == target
        return
    assert resp.status_code == 400
    assert resp.json() == {"errorCode": "invalid_status_transition",
                           "message": "Invalid request. The status change is not allowed.",
                           "additionalInfo": f"Cannot change status to {target}: {done} is {final}. "
                                             "No order was updated."}
    assert (await get(client, auth, fresh))["orderInfo"]["status"] == "UNFULFILLED"  # nothing half-applied


@pytest.mark.parametrize("body, info", [
    ({"orders": [{"orderId": "PB1"}]}, "status: is required"),
    ({"orders": [{"orderId": "PB1"}], "status": "CANCELLED"},
     "status: must be one of UNFULFILLED, ONHOLD, FULFILLED, CANCELED (got 'CANCELLED')"),
    ({"orders": [{"orderId": "PB1"}], "status": "onhold"},
     "status: must be one of UNFULFILLED, ONHOLD, FULFILLED, CANCELED (got 'onhold')"),
    ({"orders": [], "status": "ONHOLD"}, "orders: must contain at least one order"),
    ({"status": "ONHOLD"}, "orders: must contain at least one order"),
    ({"orders": [{}], "status": "ONHOLD"}, "orders[0].orderId: is required"),
    ({"orders": [{"orderId": 7}], "status": "ONHOLD"}, "orders[0].orderId: Expected `str | null`, got `int`"),
    ({"orders": "PB1", "status": "ONHOLD"}, "orders: Expected `array | null`, got `str`"),
])
async def test_bulk_status_validation(client, auth, body, info):
    resp = await client.patch(f"{BASE}/bulk/status", json=body, headers=auth)
    assert resp.status_code == 400
    assert resp.json()["errorCode"] == "validation_error" and resp.json()["additionalInfo"] == info


async def test_events_reach_subscriptions_and_carry_the_reason(client, auth, receiver):
    sub = await client.post("/_sim/subscriptions", json={"url": receiver.url, "vendor": "pitneybowes"})
    assert sub.status_code == 201
    order_id = await create(client, auth, MINIMAL)
    await bulk_status(client, auth, [order_id], "CANCELED", reason="customer asked")
    await client.post("/_sim/webhooks/wait", json={"count": 2, "channel": "subscription"})
    events = receiver.json_bodies()
    assert [e["type"] for e in events] == ["order.created", "order.state_changed"]
    changed = events[1]["data"]
    assert (changed["state"], changed["previous_state"], changed["milestone"]) == ("CANCELED", "UNFULFILLED",
                                                                                  "cancelled")
    assert changed["event_data"] == {"cause": "api", "reason": "customer asked"}
    assert changed["order"]["orderInfo"]["status"] == "CANCELED"


async def test_control_plane_reaches_failure_branches(client, auth):
    order_id = await create(client, auth, MINIMAL)
    resp = await client.post(f"/_sim/orders/pitneybowes/{order_id}/advance", json={"to": "delivery_unreachable"})
    assert resp.status_code == 200
    assert resp.json()["path"] == ["FULFILLED", "FULFILLED:IN_TRANSIT", "FULFILLED:DELIVERY_EXCEPTION"]
    assert status(await get(client, auth, order_id)) == ("FULFILLED", "DELIVERY_EXCEPTION")


async def test_tenant_delays_override_and_can_switch_off_auto_fulfilment(client, auth):
    await client.put("/_sim/vendors/pitneybowes/config",
                     json={"tenant": "client-a", "config": {"delays": {"UNFULFILLED": None, "FULFILLED": 5}}})
    order_id = await create(client, auth, MINIMAL)
    await advance(client, "client-a", 14_000)  # within the token's lifetime
    assert status(await get(client, auth, order_id)) == ("UNFULFILLED", None)
    await bulk_status(client, auth, [order_id], "FULFILLED")
    await advance(client, "client-a", 5)
    assert status(await get(client, auth, order_id)) == ("FULFILLED", "IN_TRANSIT")


async def test_deleted_orders_stop_moving(client, auth):
    order_id = await create(client, auth, MINIMAL)
    await client.delete(f"{BASE}/{order_id}", headers=auth)
    await advance(client, "client-a", 100_000)
    assert (await sim(client, order_id))["state"] == "UNFULFILLED"
