"""GET /_sim/events: order events as server-sent events."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import StreamingResponse

from simulator.engine import Engine, OrderEvent
from simulator.http.errors import encode

KEEPALIVE_S = 15.0
QUEUE_LIMIT = 10_000


def event_stream(engine: Engine, request: Request, tenant: str | None, vendor: str | None) -> StreamingResponse:
    queue: asyncio.Queue[OrderEvent] = asyncio.Queue(QUEUE_LIMIT)

    def listener(event: OrderEvent) -> None:
        if (tenant and event.tenant != tenant) or (vendor and event.vendor != vendor):
            return
        if queue.full():  # a stalled reader loses its oldest events, never blocks the engine
            queue.get_nowait()
        queue.put_nowait(event)

    unsubscribe = engine.bus.subscribe(listener)

    async def body() -> AsyncIterator[bytes]:
        try:
            yield b": ordersim event stream\n\n"
            while True:
                try:
                    event = await asyncio.wait_for(queue.get(), KEEPALIVE_S)
                except TimeoutError:
                    if await request.is_disconnected():
                        return
                    yield b": keepalive\n\n"
                    continue
                yield b"id: %d\nevent: order\ndata: %s\n\n" % (event.seq, encode(event))
        finally:
            unsubscribe()

    return StreamingResponse(body(), media_type="text/event-stream",
                             headers={"cache-control": "no-cache", "x-accel-buffering": "no"})
