"""What entering each status does to an order: its `*_at` stamp, its route and worker, and the
matching `order_*` timeline event (names and fields as in HyperTrack's examples). Shared by
engine transitions (Vendor.on_transition) and by creation straight into assigned / ongoing."""

from __future__ import annotations

from simulator.engine import Engine, OrderRecord, Tenant, VendorTimer
from simulator.engine.timefmt import iso_ms
from simulator.vendors.hypertrack import fleet, geo
from simulator.vendors.hypertrack.machine import LIVE, TERMINAL
from simulator.vendors.hypertrack.schemas import Entry
from simulator.vendors.hypertrack.state import state_of
from simulator.vendors.hypertrack.store import VENDOR, log, set_field

DEFAULT_TRACK_MODE = "on_time"
DEFAULT_SERVICE_S = 60.0  # time at the door when the order names no expected_service_time


def enter(tenant: Tenant, rid: str, entry: Entry, state: str, previous: str | None, now: float) -> None:
    o = entry.order
    o.status = state
    if previous == "disabled" and state in LIVE:  # enable: back where it was, nothing re-stamped
        o.enabled_at = iso_ms(now)
        back, entry.before_disable = entry.before_disable, None
        log(entry, "order_enabled", now, order_handle=o.order_handle, route_handle=o.route_handle,
            fulfillment_attempt=o.fulfillment_attempt)
        if state == back:
            return
    _ENTER[state](tenant, rid, entry, previous, now)


def assign(tenant: Tenant, rid: str, entry: Entry, worker: str, now: float) -> None:
    """Give the order to a worker: their device, a route (the planned one, or the worker's open one)."""
    o = entry.order
    route = fleet.routes(tenant).get(o.route_handle or "")
    if route is None or route.worker_handle not in (None, worker):
        fleet.leave(tenant, o.route_handle, rid)
        route = fleet.open_route(tenant, worker, now, ops_group_handle=o.ops_group_handle, plan_mode=o.plan_mode)
    if route.worker_handle is None:  # a planned route gets its worker
        route.worker_handle, route.device_id, route.status = worker, fleet.device_of(tenant, worker), "assigned"
        route.assigned_at = now
    fleet.join(route, rid)
    set_field(tenant, rid, o, "worker_handle", worker)
    set_field(tenant, rid, o, "route_handle", route.route_handle)
    o.device_id = fleet.device_of(tenant, worker)
    o.plan_id = o.plan_id or route.plan_id
    o.assigned_at = iso_ms(now)
    log(entry, "order_assigned", now, order_handle=o.order_handle, driver_handle=worker,
        fulfillment_attempt=o.fulfillment_attempt)


def arrive(entry: Entry, now: float) -> None:
    o, trip = entry.order, entry.trip
    entry.arrived_ts = now
    o.arrived_at = iso_ms(now)
    o.visited_destination = True
    assert trip is not None  # only an order on its trip arrives
    meters, seconds = geo.travelled(trip, now)
    log(entry, "order_geofence_entered", now, order_handle=o.order_handle, order_type=o.type,
        fulfillment_attempt=o.fulfillment_attempt, distance=meters, duration=seconds,
        location={"geometry": {"type": "Point", "coordinates": geo.position(trip, now)}, "recorded_at": iso_ms(now)})


def service_seconds(entry: Entry) -> float:
    est = entry.order.expected_service_time
    return float(est) if est else DEFAULT_SERVICE_S


def _planned(tenant: Tenant, rid: str, entry: Entry, previous: str | None, now: float) -> None:
    o = entry.order
    plan_routes = state_of(tenant).plan_routes
    route = fleet.routes(tenant).get(plan_routes.get(o.plan_id or "", ""))
    if route is None:
        route = fleet.new_route(tenant, now, "planned", plan_id=o.plan_id, ops_group_handle=o.ops_group_handle,
                                plan_mode=o.plan_mode, planned_at=now)
    fleet.join(route, rid)
    set_field(tenant, rid, o, "route_handle", route.route_handle)
    o.plan_id = route.plan_id
    o.planned_at = iso_ms(now)
    log(entry, "order_planned", now, order_handle=o.order_handle, route_handle=o.route_handle,
        fulfillment_attempt=o.fulfillment_attempt)


