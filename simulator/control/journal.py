"""GET /_sim/requests (the request journal, paged) and GET /_sim/events (order events as SSE)."""

from __future__ import annotations

from collections.abc import Iterator

from starlette.requests import Request
from starlette.responses import Response

from simulator.control.base import Control, fail, int_param
from simulator.control.paging import answer, page_params, take
from simulator.control.sse import event_stream
from simulator.http.journal import Record
from simulator.http.responses import json_response
from simulator.http.routing import Route

DEFAULT_LIMIT = 100


def journal_position(entry: Record) -> int:
    return entry.seq


def routes(ctl: Control) -> list[Route]:
    async def list_requests(request: Request) -> Response:
        q = request.query_params
        tenant = ctl.tenant(q.get("tenant"))
        params = page_params(q, default_limit=DEFAULT_LIMIT, default_sort="newest", cursor_type=int)
        vendor, method, path, status = q.get("vendor"), q.get("method"), q.get("path"), int_param(q.get("status"), 0)

        def select(newest: bool) -> Iterator[Record]:
            return ctl.journal.select(vendor=vendor, tenant=tenant.name if tenant else None, method=method, path=path,
                                      status=status, newest=newest)
        include = {part.strip() for part in q.get("include", "").split(",") if part.strip()}
        if include - {"bodies"}:
            raise fail(400, "include must be 'bodies' (request and response headers and bodies)")
        page, cursor = take(select(params.newest), journal_position, params)
        filtered = bool(vendor or tenant or method or path or status)
        total = sum(1 for _ in select(True)) if filtered else len(ctl.journal.entries)
        views = [entry.view(include_bodies="bodies" in include) for entry in page]
        return json_response(answer("requests", views, total, params, cursor))

    async def events(request: Request) -> Response:
        """A tenant not seen yet is followed by its name: the stream opens now and carries the
        tenant's events once it makes its first call (a parallel job may subscribe before it starts)."""
        q = request.query_params
        ref = q.get("tenant") or None
        tenant = ctl.engine.tenants.find(ref) if ref else None
        return event_stream(ctl.engine, ctl.streams, request, tenant.name if tenant else ref, ctl.vendor(q.get("vendor")))

    return [
        Route("/requests", list_requests, methods=["GET"]),
        Route("/events", events, methods=["GET"]),
    ]
