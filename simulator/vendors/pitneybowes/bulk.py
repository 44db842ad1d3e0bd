"""Workflow status for many orders, and tags for one or many orders.

Bulk calls are all-or-nothing: the whole request is checked first (body, then that every order
exists, then that every status change is legal) and only then applied, so an error answer always
means nothing changed. PB's bulk status sample has no per-order results, and 404 is documented
for both bulk calls; we read that as "any unknown order -> 404 for the request" (INFERRED)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.engine import OrderRecord, Tenant
from simulator.engine.timefmt import iso_ms
from simulator.http.responses import json_response
from simulator.vendors.base import engine_of
from simulator.vendors.pitneybowes import errors, store
from simulator.vendors.pitneybowes.auth import authenticate
from simulator.vendors.pitneybowes.decode import body_as
from simulator.vendors.pitneybowes.machine import MACHINE, WORKFLOW_STATUSES, workflow_status
from simulator.vendors.pitneybowes.orders import find
from simulator.vendors.pitneybowes.schemas import BulkStatusIn, BulkTagsIn, TagsIn


def _all_live(tenant: Tenant, order_ids: list[str]) -> list[OrderRecord]:
    records = [store.live(tenant, order_id) for order_id in order_ids]
    missing = list(dict.fromkeys(order_id for order_id, record in zip(order_ids, records, strict=False) if record is None))
    if missing:
        raise errors.not_found(f"Orders not found: {', '.join(missing)}. No order was updated.")
    return [record for record in records if record is not None]  # all of them, by now


def _tag_problems(where: str, tag_ids: list[str] | None) -> list[str]:
    if tag_ids is None:
        return [f"{where}: is required (send [] to remove all tags)"]
    return [f"{where}[{i}]: must not be blank" for i, tag in enumerate(tag_ids) if not tag.strip()]


def _set_tags(request: Request, tenant: Tenant, record: OrderRecord, tag_ids: list[str]) -> None:
    """Replace the order's tags ([] removes them all); duplicates collapse, first position wins."""
    tags = tuple(dict.fromkeys(tag_ids))
    if tags == record.body.tag_ids:
        return
    with store.reindexing(tenant, record):
        record.body.tag_ids = tags
    engine_of(request).touch(tenant, record, "updated", {"cause": "api", "operation": "tags"})


async def bulk_status(request: Request) -> Response:
    tenant, _ = authenticate(request)
    body = await body_as(request, BulkStatusIn)
    problems = []
    if body.status is None:
        problems.append("status: is required")
    elif body.status not in WORKFLOW_STATUSES:
        problems.append(f"status: must be one of {', '.join(WORKFLOW_STATUSES)} (got {body.status!r})")
    if not body.orders:
        problems.append("orders: must contain at least one order")
    order_ids = []
    for i, ref in enumerate(body.orders or ()):
        order_id = ref if isinstance(ref, str) else ref.orderId
        if not order_id or not order_id.strip():
            problems.append(f"orders[{i}].orderId: is required")
        else:
            order_ids.append(order_id)
    if problems:
        raise errors.validation(problems)
    target = body.status
    assert target is not None  # a problem above otherwise
    records = _all_live(tenant, list(dict.fromkeys(order_ids)))
    # Same status again is accepted and changes nothing; FULFILLED and CANCELED are final.
    moving = [r for r in records if workflow_status(r.state) != target]
    refused = [r for r in moving if not MACHINE.can(r.state, target)]
    if refused:
        listed = ", ".join(f"{r.id} is {workflow_status(r.state)}" for r in refused)
        raise errors.fail(400, f"Cannot change status to {target}: {listed}. No order was updated.",
                          "invalid_status_transition", "Invalid request. The status change is not allowed.")
    engine = engine_of(request)
    for record in moving:
        engine.transition(tenant, record, target, {"cause": "api", "reason": body.reason})
    return json_response({"status": target, "message": "Order status updated successfully.",
                          "transactionDateTime": iso_ms(tenant.clock.now())})


async def update_tags(request: Request) -> Response:
    tenant, _ = authenticate(request)
    body = await body_as(request, TagsIn)
    if problems := _tag_problems("tagIds", body.tagIds):
        raise errors.validation(problems)
    assert body.tagIds is not None  # _tag_problems otherwise
    record = find(tenant, request.path_params["orderId"])
    _set_tags(request, tenant, record, body.tagIds)
    return json_response({"orderId": record.id, "status": "Updated", "transactionDateTime": iso_ms(tenant.clock.now())})


async def bulk_tags(request: Request) -> Response:
    tenant, _ = authenticate(request)
    body = await body_as(request, BulkTagsIn)
    problems = [] if body.tags else ["tags: must contain at least one entry"]
    for i, entry in enumerate(body.tags or ()):
        if not entry.orderId or not entry.orderId.strip():
            problems.append(f"tags[{i}].orderId: is required")
        problems += _tag_problems(f"tags[{i}].tagIds", entry.tagIds)
    if problems:
        raise errors.validation(problems)
    entries = [(entry.orderId, entry.tagIds) for entry in body.tags or ()]
    records = _all_live(tenant, [order_id for order_id, _ in entries if order_id is not None])
    for record, (_, tag_ids) in zip(records, entries, strict=False):  # in request order: a repeated order ends with its last entry
        _set_tags(request, tenant, record, tag_ids or [])  # present: _tag_problems otherwise
    return json_response({"status": "Updated", "message": "The specified tags have been updated with the order.",
                          "transactionDateTime": iso_ms(tenant.clock.now())})
