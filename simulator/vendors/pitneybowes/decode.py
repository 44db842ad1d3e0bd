"""The request body -> a typed request, in Pitney Bowes' 400s (its own rules: a missing body or a
`null` one is refused, and every member is read once so bad JSON anywhere is refused too)."""

from __future__ import annotations

from typing import TypeVar

import msgspec
from starlette.requests import Request

from simulator.http.decode import loads, read_body
from simulator.vendors.pitneybowes import errors

T = TypeVar("T")


async def body_as(request: Request, type_: type[T], required: bool = True) -> T:
    """Decode the JSON body into `type_`; malformed or non-object bodies are PB 400s."""
    raw = await read_body(request)
    if not raw.strip():
        if required:
            raise errors.bad_request("Required request body is missing.")
        raw = b"{}"
    try:  # not decode_json: PB answers 400 to a `null` body instead of reading it as {}
        value = loads(raw, type_)
    except msgspec.DecodeError as exc:
        raise errors.from_decode_error(exc)
    try:  # PB keeps the client's bytes, unknown members included, which the typed decode skips
        loads(raw)  # unchecked: so read them all once (invalid UTF-8, 1e400, a 5,000-digit integer)
    except msgspec.DecodeError as exc:
        raise errors.bad_request(f"Malformed JSON request: {errors.describe_decode_error(exc)[0]}.")
    return value
