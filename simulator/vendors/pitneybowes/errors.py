"""PB's error envelope: one object `{"errorCode","message","additionalInfo"}` (the 401 sample on the
tags pages). `message` is the general statement, `additionalInfo` the specific detail, as in that
sample. Every other errorCode here is ours (INFERRED): see docs/pitneybowes.md for the vocabulary."""

from __future__ import annotations

import msgspec
from starlette.responses import Response

from simulator.http.errors import ApiError, describe_decode_error
from simulator.http.responses import json_response

CODES = {400: "bad_request", 401: "unauthorized_error", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: "payload_too_large",
         415: "unsupported_media_type", 429: "too_many_requests", 500: "internal_server_error",
         502: "bad_gateway", 503: "service_unavailable", 504: "gateway_timeout"}

MESSAGES = {
    400: "Invalid request.",
    401: "Unauthorized access. Valid authentication credentials are required.",
    404: "The requested resource was not found.",
    405: "The request method is not supported for this resource.",
    413: "The request body is too large.",
    500: "The request could not be completed due to an internal error.",
}

NO_CREDENTIALS = "Client request lacks valid authentication credentials."


def envelope(status: int, additional_info: str, code: str | None = None, message: str | None = None) -> Response:
    return json_response({"errorCode": code or CODES.get(status, "error"),
                          "message": message or MESSAGES.get(status, "The request could not be completed."),
                          "additionalInfo": additional_info}, status)


def fail(status: int, additional_info: str, code: str | None = None, message: str | None = None) -> ApiError:
    return ApiError(envelope(status, additional_info, code, message))


def bad_request(detail: str) -> ApiError:
    return fail(400, detail, "bad_request", "Invalid request. The request body or parameters could not be read.")


def validation(problems: list[str]) -> ApiError:
    """Field-level failures, each `path: problem`, all reported at once."""
    return fail(400, "; ".join(problems), "validation_error",
                "Invalid request. One or more fields failed validation.")


def unauthorized(detail: str = NO_CREDENTIALS) -> ApiError:
    return fail(401, detail, "unauthorized_error")


def not_found(detail: str) -> ApiError:
    return fail(404, detail, "not_found")


def field_problem(prefix: str, exc: Exception) -> str:
    """`toAddress.postalCode: Expected `str`, got `int`` from a msgspec error raised while decoding
    the value found at `prefix`."""
    text, path = describe_decode_error(exc)
    where = prefix + (path[1:] if path else "")
    return f"{where}: {text}"


def from_decode_error(exc: msgspec.DecodeError) -> ApiError:
    """Not JSON -> 400 bad_request; not an object -> 400 bad_request; a wrong field -> 400 validation_error."""
    if not isinstance(exc, msgspec.ValidationError):
        return bad_request(f"Malformed JSON request: {exc}")
    text, path = describe_decode_error(exc)
    if path in (None, "$"):
        return bad_request(f"Request body must be a JSON object ({text}).")
    return validation([field_problem("", exc).lstrip(".")])
