"""GET /_sim/webhooks and POST /_sim/webhooks/wait: the delivery log, filtered and awaited."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.control.base import Control, fail, read_body
from simulator.engine import Delivery, Tenant
from simulator.http.errors import json_response


def routes(ctl: Control) -> list[Route]:
    def delivery_filter(params: Mapping[str, str]) -> tuple[list[Tenant] | None, Callable[[Delivery], bool]]:
        tenant = ctl.tenant(params.get("tenant"))
        vendor, order = params.get("vendor"), params.get("order")
        state, channel, event = params.get("state"), params.get("channel"), params.get("event")

        def keep(d: Delivery) -> bool:
            return not ((vendor and d.vendor != vendor) or (order and d.order_id != order)
                        or (state and d.state != state) or (channel and d.channel != channel)
                        or (event and d.event != event))
        tenants = [tenant] if tenant else None
        return tenants, keep

    def deliveries(tenants: list[Tenant] | None, keep: Callable[[Delivery], bool]) -> list[Delivery]:
        found = [d for t in (tenants or ctl.engine.tenants.all()) for d in t.deliveries if keep(d)]
        found.sort(key=lambda d: d.seq)
        return found

    async def list_webhooks(request: Request) -> Response:
        tenants, keep = delivery_filter(request.query_params)
        found = deliveries(tenants, keep)
        return json_response({"deliveries": found, "count": len(found)})

    async def wait_webhooks(request: Request) -> Response:
        body = await read_body(request)
        count, timeout = body.get("count", 1), body.get("timeout_s", 10)
        if not isinstance(count, int) or count < 0 or not isinstance(timeout, (int, float)) or timeout < 0:
            raise fail(400, "count must be a non-negative integer and timeout_s a non-negative number")
        settled = body.get("settled", False)  # wait for final outcomes (delivered/failed), not just attempts
        tenants, keep = delivery_filter({k: v for k, v in body.items() if isinstance(v, str)})

        def matched() -> list[Delivery]:
            return [d for d in deliveries(tenants, keep)
                    if d.attempts and (not settled or d.state in ("delivered", "failed"))]
        ok = await ctl.engine.outbox.wait_for(lambda: len(matched()) >= count, float(timeout))
        found = matched()
        return json_response({"matched": len(found), "deliveries": found, "timed_out": not ok},
                             200 if ok else 408)

    return [
        Route("/webhooks", list_webhooks, methods=["GET"]),
        Route("/webhooks/wait", wait_webhooks, methods=["POST"]),
    ]
