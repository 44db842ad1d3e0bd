"""HyperTrack Orders v3 contract: create (three response variants), track, read, list, patch,
per-order actions, and the error envelope each of them uses."""

import pytest

from simulator.fixtures import parse_fixtures
from tests.hypertrack.helpers import (
    ACCOUNT,
    AUTH,
    BASE,
    SECRET,
    act,
    basic,
    batch,
    configure,
    get,
    order,
    timeline_types,
)
from tests.support import advance

pytestmark = pytest.mark.anyio

T0 = "2026-01-01T00:00:00.000Z"  # the seeded manual clock


async def test_manual_batch_without_worker_lists_unplanned_orders(client):
    resp = await batch(client, order("a"), order("b", type="pick"))
    assert resp.status_code == 201
    body = resp.json()
    assert list(body) == ["orders"]
    a, b = body["orders"]
    assert (a["order_handle"], a["status"], a["fulfillment_attempt"], a["type"]) == ("a", "unplanned", 0, "drop")
    assert b["type"] == "pick" and b["type_index"] == 0
    assert a["created_at"] == T0 and a["plan_mode"] == "manual" and a["ops_group_handle"] == "store-sf"
    assert a["region"] == {"country": "United States", "city": "San Jose", "state": "California"}
    assert set(a["risks"].values()) == {"green"} and a["capacity_used"] == 1
    for absent in ("timeline", "polyline", "worker_handle", "assigned_at", "started_at", "share_url"):
        assert absent not in a
    detail = (await get(client, "a")).json()
    assert timeline_types(detail) == ["order_created"] and detail["visited_destination"] is False


async def test_manual_batch_with_worker_answers_the_route(client):
    resp = await batch(client, order("a"), order("b"), worker_handle="james")
    assert resp.status_code == 201
    route = resp.json()
    for key in ("route_handle", "status", "version", "created_at", "embed_url", "orders"):
        assert key in route
    assert route["status"] == "assigned" and route["worker_handle"] == "james"
    assert route["embed_url"].startswith(f"https://embed.hypertrack.com/routes/{route['route_handle']}?")
    assert [o["order_handle"] for o in route["orders"]] == ["a", "b"]  # the given sequence
    for o in route["orders"]:
        assert o["status"] == "assigned" and o["worker_handle"] == "james" and o["assigned_at"] == T0
        assert o["route_handle"] == route["route_handle"] and o["device_id"] == route["device_id"]


async def test_on_demand_batch_plans_then_assigns_on_the_clock(client):
    resp = await batch(client, order("a"), plan_mode="on_demand")
    assert resp.status_code == 201
    plan = resp.json()
    assert plan["message"] == "Order Planning Initiated" and plan["status"] == "planned"
    assert plan["plan"]["href"] == f"/orders/plans/{plan['plan']['id']}"
    assert (await get(client, "a")).json()["status"] == "unplanned"
    await advance(client, ACCOUNT, 30)
    planned = (await get(client, "a")).json()
    assert planned["status"] == "planned" and planned["planned_at"] == "2026-01-01T00:00:30.000Z"
    assert planned["plan_id"] == plan["plan"]["id"] and planned["route_handle"] == plan["route_handle"]
    await advance(client, ACCOUNT, 30)
    assigned = (await get(client, "a")).json()
    assert assigned["status"] == "assigned" and assigned["worker_handle"] == "sim-worker-1"
    assert timeline_types(assigned) == ["order_created", "order_planned", "order_assigned"]


async def test_track_creates_and_starts_in_one_call(client):
    body = {"track_mode": "on_time", "worker_handle": "james@ht.com", "ops_group_handle": "store-sf",
            "orders": [order("t1", scheduled_at=None), order("t2", type="pick")]}
    resp = await client.post(f"{BASE}/orders/track", json=body, headers=AUTH)
    assert resp.status_code == 201
    route = resp.json()
    for key in ("assigned_at", "created_at", "embed_url", "orders", "route_handle", "started_at", "status",
                "track_mode", "version"):
        assert key in route, key
    assert route["status"] == "tracking" and route["track_mode"] == "on_time"
    t1 = route["orders"][0]
    assert t1["status"] == "ongoing" and t1["created_at"] == t1["assigned_at"] == t1["started_at"] == T0
    assert t1["share_url"].startswith("https://trck.at/") and "scheduled_at" not in t1
    detail = (await get(client, "t1")).json()
    assert timeline_types(detail)[:3] == ["order_created", "order_assigned", "order_started"]


