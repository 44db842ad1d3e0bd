"""GET /orders/{h} is answered from kept bytes while the order's version and moment are unchanged
(common.detail_response). Each change a handler makes must show on the next read: a read, the
change, a read again (the suite runs with AnswerCache.verify on, so a stale kept answer also fails)."""

import pytest

from tests.hypertrack.helpers import ACCOUNT, AUTH, BASE, act, batch, get, order, timeline_types
from tests.support import advance

pytestmark = pytest.mark.anyio


async def test_custom_events_show_on_the_next_read(client):
    await batch(client, order("e"))
    assert timeline_types((await get(client, "e")).json()) == ["order_created"]
    events = {"events": [{"type": "customer_called", "recorded_at": "2026-01-01T00:00:00Z"}]}
    assert (await client.post(f"{BASE}/orders/e/events", json=events, headers=AUTH)).status_code == 201
    assert timeline_types((await get(client, "e")).json()) == ["order_created", "customer_called"]


async def test_a_rescheduled_order_reads_its_new_schedule(client):
    await batch(client, order("s"))
    assert (await get(client, "s")).json()["scheduled_at"] == "2026-01-01T02:30:00.000Z"
    assert (await act(client, "s", "reschedule", {"scheduled_at": "2026-01-03T08:00:00Z"})).status_code == 200
    assert (await get(client, "s")).json()["scheduled_at"] == "2026-01-03T08:00:00.000Z"


async def test_metadata_sent_with_cancel_shows_on_the_next_read(client):
    await batch(client, order("c"))
    assert (await get(client, "c")).json()["metadata"] == {"customerID": "12654"}
    assert (await act(client, "c", "cancel", {"metadata": {"cancel_reason": "gone"}})).status_code == 200
    got = (await get(client, "c")).json()
    assert got["status"] == "cancelled" and got["metadata"] == {"customerID": "12654", "cancel_reason": "gone"}


async def test_reassigning_an_unplanned_order_shows_its_worker_and_ops_group(client):
    await batch(client, order("r"))
    assert (await get(client, "r")).json()["ops_group_handle"] == "store-sf"
    resp = await act(client, "r", "reassign", {"worker_handle": "w2", "ops_group_handle": "store-la"})
    assert resp.status_code == 200
    got = (await get(client, "r")).json()
    assert (got["status"], got["worker_handle"], got["ops_group_handle"]) == ("assigned", "w2", "store-la")


async def test_tracking_a_route_shows_its_orders_started(client):
    route = (await batch(client, order("t"), worker_handle="w")).json()
    assert "track_mode" not in (await get(client, "t")).json()
    body = {"track_mode": "on_time", "route_handle": route["route_handle"]}
    assert (await client.post(f"{BASE}/orders/track", json=body, headers=AUTH)).status_code == 201
    got = (await get(client, "t")).json()
    assert (got["status"], got["track_mode"]) == ("ongoing", "on_time")


async def test_a_drive_moves_between_reads_and_arrives(client):
    await batch(client, order("d", expected_service_time=3600), worker_handle="w")
    await advance(client, ACCOUNT, 60 + 120)  # started at 60 s, two minutes on the road
    first = (await get(client, "d")).json()
    assert first["duration"] == 120 and "arrived_at" not in first
    assert (await get(client, "d")).json() == first  # the same moment: the same answer
    await advance(client, ACCOUNT, 1)
    assert (await get(client, "d")).json()["duration"] == 121
    await advance(client, ACCOUNT, 800)  # past any trip (2.5-6 km at 8 m/s), within the hour at the door
    arrived = (await get(client, "d")).json()
    assert arrived["status"] == "ongoing" and arrived["visited_destination"] and "arrived_at" in arrived
