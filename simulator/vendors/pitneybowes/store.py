"""Orders in the store: the live-order lookup and the search indexes, kept on every write (never rebuilt by scanning).

Indexes (OrderStore secondary indexes, per tenant): orderNumber, status (workflow status),
tagIds, customerId, carrier. A soft-deleted order is in none of them and is invisible to lookups."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import msgspec

from simulator.engine import OrderRecord, Tenant
from simulator.vendors.pitneybowes.machine import workflow_status
from simulator.vendors.pitneybowes.schemas import CustomerInfo, ShippingPreferences
from simulator.vendors.pitneybowes.state import state_of

VENDOR = "pitneybowes"


def live(tenant: Tenant, order_id: str) -> OrderRecord | None:
    record = tenant.orders.get(VENDOR, order_id)
    if record is None or record.id != order_id or record.body.deleted:
        return None
    return record


def live_count(tenant: Tenant) -> int:
    return tenant.orders.count(VENDOR) - state_of(tenant).deleted_count


def keys_of(record: OrderRecord) -> set[tuple[str, str]]:
    """Every (index, key) the order belongs under. Decodes two stored parts: used on writes and to
    check customerId / carrier on the few orders another filter already selected."""
    order = record.body
    if order.deleted:
        return set()
    keys = {("orderNumber", order.order_number), ("status", workflow_status(record.state))}
    keys.update(("tagIds", tag) for tag in order.tag_ids)
    for raw, type_, attr in ((order.parts.customerInfo, CustomerInfo, "customerId"),
                             (order.parts.shippingPreferences, ShippingPreferences, "carrier")):
        value = getattr(msgspec.json.decode(raw, type=type_), attr) if len(raw) else None
        if value:
            keys.add((attr, value))
    return keys


def add(tenant: Tenant, record: OrderRecord, keys: set[tuple[str, str]]) -> None:
    for name, key in keys:
        tenant.orders.index_add(VENDOR, name, key, record.id)


def remove(tenant: Tenant, record: OrderRecord, keys: set[tuple[str, str]]) -> None:
    for name, key in keys:
        tenant.orders.index_remove(VENDOR, name, key, record.id)


@contextlib.contextmanager
def reindexing(tenant: Tenant, record: OrderRecord) -> Iterator[None]:
    """Wrap a change to an order: its index keys before and after are compared and only the
    difference is written."""
    before = keys_of(record)
    yield
    after = keys_of(record)
    remove(tenant, record, before - after)
    add(tenant, record, after - before)


def ids_for(tenant: Tenant, name: str, key: str) -> list[str]:
    return tenant.orders.index_get(VENDOR, name, key)
