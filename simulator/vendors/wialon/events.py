"""Live updates the Wialon way: `core/update_data_flags` puts items in the session, and
`/avl_evts?sid=` hands over what changed since the last poll. An order change on a resource whose
session flags include 0x80000 arrives as an item update carrying that order (null once deleted or
moved to history)."""

from __future__ import annotations

from typing import Any

import msgspec

from simulator.engine import Engine, OrderEvent, OrderRecord, Tenant
from simulator.http.responses import encode
from simulator.vendors.wialon.call import Call
from simulator.vendors.wialon.catalog import Catalog, catalog
from simulator.vendors.wialon.decode import convert
from simulator.vendors.wialon.errors import invalid
from simulator.vendors.wialon.reads import FLAG_BASE, FLAG_ORDERS, ITEM_TYPES, render_item
from simulator.vendors.wialon.schemas import DataFlagsIn, FlagSpec
from simulator.vendors.wialon.sessions import push_event, sessions_of
from simulator.vendors.wialon.state import state_of

GONE = frozenset({"deleted", "registered"})


def _watchers(tenant: Tenant) -> dict[int, dict[str, None]]:
    """resource id -> sids watching its orders (kept on write, so fan-out needs no scan)."""
    return state_of(tenant).watchers


def _ids(spec: FlagSpec, cat: Catalog) -> list[int]:
    values: list[Any] | None
    if spec.type == "id":
        values = [spec.data]
    elif spec.type == "col":
        values = spec.data if isinstance(spec.data, list) else None
    elif spec.type == "type":
        cls = ITEM_TYPES.get(spec.data) if isinstance(spec.data, str) else None
        return [i for i in (*cat.resources, *cat.units, cat.user.id) if cat.cls_of(i) == cls]
    elif spec.type == "access":
        return []
    else:
        raise invalid(f"unknown spec type {spec.type!r}")
    if values is None or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        raise invalid(f"spec data for type {spec.type!r} must be an id or a list of ids")
    return values


def update_data_flags(call: Call, params: Any) -> list:
    req = convert(params, DataFlagsIn)
    cat = catalog(call.live_tenant)
    session, watchers = call.live_session, _watchers(call.live_tenant)
    targets = [(spec, _ids(spec, cat)) for spec in req.spec]  # validate every spec first
    out = []
    for spec, ids in targets:
        for item_id in ids:
            if cat.cls_of(item_id) is None:
                continue
            old = session.flags.get(item_id, 0)
            new = spec.flags if spec.mode == 0 else old | spec.flags if spec.mode == 1 else old & ~spec.flags
            if not new & FLAG_BASE and spec.mode == 2:
                new = 0  # removing the base flag removes the item from the session
            if new:
                session.flags[item_id] = new
            else:
                session.flags.pop(item_id, None)
            if item_id in cat.resources:
                if new & FLAG_ORDERS:
                    watchers.setdefault(item_id, {})[session.sid] = None
                else:
                    watchers.get(item_id, {}).pop(session.sid, None)
            data = None if spec.mode == 2 or not new else render_item(call, cat, item_id, new)
            out.append({"i": item_id, "d": data, "f": new})
    return out


def poll(call: Call) -> dict:
    """GET/POST /avl_evts?sid=: everything since the last poll, then the queue is empty."""
    session = call.live_session
    events, session.events = session.events, []
    return {"tm": int(call.live_tenant.clock.now()), "events": events}


def fan_out(engine: Engine, tenant: Tenant, event: OrderEvent, record: OrderRecord | None) -> None:
    if record is None:
        return
    body = record.body
    sids = _watchers(tenant).get(body.resource)
    if not sids or (body.history_at is not None and event.kind not in GONE):
        return
    order = None if event.kind in GONE else msgspec.Raw(encode(body.order))  # a snapshot
    update = {"i": body.resource, "t": "u", "d": {"orders": {record.id: order}}}
    sessions = sessions_of(tenant)
    for sid in sids:
        session = sessions.get(sid)
        if session is not None:
            push_event(session, update)
