"""GET /_sim/requests (the request journal, paged) and GET /_sim/events (order events as SSE)."""

from __future__ import annotations

from collections.abc import Iterator

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.control.base import Control, int_param
from simulator.control.paging import answer, page_params, take
from simulator.control.sse import event_stream
from simulator.http.errors import json_response
from simulator.http.journal import JournalEntry

DEFAULT_LIMIT = 100


def journal_position(entry: JournalEntry) -> int:
    return entry.seq


def routes(ctl: Control) -> list[Route]:
    async def list_requests(request: Request) -> Response:
        q = request.query_params
        tenant = ctl.tenant(q.get("tenant"))
        params = page_params(q, default_limit=DEFAULT_LIMIT, default_sort="newest", cursor_type=int)
        vendor, method, path, status = q.get("vendor"), q.get("method"), q.get("path"), int_param(q.get("status"), 0)

        def select(newest: bool) -> Iterator[JournalEntry]:
            return ctl.journal.select(vendor=vendor, tenant=tenant.name if tenant else None, method=method, path=path,
                                      status=status, newest=newest)
        page, cursor = take(select(params.newest), journal_position, params)
        filtered = bool(vendor or tenant or method or path or status)
        total = sum(1 for _ in select(True)) if filtered else len(ctl.journal.entries)
        return json_response(answer("requests", page, total, params, cursor))

    async def events(request: Request) -> Response:
        q = request.query_params
        tenant = ctl.tenant(q.get("tenant"))
        return event_stream(ctl.engine, request, tenant.name if tenant else None, ctl.vendor(q.get("vendor")))

    return [
        Route("/requests", list_requests, methods=["GET"]),
        Route("/events", events, methods=["GET"]),
    ]
