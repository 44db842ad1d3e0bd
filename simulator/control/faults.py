"""POST|GET|DELETE /_sim/faults: injected errors and delays (matched in the middleware)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.control.base import Control, fail, read_body
from simulator.control.paging import id_number, paged_list
from simulator.http.faults import FaultRule
from simulator.http.responses import json_response
from simulator.http.routing import Route


def routes(ctl: Control) -> list[Route]:
    async def add_fault(request: Request) -> Response:
        rule = await read_body(request, FaultRule)
        if rule.status and not 400 <= rule.status <= 599:
            raise fail(400, "status must be 400-599 (or 0 with delay_ms for a slow answer)")
        ctl.vendor(rule.vendor)
        if rule.tenant is not None:  # a name or a credential, as elsewhere; may be a tenant yet to call
            rule.tenant = ctl.required_tenant(rule.tenant, create=True).name
        return json_response(ctl.faults.add(rule), 201)

    async def list_faults(request: Request) -> Response:
        return json_response(paged_list("faults", request.query_params, ctl.faults.rules, key=lambda r: id_number(r.id)))

    async def clear_faults(request: Request) -> Response:
        return json_response({"removed": ctl.faults.remove(request.query_params.get("id"))})

    return [
        Route("/faults", add_fault, methods=["POST"]),
        Route("/faults", list_faults, methods=["GET"]),
        Route("/faults", clear_faults, methods=["DELETE"]),
    ]
