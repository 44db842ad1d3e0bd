"""GET /_sim/requests (the request journal) and GET /_sim/events (order events as SSE)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.control.base import Control, int_param
from simulator.control.sse import event_stream
from simulator.http.errors import json_response


def routes(ctl: Control) -> list[Route]:
    async def list_requests(request: Request) -> Response:
        q = request.query_params
        tenant = ctl.tenant(q.get("tenant"))
        entries = ctl.journal.query(vendor=q.get("vendor"), tenant=tenant.name if tenant else None,
                                    method=q.get("method"), path=q.get("path"),
                                    status=int_param(q.get("status"), 0), limit=int_param(q.get("limit"), 100))
        return json_response({"requests": entries, "count": len(entries)})

    async def events(request: Request) -> Response:
        q = request.query_params
        tenant = ctl.tenant(q.get("tenant"))
        return event_stream(ctl.engine, request, tenant.name if tenant else None, ctl.vendor(q.get("vendor")))

    return [
        Route("/requests", list_requests, methods=["GET"]),
        Route("/events", events, methods=["GET"]),
    ]
