"""GET /_sim/orders, GET /_sim/orders/{vendor}/{id}, POST /_sim/orders/{vendor}/{id}/advance."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.control.base import Control, fail, int_param, read_body
from simulator.engine import IllegalTransition
from simulator.engine.lifecycle import ALL_MILESTONES
from simulator.http.errors import json_response


def routes(ctl: Control) -> list[Route]:
    async def list_orders(request: Request) -> Response:
        q = request.query_params
        vendor = ctl.vendor(q.get("vendor"))
        milestone, state = q.get("milestone"), q.get("state")
        if milestone is not None and milestone not in ALL_MILESTONES:
            raise fail(400, f"milestone must be one of {', '.join(ALL_MILESTONES)}")
        limit = int_param(q.get("limit"), 1000)
        out = []
        for tenant in ctl.tenants(q.get("tenant")):
            for record in tenant.orders.all():
                if ((vendor and record.vendor != vendor) or (milestone and record.milestone != milestone)
                        or (state and record.state != state)):
                    continue
                out.append(ctl.order_view(record))
                if len(out) >= limit:
                    break
        return json_response({"orders": out, "count": len(out)})

    async def get_order(request: Request) -> Response:
        p = request.path_params
        _, record = ctl.find_order(p["vendor"], p["order_id"], request.query_params.get("tenant"))
        return json_response(ctl.order_view(record))

    async def advance_order(request: Request) -> Response:
        p = request.path_params
        body = await read_body(request)
        tenant, record = ctl.find_order(p["vendor"], p["order_id"],
                                        body.get("tenant") or request.query_params.get("tenant"))
        target = body.get("to")
        machine = ctl.engine.vendors[record.vendor].machine
        if not isinstance(target, str) or not machine.knows(target):
            raise fail(400, f"'to' must be a {record.vendor} state ({', '.join(machine.states)}) "
                            f"or a milestone ({', '.join(ALL_MILESTONES)})")
        try:
            path = ctl.engine.advance_order(tenant, record, target)
        except IllegalTransition:
            raise fail(409, f"{record.vendor} order {record.id} is {record.state!r}; "
                            f"{target!r} cannot be reached from there")
        await ctl.engine.outbox.drain(tenant.name)
        return json_response({**ctl.order_view(record), "path": path})

    return [
        Route("/orders", list_orders, methods=["GET"]),
        Route("/orders/{vendor}/{order_id:path}/advance", advance_order, methods=["POST"]),
        Route("/orders/{vendor}/{order_id:path}", get_order, methods=["GET"]),
    ]
