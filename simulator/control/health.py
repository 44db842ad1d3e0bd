"""GET /_sim/health and POST /_sim/reset."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.control.base import Control, read_body
from simulator.http.errors import json_response


def routes(ctl: Control) -> list[Route]:
    async def health(request: Request) -> Response:
        limits = ctl.engine.tenants.limits
        return json_response({"status": "ok", "version": ctl.version, "vendors": list(ctl.engine.vendors),
                              "counts": ctl.engine.usage(),
                              "limits": {"tenants": limits.max_tenants, "orders_per_tenant": limits.max_orders,
                                         "deliveries_per_tenant": limits.max_deliveries}})

    async def reset(request: Request) -> Response:
        body = await read_body(request)
        tenant = ctl.tenant(body.get("tenant"))
        ctl.engine.reset(tenant.name if tenant else None)
        if tenant is None:
            ctl.journal.clear()
        return json_response({"reset": tenant.name if tenant else "all"})

    return [
        Route("/health", health, methods=["GET"]),
        Route("/reset", reset, methods=["POST"]),
    ]
