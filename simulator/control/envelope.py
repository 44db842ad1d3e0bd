"""The control plane's error envelope and the readers that answer with it (no other imports from
the control plane, so every module of it can use them)."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec
from starlette.requests import Request

from simulator.http.decode import decode_body
from simulator.http.errors import ApiError, describe_decode_error
from simulator.http.responses import json_response

S = TypeVar("S")


def fail(status: int, message: str) -> ApiError:
    """The control plane's envelope: {"error": message, "status": status}."""
    return ApiError(json_response({"error": message, "status": status}, status))


def invalid_body(exc: msgspec.DecodeError) -> ApiError:
    """A body that does not decode: a 400 that names the field (`speed: Expected `float`, got `str``)."""
    text, path = describe_decode_error(exc)
    if not isinstance(exc, msgspec.ValidationError):
        return fail(400, f"malformed JSON: {text}")
    if path is None or path == "$":
        return fail(400, f"invalid body: {text}")
    return fail(400, f"{path.removeprefix('$.')}: {text}")


def as_struct(data: object, type_: type[S]) -> S:
    """Plain data (a body read as a dict) into a msgspec type, failing like read_body."""
    try:
        return msgspec.convert(data, type_)
    except msgspec.ValidationError as exc:
        raise invalid_body(exc)


async def read_body(request: Request, type_: type[S]) -> S:

    """The body as a msgspec Struct, each handler's own (an empty body or `null` is `{}`); a bad one
    is a 400 in the control plane's envelope naming the field."""
    return await decode_body(request, type_, invalid_body)


def int_param(value: Any, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        raise fail(400, f"expected an integer, got {value!r}")
