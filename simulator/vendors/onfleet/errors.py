"""Onfleet's error envelope: `{"code", "message": {"error", "message", "cause", "request"}}`.
Codes 1000-1012 / 1100-1103 are documented; 1300, 1402, 1500, 2300, 25xx are INFERRED (docs/onfleet.md)."""

from __future__ import annotations

import uuid

import msgspec
from starlette.responses import Response

from simulator.http.errors import describe_decode_error
from simulator.http.responses import json_response

LIMIT = 20  # requests per second per organisation (documented throttling)

# status -> (code, error number, default message)
STATUS = {
    400: ("InvalidContent", 1000, "The values of the parameters you provided are invalid."),
    401: ("InvalidCredentials", 1102, "The API key provided is invalid."),
    403: ("Forbidden", 1300, "The authenticated user does not have permission to perform this action."),
    404: ("ResourceNotFound", 1402, "The requested resource does not exist."),
    405: ("MethodNotAllowed", 1500, "The HTTP method is not allowed on this resource."),
    413: ("InvalidContent", 1006, "The request body is too big."),
    429: ("TooManyRequests", 2300, "You have exceeded the rate limit of 20 requests per second."),
    500: ("InternalError", 2500, "An internal error occurred."),
    501: ("NotImplemented", 2501, "This operation is not implemented."),
    503: ("ServiceUnavailable", 2502, "The service is temporarily unavailable."),
}


def request_uuid(request_id: str | None) -> str:
    """The middleware's request id in Onfleet's dashed-UUID form."""
    if request_id and len(request_id) == 32:
        try:
            return str(uuid.UUID(hex=request_id))
        except ValueError:
            pass
    return request_id or str(uuid.uuid4())


def envelope(status: int, message: str | None = None, cause: object = None, error: int | None = None,
             request_id: str | None = None, remaining: int = LIMIT) -> Response:
    code, number, default = STATUS.get(status, ("InvalidContent", 1000, "") if status < 500
                                       else ("InternalError", 2500, ""))
    body = {"error": error or number, "message": message or default or f"HTTP {status}"}
    if cause is not None:
        body["cause"] = cause
    body["request"] = request_uuid(request_id)
    headers = {"X-RateLimit-Limit": str(LIMIT), "X-RateLimit-Remaining": str(remaining)}
    return json_response({"code": code, "message": body}, status, headers=headers)


class OnfleetError(Exception):
    """Raised from handlers; the route wrapper renders it with the request id and rate-limit headers."""

    def __init__(self, status: int, message: str | None = None, cause: object = None, error: int | None = None) -> None:
        super().__init__(message or f"HTTP {status}")
        self.status, self.message, self.cause, self.error = status, message, cause, error

    def response(self, request_id: str | None, remaining: int) -> Response:
        return envelope(self.status, self.message, self.cause, self.error, request_id, remaining)


def fail(status: int, message: str | None = None, cause: object = None, error: int | None = None) -> OnfleetError:
    return OnfleetError(status, message, cause, error)


def invalid(message: str, cause: object = None, error: int = 1000) -> OnfleetError:
    return OnfleetError(400, message, cause, error)


def not_found(what: str, value: str) -> OnfleetError:
    return OnfleetError(404, None, f"No {what} with id {value!r} was found.")


def forbidden(cause: str) -> OnfleetError:
    return OnfleetError(403, None, cause)


def from_decode_error(exc: msgspec.DecodeError) -> OnfleetError:
    """Not JSON -> 1000; a value of the wrong type or a missing object -> 1005 naming the path."""
    text, path = describe_decode_error(exc)
    if not isinstance(exc, msgspec.ValidationError):
        return invalid("The request body is not valid JSON.", text)
    if path is None:
        return invalid("The request body has an invalid data type.", text, 1005)
    return invalid(f"Invalid data type for {path[2:] or 'body'}.", f"{text} - at {path[2:]}", 1005)
