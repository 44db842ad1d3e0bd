"""Single-order operations: create, get, partial update, soft delete, delete one item."""

from __future__ import annotations

import msgspec
from msgspec import Raw
from starlette.requests import Request
from starlette.responses import Response

from simulator.engine import OrderRecord, Tenant
from simulator.engine.timefmt import iso_ms
from simulator.http.answer_cache import answers_of
from simulator.http.responses import json_response
from simulator.vendors.base import engine_of
from simulator.vendors.pitneybowes import errors, store
from simulator.vendors.pitneybowes.auth import authenticate
from simulator.vendors.pitneybowes.decode import body_as
from simulator.vendors.pitneybowes.render import details
from simulator.vendors.pitneybowes.schemas import Order, OrderIn, Parts
from simulator.vendors.pitneybowes.state import config_of, state_of
from simulator.vendors.pitneybowes.validate import ValidOrder, validate_order

VENDOR = "pitneybowes"


def find(tenant: Tenant, order_id: str) -> OrderRecord:
    record = store.live(tenant, order_id)
    if record is None:
        raise errors.not_found(f"Order {order_id} was not found.")
    return record


def _check_number_free(tenant: Tenant, number: str | None, own_id: str | None = None) -> None:
    """INFERRED: orderNumber is "the unique identifier for the order", so a second live order may not
    reuse it. A tenant can switch this off with vendors.pitneybowes.uniqueOrderNumber = false."""
    if number is None or not config_of(tenant).uniqueOrderNumber:
        return
    taken = [i for i in store.ids_for(tenant, "orderNumber", number) if i != own_id]
    if taken:
        raise errors.fail(400, f"Order number {number} is already used by order {taken[0]}.",
                          "duplicate_order_number", "Invalid request. The order number already exists.")


def _new_id(tenant: Tenant) -> str:
    """`PB` + 10 letters and digits, like PBqTYEhO31JY; unique in the tenant, deleted orders included."""
    while True:
        order_id = "PB" + tenant.ids.chars(10)
        if tenant.orders.get(VENDOR, order_id) is None:
            return order_id


async def create_order(request: Request) -> Response:
    tenant, client_id = authenticate(request)
    valid = validate_order(await body_as(request, OrderIn), creating=True)
    _check_number_free(tenant, valid.order_number)
    assert valid.order_number is not None and valid.items is not None  # validate_order requires both on create
    now = tenant.clock.now()
    order_id = _new_id(tenant)
    order = Order(order_id=order_id, order_number=valid.order_number, created_by=client_id, created_at=now,
                  parts=Parts(**valid.parts), items=tuple(i.raw for i in valid.items),
                  item_keys=tuple(i.key for i in valid.items))
    record = engine_of(request).create_order(tenant, VENDOR, order_id, order, data={"cause": "api"})
    store.add(tenant, record, store.keys_of(record))
    return json_response({"orderId": order_id, "orderNumber": order.order_number, "status": "Created",
                          "transactionCreateDate": iso_ms(now)})


async def get_order(request: Request) -> Response:
    tenant, _ = authenticate(request)
    record = find(tenant, request.path_params["orderId"])
    # details() reads only the record (state, updated_at, body): every change bumps record.version.
    return json_response(answers_of(request).answer(record, record.version, details, record))


def _apply(order: Order, valid: ValidOrder) -> bool:
    """Merge a partial update into the order; True if anything was sent. Parts replace whole; items
    upsert by identity, an existing item keeping the members the update does not send."""
    if valid.order_number is not None:
        order.order_number = valid.order_number
    if valid.parts:
        order.parts = msgspec.structs.replace(order.parts, **valid.parts)
    if valid.items:
        items = list(order.items)
        keys = list(order.item_keys)
        for item in valid.items:
            if item.key in keys:
                at = keys.index(item.key)
                merged = {**msgspec.json.decode(items[at], type=dict[str, Raw]), **item.fields()}
                items[at] = Raw(msgspec.json.encode(merged))
            else:
                items.append(item.raw)
                keys.append(item.key)
        order.items, order.item_keys = tuple(items), tuple(keys)
    return valid.order_number is not None or bool(valid.parts) or bool(valid.items)


async def update_order(request: Request) -> Response:
    tenant, _ = authenticate(request)
    valid = validate_order(await body_as(request, OrderIn), creating=False)
    record = find(tenant, request.path_params["orderId"])
    if valid.order_number != record.body.order_number:
        _check_number_free(tenant, valid.order_number, record.id)
    with store.reindexing(tenant, record):
        changed = _apply(record.body, valid)
    if changed:
        engine_of(request).touch(tenant, record, "updated", {"cause": "api", "operation": "partialUpdate"})
    return json_response({"orderId": record.id, "orderNumber": record.body.order_number, "status": "Updated",
                          "transactionCreateDate": iso_ms(tenant.clock.now())})


async def delete_order(request: Request) -> Response:
    """Soft delete: the order stays in the store (and in /_sim/orders, flagged) but is gone from every
    read and search, and the clock no longer moves it."""
    tenant, _ = authenticate(request)
    record = find(tenant, request.path_params["orderId"])
    with store.reindexing(tenant, record):
        record.body.deleted = True
    state_of(tenant).deleted_count += 1
    engine = engine_of(request)
    engine.touch(tenant, record, "deleted", {"cause": "api"})
    engine.reschedule(tenant, record)  # auto_next is None once deleted: the pending move goes stale
    return json_response({"orderId": record.id, "status": "Deleted", "transactionDateTime": iso_ms(tenant.clock.now())})


async def delete_item(request: Request) -> Response:
    tenant, _ = authenticate(request)
    item_id = request.query_params.get("itemId")
    if not item_id or not item_id.strip():
        raise errors.bad_request("Required request parameter 'itemId' (the item's SKU) is missing.")
    record = find(tenant, request.path_params["orderId"])
    order = record.body
    if item_id not in order.item_keys:
        raise errors.not_found(f"Item {item_id} was not found in order {record.id}.")
    at = order.item_keys.index(item_id)
    order.items = order.items[:at] + order.items[at + 1:]
    order.item_keys = order.item_keys[:at] + order.item_keys[at + 1:]
    engine_of(request).touch(tenant, record, "updated", {"cause": "api", "operation": "deleteItem", "itemId": item_id})
    return json_response({"orderId": record.id, "status": "Updated", "transactionDateTime": iso_ms(tenant.clock.now())})
