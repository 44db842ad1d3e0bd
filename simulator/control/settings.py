"""GET|PUT /_sim/settings: the run-time switches (rate_limit, webhook_timeout)."""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from simulator.control.base import Control, as_struct, fail, read_body
from simulator.http.responses import json_response
from simulator.http.routing import Route
from simulator.settings import Settings


def shown(settings: Settings) -> Settings:
    """The settings as /_sim/settings shows them: a control token only as "(set)", never its value."""
    if settings.control_token is None:
        return settings
    return msgspec.structs.replace(settings, control_token="(set)")


class SettingsChange(msgspec.Struct, forbid_unknown_fields=True):
    """PUT|PATCH /_sim/settings: the switches that can change at run time (everything else is fixed at start)."""
    rate_limit: bool | None = None
    webhook_timeout: float | None = None


CHANGEABLE = SettingsChange.__struct_fields__


def routes(ctl: Control) -> list[Route]:
    async def get_settings(request: Request) -> Response:
        return json_response(shown(ctl.settings))

    async def patch_settings(request: Request) -> Response:
        """Run-time switches (rate_limit, webhook_timeout); everything else is fixed at start-up."""
        body = await read_body(request, dict[str, Any])
        for key in body:  # named before decoding, so the answer says what can change instead
            if key not in CHANGEABLE:
                raise fail(400, f"{key!r} cannot be changed at run time; changeable: {', '.join(CHANGEABLE)}")
        change = as_struct(body, SettingsChange)
        if change.rate_limit is not None:
            ctl.settings.rate_limit = change.rate_limit  # vendors read it from the settings per request
        if change.webhook_timeout is not None:
            if change.webhook_timeout <= 0:
                raise fail(400, "webhook_timeout must be a positive number of seconds")
            ctl.settings.webhook_timeout = change.webhook_timeout
            ctl.engine.set_webhook_timeout(change.webhook_timeout)
        return json_response(shown(ctl.settings))

    return [
        Route("/settings", get_settings, methods=["GET"]),
        Route("/settings", patch_settings, methods=["PUT", "PATCH"]),
    ]
