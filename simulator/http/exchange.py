"""One request's passage through SimMiddleware, as one object: its `send` and `receive` wrappers
add the `x-request-id` header and capture both sides (the headers and the first CAPTURE_BYTES of
each body), and once the request is over the same object is its journal record
(simulator/http/journal.py). One object with bound methods costs less per request than closures
over cells plus a record built from their captures.

What a record keeps is bounded: the header lists (the request's own, and the response's with the
request id appended), at most CAPTURE_BYTES of each body (a slice of what was sent anyway, so nothing
big is copied or kept), and a few scalars. Work only a reader needs (decoding, the header dicts) is
done in `view()`, when /_sim/requests asks."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable
from typing import Any

import msgspec
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from simulator.http.errors import BodyTooLarge
from simulator.http.journal import CAPTURE_BYTES

# Tuples, not lists: the collector stops tracking a tuple of bytes, so ten thousand records add
# nothing to every full collection (lists would be twenty thousand more objects to walk).
RawHeaders = tuple[tuple[bytes, bytes], ...]


class Exchange(msgspec.Struct, gc=False):
    """One request: SimMiddleware builds it, hands on `send` and `receive`, and journals it.

    gc=False: the collector need not walk ten thousand records. That is safe while one is in no
    reference cycle: the server's callables (whose scope reaches back here) are dropped in finish()."""

    request_id: str
    method: str
    path: str
    query_string: bytes
    vendor: str | None
    started: float  # perf_counter
    request_headers: RawHeaders
    _rid: bytes
    _send: Send
    _receive: Receive
    seq: int = 0
    at: float = 0.0
    tenant: str | None = None
    status: int = 0
    duration_ms: float = 0.0
    request_body: bytes = b""
    request_size: int = 0
    response_headers: RawHeaders = ()
    response_body: bytes = b""
    response_size: int = 0
    delay: float = 0.0  # seconds to hold the answer back (a tenant fault's delay_ms)
    _limit: int | None = None

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            if self.delay:
                await asyncio.sleep(self.delay)
            message["headers"] = self._start(message["status"], message.get("headers", ()))
        elif message["type"] == "http.response.body":
            chunk = message.get("body", b"")
            if self.response_size < CAPTURE_BYTES:
                self.response_body += chunk[:CAPTURE_BYTES - self.response_size]
            self.response_size += len(chunk)
        await self._send(message)

    def respond(self, response: Response, scope: Scope, receive: Receive) -> Awaitable[None]:
        """Send `response` (to await): whole (`answer`) when it is Starlette's plain Response with no
        background task, else as it sends itself, through `send`."""
        if type(response).__call__ is Response.__call__ and response.background is None:
            return self.answer(response)
        return response(scope, receive, self.send)

    async def answer(self, response: Response) -> None:
        """Send a plain Response (its whole body in hand): what `send` does with its two messages,
        without a trip through `send` for each."""
        if self.delay:
            await asyncio.sleep(self.delay)
        body = response.body
        headers = self._start(response.status_code, response.raw_headers)
        # bytes(): a memoryview's slice would keep its whole buffer alive in the journal.
        self.response_body, self.response_size = bytes(body[:CAPTURE_BYTES]), len(body)
        await self._send({"type": "http.response.start", "status": self.status, "headers": headers})
        await self._send({"type": "http.response.body", "body": body})

    def _start(self, status: int, headers: Iterable[tuple[bytes, bytes]]) -> RawHeaders:
        """The response starts: its status, and its headers with the request id appended."""
        self.status = status
        # A new tuple: the given list may be a Response's raw_headers, which are not ours to change.
        self.response_headers = (*headers, (b"x-request-id", self._rid))
        return self.response_headers

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request":
            chunk = message.get("body", b"")
            if self.request_size < CAPTURE_BYTES:
                self.request_body += chunk[:CAPTURE_BYTES - self.request_size]
            self.request_size += len(chunk)
            if self._limit is not None and self.request_size > self._limit:
                raise BodyTooLarge()
        return message

    def limit(self, body_limit: int) -> Receive:
        """`receive` that also refuses a body over `body_limit` (a chunked one: the server enforces a
        declared Content-Length itself)."""
        self._limit = body_limit
        return self.receive

    def finish(self, tenant: str | None, now: float, finished: float) -> None:
        """The request is over: record what is still open and let go of the server's callables (a
        record outlives its connection)."""
        self.tenant, self.at, self.duration_ms = tenant, now, (finished - self.started) * 1000
        self._send = self._receive = _closed

    def view(self, include_bodies: bool = False) -> dict[str, Any]:
        """The record as /_sim/requests shows it: JournalEntry's fields (simulator/http/journal.py)."""
        out: dict[str, Any] = {
            "seq": self.seq, "at": self.at, "request_id": self.request_id, "method": self.method, "path": self.path,
            "query": self.query_string.decode("latin-1"), "vendor": self.vendor, "tenant": self.tenant,
            "status": self.status, "duration_ms": self.duration_ms}
        if include_bodies:
            out["request"] = _side(self.request_headers, self.request_body, self.request_size)
            out["response"] = _side(self.response_headers, self.response_body, self.response_size)
        return out


def sender(send: Send) -> Exchange | None:
    """The Exchange whose own `send` this is, or None (another layer's, or no journal at all)."""
    owner = getattr(send, "__self__", None)
    return owner if type(owner) is Exchange else None


def _side(raw: Iterable[tuple[bytes, bytes]], body: bytes, size: int) -> dict[str, Any]:
    headers: dict[str, str] = {}
    for key, value in raw:
        name, text = key.decode("latin-1").lower(), value.decode("latin-1")
        headers[name] = f"{headers[name]}, {text}" if name in headers else text
    return {"headers": headers, "body": body.decode("utf-8", "replace"), "size": size, "truncated": size > len(body)}


async def _closed(*_: object) -> Any:
    raise RuntimeError("this request is over")
