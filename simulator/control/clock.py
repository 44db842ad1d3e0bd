"""GET|PUT /_sim/clock and POST /_sim/clock/advance: each tenant's simulated clock."""

from __future__ import annotations

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from simulator.control.base import Control, fail, read_body
from simulator.engine.clock import MODES
from simulator.http.responses import json_response
from simulator.http.routing import Route


class ClockChange(msgspec.Struct, forbid_unknown_fields=True):
    """PUT /_sim/clock: one tenant's clock, or (no tenant) every clock and the default for new ones."""
    mode: str | None = None
    speed: float | None = None
    tenant: str | None = None


class ClockAdvance(msgspec.Struct, forbid_unknown_fields=True):
    """POST /_sim/clock/advance: one tenant's clock, or every clock."""
    seconds: float
    tenant: str | None = None


def routes(ctl: Control) -> list[Route]:
    async def get_clock(request: Request) -> Response:
        tenant = ctl.tenant(request.query_params.get("tenant"))
        if tenant is not None:
            return json_response({"tenant": tenant.name, **ctl.engine.describe_clock(tenant)})
        return json_response({"default": ctl.engine.default_clock(),
                              "tenants": {t.name: ctl.engine.describe_clock(t) for t in ctl.engine.tenants.all()}})

    async def set_clock(request: Request) -> Response:
        body = await read_body(request, ClockChange)
        mode, speed = body.mode, body.speed
        if mode is not None and mode not in MODES:
            raise fail(400, f"mode must be one of {', '.join(MODES)}")
        if speed is not None and speed <= 0:
            raise fail(400, "speed must be a positive number")
        tenant = ctl.tenant(body.tenant, create=True)
        targets = [tenant] if tenant else ctl.engine.tenants.all()
        if tenant is None:  # also the default for tenants created later
            ctl.engine.set_default_clock(mode, speed)
        for tenant in targets:
            ctl.engine.configure_clock(tenant, mode, speed)
        return json_response({"tenants": {t.name: t.clock.describe() for t in targets}})

    async def advance_clock(request: Request) -> Response:
        body = await read_body(request, ClockAdvance)
        if body.seconds < 0:
            raise fail(400, "seconds must be a non-negative number")
        out = {}
        for tenant in ctl.tenants(body.tenant):
            ran = await ctl.engine.advance_clock(tenant, body.seconds)
            out[tenant.name] = {**tenant.clock.describe(), "jobs_run": ran}
        return json_response({"tenants": out})

    return [
        Route("/clock", get_clock, methods=["GET"]),
        Route("/clock", set_clock, methods=["PUT"]),
        Route("/clock/advance", advance_clock, methods=["POST"]),
    ]
