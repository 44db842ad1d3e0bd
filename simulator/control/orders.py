"""GET /_sim/orders (paged), GET /_sim/orders/{vendor}/{id} (with its timeline), POST .../advance."""

from __future__ import annotations

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from simulator.control.base import Control, fail, read_body
from simulator.control.paging import answer, page_params, take
from simulator.engine import IllegalTransition, OrderRecord
from simulator.engine.core import order_position
from simulator.engine.lifecycle import ALL_MILESTONES
from simulator.http.responses import json_response
from simulator.http.routing import Route

# Without `limit`, a page holds this many orders (the answer's total and next_cursor say what is left).
DEFAULT_LIMIT = 1000
VIEWS = ("full", "summary")


class AdvanceOrder(msgspec.Struct, forbid_unknown_fields=True):
    """POST /_sim/orders/{vendor}/{id}/advance: a vendor state or a milestone to walk to."""
    to: str | None = None
    tenant: str | None = None


def routes(ctl: Control) -> list[Route]:
    async def list_orders(request: Request) -> Response:
        q = request.query_params
        vendor = ctl.vendor(q.get("vendor"))
        milestone, state, view = q.get("milestone"), q.get("state"), q.get("view") or "full"
        if milestone is not None and milestone not in ALL_MILESTONES:
            raise fail(400, f"milestone must be one of {', '.join(ALL_MILESTONES)}")
        if view not in VIEWS:
            raise fail(400, f"view must be one of {', '.join(VIEWS)}")
        params = page_params(q, default_limit=DEFAULT_LIMIT, default_sort="oldest", cursor_type=tuple[float, str, int])
        tenants, vendors = ctl.tenants(q.get("tenant")), [vendor] if vendor else list(ctl.engine.vendors)

        def keep(record: OrderRecord) -> bool:
            return not ((milestone and record.milestone != milestone) or (state and record.state != state))
        filtered = bool(milestone or state)
        found = ctl.engine.orders(tenants, vendors, params.newest)
        page, cursor = take(filter(keep, found) if filtered else found, order_position, params)
        if filtered:
            total = sum(1 for r in ctl.engine.orders(tenants, vendors) if keep(r))
        else:
            total = ctl.engine.count_orders(tenants, vendors)
        by_name = {t.name: t for t in tenants}
        rows = [ctl.order_summary(r) if view == "summary" else ctl.order_view(by_name[r.tenant], r) for r in page]
        return json_response(answer("orders", rows, total, params, cursor,
                                    last_event_id=ctl.engine.last_event_id()))

    async def get_order(request: Request) -> Response:
        p = request.path_params
        tenant, record = ctl.find_order(p["vendor"], p["order_id"], request.query_params.get("tenant"))
        return json_response({**ctl.order_view(tenant, record), "timeline": ctl.engine.timeline(record),
                              "reachable": ctl.engine.reachable(record)})

    async def advance_order(request: Request) -> Response:
        p = request.path_params
        body = await read_body(request, AdvanceOrder)
        tenant, record = ctl.find_order(p["vendor"], p["order_id"], body.tenant or request.query_params.get("tenant"))
        target = body.to
        machine = ctl.engine.vendors[record.vendor].machine
        if target is None or not machine.knows(target):
            raise fail(400, f"'to' must be a {record.vendor} state ({', '.join(machine.states)}) "
                            f"or a milestone ({', '.join(ALL_MILESTONES)})")
        try:
            path = ctl.engine.advance_order(tenant, record, target)
        except IllegalTransition:
            raise fail(409, f"{record.vendor} order {record.id} is {record.state!r}; "
                            f"{target!r} cannot be reached from there")
        await ctl.engine.outbox.drain(tenant.name)
        return json_response({**ctl.order_view(tenant, record), "path": path})

    return [
        Route("/orders", list_orders, methods=["GET"]),
        Route("/orders/{vendor}/{order_id:path}/advance", advance_order, methods=["POST"]),
        Route("/orders/{vendor}/{order_id:path}", get_order, methods=["GET"]),
    ]
