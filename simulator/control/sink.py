"""Built-in webhook receivers: POST /_sim/sink/{name} records, GET lists (paged), DELETE clears."""

from __future__ import annotations

import itertools
import time

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from simulator.control.paging import paged_list
from simulator.http.responses import json_response
from simulator.http.routing import Route

SINK_LIMIT = 10_000  # per sink, oldest dropped first


class Sinks:
    def __init__(self) -> None:
        self.received: dict[str, list[dict]] = {}
        self._seq = itertools.count(1)

    def load(self, received: dict[str, list[dict]]) -> None:
        """Hold what a snapshot brought; new requests are numbered after its newest."""
        self.received = received
        newest = max((r.get("seq", 0) for items in received.values() for r in items), default=0)
        self._seq = itertools.count(int(newest) + 1)

    async def receive(self, request: Request) -> Response:
        body = await request.body()
        items = self.received.setdefault(request.path_params["name"], [])
        items.append({"seq": next(self._seq), "at": time.time(), "method": request.method, "query": request.url.query,
                      "headers": dict(request.headers), "body": body.decode("utf-8", "replace")})
        del items[:-SINK_LIMIT]
        return json_response({"received": len(items)})

    async def listing(self, request: Request) -> Response:
        check = request.query_params.get("check")
        if check is not None:  # answer Onfleet's registration handshake like a real receiver
            return PlainTextResponse(check)
        name = request.path_params["name"]
        items = self.received.get(name, [])
        return json_response({"name": name, **paged_list("requests", request.query_params, items, key=lambda r: r["seq"])})

    def names(self) -> dict[str, int]:
        """Every sink that has received something, with how many requests it holds."""
        return {name: len(items) for name, items in self.received.items()}

    async def index(self, request: Request) -> Response:
        return json_response({"sinks": self.names()})

    async def clear(self, request: Request) -> Response:
        self.received.pop(request.path_params["name"], None)
        return json_response({"cleared": request.path_params["name"]})

    def routes(self) -> list[Route]:
        return [
            Route("/sinks", self.index, methods=["GET"]),
            Route("/sink/{name}", self.receive, methods=["POST", "PUT", "PATCH"]),
            Route("/sink/{name}", self.listing, methods=["GET"]),
            Route("/sink/{name}", self.clear, methods=["DELETE"]),
        ]