async def test_track_errors_use_the_code_title_detail_envelope(client):
    resp = await client.post(f"{BASE}/orders/track", json={"track_mode": "on_time", "route_handle": "nope"},
                             headers=AUTH)
    assert resp.status_code == 404
    assert resp.json() == {"code": "route_not_found", "title": "Route does not exist",
                           "detail": {"description": "Route nope does not exist"}}
    body = {"track_mode": "on_time", "worker_handle": "w", "orders": [order("dup")]}
    route = (await client.post(f"{BASE}/orders/track", json=body, headers=AUTH)).json()
    resp = await client.post(f"{BASE}/orders/track", json=body, headers=AUTH)
    assert resp.status_code == 409
    assert resp.json() == {"code": "duplicate_resource", "title": "Duplicate order handle found",
                           "detail": "System already has an incompleted order with this handle. "
                                     "Please complete or cancel it first"}
    again = {"track_mode": "on_time", "route_handle": route["route_handle"]}
    resp = await client.post(f"{BASE}/orders/track", json=again, headers=AUTH)
    assert resp.status_code == 400 and resp.json()["code"] == "validation_error"
    assert resp.json()["title"] == "Route already tracking"
    resp = await client.post(f"{BASE}/orders/track", json={"track_mode": "on_time", "device_id": "X",
                                                           "orders": [order("z")]}, headers=AUTH)
    assert resp.status_code == 404 and resp.json() == {"code": "device_not_found", "title": "Device Not Found",
                                                       "detail": None}


async def test_track_validation_is_a_422(client):
    resp = await client.post(f"{BASE}/orders/track", json={"track_mode": "sometimes", "orders": []}, headers=AUTH)
    assert resp.status_code == 422
    assert resp.json() == {"message": "Validation error", "detail": {"json": {
        "track_mode": ["Must be one of: full_shift, pre_shift, on_shift, on_time, flex."],
        "worker_handle": ["One of worker_handle or device_id is mandatory."],
        "orders": ["Shorter than minimum length 1."]}}}


async def test_listed_workers_are_the_only_workers(client):
    await configure(client, workers={"james": "DEVICE-1"})
    body = {"track_mode": "on_time", "worker_handle": "ghost", "orders": [order()]}
    resp = await client.post(f"{BASE}/orders/track", json=body, headers=AUTH)
    assert resp.status_code == 404 and resp.json()["code"] == "driver_not_found"
    resp = await batch(client, order(), worker_handle="james")
    assert resp.json()["orders"][0]["device_id"] == "DEVICE-1"
    resp = await client.post(f"{BASE}/orders/track", json={**body, "worker_handle": None, "device_id": "DEVICE-1",
                                                           "orders": [order("by-device")]}, headers=AUTH)
    assert resp.status_code == 201 and resp.json()["worker_handle"] == "james"


async def test_duplicate_live_handle_is_409_and_a_finished_one_gets_the_next_attempt(client):
    await batch(client, order("a"))
    resp = await batch(client, order("a"))
    assert resp.status_code == 409 and resp.json()["code"] == "duplicate_resource"
    resp = await batch(client, order("x"), order("x"))
    assert resp.status_code == 409
    assert (await get(client, "x")).status_code == 404  # nothing of a refused batch is kept
    assert (await batch(client, order("a", type="pick"))).status_code == 201  # pick and drop may share a handle
    assert (await act(client, "a", "complete", type="drop")).status_code == 200
    resp = await batch(client, order("a"))
    assert resp.status_code == 201 and resp.json()["orders"][0]["fulfillment_attempt"] == 1


async def test_type_and_attempt_pick_the_fulfilment(client):
    await batch(client, order("pair", type="pick"), order("pair", type="drop"))
    assert (await get(client, "pair")).json()["type"] == "pick"  # first created
    resp = await act(client, "pair", "cancel", type="drop", type_index=0)
    assert resp.status_code == 200 and resp.json()["type"] == "drop" and resp.json()["status"] == "cancelled"
    assert (await get(client, "pair", type="pick")).json()["status"] == "unplanned"
    assert (await get(client, "pair", type_index=1)).status_code == 404
    resp = await get(client, "pair", type="parcel", fulfillment_attempt="x")
    assert resp.status_code == 422
    assert resp.json()["detail"] == {"query": {"type": ["Must be one of: pick, drop."],
                                               "fulfillment_attempt": ["Not a valid integer."]}}