def _assigned(tenant: Tenant, rid: str, entry: Entry, previous: str | None, now: float) -> None:
    o = entry.order
    assign(tenant, rid, entry, entry.worker_hint or o.worker_handle or fleet.default_worker(tenant), now)


def _ongoing(tenant: Tenant, rid: str, entry: Entry, previous: str | None, now: float) -> None:
    o = entry.order
    o.started_at = iso_ms(now)
    o.track_mode = o.track_mode or DEFAULT_TRACK_MODE
    o.share_url = o.share_url or f"https://trck.at/{tenant.ids.chars(10)}"
    entry.trip = geo.plan_trip(tenant.ids, entry.dest, now)
    route = fleet.routes(tenant).get(o.route_handle or "")
    if route is not None and route.status != "tracking":
        route.status, route.started_at, route.track_mode = "tracking", now, o.track_mode
        route.version += 1
    log(entry, "order_started", now, order_handle=o.order_handle, route_handle=o.route_handle,
        order_type=o.type, fulfillment_attempt=o.fulfillment_attempt)


def _completed(tenant: Tenant, rid: str, entry: Entry, previous: str | None, now: float) -> None:
    o = entry.order
    o.completed_at = iso_ms(now)
    entry.ended_ts = now
    _close(entry, now)
    o.completed_at_destination = entry.arrived_ts is not None
    log(entry, "order_completed", now, order_handle=o.order_handle, route_handle=o.route_handle, order_type=o.type)
    _maybe_finish_route(tenant, o.route_handle, now)


def _cancelled(tenant: Tenant, rid: str, entry: Entry, previous: str | None, now: float) -> None:
    o = entry.order
    o.cancelled_at = iso_ms(now)
    entry.ended_ts = now
    _close(entry, now)
    o.cancelled_at_destination = entry.arrived_ts is not None
    log(entry, "order_cancelled", now, order_handle=o.order_handle, route_handle=o.route_handle,
        fulfillment_attempt=o.fulfillment_attempt)
    _maybe_finish_route(tenant, o.route_handle, now)


def _disabled(tenant: Tenant, rid: str, entry: Entry, previous: str | None, now: float) -> None:
    o = entry.order
    o.disabled_at = iso_ms(now)
    entry.before_disable = previous
    log(entry, "order_disabled", now, order_handle=o.order_handle, route_handle=o.route_handle,
        fulfillment_attempt=o.fulfillment_attempt)


def _unplanned(tenant: Tenant, rid: str, entry: Entry, previous: str | None, now: float) -> None:
    """Only reached when a planned order is rescheduled: it leaves its plan and waits for a new one."""
    fleet.leave(tenant, entry.order.route_handle, rid)
    set_field(tenant, rid, entry.order, "route_handle", None)


def _close(entry: Entry, now: float) -> None:
    o = entry.order
    if entry.arrived_ts is not None:
        o.actual_service_time = o.tracked_service_time = int(now - entry.arrived_ts)
    if o.visited_destination is None:
        o.visited_destination = False


def _maybe_finish_route(tenant: Tenant, route_handle: str | None, now: float) -> None:
    route = fleet.routes(tenant).get(route_handle or "")
    if route is None or route.status == "completed":
        return
    records = [tenant.orders.get(VENDOR, i) for i in route.order_ids]
    if all(r is None or r.state in TERMINAL for r in records):
        route.status, route.completed_at = "completed", now
        route.version += 1


_ENTER = {"unplanned": _unplanned, "planned": _planned, "assigned": _assigned, "ongoing": _ongoing,
          "completed": _completed, "cancelled": _cancelled, "disabled": _disabled}


def expect_arrival(engine: Engine, tenant: Tenant, record: OrderRecord) -> None:
    """An ongoing order with a trip arrives when the trip's time is up (a vendor timer)."""
    entry = record.body
    if entry.trip is not None and entry.arrived_ts is None:
        due = entry.trip.started + entry.trip.seconds
        engine.schedule(tenant, max(0.0, due - tenant.clock.now()), VendorTimer(VENDOR, "arrive", record.id))
