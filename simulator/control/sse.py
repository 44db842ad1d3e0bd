"""GET /_sim/events: the engine's events as server-sent events, with replay.

Each event carries `id: <seq>`. A reader that reconnects with `Last-Event-ID: <seq>` (EventSource
does it by itself; `?last_event_id=` does the same) first gets every event it missed from the
engine's bounded ring, then the live ones; `?replay=N` starts a fresh reader with the last N. When
the ring no longer holds everything after that id (or the id is from before a restart), an
`event: gap` comes first: reload the state from the list endpoints, then keep reading.

Event names: `order` (default), `delivery` (a webhook queued or attempted), `clock` (a tenant's
clock configured or advanced), `reset` (a tenant, or with tenant null every tenant, was reset).
Choose with `?types=order,delivery,clock,reset`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import msgspec
from starlette.requests import Request
from starlette.responses import StreamingResponse

from simulator.control.envelope import fail, int_param
from simulator.engine import Engine
from simulator.engine.events import REPLAY_LIMIT, DeliveryEvent, OrderEvent, StreamEvent, TenantEvent
from simulator.http.responses import encode

KEEPALIVE_S = 15.0
QUEUE_LIMIT = 10_000  # live events waiting for a slow reader; beyond it the reader catches up from the ring
BATCH = 500  # events written per chunk when they come in a burst
NAMES: dict[type, bytes] = {OrderEvent: b"order", DeliveryEvent: b"delivery"}
TYPES = ("order", "delivery", "clock", "reset")


class Streams:
    """The open event streams, so a server that is shutting down can end them (else it would wait
    for every dashboard to go away before it exits)."""

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[StreamEvent | None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    def open(self, queue: asyncio.Queue[StreamEvent | None]) -> None:
        self._loop = asyncio.get_running_loop()
        self._queues.add(queue)

    def close(self, queue: asyncio.Queue[StreamEvent | None]) -> None:
        self._queues.discard(queue)

    def end_all(self) -> None:
        """Safe from a signal handler: each stream gets its end marker on the event loop."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._end_all)

    def _end_all(self) -> None:
        for queue in self._queues:
            while queue.full():
                queue.get_nowait()
            queue.put_nowait(None)


class StreamRequest(msgspec.Struct):
    tenant: str | None
    vendor: str | None
    types: frozenset[str]
    after: int | None  # Last-Event-ID
    replay: int

    def wants(self, event: StreamEvent) -> bool:
        if event_name(event).decode() not in self.types:
            return False
        if isinstance(event, TenantEvent):  # a reset of every tenant concerns every reader
            return not self.tenant or event.tenant in (None, self.tenant)
        return not ((self.tenant and event.tenant != self.tenant) or (self.vendor and event.vendor != self.vendor))


def event_name(event: StreamEvent) -> bytes:
    if isinstance(event, TenantEvent):
        return b"reset" if event.kind == "reset" else b"clock"
    return NAMES[type(event)]


def stream_request(request: Request, tenant: str | None, vendor: str | None) -> StreamRequest:
    q = request.query_params
    types = frozenset(t for t in (q.get("types") or "order").split(",") if t)
    unknown = types - set(TYPES)
    if unknown or not types:
        raise fail(400, f"types must be a comma list of {', '.join(TYPES)}")
    last = request.headers.get("last-event-id") or q.get("last_event_id")
    after = int_param(last, -1) if last else None
    if after is not None and after < 0:
        raise fail(400, "Last-Event-ID must be a non-negative integer")
    replay = int_param(q.get("replay"), 0)
    if not 0 <= replay <= REPLAY_LIMIT:
        raise fail(400, f"replay must be between 0 and {REPLAY_LIMIT}")
    return StreamRequest(tenant=tenant, vendor=vendor, types=types, after=after, replay=replay)


def frame(event: StreamEvent) -> bytes:
    return b"id: %d\nevent: %s\ndata: %s\n\n" % (event.seq, event_name(event), encode(event))


def gap_frame(after: int, engine: Engine) -> bytes:
    data = encode({"after": after, "last_event_id": engine.last_event_id()})
    return b"event: gap\ndata: %s\n\n" % data


def event_stream(engine: Engine, streams: Streams, request: Request, tenant: str | None,
                 vendor: str | None) -> StreamingResponse:
    wanted = stream_request(request, tenant, vendor)
    queue: asyncio.Queue[StreamEvent | None] = asyncio.Queue(QUEUE_LIMIT)
    overflowed = False

    def watcher(event: StreamEvent) -> None:
        nonlocal overflowed
        if overflowed or not wanted.wants(event):
            return
        if queue.full():  # a stalled reader never blocks the engine: it catches up from the ring
            overflowed = True
            return
        queue.put_nowait(event)

    unsubscribe = engine.watch(watcher)  # before reading the ring, so nothing falls in between

    def catch_up(after: int) -> tuple[bytes, int]:
        """What follows `after` from the ring (a gap first if some is gone), and the last seq covered."""
        events, complete = engine.events_after(after)
        head = b"" if complete else gap_frame(after, engine)
        sent = events[-1].seq if events else min(after, engine.last_event_id())
        return head + b"".join(frame(e) for e in events if wanted.wants(e)), sent

    async def body() -> AsyncIterator[bytes]:
        nonlocal overflowed
        streams.open(queue)
        try:
            yield b": ordersim event stream\n\n"
            if wanted.after is not None:
                chunk, sent = catch_up(wanted.after)
            else:
                recent = [e for e in engine.recent_events(REPLAY_LIMIT) if wanted.wants(e)][-wanted.replay:] \
                    if wanted.replay else []
                chunk, sent = b"".join(frame(e) for e in recent), engine.last_event_id()
            if chunk:
                yield chunk
            while True:
                if overflowed:
                    dropped = [queue.get_nowait() for _ in range(queue.qsize())]
                    if None in dropped:  # shutting down
                        return
                    overflowed = False
                    chunk, sent = catch_up(sent)
                    if chunk:
                        yield chunk
                    continue
                try:
                    event = await asyncio.wait_for(queue.get(), KEEPALIVE_S)
                except TimeoutError:
                    if await request.is_disconnected():
                        return
                    yield b": keepalive\n\n"
                    continue
                batch = [event]
                while len(batch) < BATCH and not queue.empty():
                    batch.append(queue.get_nowait())
                ending = None in batch  # the server is shutting down: send what came before, then end
                fresh = [e for e in batch if e is not None and e.seq > sent]
                if fresh:
                    sent = fresh[-1].seq
                    yield b"".join(frame(e) for e in fresh)
                if ending:
                    return
        finally:
            streams.close(queue)
            unsubscribe()

    return StreamingResponse(body(), media_type="text/event-stream",
                             headers={"cache-control": "no-cache", "x-accel-buffering": "no"})
