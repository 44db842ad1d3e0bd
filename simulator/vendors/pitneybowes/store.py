"""Orders in the store: the live-order lookup and the search indexes, kept on every write (never rebuilt by scanning).

Indexes (OrderStore secondary indexes, per tenant): orderNumber, status (workflow status),
tagIds, customerId, carrier. A soft-deleted order is in none of them and is invisible to lookups."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import msgspec

from simulator.engine import OrderRecord, Tenant
from simulator.vendors.pitneybowes.machine import workflow_status
from simulator.vendors.pitneybowes.state import state_of

VENDOR = "pitneybowes"


# The one member of a stored part each index needs: the part was type-checked whole when it was
# written, so reading only this member gives the same value for less (no other member is built).
class _CustomerId(msgspec.Struct):
    customerId: str | None = None


class _Carrier(msgspec.Struct):
    carrier: str | None = None


_CUSTOMER_ID = msgspec.json.Decoder(_CustomerId)
_CARRIER = msgspec.json.Decoder(_Carrier)


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
    for tag in order.tag_ids:
        keys.add(("tagIds", tag))
    parts = order.parts
    if len(parts.customerInfo) and (customer := _CUSTOMER_ID.decode(parts.customerInfo).customerId):
        keys.add(("customerId", customer))
    if len(parts.shippingPreferences) and (carrier := _CARRIER.decode(parts.shippingPreferences).carrier):
        keys.add(("carrier", carrier))
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
