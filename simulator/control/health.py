"""GET /_sim/health and POST /_sim/reset."""

from __future__ import annotations

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from simulator.control.base import Control, fail, read_body
from simulator.http.responses import json_response
from simulator.http.routing import Route


class ResetRequest(msgspec.Struct, forbid_unknown_fields=True):
    """POST /_sim/reset: one tenant, or (no tenant) everything."""
    tenant: str | None = None


def routes(ctl: Control) -> list[Route]:
    async def health(request: Request) -> Response:
        limits = ctl.engine.tenants.limits
        return json_response({"status": "ok", "version": ctl.version, "vendors": list(ctl.engine.vendors),
                              "counts": ctl.engine.usage(),
                              "limits": {"tenants": limits.max_tenants, "orders_per_tenant": limits.max_orders,
                                         "deliveries_per_tenant": limits.max_deliveries}})

    async def reset(request: Request) -> Response:
        tenant = ctl.tenant((await read_body(request, ResetRequest)).tenant)
        ctl.engine.reset(tenant.name if tenant else None)
        if tenant is None:
            ctl.journal.clear()
        # A tenant with scenario orders gets them again, as at start (their webhooks sent before we answer).
        problems = await ctl.seed([tenant.name] if tenant else None)
        for name in [tenant.name] if tenant else [t.name for t in ctl.engine.tenants.all()]:
            await ctl.engine.outbox.drain(name)
        if problems:
            raise fail(409, "reset, but its scenario orders could not all be created: " + "; ".join(problems))
        return json_response({"reset": tenant.name if tenant else "all"})

    return [
        Route("/health", health, methods=["GET"]),
        Route("/reset", reset, methods=["POST"]),
    ]
