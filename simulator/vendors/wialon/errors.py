"""Wialon's error envelope: HTTP 200 with `{"error": N}` (plus `"reason"` where Wialon gives one),
using Wialon's own code table. Handlers raise WialonError; the transport turns it into the body."""

from __future__ import annotations

from starlette.responses import Response

from simulator.http.errors import describe_decode_error
from simulator.http.responses import json_response

# The codes this simulator answers with (Wialon's general table).
OK = 0
INVALID_SESSION = 1
INVALID_SERVICE = 2
INVALID_INPUT = 4
ERROR_PERFORMING = 5
UNKNOWN_ERROR = 6
ACCESS_DENIED = 7
LOGIN_FAILED = 8
BATCH_ABORTED = 10
LIMIT = 1003

# HTTP-level errors raised outside the ajax handler (routing, body size, injected faults,
# unexpected exceptions) still leave as a Wialon body; the status a fault asked for is kept.
_HTTP_TO_CODE = {401: INVALID_SESSION, 403: ACCESS_DENIED, 404: INVALID_SERVICE, 405: INVALID_SERVICE,
                 413: INVALID_INPUT, 429: LIMIT}


class WialonError(Exception):
    def __init__(self, code: int, reason: str | None = None) -> None:
        super().__init__(f"wialon error {code}: {reason or ''}")
        self.code, self.reason = code, reason

    def body(self) -> dict:
        return {"error": self.code} if self.reason is None else {"error": self.code, "reason": self.reason}


def respond(content: object) -> Response:
    """Every Wialon answer: HTTP 200, `Content-Type: application/json` exactly (python-wialon
    only decodes JSON when the header is exactly that)."""
    return json_response(content, 200, media_type="application/json")


def envelope(status: int, message: str) -> Response:
    code = _HTTP_TO_CODE.get(status, UNKNOWN_ERROR if status >= 500 else INVALID_INPUT)
    return json_response({"error": code, "reason": message}, status, media_type="application/json")


def invalid(reason: str) -> WialonError:
    return WialonError(INVALID_INPUT, reason)


def from_decode_error(exc: Exception) -> WialonError:
    """msgspec ValidationError -> error 4 naming the parameter (`$.p.w` -> `p.w`)."""
    text, path = describe_decode_error(exc)
    where = path[2:] if path and path.startswith("$.") else None
    return invalid(f"{where}: {text}" if where else text)
