"""The control plane's error envelope and the readers that answer with it (no other imports from
the control plane, so every module of it can use them)."""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.requests import Request

from simulator.http.decode import loads
from simulator.http.errors import ApiError, json_response


def fail(status: int, message: str) -> ApiError:
    """The control plane's envelope: {"error": message, "status": status}."""
    return ApiError(json_response({"error": message, "status": status}, status))


async def read_body(request: Request) -> dict:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        data = loads(raw)
    except msgspec.DecodeError as exc:
        raise fail(400, f"malformed JSON: {exc}")
    if not isinstance(data, dict):
        raise fail(400, "body must be a JSON object")
    return data


def int_param(value: Any, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        raise fail(400, f"expected an integer, got {value!r}")
