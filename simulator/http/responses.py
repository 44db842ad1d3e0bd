"""JSON answers: every handler's response body goes through one msgspec encoder."""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.responses import Response

_encoder = msgspec.json.Encoder()
_HEAD_OWN = (b"content-length", b"content-type")  # a caller giving one of these gets Starlette's rules


class JsonResponse(Response):
    """Starlette's Response with its head built directly: the same headers in the same order
    (the caller's, then content-length and content-type), without init_headers' generic pass."""

    def __init__(self, content: Any, status: int = 200, headers: dict[str, str] | None = None,
                 media_type: str = "application/json") -> None:
        self.status_code, self.background, self.media_type = status, None, media_type
        self.body = body = _encoder.encode(content)
        given = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()] if headers else []
        if media_type.startswith("text/") or (given and any(k in _HEAD_OWN for k, _ in given)):
            self.init_headers(headers)  # a charset to add, or the caller's own: Starlette's rules decide
        else:
            self.raw_headers = [*given, (b"content-length", b"%d" % len(body)), (b"content-type", media_type.encode("latin-1"))]


def json_response(content: Any, status: int = 200, headers: dict[str, str] | None = None,
                  media_type: str = "application/json") -> Response:
    return JsonResponse(content, status, headers, media_type)


def encode(content: Any) -> bytes:
    return _encoder.encode(content)
