"""The taskOrders endpoints: create, get, update, cancel, clone, reject, with the seed's role table.
An order resolves by its 24-char id or its 8-hex shortId everywhere (task ids are aliases too, so
they are refused explicitly: "task short IDs should not be used with this endpoint")."""

from __future__ import annotations

import msgspec
from starlette.requests import Request

from simulator.engine import OrderRecord
from simulator.http.answer_cache import answers_of
from simulator.vendors.base import engine_of
from simulator.vendors.onfleet import ids, render, validate
from simulator.vendors.onfleet.auth import Caller, orgs_of
from simulator.vendors.onfleet.errors import forbidden, invalid, not_found
from simulator.vendors.onfleet.machine import COMPLETED, NOT_STARTED, REMOVED
from simulator.vendors.onfleet.quotes import services
from simulator.vendors.onfleet.schemas import CancelIn, Order, OrderCreate, OrderUpdate, RejectIn, Task

VENDOR = "onfleet"
replace = msgspec.structs.replace


def visible(caller: Caller, order: Order) -> bool:
    """A client sees the orders it is the merchant of; a courier those it executes."""
    return (order.merchant if caller.role == "client" else order.executor) == caller.org


def find(caller: Caller, ref: str) -> OrderRecord:
    record = caller.tenant.orders.get(VENDOR, ref)
    if (record is None or ref not in (record.body.id, record.body.short_id) or record.state in REMOVED
            or not visible(caller, record.body)):
        raise not_found("order", ref)
    return record


