"""Per-order endpoints: GET, PATCH and the POST actions (cancel, complete, disable, enable,
reassign, reschedule, events). Acting on a completed or cancelled order is a 422 (HyperTrack
documents 401/404/422 for these calls)."""

from __future__ import annotations

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from simulator.engine import OrderRecord, Tenant
from simulator.engine.timefmt import iso_ms
from simulator.http.decode import decode_body
from simulator.http.errors import ApiError
from simulator.http.responses import json_response
from simulator.vendors.hypertrack import errors, fleet, geo, lifecycle, store, validate
from simulator.vendors.hypertrack.auth import authenticate
from simulator.vendors.hypertrack.common import detail_response, engine, find
from simulator.vendors.hypertrack.create import build, place
from simulator.vendors.hypertrack.machine import DISPATCHED, TERMINAL
from simulator.vendors.hypertrack.schemas import ActionIn, EventsIn, PatchIn, ReassignIn, RescheduleIn
from simulator.vendors.hypertrack.validate import Problems


def refuse(record: OrderRecord, action: str) -> ApiError:
    o = record.body.order
    return errors.field("path", "order_handle", f"Order {o.order_handle} is {record.state} and cannot be {action}.")


async def _target(request: Request) -> tuple[Tenant, OrderRecord]:
    tenant = authenticate(request)
    return tenant, find(request, tenant)


async def get_order(request: Request) -> Response:
    tenant, record = await _target(request)
    return detail_response(request, tenant, record)


async def cancel(request: Request) -> Response:
    return await _move(request, "cancelled", "cancelled")


async def complete(request: Request) -> Response:
    return await _move(request, "completed", "completed")


async def disable(request: Request) -> Response:
    return await _move(request, "disabled", "disabled")


async def enable(request: Request) -> Response:
    return await _move(request, None, "enabled")


async def _move(request: Request, to: str | None, verb: str) -> Response:
    tenant, record = await _target(request)
    req = await decode_body(request, ActionIn, errors.from_decode_error)
    entry = record.body
    if to is None:  # enable: back to the status it had when disabled
        if record.state != "disabled":
            raise refuse(record, verb)
        to = entry.before_disable or "ongoing"
    elif record.state in TERMINAL or record.state == to:
        raise refuse(record, verb)
    if req.metadata:  # HyperTrack's own examples send {"metadata": {"cancel_reason": ...}} with cancel
        entry.order.metadata = {**(entry.order.metadata or {}), **req.metadata}
    engine(request).transition(tenant, record, to, {"cause": "api"})
    return detail_response(request, tenant, record)


async def reassign(request: Request) -> Response:
    tenant, record = await _target(request)
    req = await decode_body(request, ReassignIn, errors.from_decode_error)
    worker = req.worker_handle or req.driver_handle
    if not worker:
        raise errors.field("json", "worker_handle", errors.MISSING)
    if not fleet.worker_exists(tenant, worker):
        raise errors.field("json", "worker_handle", f"Worker {worker} does not exist.")
    if record.state in TERMINAL:
        raise refuse(record, "reassigned")
    entry, eng, now = record.body, engine(request), tenant.clock.now()
    if req.ops_group_handle:
        store.set_field(tenant, record.id, entry.order, "ops_group_handle", req.ops_group_handle)
    if record.state in ("unplanned", "planned"):
        entry.worker_hint = worker
        eng.transition(tenant, record, "assigned", {"cause": "api"})
    else:
        lifecycle.assign(tenant, record.id, entry, worker, now)
        eng.touch(tenant, record, "reassigned")
    return detail_response(request, tenant, record)