async def test_not_found_and_unauthorized_use_the_detail_message_envelope(client):
    resp = await get(client, "missing")
    assert resp.status_code == 404 and resp.json() == {"detail": {}, "message": "Order not found for handle missing"}
    for action in ("cancel", "complete", "disable", "enable", "reassign", "reschedule", "events"):
        assert (await act(client, "missing", action)).status_code in (404, 422)
    assert (await client.get(f"{BASE}/orders/missing/webhooks", headers=AUTH)).status_code == 404
    for headers in ({}, {"Authorization": "Basic !!!"}, {"Authorization": "Token abc"}, basic("acct", ""),
                    basic("invalid-acct"), basic("acct", "invalid-secret"), {"Authorization": "Bearer nope"}):
        resp = await client.get(f"{BASE}/orders/", headers=headers)
        assert resp.status_code == 401 and resp.json() == {"detail": {}, "message": "Unauthorized"}


async def test_routing_errors_and_injected_faults_keep_the_envelope(client):
    resp = await client.get(f"{BASE}/nowhere", headers=AUTH)
    assert resp.status_code == 404 and resp.json() == {"detail": {}, "message": "Not Found"}
    resp = await client.delete(f"{BASE}/orders/a", headers=AUTH)
    assert resp.status_code == 405 and set(resp.json()) == {"detail", "message"}
    await client.post("/_sim/faults", json={"vendor": "hypertrack", "status": 503, "count": 1})
    resp = await client.get(f"{BASE}/orders/", headers=AUTH)
    assert resp.status_code == 503 and resp.json() == {"detail": {}, "message": "injected fault"}


async def test_accounts_are_tenants(client):
    await batch(client, order("mine"))
    assert (await get(client, "mine", headers=basic("other-account"))).status_code == 404
    listed = (await client.get(f"{BASE}/orders/", headers=basic("other-account"))).json()
    assert listed == {"orders": [], "pagination_token": None}



async def test_open_mode_an_account_accepts_only_the_first_secret_used_with_it(client):
    await batch(client, order("mine"))  # acct-1 with SECRET
    for wrong in ("another-secret", ""):
        resp = await get(client, "mine", headers=basic("acct-1", wrong))
        assert resp.status_code == 401 and resp.json()["message"] == "Unauthorized"
        cancel = await act(client, "mine", "cancel", headers=basic("acct-1", wrong))
        assert cancel.status_code == 401
    token = await client.post(f"{BASE}/oauth/token", data={"grant_type": "client_credentials",
                                                           "client_id": "acct-1", "client_secret": "wrong"})
    assert token.status_code == 401
    assert (await get(client, "mine")).json()["status"] != "cancelled"
    assert (await client.post("/_sim/reset", json={"tenant": "acct-1"})).status_code == 200
    assert (await client.get(f"{BASE}/orders/", headers=basic("acct-1", "another-secret"))).status_code == 200
    assert (await client.get(f"{BASE}/orders/", headers=AUTH)).status_code == 401  # the new first secret


async def test_oauth_client_credentials_give_a_bearer_for_the_same_account(client):
    await batch(client, order("mine"))
    form = {"grant_type": "client_credentials", "client_id": "acct-1", "client_secret": SECRET}
    resp = await client.post(f"{BASE}/oauth/token", data=form)
    assert resp.status_code == 200
    token = resp.json()
    assert token["token_type"] == "Bearer" and token["expires_in"] == 3600 and token["access_token"]
    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    assert (await get(client, "mine", headers=bearer)).json()["order_handle"] == "mine"
    await advance(client, ACCOUNT, 3600)
    assert (await get(client, "mine", headers=bearer)).status_code == 401
    fresh = (await client.post(f"{BASE}/oauth/token", data=form)).json()["access_token"]
    await client.post("/_sim/reset", json={"tenant": "acct-1"})
    assert (await get(client, "mine", headers={"Authorization": f"Bearer {fresh}"})).status_code == 401
    resp = await client.post(f"{BASE}/oauth/token", data={"grant_type": "password"})
    assert resp.status_code == 422
    assert resp.json()["detail"] == {"form": {"grant_type": ["Must be one of: client_credentials."],
                                              "client_id": ["Missing data for required field."],
                                              "client_secret": ["Missing data for required field."]}}
    resp = await client.post(f"{BASE}/oauth/token", data={**form, "client_secret": "invalid"})
    assert resp.status_code == 401