def short_ids(caller: Caller, n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        candidate = ids.new_short_id(caller.tenant)
        if candidate not in out:
            out.append(candidate)
    return out


def store(request: Request, caller: Caller, order: Order, data: dict | None = None) -> OrderRecord:
    record = engine_of(request).create_order(caller.tenant, VENDOR, order.id, order, data=data)
    for alias in (order.short_id, order.pickup.id, order.pickup.short_id, order.dropoff.id, order.dropoff.short_id):
        caller.tenant.orders.alias(VENDOR, alias, order.id)
    return record


def client_org(request: Request, caller: Caller, named: str | None, what: str) -> str:
    """The client org an order belongs to: the caller itself, or the `client` a courier must name."""
    if caller.role == "client":
        return caller.org
    if not named:
        raise invalid(f"client is required when a courier {what}.", "Send the client organization id as client.")
    if named not in orgs_of(request, caller.tenant).clients:
        raise invalid("client is not a client organization of this courier.", f"Unknown client {named!r}.")
    return named


async def create(request: Request, caller: Caller, req: OrderCreate) -> dict:
    merchant = client_org(request, caller, req.client, "creates an order")
    executor = caller.org if caller.role == "courier" else orgs_of(request, caller.tenant).courier
    offered = services(caller.tenant)
    if req.deliveryServiceId is None and offered:
        raise invalid("deliveryServiceId is required.", "This client has delivery services configured.")
    if req.deliveryServiceId is not None and req.deliveryServiceId not in {s.id for s in offered}:
        raise invalid("deliveryServiceId is invalid.", f"No delivery service {req.deliveryServiceId!r}.")
    if req.price is not None and req.price < 0:
        raise invalid("price must not be negative.")
    now = ids.ms(caller.tenant.clock.now())
    pickup = validate.new_task(caller.tenant, "pickupTask", req.pickupTask, True, caller.org, now)
    dropoff = validate.new_task(caller.tenant, "dropoffTask", req.dropoffTask, False, caller.org, now)
    order_short, pickup_short, dropoff_short = short_ids(caller, 3)
    order = Order(id=ids.new_id(caller.tenant), short_id=order_short, time_created=now, time_modified=now,
                  organization=caller.org, creator=caller.admin, merchant=merchant, executor=executor,
                  pickup=replace(pickup, short_id=pickup_short), dropoff=replace(dropoff, short_id=dropoff_short),
                  price=req.price, currency=req.currency, delivery_service=req.deliveryServiceId)
    return render.order(store(request, caller, order).body)


async def get(request: Request, caller: Caller, _: None) -> msgspec.Raw:
    record = find(caller, request.path_params["order"])
    return answers_of(request).answer(record, record.version, render.order, record.body)


async def update(request: Request, caller: Caller, req: OrderUpdate) -> dict:
    record = find(caller, request.path_params["order"])
    pickup_in = validate.require_task("pickupTask", req.pickupTask)
    dropoff_in = validate.require_task("dropoffTask", req.dropoffTask)
    if record.state not in NOT_STARTED:
        raise invalid("Order/Task pairs cannot be updated once started or completed.",
                      f"Order {record.body.short_id} is {record.state}.")
    order: Order = record.body
    now = ids.ms(caller.tenant.clock.now())
    pickup = validate.apply(caller.tenant, "pickupTask", order.pickup, pickup_in, caller.org, now)
    dropoff = validate.apply(caller.tenant, "dropoffTask", order.dropoff, dropoff_in, caller.org, now)
    record.body = replace(order, pickup=pickup, dropoff=dropoff, time_modified=now)
    engine = engine_of(request)
    engine.touch(caller.tenant, record, "updated", {"cause": "api"})
    engine.reschedule(caller.tenant, record)  # a new completeAfter may move the next start
    return render.order(record.body)


async def cancel(request: Request, caller: Caller, req: CancelIn) -> dict:
    if not req.orderIds:
        raise invalid("orderIds is required.", "An array of order ids, even for one order.")
    merchant = client_org(request, caller, req.client, "cancels orders")
    records: dict[str, OrderRecord] = {}
    for ref in req.orderIds:
        record = find(caller, ref)
        if record.body.merchant != merchant:
            raise not_found("order", ref)
        if record.state in COMPLETED:
            raise invalid("Completed Orders cannot be deleted/cancelled.", f"Order {ref} is {record.state}.")
        records[record.id] = record
    engine = engine_of(request)
    for record in records.values():
        engine.transition(caller.tenant, record, "cancelled", {"cause": "api"})
    return {"status": "success", "totalOrdersRemoved": len(records)}


def _copy_task(caller: Caller, task: Task, short_id: str, now: int) -> Task:
    dest = replace(task.destination, id=ids.new_id(caller.tenant), time_created=now, time_modified=now)
    return Task(id=ids.new_id(caller.tenant), short_id=short_id, pickup=task.pickup, time_created=now,
                time_modified=now, destination=dest, recipients=task.recipients, notes=task.notes,
                quantity=task.quantity, service_time=task.service_time, metadata=task.metadata,
                source_task_id=task.id)


async def clone(request: Request, caller: Caller, _: None) -> dict:
    if caller.role != "client":
        raise forbidden("Couriers cannot clone orders; use a client API key.")
    original: Order = find(caller, request.path_params["order"]).body
    if original.price is not None or original.delivery_service is not None:
        raise forbidden("Only orders without rates or delivery services can be cloned.")
    now = ids.ms(caller.tenant.clock.now())
    order_short, pickup_short, dropoff_short = short_ids(caller, 3)
    order = Order(id=ids.new_id(caller.tenant), short_id=order_short, time_created=now, time_modified=now,
                  organization=caller.org, creator=caller.admin, merchant=original.merchant,
                  executor=original.executor, pickup=_copy_task(caller, original.pickup, pickup_short, now),
                  dropoff=_copy_task(caller, original.dropoff, dropoff_short, now))
    out = render.order(store(request, caller, order, {"cause": "clone", "source": original.id}).body)
    for key in ("pickupTask", "dropoffTask"):  # the clone docs: "omitted from the clone response"
        del out[key]["scanOnlyRequiredBarcodes"]
    return out


async def reject(request: Request, caller: Caller, req: RejectIn) -> dict:
    if caller.role != "courier":
        raise forbidden("Only couriers can reject orders; use a courier API key.")
    record = find(caller, request.path_params["order"])
    reason = req.reason if req.reason is not None else req.reasons
    if isinstance(reason, list):
        reason = "; ".join(r for r in reason if isinstance(r, str))
    if not isinstance(reason, str) or not reason.strip():
        raise invalid("reason is required.", "Say why the order is rejected.")
    if record.state not in NOT_STARTED:
        raise invalid("Orders cannot be rejected once started or completed.",
                      f"Order {record.body.short_id} is {record.state}.")
    record.body = replace(record.body, rejection_reason=reason)
    engine_of(request).transition(caller.tenant, record, "rejected", {"cause": "api", "reason": reason})
    return {"status": "success"}
