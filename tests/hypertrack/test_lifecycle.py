"""Orders moving on the simulated clock: each status stamps its `*_at`, appends its timeline event,
and maps onto the canonical milestones; GET /orders/ filters and pages through them."""

from datetime import datetime

import pytest

from tests.hypertrack.helpers import ACCOUNT, AUTH, BASE, act, batch, get, order, timeline_types
from tests.support import advance

pytestmark = pytest.mark.anyio


def ts(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


async def test_assigned_order_starts_arrives_and_completes_on_the_clock(client):
    await batch(client, order("o", expected_service_time=120), worker_handle="w")
    await advance(client, ACCOUNT, 59)
    assert (await get(client, "o")).json()["status"] == "assigned"
    await advance(client, ACCOUNT, 1)
    started = (await get(client, "o")).json()
    assert started["status"] == "ongoing" and started["started_at"] == "2026-01-01T00:01:00.000Z"
    assert started["track_mode"] == "on_time" and started["distance"] == 0
    await advance(client, ACCOUNT, 3 * 3600)
    done = (await get(client, "o")).json()
    trip = ts(done["arrived_at"]) - ts(done["started_at"])
    assert 300 < trip < 800  # 2.5-6 km at 8 m/s
    assert ts(done["completed_at"]) - ts(done["arrived_at"]) == 120 == done["actual_service_time"]
    assert done["status"] == "completed" and done["visited_destination"] and done["completed_at_destination"]
    assert done["end_location"]["coordinates"] == [-121.861007, 37.326306]  # at the destination
    assert done["duration"] == int(ts(done["completed_at"]) - ts(done["started_at"]))
    assert timeline_types(done) == ["order_created", "order_assigned", "order_started", "driver_activity_started",
                                    "driver_activity_ended", "driver_activity_started", "order_geofence_entered",
                                    "driver_activity_ended", "order_completed"]
    stamps = [e["recorded_at"] for e in done["timeline"]]
    assert stamps == sorted(stamps)
    assert done["timeline"][-1] == {"type": "order_completed", "recorded_at": done["completed_at"],
                                    "order_handle": "o", "route_handle": done["route_handle"], "order_type": "drop"}
    await advance(client, ACCOUNT, 3600)
    assert (await get(client, "o")).json() == done  # a finished order is frozen


async def test_late_orders_turn_their_schedule_risk_red(client):
    await batch(client, order("late", scheduled_at="2026-01-01T00:10:00Z"))
    assert (await get(client, "late")).json()["risks"]["delayed_from_scheduled_at"] == "green"
    await advance(client, ACCOUNT, 601)
    assert (await get(client, "late")).json()["risks"]["delayed_from_scheduled_at"] == "red"


@pytest.mark.parametrize("target, status", [("dispatched", "assigned"), ("picked_up", "ongoing"),
                                            ("delivered", "completed"), ("cancelled", "cancelled")])
async def test_control_plane_milestones_walk_the_happy_path(client, target, status):
    await batch(client, order("m"))
    resp = await client.post("/_sim/orders/hypertrack/m/advance", json={"to": target})
    assert resp.status_code == 200, resp.text
    got = (await get(client, "m")).json()
    assert got["status"] == status
    view = (await client.get("/_sim/orders/hypertrack/m")).json()
    assert view["milestone"] == target and view["order"]["status"] == status
    expected = {"assigned": ["order_created", "order_assigned"],
                "ongoing": ["order_created", "order_assigned", "order_started"],
                "completed": ["order_created", "order_assigned", "order_started", "order_completed"],
                "cancelled": ["order_created", "order_cancelled"]}[status]
    assert [t for t in timeline_types(got) if t.startswith("order_")] == expected


async def test_unplanned_and_planned_await_dispatch(client):
    await batch(client, order("u"), plan_mode="scheduled")
    assert (await client.get("/_sim/orders/hypertrack/u")).json()["milestone"] == "awaiting_payment"
    await advance(client, ACCOUNT, 30)
    view = (await client.get("/_sim/orders/hypertrack/u")).json()
    assert (view["state"], view["milestone"]) == ("planned", "awaiting_payment")


async def test_enable_of_an_ongoing_order_resumes_the_drive(client):
    await batch(client, order("d"), worker_handle="w")
    await advance(client, ACCOUNT, 61)
    await act(client, "d", "disable")
    await advance(client, ACCOUNT, 3 * 3600)
    assert (await get(client, "d")).json()["status"] == "disabled"  # no arrival, no completion while disabled
    resp = await act(client, "d", "enable")
    assert resp.json()["status"] == "ongoing"
    await advance(client, ACCOUNT, 120)
    done = (await get(client, "d")).json()
    assert done["status"] == "completed" and "order_enabled" in timeline_types(done)


async def list_orders(client, **params):
    resp = await client.get(f"{BASE}/orders/", params=params, headers=AUTH)
    assert resp.status_code == 200, resp.text
    return resp.json()


async def test_list_filters(client):
    await batch(client, order("a", metadata={"zone": "north"}))
    await advance(client, ACCOUNT, 10)
    await batch(client, order("b", metadata={"zone": "south"}), worker_handle="ann")
    await advance(client, ACCOUNT, 10)
    await batch(client, order("c", metadata={"zone": "north"}), ops_group_handle="store-la")
    await act(client, "c", "cancel")

    def handles(body):
        return [o["order_handle"] for o in body["orders"]]

    assert handles(await list_orders(client)) == ["c", "b", "a"]  # newest first
    assert handles(await list_orders(client, sort_direction="asc")) == ["a", "b", "c"]
    assert handles(await list_orders(client, status="unplanned,assigned")) == ["b", "a"]
    assert handles(await list_orders(client, status="cancelled")) == ["c"]
    assert handles(await list_orders(client, worker_handle="ann")) == ["b"]
    assert handles(await list_orders(client, ops_group_handle="store-la")) == ["c"]
    assert handles(await list_orders(client, order_metadata_filter='{"zone": "north"}')) == ["c", "a"]
    assert handles(await list_orders(client, created_at_from="2026-01-01 00:00:05",
                                     created_at_to="2026-01-01T00:00:15Z")) == ["b"]
    assert handles(await list_orders(client, created_at_date="2026-01-01")) == ["c", "b", "a"]
    assert handles(await list_orders(client, search_term="ann")) == ["b"]
    await batch(client, order("d", scheduled_at="2026-01-03T23:30:00-02:00"))  # 2026-01-04 in UTC
    assert handles(await list_orders(client, scheduled_at_date="2026-01-04")) == ["d"]
    assert handles(await list_orders(client, scheduled_at_date="2026-01-01")) == ["c", "b", "a"]
    assert "timeline" not in (await list_orders(client))["orders"][0]


async def test_list_pages_with_a_token(client):
    await batch(client, *[order(f"o{i}") for i in range(7)])
    seen, token = [], None
    while True:
        params = {"limit": 3, **({"pagination_token": token} if token else {})}
        body = await list_orders(client, **params)
        seen += [o["order_handle"] for o in body["orders"]]
        token = body["pagination_token"]
        if token is None:
            break
    assert seen == [f"o{i}" for i in reversed(range(7))]


async def test_list_query_errors_are_422_on_query(client):
    resp = await client.get(f"{BASE}/orders/", headers=AUTH, params={
        "status": "lost", "limit": "0", "sort_direction": "up", "pagination_token": "%%%",
        "order_metadata_filter": "[1]", "created_at_from": "yesterday", "scheduled_at_date": "2026-13-01"})
    assert resp.status_code == 422
    assert resp.json() == {"message": "Validation error", "detail": {"query": {
        "status": ["Must be one of: completed, cancelled, rescheduled, disabled, ongoing, unplanned, assigned, planned."],
        "order_metadata_filter": ["Not a valid JSON object."],
        "created_at_from": ["Not a valid datetime."],
        "scheduled_at_date": ["Not a valid date."],
        "sort_direction": ["Must be one of: desc, asc."],
        "limit": ["Must be greater than or equal to 1 and less than or equal to 100."],
        "pagination_token": ["Invalid pagination token."]}}}