async def reschedule(request: Request) -> Response:
    """Not yet dispatched: new scheduled_at, back to unplanned. Dispatched: this attempt is cancelled
    and the order is recreated as the next fulfillment_attempt, unplanned (as HyperTrack documents)."""
    tenant, record = await _target(request)
    req = await decode_body(request, RescheduleIn, errors.from_decode_error)
    p = Problems()
    scheduled_at, scheduled_ts = p.time("scheduled_at", req.scheduled_at, required=True)
    scheduled_after, _ = p.time("scheduled_after", req.scheduled_after)
    p.check()
    if record.state in TERMINAL:
        raise refuse(record, "rescheduled")
    entry, eng, now = record.body, engine(request), tenant.clock.now()
    old = entry.order
    if record.state not in DISPATCHED:
        old.scheduled_at, old.scheduled_after, entry.scheduled_ts = scheduled_at, scheduled_after, scheduled_ts
        if record.state == "planned":
            eng.transition(tenant, record, "unplanned", {"cause": "reschedule"})
        eng.touch(tenant, record, "updated")
        return detail_response(request, tenant, record)
    old.rescheduled_marked_at = iso_ms(now)
    tenant.orders.index_add(store.VENDOR, "status", "rescheduled", record.id)
    eng.transition(tenant, record, "cancelled", {"cause": "reschedule"})
    fields = {"order_handle": old.order_handle, "destination": old.destination, "scheduled_at": scheduled_at,
              "scheduled_ts": scheduled_ts, "scheduled_after": scheduled_after, "type": old.type,
              "type_index": old.type_index, "expected_service_time": old.expected_service_time,
              "capacity_used": old.capacity_used, "metadata": old.metadata, "product_type": old.product_type,
              "priority": old.priority}
    fresh = build(fields, now, old.fulfillment_attempt + 1, plan_mode=old.plan_mode,
                  ops_group_handle=old.ops_group_handle)
    fresh.dest = entry.dest
    fresh.order.previous_fulfillments = [*(old.previous_fulfillments or ()),
                                         {"order_handle": old.order_handle, "fulfillment_attempt": old.fulfillment_attempt}]
    return detail_response(request, tenant, place(eng, tenant, fresh, (), now))


_KEEP_ON_NULL = ("scheduled_at", "expected_service_time", "capacity_used")


async def patch(request: Request) -> Response:
    tenant, record = await _target(request)
    req = await decode_body(request, PatchIn, errors.from_decode_error)
    entry, o = record.body, record.body.order
    given = {f: v for f in PatchIn.__struct_fields__ if (v := getattr(req, f)) is not msgspec.UNSET}
    # PatchOrderRequest declares these nullable: null is accepted and leaves the field as it is.
    given = {f: v for f, v in given.items() if not (v is None and f in _KEEP_ON_NULL)}
    if record.state in TERMINAL and set(given) - {"metadata", "attachments"}:
        raise refuse(record, "updated")
    p = Problems()
    if "destination" in given and given["destination"] is None:  # not nullable in the spec
        p.add("destination", "Field may not be null.")
    dest = None
    if given.get("destination") is not None:
        if entry.trip is not None:
            p.add("destination", "Destination can only be updated before tracking starts.")
        else:
            dest = validate.destination(p, "destination", given["destination"], allow_address=False)
    scheduled_at, scheduled_ts = p.time("scheduled_at", given.get("scheduled_at"))
    scheduled_after, _ = p.time("scheduled_after", given.get("scheduled_after"))
    p.check()
    if dest is not None:
        o.destination, entry.dest, o.region = dest, geo.point_of(dest), geo.region_of(dest.address)
    if scheduled_at is not None:
        o.scheduled_at, entry.scheduled_ts = scheduled_at, scheduled_ts
    if "scheduled_after" in given:
        o.scheduled_after = scheduled_after
    for name in ("metadata", "attachments", "expected_service_time", "product_type", "capacity_used"):
        if name in given:
            setattr(o, name, given[name])
    if "ops_group_handle" in given:
        store.set_field(tenant, record.id, o, "ops_group_handle", given["ops_group_handle"])
    eng = engine(request)
    eng.touch(tenant, record, "updated")
    if "expected_service_time" in given and record.state == "ongoing":
        eng.reschedule(tenant, record)  # the automatic completion moves with the service time
    return detail_response(request, tenant, record)


async def add_events(request: Request) -> Response:
    """Custom events join the order's timeline under their own type, in time order. 201, `{}`."""
    tenant, record = await _target(request)
    req = await decode_body(request, EventsIn, errors.from_decode_error)
    p = Problems()
    stamps = [p.time(f"events.{i}.recorded_at", ev.recorded_at, required=True)[1] for i, ev in enumerate(req.events)]
    p.check()
    o = record.body.order
    for ev, ts in zip(req.events, stamps, strict=False):
        assert ts is not None  # p.check() refused a missing or unreadable recorded_at
        extra = {k: v for k in ("metadata", "location", "address", "attachments") if (v := getattr(ev, k)) is not None}
        store.log(record.body, ev.type, ts, order_handle=o.order_handle, **extra)
    engine(request).touch(tenant, record, "custom_event")
    return json_response({}, 201)
