"""`order/update`: every call mode of the seed document, with its documented reply.

    create -> [id, {order}]   update -> [id]   delete -> [id, null]   assign/register/reject/confirm -> {}

Errors: 7 unknown resource or unit (with a reason), 6 route problem on delete without `force`,
4 for an unknown call mode, an unknown order, bad data, or a mode the order's status refuses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec
from msgspec import UNSET

from simulator.engine import OrderRecord
from simulator.vendors.wialon.call import Call
from simulator.vendors.wialon.catalog import VENDOR, Catalog, catalog
from simulator.vendors.wialon.decode import convert
from simulator.vendors.wialon.errors import UNKNOWN_ERROR, WialonError, invalid
from simulator.vendors.wialon.lifecycle import completion_state
from simulator.vendors.wialon.machine import COMPLETED, OPEN, SF_CONFIRMED, S
from simulator.vendors.wialon.schemas import Order, Params, Route, Stored, UpdateIn
from simulator.vendors.wialon.state import state_of

# Fields copied as they are from the request onto the order (create, and update when sent).
_PLAIN = ("n", "rp", "f", "tf", "tt", "trt", "r", "y", "x", "tz")


def update(call: Call, params: Any) -> Any:
    req = convert(params, UpdateIn)
    mode = MODES.get(req.callMode)
    if mode is None:
        raise invalid(f"invalid callMode {req.callMode!r}")
    cat = catalog(call.live_tenant)
    cat.resource(req.itemId)
    return mode(call, cat, req)


# -- conversions ------------------------------------------------------------------------------
def _text(value: object) -> str:
    return value if isinstance(value, str) else str(value)


def _params(p: Params) -> Params:
    if p.r is not UNSET:
        p.r = Route(id=_text(p.r.id), i=_text(p.r.i), m=_text(p.r.m), t=_text(p.r.t), ndt=p.r.ndt, vt=_text(p.r.vt))
    return p


def _dp(values: Iterable[Any]) -> tuple[int, ...]:
    out = []
    for v in values:
        try:
            n = int(v)
        except ValueError:
            raise invalid(f"dp: {v!r} is not an order uid")
        if n < 0:
            raise invalid(f"dp: {v!r} is not an order uid")
        out.append(n)
    return tuple(out)


def _changes(req: UpdateIn) -> dict[str, Any]:
    """What the request sends for the order, validated before anything changes
    (`p` is replaced as a whole: the docs ask clients to always send it)."""
    out = {name: value for name in _PLAIN if (value := getattr(req, name)) is not UNSET}
    if req.p is not UNSET:
        out["p"] = _params(req.p)
    if req.dp is not UNSET:
        out["dp"] = _dp(req.dp)
    if req.if_ is not UNSET:
        out["if_"] = req.if_
    if req.ej is not UNSET:
        try:
            msgspec.json.encode(req.ej)
        except (TypeError, OverflowError) as exc:
            raise invalid(f"ej: {exc}")
        out["ej"] = req.ej
    return out


def _apply(order: Order, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        setattr(order, name, value)


def _find(call: Call, req: UpdateIn) -> OrderRecord:
    """A live order of this resource (not deleted, not moved to history)."""
    record = call.engine.get(call.live_tenant, VENDOR, str(req.id))
    if (record is None or record.body.order.id != req.id or record.body.resource != req.itemId
            or record.body.history_at is not None):
        raise invalid(f"order {req.id} not found in resource {req.itemId}")
    return record


def _touch(call: Call, record: OrderRecord, kind: str = "updated") -> None:
    call.engine.touch(call.live_tenant, record, kind, {"cause": "api"})
    call.engine.reschedule(call.live_tenant, record)


def _move(call: Call, record: OrderRecord, state: str) -> None:
    call.engine.transition(call.live_tenant, record, state, {"cause": "api"})


# -- call modes ---------------------------------------------------------------------------------
def create(call: Call, cat: Catalog, req: UpdateIn) -> list:
    tenant = call.live_tenant
    unit = 0 if req.u is UNSET else req.u
    if unit:
        cat.unit(unit)
    changes = _changes(req)
    now = tenant.clock.now()
    counters = state_of(tenant)
    counters.last_id += 1
    counters.last_uid += 1
    order_id, uid = counters.last_id, counters.last_uid
    state = "active" if unit else "inactive"
    order = Order(id=order_id, n="", p=Params(), rp="", f=0, tf=0, tt=0, trt=0, uid=uid, r=0, y=0.0, x=0.0,
                  u=unit, s=S[state], sf=0, st=int(now))
    _apply(order, changes)
    body = Stored(resource=req.itemId, order=order, to_area=cat.timing.to_area, in_area=cat.timing.in_area,
                  status_at=now)
    key = str(order_id)  # one string for the record, its alias and its index entry
    call.engine.create_order(tenant, VENDOR, key, body, state=state, data={"cause": "api"})
    tenant.orders.alias(VENDOR, str(uid), key)
    tenant.orders.index_add(VENDOR, "resource", req.itemId, key)
    return [order_id, order]


def edit(call: Call, cat: Catalog, req: UpdateIn) -> list:
    record = _find(call, req)
    unit = req.u if req.u is not UNSET else record.body.order.u
    new_unit = unit != record.body.order.u
    if new_unit:
        _check_assign(cat, record, unit)
    _apply(record.body.order, _changes(req))
    if new_unit:
        _reassign(call, record, unit)
    _touch(call, record)
    return [req.id]


def delete(call: Call, cat: Catalog, req: UpdateIn) -> list:
    record = _find(call, req)
    route = record.body.order.p.r
    if route is not UNSET and route.id not in ("", "0") and not req.force:
        raise WialonError(UNKNOWN_ERROR, f"order {req.id} belongs to route {route.id}; send force:1 to delete it")
    call.live_tenant.orders.index_remove(VENDOR, "resource", req.itemId, record.id)
    call.engine.delete(call.live_tenant, record, {"cause": "api"})
    return [req.id, None]


def assign(call: Call, cat: Catalog, req: UpdateIn) -> dict:
    if req.u is UNSET:
        raise invalid("u (unit id) is required to assign")
    record = _find(call, req)
    _check_assign(cat, record, req.u)
    if req.u != record.body.order.u:
        _reassign(call, record, req.u)
    return {}


def _check_assign(cat: Catalog, record: OrderRecord, unit: int) -> None:
    if record.state not in OPEN:
        raise invalid(f"failed to assign: order {record.id} has status {record.body.order.s}")
    if unit:
        cat.unit(unit)


def _reassign(call: Call, record: OrderRecord, unit: int) -> None:
    """u=0 takes the unit away (s=0); another unit starts its own way to the order (s=1)."""
    record.body.order.u = unit
    if unit == 0:
        _move(call, record, "inactive")
    elif record.state == "active":
        record.body.status_at = call.live_tenant.clock.now()
        _touch(call, record)
    else:
        _move(call, record, "active")


def reject(call: Call, cat: Catalog, req: UpdateIn) -> dict:
    record = _find(call, req)
    if record.state not in OPEN:
        raise invalid(f"order {req.id} with status {record.body.order.s} cannot be rejected")
    _move(call, record, "rejected")
    return {}


def confirm(call: Call, cat: Catalog, req: UpdateIn) -> dict:
    """The driver confirms delivery: completes an active order (on time or late against `tt`),
    or marks an already completed one confirmed."""
    record = _find(call, req)
    order = record.body.order
    if record.state not in COMPLETED and record.state not in ("active", "in_area"):
        raise invalid(f"order {req.id} with status {order.s} cannot be confirmed")
    order.sf |= SF_CONFIRMED
    if req.ds is not UNSET:
        order.ds = req.ds
    if record.state in COMPLETED:
        _touch(call, record)
    else:
        _move(call, record, completion_state(record.body, call.live_tenant.clock.now()))
    return {}


def register(call: Call, cat: Catalog, req: UpdateIn) -> dict:
    record = _find(call, req)
    record.body.history_at = call.live_tenant.clock.now()
    orders = call.live_tenant.orders
    orders.index_remove(VENDOR, "resource", req.itemId, record.id)
    orders.index_add(VENDOR, "history", req.itemId, record.id)
    _touch(call, record, "registered")  # reschedule drops any pending automatic move
    return {}


MODES = {"create": create, "update": edit, "delete": delete, "assign": assign, "register": register,
         "reject": reject, "confirm": confirm}
