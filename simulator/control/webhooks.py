"""GET /_sim/webhooks (paged) and POST /_sim/webhooks/wait: the delivery log, filtered and awaited."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from simulator.control.base import Control, fail, read_body
from simulator.control.paging import answer, page_params, take
from simulator.engine import Delivery, Tenant
from simulator.engine.core import delivery_position
from simulator.http.responses import json_response
from simulator.http.routing import Route

# Without `limit`, a page holds this many deliveries (total and next_cursor say what is left).
DEFAULT_LIMIT = 1000
VIEWS = ("full", "summary")


def delivery_summary(d: Delivery) -> dict[str, Any]:
    """A log row without bodies and headers (the full view has them, per attempt)."""
    last = d.attempts[-1] if d.attempts else None
    return {"id": d.id, "tenant": d.tenant, "vendor": d.vendor, "order_id": d.order_id, "event": d.event,
            "url": d.url, "state": d.state, "attempts": len(d.attempts), "status": last.status if last else None,
            "error": last.error if last else None, "next_attempt_at": d.next_attempt_at, "channel": d.channel,
            "created_at": d.created_at, "seq": d.seq}


class WaitRequest(msgspec.Struct, forbid_unknown_fields=True):
    """POST /_sim/webhooks/wait: how many matching deliveries, for how long, and the filters of GET /_sim/webhooks."""
    count: int = 1
    timeout_s: float = 10
    settled: bool = False  # wait for final outcomes (delivered/failed), not just attempts
    tenant: str | None = None
    vendor: str | None = None
    order: str | None = None
    state: str | None = None
    channel: str | None = None
    event: str | None = None


def routes(ctl: Control) -> list[Route]:
    def delivery_filter(params: Mapping[str, Any]) -> tuple[Tenant | None, Callable[[Delivery], bool], bool]:
        tenant = ctl.tenant(params.get("tenant"))
        vendor, order = params.get("vendor"), params.get("order")
        state, channel, event = params.get("state"), params.get("channel"), params.get("event")

        def keep(d: Delivery) -> bool:
            return not ((vendor and d.vendor != vendor) or (order and d.order_id != order)
                        or (state and d.state != state) or (channel and d.channel != channel)
                        or (event and d.event != event))
        return tenant, keep, bool(vendor or order or state or channel or event)

    def deliveries(tenant: Tenant | None, keep: Callable[[Delivery], bool], newest: bool = False) -> Iterator[Delivery]:
        """Every tenant's log is read when called: a wait sees tenants that appear meanwhile."""
        tenants = [tenant] if tenant else ctl.engine.tenants.all()
        return filter(keep, ctl.engine.deliveries(tenants, newest))

    async def list_webhooks(request: Request) -> Response:
        q = request.query_params
        view = q.get("view") or "full"
        if view not in VIEWS:
            raise fail(400, f"view must be one of {', '.join(VIEWS)}")
        params = page_params(q, default_limit=DEFAULT_LIMIT, default_sort="oldest", cursor_type=int)
        tenant, keep, filtered = delivery_filter(q)
        page, cursor = take(deliveries(tenant, keep, params.newest), delivery_position, params)
        total = sum(1 for _ in deliveries(tenant, keep)) if filtered else sum(len(t.deliveries) for t in ctl.tenants(q.get("tenant")))
        rows = [delivery_summary(d) for d in page] if view == "summary" else page
        return json_response(answer("deliveries", rows, total, params, cursor, last_event_id=ctl.engine.last_event_id()))

    async def wait_webhooks(request: Request) -> Response:
        body = await read_body(request, WaitRequest)
        count, timeout, settled = body.count, body.timeout_s, body.settled
        if count < 0 or timeout < 0:
            raise fail(400, "count must be a non-negative integer and timeout_s a non-negative number")
        tenant, keep, _ = delivery_filter(msgspec.structs.asdict(body))

        def matched() -> list:
            return [d for d in deliveries(tenant, keep)
                    if d.attempts and (not settled or d.state in ("delivered", "failed"))]
        ok = await ctl.engine.outbox.wait_for(lambda: len(matched()) >= count, timeout)
        found = matched()
        return json_response({"matched": len(found), "deliveries": found, "timed_out": not ok},
                             200 if ok else 408)

    return [
        Route("/webhooks", list_webhooks, methods=["GET"]),
        Route("/webhooks/wait", wait_webhooks, methods=["POST"]),
    ]
