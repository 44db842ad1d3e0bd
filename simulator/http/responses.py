"""JSON answers: every handler's response body goes through one msgspec encoder."""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.responses import Response

_encoder = msgspec.json.Encoder()


def json_response(content: Any, status: int = 200, headers: dict[str, str] | None = None,
                  media_type: str = "application/json") -> Response:
    return Response(_encoder.encode(content), status_code=status, headers=headers, media_type=media_type)


def encode(content: Any) -> bytes:
    return _encoder.encode(content)
