"""GET|PUT /_sim/settings: the run-time switches (rate_limit, webhook_timeout)."""

from __future__ import annotations

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.control.base import Control, fail, read_body
from simulator.http.errors import json_response
from simulator.settings import Settings


def shown(settings: Settings) -> Settings:
    """The settings as /_sim/settings shows them: a control token only as "(set)", never its value."""
    if settings.control_token is None:
        return settings
    return msgspec.structs.replace(settings, control_token="(set)")


def routes(ctl: Control) -> list[Route]:
    async def get_settings(request: Request) -> Response:
        return json_response(shown(ctl.settings))

    async def patch_settings(request: Request) -> Response:
        """Run-time switches (rate_limit, webhook_timeout); everything else is fixed at start-up."""
        body = await read_body(request)
        allowed: dict[str, type | tuple[type, ...]] = {"rate_limit": bool, "webhook_timeout": (int, float)}
        for key, value in body.items():
            if key not in allowed:
                raise fail(400, f"{key!r} cannot be changed at run time; changeable: {', '.join(allowed)}")
            if not isinstance(value, allowed[key]):
                raise fail(400, f"{key!r} has the wrong type")
            setattr(ctl.settings, key, value)
        ctl.engine.outbox.timeout = ctl.settings.webhook_timeout
        return json_response(shown(ctl.settings))

    return [
        Route("/settings", get_settings, methods=["GET"]),
        Route("/settings", patch_settings, methods=["PUT", "PATCH"]),
    ]
