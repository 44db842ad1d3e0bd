"""Read-back the way integrations do it: items by id or search (the resource's `orders` map with
data flag 0x80000), `order/get_orders_history` for registered orders, and
`order/complete_from_history`. Lists come from indexes kept on write, not scans."""

from __future__ import annotations

import fnmatch
from typing import Any

from msgspec import UNSET

from simulator.engine import Tenant
from simulator.http.answer_cache import answers_of
from simulator.vendors.wialon.call import Call
from simulator.vendors.wialon.catalog import CLS_RESOURCE, CLS_UNIT, CLS_USER, FULL_ACCESS, VENDOR, Catalog, catalog
from simulator.vendors.wialon.decode import convert
from simulator.vendors.wialon.errors import ACCESS_DENIED, WialonError, invalid
from simulator.vendors.wialon.schemas import CompleteIn, HistoryIn, Order, SearchItemIn, SearchItemsIn, Stored

FLAG_BASE = 0x1
FLAG_ORDERS = 0x80000
ITEM_TYPES = {"avl_resource": CLS_RESOURCE, "avl_unit": CLS_UNIT, "user": CLS_USER}


def live_orders(tenant: Tenant, resource_id: int) -> list:
    get = tenant.orders.get
    return [r for i in tenant.orders.index_get(VENDOR, "resource", resource_id) if (r := get(VENDOR, i)) is not None]


def _order(body: Stored) -> Order:
    return body.order


def render_item(call: Call, cat: Catalog, item_id: int, flags: int) -> dict:
    """The item with `flags`' parts; each order of a resource comes encoded from the answer cache
    (kept per record version: a poller of an unchanged resource encodes no order again)."""
    cls = cat.cls_of(item_id)
    item: dict[str, Any] = {"id": item_id}
    if flags & FLAG_BASE:
        item = {"nm": cat.name_of(item_id), "cls": cls, "id": item_id, "mu": 0, "uacl": FULL_ACCESS}
    if cls == CLS_RESOURCE and flags & FLAG_ORDERS:
        answer = answers_of(call.request).answer
        item["orders"] = {r.id: answer(r, r.version, _order, r.body) for r in live_orders(call.live_tenant, item_id)}
    return item


def search_item(call: Call, params: Any) -> dict:
    req = convert(params, SearchItemIn)
    cat = catalog(call.live_tenant)
    if cat.cls_of(req.id) is None:
        raise WialonError(ACCESS_DENIED, f"item {req.id} not found")
    return {"item": render_item(call, cat, req.id, req.flags), "flags": req.flags}


def _matches(mask: str, value: str) -> bool:
    """`*` wildcards; `,` or `|` separate alternatives; case-insensitive."""
    value = value.lower()
    return any(fnmatch.fnmatchcase(value, alt.strip().lower()) for alt in mask.replace("|", ",").split(","))


def search_items(call: Call, params: Any) -> dict:
    req = convert(params, SearchItemsIn)
    spec = req.spec
    cat = catalog(call.live_tenant)
    cls = ITEM_TYPES.get(spec.itemsType)
    if not spec.itemsType:
        raise invalid("spec.itemsType is required")
    by_class = {CLS_RESOURCE: list(cat.resources), CLS_UNIT: list(cat.units), CLS_USER: [cat.user.id]}
    ids = by_class.get(cls, []) if cls is not None else []
    if spec.propName == "sys_name":
        ids = [i for i in ids if _matches(spec.propValueMask, cat.name_of(i))]
    elif spec.propName == "sys_id":
        ids = [i for i in ids if _matches(spec.propValueMask, str(i))]
    elif spec.propValueMask.strip() != "*":
        ids = []  # other properties are not emulated: only "*" matches
    sort = spec.sortType.lstrip("!-")
    if sort in ("sys_name", "sys_id"):
        ids.sort(key=(lambda i: cat.name_of(i).lower()) if sort == "sys_name" else None,
                 reverse=spec.sortType.startswith("!"))
    chosen = ids[req.from_: (req.to + 1) if req.to else None]
    return {"searchSpec": {"itemsType": spec.itemsType, "propName": spec.propName,
                           "propValueMask": spec.propValueMask, "sortType": spec.sortType,
                           "propType": spec.propType},
            "dataFlags": req.flags, "totalItemsCount": len(ids), "indexFrom": req.from_,
            "indexTo": req.from_ + len(chosen) - 1 if chosen else req.from_,
            "items": [render_item(call, cat, i, req.flags) for i in chosen]}


def _history(tenant: Tenant, resource_id: int) -> list:
    get = tenant.orders.get
    return [r for i in tenant.orders.index_get(VENDOR, "history", resource_id) if (r := get(VENDOR, i)) is not None]


def orders_history(call: Call, params: Any) -> dict:
    req = convert(params, HistoryIn)
    cat = catalog(call.live_tenant)
    cat.resource(req.itemId)
    in_period = [r for r in _history(call.live_tenant, req.itemId) if req.ivalFrom <= r.body.history_at <= req.ivalTo]
    out = []
    for record in in_period:
        order = record.body.order
        if ((req.name and not _matches(req.name, order.n)) or (req.unitId and order.u != req.unitId)
                or (req.orderId and order.id != req.orderId) or (req.orderUid and order.uid != req.orderUid)
                or (req.routeId and (order.p.r is UNSET or order.p.r.id != str(req.routeId)))):
            continue
        out.append(order)
    return {"orders": out, "count": len(out), "total": len(in_period)}


def complete_from_history(call: Call, params: Any) -> dict:
    """Completes registered orders that have a unit (status 2), as Wialon does from track history."""
    req = convert(params, CompleteIn)
    cat = catalog(call.live_tenant)
    cat.resource(req.itemId)
    if not req.orders:
        raise invalid("orders must list at least one order id")
    records = []
    for order_id in req.orders:
        record = call.engine.get(call.live_tenant, VENDOR, str(order_id))
        if (record is None or record.body.order.id != order_id or record.body.resource != req.itemId
                or record.body.history_at is None):
            raise invalid(f"order {order_id} is not in the history of resource {req.itemId}")
        records.append(record)
    completed = False
    for record in records:
        if record.state in ("active", "in_area"):
            call.engine.transition(call.live_tenant, record, "completed_on_time", {"cause": "api"})
            completed = True
    return {"completed": completed}
