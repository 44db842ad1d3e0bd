"""The clock moves an order: unassigned -> assigned -> pickup started/completed -> dropoff started/completed,
with task states 0-3 and milestones; failures are completed tasks with success false."""

import pytest

from tests.onfleet.helpers import BASE, auth, create, get, order_body, to_state
from tests.support import advance

pytestmark = pytest.mark.anyio


async def states(client, order, key="acme"):
    body = (await get(client, order["id"], key)).json()
    return body["pickupTask"]["state"], body["dropoffTask"]["state"]


async def milestone(client, order):
    return (await client.get(f"/_sim/orders/onfleet/{order['id']}")).json()["milestone"]


async def test_clock_walks_the_pair_to_delivered(client):
    order = await create(client)
    seen = []
    for seconds in (30, 60, 90, 30, 150):
        await advance(client, "acme", seconds)
        seen.append((await states(client, order), await milestone(client, order)))
    assert seen == [((1, 1), "dispatched"), ((2, 1), "dispatched"), ((3, 1), "picked_up"),
                    ((3, 2), "picked_up"), ((3, 3), "delivered")]
    body = (await get(client, order["shortId"], "courier-acme")).json()
    pickup, dropoff = body["pickupTask"], body["dropoffTask"]
    assert pickup["worker"] == dropoff["worker"] and pickup["container"] == {"type": "WORKER", "worker": pickup["worker"]}
    assert pickup["startTime"] == 1767225600000 + 90_000
    assert pickup["completionDetails"]["success"] is True and pickup["completionDetails"]["time"] == 1767225600000 + 180_000
    assert dropoff["completionDetails"]["time"] == 1767225600000 + 360_000


async def test_pickup_waits_for_complete_after(client):
    body = order_body()
    body["pickupTask"]["completeAfter"] = 1767225600000 + 3_600_000
    order = (await client.post(f"{BASE}/taskOrders", headers=auth("acme"), json=body)).json()
    await advance(client, "acme", 600)
    assert await states(client, order) == (1, 1)
    await advance(client, "acme", 3000)
    assert await states(client, order) == (2, 1)


async def test_failures_are_completed_tasks_with_success_false(client):
    a, b = await create(client), await create(client)
    await to_state(client, a, "pickup_unreachable")
    await to_state(client, b, "delivery_unreachable")
    pa = (await get(client, a["id"])).json()
    assert pa["pickupTask"]["state"] == 3 and pa["pickupTask"]["completionDetails"]["success"] is False
    assert pa["dropoffTask"]["state"] == 1
    pb = (await get(client, b["id"])).json()
    assert pb["pickupTask"]["completionDetails"]["success"] is True
    assert pb["dropoffTask"]["state"] == 3 and pb["dropoffTask"]["completionDetails"]["success"] is False
    assert (await milestone(client, a), await milestone(client, b)) == ("pickup_unreachable", "delivery_unreachable")
    await advance(client, "acme", 10_000)  # terminal: nothing moves any more
    assert await states(client, a) == (3, 1)


async def test_control_plane_sees_onfleet_states_and_shape(client):
    order = await create(client)
    view = (await to_state(client, order, "picked_up"))
    assert view["path"] == ["assigned", "pickup_started", "picked_up"]
    assert view["order"]["shortId"] == order["shortId"] and view["order"]["pickupTask"]["state"] == 3
    by_task = (await client.get(f"/_sim/orders/onfleet/{order['dropoffTask']['shortId']}")).json()
    assert by_task["id"] == order["id"]


async def test_tasks_endpoints_return_each_task(client):
    order = await create(client)
    await advance(client, "acme", 30)
    for key in ("acme", "courier-acme"):
        pickup = (await client.get(f"{BASE}/tasks/{order['pickupTask']['id']}", headers=auth(key))).json()
        assert pickup["id"] == order["pickupTask"]["id"] and pickup["state"] == 1 and pickup["pickupTask"] is True
        short = order["dropoffTask"]["shortId"]
        dropoff = (await client.get(f"{BASE}/tasks/shortId/{short}", headers=auth(key))).json()
        assert dropoff["orderShortId"] == order["shortId"] and dropoff["dependencies"] == [pickup["id"]]
    resp = await client.get(f"{BASE}/tasks/{order['shortId']}", headers=auth("acme"))
    assert resp.status_code == 404
    resp = await client.get(f"{BASE}/tasks/{order['pickupTask']['id']}", headers=auth("other"))
    assert resp.status_code == 404
