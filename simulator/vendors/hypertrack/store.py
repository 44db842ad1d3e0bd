"""Orders in the store. One engine record per fulfilment: (order_handle, type, type_index,
fulfillment_attempt), id `handle:type:index:attempt`; the bare handle is an alias for the newest
attempt so `/_sim/orders/hypertrack/<handle>` works. Indexes are kept on write (no scans)."""

from __future__ import annotations

from typing import Any

from simulator.engine import Engine, OrderRecord, Tenant
from simulator.engine.timefmt import iso_ms
from simulator.vendors.hypertrack.machine import TERMINAL
from simulator.vendors.hypertrack.schemas import Entry, Order

VENDOR = "hypertrack"
INDEXED = {"worker": "worker_handle", "ops_group": "ops_group_handle", "route": "route_handle"}


def record_id(handle: str, type_: str | None, type_index: int | None, attempt: int) -> str:
    return f"{handle}:{type_}:{type_index}:{attempt}"


def attempts(tenant: Tenant, handle: str) -> list[OrderRecord]:
    """Every fulfilment ever created under this handle, oldest first."""
    ids = tenant.orders.index_get(VENDOR, "handle", handle)
    return [r for i in ids if (r := tenant.orders.get(VENDOR, i)) is not None]


def select(tenant: Tenant, handle: str, type_: str | None = None, type_index: int | None = None,
           attempt: int | None = None) -> OrderRecord | None:
    """The fulfilment the query names; unspecified parts pick the latest attempt, and among
    those the first created (the pick of a pick/drop pair)."""
    best = None  # one pass; a later record replaces it only with a higher attempt
    for r in attempts(tenant, handle):
        o = r.body.order
        if ((type_ is None or o.type == type_) and (type_index is None or o.type_index == type_index)
                and (attempt is None or o.fulfillment_attempt == attempt)
                and (best is None or o.fulfillment_attempt > best.body.order.fulfillment_attempt)):
            best = r
    return best


def live_duplicate(tenant: Tenant, handle: str, type_: str, type_index: int) -> OrderRecord | None:
    for r in attempts(tenant, handle):
        o = r.body.order
        if o.type == type_ and o.type_index == type_index and r.state not in TERMINAL:
            return r
    return None


def next_attempt(tenant: Tenant, handle: str, type_: str, type_index: int) -> int:
    """A handle whose earlier fulfilments all ended may be used again: it gets the next attempt number."""
    used = [r.body.order.fulfillment_attempt for r in attempts(tenant, handle)
            if r.body.order.type == type_ and r.body.order.type_index == type_index]
    return max(used) + 1 if used else 0


def add(engine: Engine, tenant: Tenant, entry: Entry, state: str) -> OrderRecord:
    o = entry.order
    rid = record_id(o.order_handle, o.type, o.type_index, o.fulfillment_attempt)
    # Index before create_order: it emits the event that sends webhooks and may look the order up.
    tenant.orders.index_add(VENDOR, "handle", o.order_handle, rid)
    tenant.orders.index_add(VENDOR, "status", state, rid)
    for name, attr in INDEXED.items():
        if getattr(o, attr) is not None:
            tenant.orders.index_add(VENDOR, name, getattr(o, attr), rid)
    record = engine.create_order(tenant, VENDOR, rid, entry, state=state)
    tenant.orders.alias(VENDOR, o.order_handle, rid)
    return record


def set_field(tenant: Tenant, rid: str, o: Order, attr: str, value: object) -> None:
    """Change an indexed field of order `o` (record id `rid`) and keep its index in step."""
    old = getattr(o, attr)
    if old == value:
        return
    name = next(n for n, a in INDEXED.items() if a == attr)
    if old is not None:
        tenant.orders.index_remove(VENDOR, name, old, rid)
    if value is not None:
        tenant.orders.index_add(VENDOR, name, value, rid)
    setattr(o, attr, value)


def move_status(tenant: Tenant, record: OrderRecord, previous: str) -> None:
    tenant.orders.index_remove(VENDOR, "status", previous, record.id)
    tenant.orders.index_add(VENDOR, "status", record.state, record.id)


def log(entry: Entry, kind: str, at: float, **fields: Any) -> None:
    """Append a timeline event (HyperTrack's `order_*` names, fields as in its examples). A tuple, not
    a list: the collector stops tracking a tuple of plain data, and a list per stored order made every
    full collection walk all of them (an ~87 ms pause with tens of thousands of orders)."""
    entry.order.timeline = (*(entry.order.timeline or ()), {"type": kind, "recorded_at": iso_ms(at), **fields})
