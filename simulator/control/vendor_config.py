"""GET|PUT /_sim/vendors/{vendor}/config: per-tenant vendor settings (e.g. HyperTrack's webhook URL)."""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from simulator.control.base import Control, fail, read_body
from simulator.engine import Tenant
from simulator.fixtures import FixtureError
from simulator.http.responses import json_response
from simulator.http.routing import Route


class VendorConfigChange(msgspec.Struct, forbid_unknown_fields=True):
    """PUT /_sim/vendors/{vendor}/config: settings merged into one tenant's config for that vendor."""
    tenant: str | None = None
    config: dict[str, Any] | None = None


def routes(ctl: Control) -> list[Route]:
    def shown(tenant: Tenant, vendor: str) -> Response:
        config = ctl.engine.vendors[vendor].effective_config(tenant)
        return json_response({"tenant": tenant.name, "vendor": vendor, "config": config if config is not None else {}})

    async def get_vendor_config(request: Request) -> Response:
        vendor = ctl.vendor(request.path_params["vendor"])
        return shown(ctl.required_tenant(request.query_params.get("tenant")), vendor)

    async def put_vendor_config(request: Request) -> Response:
        """Per-tenant vendor settings (e.g. the HyperTrack webhook URL a dashboard would hold); the
        merged result must be what a fixtures file's `vendors.<vendor>` may hold."""
        vendor = ctl.vendor(request.path_params["vendor"])
        body = await read_body(request, VendorConfigChange)
        tenant = ctl.required_tenant(body.tenant, create=True)
        if body.config is None:
            raise fail(400, "config must be an object")
        try:
            ctl.engine.update_vendor_config(tenant, vendor, body.config, path="config")
        except FixtureError as exc:  # checked as a fixtures file's vendors.<vendor>; nothing changed
            raise fail(400, "; ".join(exc.problems))
        return shown(tenant, vendor)

    return [
        Route("/vendors/{vendor}/config", get_vendor_config, methods=["GET"]),
        Route("/vendors/{vendor}/config", put_vendor_config, methods=["PUT"]),
    ]
