"""Slow and oversized clients (docs/bounds.md): uvicorn's httptools protocol, plus
- a header deadline: a connection that has not sent a whole request head within `header_timeout`
  seconds of connecting (or of starting its next request) gets 408 and is closed (slowloris);
- a body deadline: a request whose declared body has not fully arrived `body_timeout` seconds after
  its head gets the vendor's 408 and is closed (a client that declares 100 bytes and sends 2);
- limits on the request head: more than `max_header_bytes` bytes or `max_headers` fields get 431.
Before the head is complete the vendor is unknown, so those answers use the control plane's
envelope; the body deadline answers in the vendor's own, via the app's error renderer.
Imported by `ordersim serve` only (uvicorn is not needed for the app itself)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from simulator.http.responses import json_response

log = logging.getLogger("ordersim")
LINGER_S = 1.0
STATUS_TEXT = {408: b"Request Timeout", 431: b"Request Header Fields Too Large"}


@dataclass(frozen=True)
class ClientLimits:
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    max_header_bytes: int = 65_536
    max_headers: int = 100


# (path, status, message) -> the response in the envelope of the vendor that path belongs to
RenderForPath = Callable[[str, int, str], Response]


def _wire(response: Response) -> bytes:
    """A whole HTTP/1.1 response, written straight to the socket, then the connection closes."""
    status = response.status_code
    head = [b"HTTP/1.1 %d %s\r\n" % (status, STATUS_TEXT.get(status, b"Error"))]
    head += [name + b": " + value + b"\r\n" for name, value in response.raw_headers if name != b"connection"]
    return b"".join([*head, b"connection: close\r\n\r\n", bytes(response.body)])


class Deadlines:
    """One timer per server, not two per request: each connection keeps the loop time its current
    deadline falls due (a float to overwrite, per request), and a sweep a few times per shortest
    timeout calls whatever fell due. A deadline fires at most one sweep interval late."""

    def __init__(self, loop: asyncio.AbstractEventLoop, interval: float) -> None:
        self.loop, self.interval = loop, interval
        self.watched: set[Any] = set()  # GuardedProtocol instances with an open connection
        self._timer: asyncio.TimerHandle | None = None

    def watch(self, conn: Any) -> None:
        self.watched.add(conn)
        if self._timer is None:
            self._timer = self.loop.call_later(self.interval, self._sweep)

    def unwatch(self, conn: Any) -> None:
        self.watched.discard(conn)

    def _sweep(self) -> None:
        now = self.loop.time()
        for conn in [c for c in self.watched if c.due_at is not None and c.due_at <= now]:
            conn.due_at, then = None, conn.on_due
            then()
        self._timer = self.loop.call_later(self.interval, self._sweep) if self.watched else None


def guarded_protocol(limits: ClientLimits, render: RenderForPath) -> type[HttpToolsProtocol]:
    sweeps: dict[asyncio.AbstractEventLoop, Deadlines] = {}  # one per event loop (one per server)
    interval = min(1.0, max(0.02, min(limits.header_timeout, limits.body_timeout) / 5))

    class GuardedProtocol(HttpToolsProtocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._head_bytes = 0
            self._in_head = True
            self._refused = False  # answered and closing: the parser's further callbacks are ignored
            self.due_at: float | None = None
            self.on_due: Callable[[], None] = self._head_too_slow
            self._deadlines = sweeps.get(self.loop) or sweeps.setdefault(self.loop, Deadlines(self.loop, interval))
            self._deadlines.watch(self)
            self._arm(limits.header_timeout, self._head_too_slow)

        def _arm(self, seconds: float, then: Callable[[], None]) -> None:
            self.due_at, self.on_due = self.loop.time() + seconds, then

        def _refuse(self, status: int, message: str, path: str | None = None) -> None:
            self.due_at = None
            self._refused = True
            if self.transport.is_closing():
                return
            response = (render(path, status, message) if path is not None
                        else json_response({"error": message, "status": status}, status))
            log.debug("closing a slow or oversized request: %s %s", status, message)
            self.transport.write(_wire(response))
            # Half-close and read on (discarding) for a moment: closing with unread input makes the
            # kernel send a reset, which can destroy the answer before the client reads it.
            if self.transport.can_write_eof():
                self.transport.write_eof()
                self.loop.call_later(LINGER_S, self.transport.close)
            else:
                self.transport.close()

        def _head_too_slow(self) -> None:
            self._refuse(408, f"request head not received within {limits.header_timeout:g} s")

        def _body_too_slow(self) -> None:
            started = self.cycle is not None and self.cycle.response_started
            if started or self.transport.is_closing():
                self.transport.close()
                return
            self._refuse(408, f"request body not received within {limits.body_timeout:g} s",
                         self.scope.get("path", "/"))

        def data_received(self, data: bytes) -> None:
            if self._refused:
                return
            if self._in_head:
                self._head_bytes += len(data)
            super().data_received(data)
            if not self._refused and self._in_head and self._head_bytes > limits.max_header_bytes:
                self._refuse(431, f"request head larger than {limits.max_header_bytes} bytes")  # still coming

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._head_bytes = 0
            self._in_head = True
            self._arm(limits.header_timeout, self._head_too_slow)

        def on_headers_complete(self) -> None:
            self._in_head = False
            if self._refused:
                return  # answered already; the app never sees it
            # Counted once the head is whole (its bytes were bounded while it arrived, in data_received).
            if len(self.headers) > limits.max_headers:
                self._refuse(431, f"more than {limits.max_headers} header fields")
                return
            if len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers) > limits.max_header_bytes:
                self._refuse(431, f"request head larger than {limits.max_header_bytes} bytes")
                return
            self._arm(limits.body_timeout, self._body_too_slow)
            super().on_headers_complete()

        def on_body(self, body: bytes) -> None:
            if not self._refused:
                super().on_body(body)

        def on_message_complete(self) -> None:
            self.due_at = None  # until the next request begins, keep-alive's idle timeout applies
            self._in_head, self._head_bytes = True, 0  # what arrives next is the next request's head
            if not self._refused:
                super().on_message_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self.due_at = None
            self._deadlines.unwatch(self)
            super().connection_lost(exc)

    return GuardedProtocol


def uvicorn_options(limits: ClientLimits, render: RenderForPath) -> dict[str, Any]:
    """What `ordersim serve` passes to uvicorn.Config for these limits."""
    return {"http": guarded_protocol(limits, render)}
