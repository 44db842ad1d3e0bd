"""GET /orders/ (filters users rely on, newest first by default, cursor pagination) and
GET /orders/{h}/webhooks (the per-order delivery log). Lists start from an index when a filter
has one, so they never scan more than the candidates."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from datetime import UTC, datetime

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from simulator.engine import OrderRecord, Tenant
from simulator.http.decode import loads
from simulator.http.responses import json_response
from simulator.vendors.base import engine_of
from simulator.vendors.hypertrack import errors, render, store, webhooks
from simulator.vendors.hypertrack.auth import authenticate
from simulator.vendors.hypertrack.common import query_int
from simulator.vendors.hypertrack.validate import Problems

STATUS_FILTERS = ("completed", "cancelled", "rescheduled", "disabled", "ongoing", "unplanned", "assigned", "planned")
DEFAULT_LIMIT, MAX_LIMIT = 50, 100
VENDOR = store.VENDOR


class Filters(msgspec.Struct):
    statuses: list[str] = []
    worker: str | None = None
    ops_group: str | None = None
    route: str | None = None
    metadata: dict | None = None
    created_from: str | None = None  # compared as normalised ISO strings
    created_to: str | None = None
    scheduled_day: str | None = None  # YYYY-MM-DD (UTC) of scheduled_at
    attempt: int | None = None
    search: str | None = None


def _token(value: int) -> str:
    return base64.urlsafe_b64encode(str(value).encode()).decode().rstrip("=")


def _untoken(p: Problems, raw: str | None) -> int | None:
    if not raw:
        return None
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
        if text.isascii() and text.isdigit():
            return int(text)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        pass
    p.add("pagination_token", "Invalid pagination token.")
    return None


def _limit(p: Problems, request: Request) -> int:
    limit = query_int(p, request, "limit")
    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        p.add("limit", f"Must be greater than or equal to 1 and less than or equal to {MAX_LIMIT}.")
    return limit or DEFAULT_LIMIT


def _parse(request: Request) -> tuple[Filters, str, int, int | None]:
    q, p = request.query_params, Problems("query")
    f = Filters(worker=q.get("worker_handle") or q.get("driver_handle") or None,
                ops_group=q.get("ops_group_handle") or None, route=q.get("route_handle") or None,
                search=q.get("search_term") or None)
    f.statuses = [s.strip() for s in (q.get("status") or "").split(",") if s.strip()]
    for s in f.statuses:
        p.choice("status", s, STATUS_FILTERS)
    if q.get("order_metadata_filter"):
        try:
            f.metadata = loads(q["order_metadata_filter"])
        except msgspec.DecodeError:
            f.metadata = None
        if not isinstance(f.metadata, dict):
            p.add("order_metadata_filter", "Not a valid JSON object.")
    f.created_from, _ = p.time("created_at_from", q.get("created_at_from"))
    f.created_to, _ = p.time("created_at_to", q.get("created_at_to"))
    if q.get("created_at_date"):
        try:
            day = datetime.strptime(q["created_at_date"], "%Y-%m-%d").replace(tzinfo=UTC)
            f.created_from, f.created_to = day.strftime("%Y-%m-%dT00:00:00.000Z"), day.strftime("%Y-%m-%dT23:59:59.999Z")
        except ValueError:
            p.add("created_at_date", "Not a valid date.")
    if q.get("scheduled_at_date"):
        try:
            f.scheduled_day = datetime.strptime(q["scheduled_at_date"], "%Y-%m-%d").strftime("%Y-%m-%d")
        except ValueError:
            p.add("scheduled_at_date", "Not a valid date.")
    f.attempt = query_int(p, request, "fulfillment_attempt")
    direction = q.get("sort_direction") or "desc"
    p.choice("sort_direction", direction, ("desc", "asc"))
    limit, cursor = _limit(p, request), _untoken(p, q.get("pagination_token"))
    p.check()
    return f, direction, limit, cursor


def _matches(record: OrderRecord, f: Filters) -> bool:
    o = record.body.order
    if f.statuses and record.state not in f.statuses and not ("rescheduled" in f.statuses and o.rescheduled_marked_at):
        return False
    if (f.worker and o.worker_handle != f.worker) or (f.ops_group and o.ops_group_handle != f.ops_group):
        return False
    if (f.route and o.route_handle != f.route) or (f.attempt is not None and o.fulfillment_attempt != f.attempt):
        return False
    if (f.created_from and o.created_at < f.created_from) or (f.created_to and o.created_at > f.created_to):
        return False
    if f.scheduled_day and not (o.scheduled_at or "").startswith(f.scheduled_day):
        return False
    if f.metadata and any((o.metadata or {}).get(k) != v for k, v in f.metadata.items()):
        return False
    if f.search and not any(f.search in (v or "") for v in (o.order_handle, o.ops_group_handle, o.worker_handle)):
        return False
    return True


def _candidates(tenant: Tenant, f: Filters, newest_first: bool) -> Iterable[OrderRecord]:
    """An index when a filter has one (sorted by creation), else the whole store in order."""
    index = (("worker", f.worker), ("route", f.route), ("ops_group", f.ops_group))
    for name, key in index:
        if key:
            ids = tenant.orders.index_get(VENDOR, name, key)
            break
    else:
        if not f.statuses:
            everything = tenant.orders
            return everything.newest_first(VENDOR) if newest_first else everything.oldest_first(VENDOR)
        ids = [i for s in f.statuses for i in tenant.orders.index_get(VENDOR, "status", s)]
    records = {r.id: r for i in ids if (r := tenant.orders.get(VENDOR, i)) is not None}
    return sorted(records.values(), key=lambda r: r.seq, reverse=newest_first)


async def list_orders(request: Request) -> Response:
    tenant = authenticate(request)
    f, direction, limit, cursor = _parse(request)
    newest_first, now = direction == "desc", tenant.clock.now()
    page: list[OrderRecord] = []
    more = False
    for record in _candidates(tenant, f, newest_first):
        if cursor is not None and (record.seq >= cursor if newest_first else record.seq <= cursor):
            continue
        if not _matches(record, f):
            continue
        if len(page) == limit:
            more = True
            break
        page.append(record)
    token = _token(page[-1].seq) if more else None
    return json_response({"orders": [render.summary(r.body, now) for r in page], "pagination_token": token})


async def order_webhooks(request: Request) -> Response:
    tenant = authenticate(request)
    handle, q, p = request.path_params["order_handle"], request.query_params, Problems("query")
    attempt = query_int(p, request, "fulfillment_attempt")
    direction = q.get("sort_direction") or "desc"
    p.choice("sort_direction", direction, ("desc", "asc"))
    from_time, _ = p.time("from_time", q.get("from_time"))
    to_time, _ = p.time("to_time", q.get("to_time"))
    limit, offset = _limit(p, request), _untoken(p, q.get("pagination_token")) or 0
    p.check()
    records = store.attempts(tenant, handle)
    if not records:
        raise errors.order_not_found(handle)
    outbox = engine_of(request).outbox
    sent = [(s.payload, outbox.find(s.delivery_id)) for r in records
            if attempt is None or r.body.order.fulfillment_attempt == attempt for s in webhooks.log_entries(tenant, r.id)]
    rows = [(d.seq, payload, d) for payload, d in sent if d is not None]
    rows = [row for row in rows if (not q.get("value") or row[1]["data"]["value"] == q["value"])
            and (not from_time or row[1]["recorded_at"][:23] >= from_time[:23])
            and (not to_time or row[1]["recorded_at"][:23] <= to_time[:23])]
    rows.sort(key=lambda row: row[0], reverse=direction == "desc")
    page = rows[offset:offset + limit]
    token = _token(offset + limit) if len(rows) > offset + limit else None
    return json_response({"webhooks": [webhooks.render_log_entry(payload, d) for _, payload, d in page],
                          "pagination_token": token})
