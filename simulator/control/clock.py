"""GET|PUT /_sim/clock and POST /_sim/clock/advance: each tenant's simulated clock."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.control.base import Control, fail, read_body
from simulator.engine.clock import MODES
from simulator.http.errors import json_response


def routes(ctl: Control) -> list[Route]:
    async def get_clock(request: Request) -> Response:
        tenant = ctl.tenant(request.query_params.get("tenant"))
        if tenant is not None:
            return json_response({"tenant": tenant.name, **ctl.engine.describe_clock(tenant)})
        return json_response({"default": {"mode": ctl.settings.clock, "speed": ctl.settings.speed},
                              "tenants": {t.name: ctl.engine.describe_clock(t) for t in ctl.engine.tenants.all()}})

    async def set_clock(request: Request) -> Response:
        body = await read_body(request)
        mode, speed = body.get("mode"), body.get("speed")
        if mode is not None and mode not in MODES:
            raise fail(400, f"mode must be one of {', '.join(MODES)}")
        if speed is not None and (not isinstance(speed, (int, float)) or isinstance(speed, bool) or speed <= 0):
            raise fail(400, "speed must be a positive number")
        tenant = ctl.tenant(body.get("tenant"), create=True)
        targets = [tenant] if tenant else ctl.engine.tenants.all()
        if tenant is None:  # also the default for tenants created later
            ctl.engine.tenants.clock_mode = mode or ctl.engine.tenants.clock_mode
            ctl.engine.tenants.speed = speed or ctl.engine.tenants.speed
        for tenant in targets:
            ctl.engine.configure_clock(tenant, mode, speed)
        return json_response({"tenants": {t.name: t.clock.describe() for t in targets}})

    async def advance_clock(request: Request) -> Response:
        body = await read_body(request)
        seconds = body.get("seconds")
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or seconds < 0:
            raise fail(400, "seconds must be a non-negative number")
        out = {}
        for tenant in ctl.tenants(body.get("tenant")):
            ran = await ctl.engine.advance_clock(tenant, float(seconds))
            out[tenant.name] = {**tenant.clock.describe(), "jobs_run": ran}
        return json_response({"tenants": out})

    return [
        Route("/clock", get_clock, methods=["GET"]),
        Route("/clock", set_clock, methods=["PUT"]),
        Route("/clock/advance", advance_clock, methods=["POST"]),
    ]