async def test_a_fixture_secret_is_checked(app, client):
    app.state.engine.tenants.load(parse_fixtures({"tenants": {"acme": {"credentials": {"hypertrack": [
        {"key": "acme-account", "secret": "right"}]}}}}))
    assert (await client.get(f"{BASE}/orders/", headers=basic("acme-account", "right"))).status_code == 200
    assert (await client.get(f"{BASE}/orders/", headers=basic("acme-account", "wrong"))).status_code == 401


async def test_patch_updates_what_may_change(client):
    await batch(client, order("p"))
    resp = await client.patch(f"{BASE}/orders/p", headers=AUTH, json={
        "metadata": {"gate": "B"}, "scheduled_at": "2026-01-02T10:00:00+01:00", "expected_service_time": 300,
        "destination": {"geometry": {"type": "Point", "coordinates": [-122.4, 37.78]},
                        "address": "1 Market St, San Francisco, CA 94105"}})
    assert resp.status_code == 200
    got = resp.json()
    assert got["metadata"] == {"gate": "B"} and got["scheduled_at"] == "2026-01-02T09:00:00.000Z"
    assert got["expected_service_time"] == 300 and got["region"]["city"] == "San Francisco"
    assert got["destination"]["radius"] == 100
    assert (await get(client, "p")).json() == got
    resp = await client.patch(f"{BASE}/orders/p", headers=AUTH, json={"destination": None, "scheduled_at": "soon"})
    assert resp.status_code == 422
    assert resp.json()["detail"] == {"json": {"destination": ["Field may not be null."],
                                              "scheduled_at": ["Not a valid datetime."]}}


async def test_patch_accepts_null_for_the_fields_the_spec_makes_nullable(client):
    # PatchOrderRequest: scheduled_at, expected_service_time, capacity_used are `nullable: true`.
    await batch(client, order("n", expected_service_time=120))
    nulls = {"scheduled_at": None, "expected_service_time": None, "capacity_used": None}
    resp = await client.patch(f"{BASE}/orders/n", headers=AUTH, json={"metadata": {"k": "v"}, **nulls})
    assert resp.status_code == 200, resp.text
    got = resp.json()
    assert got["metadata"] == {"k": "v"} and got["scheduled_at"] == "2026-01-01T02:30:00.000Z"
    assert got["expected_service_time"] == 120 and got["capacity_used"] == 1
    await act(client, "n", "complete")
    resp = await client.patch(f"{BASE}/orders/n", headers=AUTH, json={"metadata": {"pod": "ok"}, **nulls})
    assert resp.status_code == 200 and resp.json()["metadata"] == {"pod": "ok"}


async def test_patch_refuses_destination_once_tracking_and_schedules_once_finished(client):
    await batch(client, order("p"), worker_handle="w")
    await advance(client, ACCOUNT, 60)  # the worker starts
    moved = {"destination": {"geometry": {"type": "Point", "coordinates": [1, 2]}}}
    resp = await client.patch(f"{BASE}/orders/p", headers=AUTH, json=moved)
    assert resp.status_code == 422 and "destination" in resp.json()["detail"]["json"]
    await act(client, "p", "complete")
    resp = await client.patch(f"{BASE}/orders/p", headers=AUTH, json={"scheduled_at": "2026-02-01T00:00:00Z"})
    assert resp.status_code == 422
    resp = await client.patch(f"{BASE}/orders/p", headers=AUTH, json={"metadata": {"pod": "signed"}})
    assert resp.status_code == 200 and resp.json()["metadata"] == {"pod": "signed"}


@pytest.mark.parametrize("action, verb", [("cancel", "cancelled"), ("complete", "completed"),
                                          ("disable", "disabled"), ("enable", "enabled"),
                                          ("reassign", "reassigned"), ("reschedule", "rescheduled")])
