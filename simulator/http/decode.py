"""The one JSON reader for request data (bodies, form and query values, stored Raw parts).

msgspec raises RecursionError, not DecodeError, on JSON nested deeper than Python's recursion
limit: here it becomes a DecodeError, so every caller's usual `except msgspec.DecodeError`
answers the vendor's 4xx instead of letting a 500 escape."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec

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
