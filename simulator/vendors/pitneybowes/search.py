"""POST /api/v1/orders/search: `{"filters":[{"name","value":[...]}],"page","size"}`.

Values of one filter are alternatives (OR); separate filters must all hold (AND). Index-backed
filters (orderId, orderNumber, status, tagIds, customerId, carrier) are answered from the indexes
kept on write: the most selective one is read from its index and the others are checked on
those orders. `orderCreateDate` alone walks the tenant's orders newest first and stops at the
range's lower bound (orders are stored in creation order, and the clock never goes back); combined
with other filters it only narrows their result. Results are newest first. Pagination is
Spring-style: 0-based `page`, `size` (0 or absent: 20, at most 2000), `totalElements`, `totalPages`."""

from __future__ import annotations

import math

from starlette.requests import Request
from starlette.responses import Response

from simulator.engine import OrderRecord, Tenant
from simulator.engine.timefmt import parse_iso
from simulator.http.responses import json_response
from simulator.vendors.pitneybowes import errors, store
from simulator.vendors.pitneybowes.auth import authenticate
from simulator.vendors.pitneybowes.decode import body_as
from simulator.vendors.pitneybowes.machine import WORKFLOW_STATUSES, workflow_status
from simulator.vendors.pitneybowes.render import details
from simulator.vendors.pitneybowes.schemas import SearchIn, SearchOut

Criteria = list[tuple[str, list[str]]]  # (indexed field, accepted values), all must hold
Window = tuple[float, float] | None  # orderCreateDate bounds, epoch seconds

VENDOR = "pitneybowes"
DEFAULT_SIZE, MAX_SIZE = 20, 2000
# Filter names we accept (INFERRED beyond orderId) -> the index they use. A few spellings are aliases.
FILTERS = {"orderId": "orderId", "orderNumber": "orderNumber", "status": "status", "tagIds": "tagIds",
           "tagId": "tagIds", "tags": "tagIds", "customerId": "customerId", "carrier": "carrier",
           "orderCreateDate": "orderCreateDate"}
SUPPORTED = "orderId, orderNumber, status, tagIds, customerId, carrier, orderCreateDate"
SELECTIVITY = ("orderId", "orderNumber", "customerId", "tagIds", "carrier", "status")  # most selective first


def _criteria(body: SearchIn) -> tuple[Criteria, Window]:
    problems, criteria, window = [], [], None
    for i, f in enumerate(body.filters or ()):
        name = FILTERS.get(f.name or "")
        if name is None:
            problems.append(f"filters[{i}].name: unsupported filter {f.name!r}; supported: {SUPPORTED}")
            continue
        if not f.value:
            problems.append(f"filters[{i}].value: must contain at least one value")
            continue
        if name == "status" and (bad := [v for v in f.value if v not in WORKFLOW_STATUSES]):
            problems.append(f"filters[{i}].value: unknown status {bad[0]!r}; one of {', '.join(WORKFLOW_STATUSES)}")
        elif name == "orderCreateDate":
            parsed = [parse_iso(v) for v in f.value]
            bounds = [b for b in parsed if b is not None]
            if len(parsed) > 2 or len(bounds) < len(parsed) or (len(bounds) == 2 and bounds[0] > bounds[1]):
                problems.append(f"filters[{i}].value: give [from] or [from, to] as RFC 3339 date-times, from <= to")
            else:
                lo, hi = bounds[0], bounds[-1] if len(bounds) == 2 else math.inf
                window = (lo, hi) if window is None else (max(lo, window[0]), min(hi, window[1]))
        else:
            criteria.append((name, f.value))
    for attr in ("page", "size"):
        if (getattr(body, attr) or 0) < 0:
            problems.append(f"{attr}: must be greater than or equal to 0")
    if problems:
        raise errors.validation(problems)
    return criteria, window


def _ids(tenant: Tenant, name: str, values: list[str]) -> dict[str, None]:
    if name == "orderId":
        return dict.fromkeys(v for v in values if store.live(tenant, v) is not None)
    found: dict[str, None] = {}
    for value in values:
        found.update(dict.fromkeys(store.ids_for(tenant, name, value)))
    return found


def _holds(record: OrderRecord, name: str, values: set[str]) -> bool:
    """Does the order satisfy one filter? Read from the record itself (cheap, no index copy)."""
    order = record.body
    if name == "orderId":
        return record.id in values
    if name == "orderNumber":
        return order.order_number in values
    if name == "status":
        return workflow_status(record.state) in values
    if name == "tagIds":
        return not values.isdisjoint(order.tag_ids)
    keys = store.keys_of(record)  # customerId / carrier: decodes the stored parts once
    return any((name, v) in keys for v in values)


def _indexed(tenant: Tenant, criteria: Criteria, window: Window) -> list[OrderRecord]:
    """The most selective filter comes from its index; the others are checked on those orders only
    (so status + customerId costs O(that customer's orders), not O(all UNFULFILLED orders))."""
    criteria = sorted(criteria, key=lambda c: SELECTIVITY.index(c[0]))
    (name, values), rest = criteria[0], [(n, set(v)) for n, v in criteria[1:]]
    records = [r for i in _ids(tenant, name, values) if (r := store.live(tenant, i)) is not None]
    if rest:
        records = [r for r in records if all(_holds(r, n, v) for n, v in rest)]
    if window is not None:
        records = [r for r in records if window[0] <= r.body.created_at <= window[1]]
    records.sort(key=lambda r: r.seq, reverse=True)
    return records


def _walk(tenant: Tenant, window: Window, start: int, stop: int) -> tuple[list[OrderRecord], int]:
    """Newest first over the live orders (inside `window`, if any): the slice [start, stop) and the total."""
    chosen, total = [], 0
    for record in tenant.orders.newest_first(VENDOR):
        if record.body.deleted:
            continue
        if window is not None:
            if record.body.created_at > window[1]:
                continue
            if record.body.created_at < window[0]:
                break
        elif total >= stop:  # without a window the total is known: stop once the page is full
            break
        if start <= total < stop:
            chosen.append(record)
        total += 1
    return chosen, total if window is not None else store.live_count(tenant)


async def search_orders(request: Request) -> Response:
    tenant, _ = authenticate(request)
    body = await body_as(request, SearchIn, required=False)
    criteria, window = _criteria(body)
    page, size = body.page or 0, min(body.size or DEFAULT_SIZE, MAX_SIZE)
    start, stop = page * size, (page + 1) * size
    if criteria:
        records = _indexed(tenant, criteria, window)
        total, chosen = len(records), records[start:stop]
    else:
        chosen, total = _walk(tenant, window, start, stop)
    return json_response(SearchOut(orders=[details(r) for r in chosen], page=page, size=size,
                                   totalElements=total, totalPages=math.ceil(total / size)))