async def test_acting_on_a_finished_order_is_a_422(client, action, verb):
    await batch(client, order("f"))
    await act(client, "f", "cancel")
    body = {"worker_handle": "w", "scheduled_at": "2026-02-01T00:00:00Z"}
    resp = await act(client, "f", action, body)
    assert resp.status_code == 422
    assert resp.json() == {"detail": {"path": {"order_handle": [f"Order f is cancelled and cannot be {verb}."]}},
                           "message": "Validation error"}


async def test_disable_and_enable_return_to_where_the_order_was(client):
    await batch(client, order("d"), worker_handle="w")
    resp = await act(client, "d", "disable")
    assert resp.json()["status"] == "disabled" and resp.json()["disabled_at"] == T0
    assert (await act(client, "d", "disable")).status_code == 422
    await advance(client, ACCOUNT, 600)  # nothing moves a disabled order
    assert (await get(client, "d")).json()["status"] == "disabled"
    resp = await act(client, "d", "enable")
    assert resp.json()["status"] == "assigned" and resp.json()["enabled_at"] == "2026-01-01T00:10:00.000Z"
    assert (await act(client, "d", "enable")).status_code == 422
    assert timeline_types(resp.json()) == ["order_created", "order_assigned", "order_disabled", "order_enabled"]


async def test_reassign_moves_the_order_to_the_workers_route(client):
    await batch(client, order("r"))
    resp = await act(client, "r", "reassign", {"worker_handle": "ann"})
    first = resp.json()
    assert first["status"] == "assigned" and first["worker_handle"] == "ann" and first["route_handle"]
    resp = await act(client, "r", "reassign", {"worker_handle": "bob", "ops_group_handle": "store-la"})
    second = resp.json()
    assert second["worker_handle"] == "bob" and second["route_handle"] != first["route_handle"]
    assert second["device_id"] != first["device_id"] and second["ops_group_handle"] == "store-la"
    assert timeline_types(second).count("order_assigned") == 2
    resp = await act(client, "r", "reassign", {})
    assert resp.status_code == 422
    assert resp.json()["detail"] == {"json": {"worker_handle": ["Missing data for required field."]}}


async def test_reschedule_before_dispatch_just_moves_scheduled_at(client):
    await batch(client, order("s"))
    resp = await act(client, "s", "reschedule", {"scheduled_at": "2026-01-03T08:00:00Z"})
    assert resp.status_code == 200
    got = resp.json()
    assert got["status"] == "unplanned" and got["fulfillment_attempt"] == 0
    assert got["scheduled_at"] == "2026-01-03T08:00:00.000Z"
    resp = await act(client, "s", "reschedule", {})
    assert resp.status_code == 422
    assert resp.json()["detail"] == {"json": {"scheduled_at": ["Missing data for required field."]}}


async def test_reschedule_of_a_dispatched_order_recreates_it_as_the_next_attempt(client):
    await batch(client, order("s"), worker_handle="w")
    await advance(client, ACCOUNT, 100)  # started
    resp = await act(client, "s", "reschedule", {"scheduled_at": "2026-01-03T08:00:00Z"})
    assert resp.status_code == 200
    new = resp.json()
    assert (new["status"], new["fulfillment_attempt"]) == ("unplanned", 1)
    assert new["previous_fulfillments"] == [{"order_handle": "s", "fulfillment_attempt": 0}]
    assert new["created_at"] == "2026-01-01T00:01:40.000Z" and timeline_types(new) == ["order_created"]
    assert "worker_handle" not in new and new["metadata"] == {"customerID": "12654"}
    old = (await get(client, "s", fulfillment_attempt=0)).json()
    assert old["status"] == "cancelled" and old["cancelled_at"] == old["rescheduled_marked_at"] == new["created_at"]
    assert (await get(client, "s")).json() == new  # no attempt given: the latest
    listed = (await client.get(f"{BASE}/orders/", params={"status": "rescheduled"}, headers=AUTH)).json()["orders"]
    assert [(o["order_handle"], o["fulfillment_attempt"]) for o in listed] == [("s", 0)]


