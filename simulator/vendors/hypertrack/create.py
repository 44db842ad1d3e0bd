"""Creating orders: POST /orders/ (batch; the response variant follows plan_mode) and
POST /orders/track (create and start tracking, or start tracking an existing route)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from simulator.engine import Engine, OrderRecord, Tenant
from simulator.engine.timefmt import iso_ms
from simulator.http.decode import decode_body
from simulator.http.responses import json_response
from simulator.vendors.hypertrack import errors, fleet, geo, lifecycle, render, store
from simulator.vendors.hypertrack.auth import authenticate
from simulator.vendors.hypertrack.common import engine
from simulator.vendors.hypertrack.schemas import BatchIn, Entry, Order, TrackIn
from simulator.vendors.hypertrack.state import state_of
from simulator.vendors.hypertrack.validate import PLAN_MODES, TRACK_MODES, Problems, order_item


def build(fields: dict, now: float, attempt: int, **extra: Any) -> Entry:
    """A fresh unplanned order with its `order_created` timeline event."""
    dest = fields["destination"]
    order = Order(order_handle=fields["order_handle"], fulfillment_attempt=attempt, status="unplanned",
                  destination=dest, scheduled_at=fields["scheduled_at"], scheduled_after=fields["scheduled_after"],
                  type=fields["type"], type_index=fields["type_index"],
                  expected_service_time=fields["expected_service_time"], actual_service_time=0,
                  tracked_service_time=0, capacity_used=fields["capacity_used"], metadata=fields["metadata"],
                  product_type=fields["product_type"], priority=fields["priority"],
                  region=geo.region_of(dest.address), created_at=iso_ms(now), visited_destination=False,
                  timeline=(), **extra)
    entry = Entry(order=order, dest=geo.point_of(dest), scheduled_ts=fields["scheduled_ts"])
    store.log(entry, "order_created", now, order_handle=order.order_handle, metadata=order.metadata)
    return entry


def refuse_duplicates(tenant: Tenant, items: list[dict]) -> None:
    """409 duplicate_resource: a handle (same type and index) already live, or twice in one request."""
    seen = set()
    for it in items:
        key = (it["order_handle"], it["type"], it["type_index"])
        if key in seen or store.live_duplicate(tenant, *key) is not None:
            raise errors.duplicate_handle()
        seen.add(key)


def place(engine_: Engine, tenant: Tenant, entry: Entry, states: tuple[str, ...], now: float) -> OrderRecord:
    """Walk a new order into its first status (stamps and timeline as transitions would) and store it."""
    o = entry.order
    rid = store.record_id(o.order_handle, o.type, o.type_index, o.fulfillment_attempt)
    previous = "unplanned"
    for state in states:
        lifecycle.enter(tenant, rid, entry, state, previous, now)
        previous = state
    record = store.add(engine_, tenant, entry, previous)
    if record.state == "ongoing":
        lifecycle.expect_arrival(engine_, tenant, record)
    return record


async def batch(request: Request) -> Response:
    tenant = authenticate(request)
    req = await decode_body(request, BatchIn, errors.from_decode_error)
    p = Problems()
    p.choice("plan_mode", req.plan_mode, PLAN_MODES)
    if not req.orders:
        p.add("orders", "Shorter than minimum length 1.")
    items = [order_item(p, f"orders.{i}", item, batch=True) for i, item in enumerate(req.orders)]
    worker = req.worker_handle or req.driver_handle
    if worker is not None and not fleet.worker_exists(tenant, worker):
        p.add("worker_handle", f"Worker {worker} does not exist.")
    p.check()
    refuse_duplicates(tenant, items)
    eng, now = engine(request), tenant.clock.now()
    eng.ensure_room(tenant, len(items))  # a batch is stored whole or not at all (507 at --max-orders)
    common = {"plan_mode": req.plan_mode, "ops_group_handle": req.ops_group_handle}
    if req.plan_mode == "manual" and worker:  # a new route for the worker, orders in the given sequence
        route = fleet.start_route(tenant, worker, now, ops_group_handle=req.ops_group_handle, plan_mode="manual")
        records = []
        for it in items:
            entry = build(it, now, _attempt(tenant, it), **common)
            entry.order.route_handle, entry.worker_hint = route.route_handle, worker
            records.append(place(eng, tenant, entry, ("assigned",), now))
        body = fleet.render(tenant, route, [render.summary(r.body, now) for r in records])
        return json_response(body, 201)
    if req.plan_mode == "manual":  # ingested, waiting to be planned or assigned
        records = [place(eng, tenant, build(it, now, _attempt(tenant, it), **common), (), now) for it in items]
        return json_response({"orders": [render.summary(r.body, now) for r in records]}, 201)
    # on_demand / scheduled: planning runs on the simulated clock (see machine.PLANNING_S)
    route = fleet.new_route(tenant, now, "planned", ops_group_handle=req.ops_group_handle, plan_mode=req.plan_mode)
    state_of(tenant).plan_routes[route.plan_id] = route.route_handle
    for it in items:
        entry = build(it, now, _attempt(tenant, it), plan_id=route.plan_id, **common)
        entry.worker_hint = worker
        place(eng, tenant, entry, (), now)
    return json_response({"route_handle": route.route_handle, "version": route.version, "status": route.status,
                          "message": "Order Planning Initiated",
                          "plan": {"id": route.plan_id, "href": f"/orders/plans/{route.plan_id}"}}, 201)


async def track(request: Request) -> Response:
    tenant = authenticate(request)
    req = await decode_body(request, TrackIn, errors.from_decode_error)
    p = Problems()
    p.choice("track_mode", req.track_mode, TRACK_MODES)
    if req.route_handle:
        p.check()
        return await _track_route(request, tenant, req)
    worker, device = req.worker_handle or req.driver_handle, req.device_id
    if not worker and not device:
        p.add("worker_handle", "One of worker_handle or device_id is mandatory.")
    if not req.orders:
        p.add("orders", errors.MISSING if req.orders is None else "Shorter than minimum length 1.")
    items = [order_item(p, f"orders.{i}", item, batch=False) for i, item in enumerate(req.orders or ())]
    p.check()
    if worker and not fleet.worker_exists(tenant, worker):
        raise errors.problem(404, "driver_not_found", "Worker Not Found",
                             {"description": f"Worker {worker} does not exist"})
    if not worker:
        worker = fleet.worker_of_device(tenant, device) if device else None
        if worker is None:
            raise errors.problem(404, "device_not_found", "Device Not Found", None)
    refuse_duplicates(tenant, items)
    eng, now = engine(request), tenant.clock.now()
    eng.ensure_room(tenant, len(items))
    route = fleet.start_route(tenant, worker, now, ops_group_handle=req.ops_group_handle, track_mode=req.track_mode)
    records = []
    for it in items:
        entry = build(it, now, _attempt(tenant, it), ops_group_handle=req.ops_group_handle, track_mode=req.track_mode)
        entry.order.route_handle, entry.worker_hint = route.route_handle, worker
        records.append(place(eng, tenant, entry, ("assigned", "ongoing"), now))
    return json_response(fleet.render(tenant, route, [render.summary(r.body, now) for r in records]), 201)


async def _track_route(request: Request, tenant: Tenant, req: TrackIn) -> Response:
    route = fleet.routes(tenant).get(req.route_handle or "")
    if route is None:
        raise errors.problem(404, "route_not_found", "Route does not exist",
                             {"description": f"Route {req.route_handle} does not exist"})
    if route.status in ("tracking", "completed"):
        title = "Route already tracking" if route.status == "tracking" else "Route already completed"
        raise errors.problem(400, "validation_error", title, f"Route with the given ID is {route.status}")
    if route.worker_handle is None:
        raise errors.problem(400, "validation_error", "Route can not be tracked", "Route has no worker assigned")
    eng, now = engine(request), tenant.clock.now()
    route.track_mode = req.track_mode
    records = [r for i in route.order_ids if (r := tenant.orders.get(store.VENDOR, i)) is not None]
    for record in records:
        if record.state == "assigned":
            record.body.order.track_mode = req.track_mode
            eng.transition(tenant, record, "ongoing", {"cause": "api"})
    if route.status != "tracking":  # nothing left to start: the route is tracking all the same
        route.status, route.started_at = "tracking", now
        route.version += 1
    return json_response(fleet.render(tenant, route, [render.summary(r.body, now) for r in records]), 201)


def _attempt(tenant: Tenant, fields: dict) -> int:
    return store.next_attempt(tenant, fields["order_handle"], fields["type"], fields["type_index"])
