"""The one JSON reader for request data (bodies, form and query values, stored Raw parts).

msgspec raises RecursionError, not DecodeError, on JSON nested deeper than Python's recursion
limit: here it becomes a DecodeError, so every caller's usual `except msgspec.DecodeError`
answers the vendor's 4xx instead of letting a 500 escape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import msgspec
from starlette.requests import ClientDisconnect, Request

T = TypeVar("T")

TOO_DEEP = "JSON is nested too deeply"
_decoders: dict[Any, msgspec.json.Decoder] = {}  # one per type: building one per call costs ~2 us


def loads(raw: bytes | msgspec.Raw | str, type_: Any = Any) -> Any:
    """Strict JSON into `type_` (default: plain data). Raises msgspec.DecodeError (malformed, too
    deep, invalid UTF-8) or msgspec.ValidationError (a DecodeError subclass: wrong type, a number
    out of range such as a 5,000-digit integer or 1e400)."""
    decoder = _decoders.get(type_) or _decoders.setdefault(type_, msgspec.json.Decoder(type_))
    try:
        return decoder.decode(raw)
    except RecursionError:
        raise msgspec.DecodeError(TOO_DEEP) from None


def decode_json(raw: bytes, type_: type[T]) -> T:
    """A request body into a msgspec type. An empty body or `null` reads as `{}` (clients send both
    on calls whose body is optional). Raises what `loads` raises, which the vendor puts in its own
    envelope."""
    raw = raw.strip()
    if not raw or raw == b"null":
        raw = b"{}"
    return loads(raw, type_)


async def read_body(request: Request) -> bytes:
    """`await request.body()` without Starlette's async generator and its context manager, which
    cost more than the rest of a small body's read (it mostly arrives as one ASGI message). The
    bytes are kept where Starlette keeps them, so a later `request.body()` returns them too (that
    private contract is pinned by starlette<2 and tested in tests/core/test_routing.py)."""
    body: bytes | None = getattr(request, "_body", None)
    if body is None:
        chunks: list[bytes] = []
        while True:
            message = await request.receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnect()
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        request._body, request._stream_consumed = body, True
    return body


async def decode_body(request: Request, type_: type[T], invalid: Callable[[msgspec.DecodeError], Exception]) -> T:
    """The request body as `type_` (see decode_json); a body that does not decode raises `invalid(exc)`,
    the vendor's envelope for it (a ValidationError names the JSON path: tell them apart by type)."""
    try:
        return decode_json(await read_body(request), type_)
    except msgspec.DecodeError as exc:  # ValidationError is a subclass
        raise invalid(exc)