async def test_custom_events_join_the_timeline_in_time_order(client):
    await batch(client, order("e"))
    await advance(client, ACCOUNT, 600)
    events = {"events": [{"type": "customer_called", "recorded_at": "2026-01-01T00:05:00Z", "metadata": {"ok": 1}},
                         {"type": "gate_code_given", "recorded_at": "2026-01-01T00:08:00.5Z"}]}
    resp = await client.post(f"{BASE}/orders/e/events", json=events, headers=AUTH)
    assert resp.status_code == 201 and resp.json() == {}
    timeline = (await get(client, "e")).json()["timeline"]
    assert [e["type"] for e in timeline] == ["order_created", "customer_called", "gate_code_given"]
    assert timeline[1] == {"type": "customer_called", "recorded_at": "2026-01-01T00:05:00.000Z",
                           "order_handle": "e", "metadata": {"ok": 1}}
    assert timeline[2]["recorded_at"] == "2026-01-01T00:08:00.500Z"
    bad = {"events": [{"type": "x" * 65, "recorded_at": "2026-01-01T00:05:00Z"}]}
    assert (await client.post(f"{BASE}/orders/e/events", json=bad, headers=AUTH)).status_code == 422
    resp = await client.post(f"{BASE}/orders/e/events", json={"events": [{"type": "x"}]}, headers=AUTH)
    assert resp.status_code == 422
    assert resp.json()["detail"] == {"json": {"events.0.recorded_at": ["Missing data for required field."]}}
    too_many = {"events": [{"type": "x", "recorded_at": "2026-01-01T00:05:00Z"}] * 101}
    assert (await client.post(f"{BASE}/orders/e/events", json=too_many, headers=AUTH)).status_code == 422


@pytest.mark.parametrize("body, field, message", [
    ({"orders": [], "plan_mode": "manual"}, "orders", "Shorter than minimum length 1."),
    ({"orders": [{"order_handle": "a", "destination": {}}], "plan_mode": "manual"}, "orders.0.destination",
     "Destination needs geometry, place_handle, geofence_id or address."),
    ({"orders": [{"order_handle": "", "destination": {"address": "x"}, "scheduled_at": "2026-01-01T00:00:00Z"}],
      "plan_mode": "manual"}, "orders.0.order_handle", "Shorter than minimum length 1."),
    ({"orders": [{"order_handle": "a", "destination": {"geometry": {"type": "Point", "coordinates": [500, 1]}},
                  "scheduled_at": "2026-01-01T00:00:00Z"}], "plan_mode": "manual"},
     "orders.0.destination.geometry.coordinates", "Invalid coordinates."),
    ({"orders": [order(scheduled_at="tomorrow")], "plan_mode": "manual"}, "orders.0.scheduled_at",
     "Not a valid datetime."),
    ({"orders": [order(type="parcel")], "plan_mode": "manual"}, "orders.0.type", "Must be one of: pick, drop."),
    ({"orders": [order()], "plan_mode": "whenever"}, "plan_mode", "Must be one of: on_demand, scheduled, manual."),
    ({"orders": [order(capacity_used="two")], "plan_mode": "manual"}, "orders.0.capacity_used",
     "Not a valid integer."),
    ({"orders": "all of them", "plan_mode": "manual"}, "orders", "Not a valid list."),
    ({"plan_mode": "manual"}, "orders", "Missing data for required field."),
])
async def test_batch_validation_errors_name_the_field(client, body, field, message):
    resp = await client.post(f"{BASE}/orders/", json=body, headers=AUTH)
    assert resp.status_code == 422
    got = resp.json()
    assert set(got) == {"detail", "message"} and got["message"] == "Validation error"
    assert message in got["detail"]["json"][field]


async def test_address_only_destinations_get_a_stable_point_and_radius_30(client):
    resp = await batch(client, order("a", destination={"address": "1709 Automation Pkwy, San Jose, CA 95101"}))
    dest = resp.json()["orders"][0]["destination"]
    assert dest["radius"] == 30 and dest["geometry"]["type"] == "Point"
    resp = await batch(client, order("b", destination={"address": "1709 Automation Pkwy, San Jose, CA 95101"}))
    assert resp.json()["orders"][0]["destination"] == dest


async def test_malformed_json_is_a_422(client):
    resp = await client.post(f"{BASE}/orders/", content=b'{"orders": [', headers=AUTH)
    assert resp.status_code == 422
    assert resp.json() == {"detail": {"json": {"_schema": ["Invalid JSON body."]}}, "message": "Validation error"}
