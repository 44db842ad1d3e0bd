"""Tiramizoo's error envelopes: `{"message","code"}`, plus `errors: [{field, code, message}]`
for 422 validation errors (the object form used from 2012-09-28 on)."""

from __future__ import annotations

import msgspec
from starlette.responses import Response

from simulator.http.errors import ApiError, describe_decode_error
from simulator.http.responses import json_response

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         406: "not_acceptable", 413: "request_entity_too_large", 415: "unsupported_media_type",
         422: "validation_error", 429: "too_many_requests", 500: "internal_server_error",
         502: "bad_gateway", 503: "service_unavailable", 504: "gateway_timeout"}


def envelope(status: int, message: str, code: str | None = None) -> Response:
    return json_response({"message": message, "code": code or CODES.get(status, "error")}, status)


def field_error(field: str, code: str, message: str | None = None) -> dict:
    if message is None:
        human = field.replace("_", " ", 1).capitalize()
        message = {"blank": f"{human} can't be blank", "invalid": f"{human} is invalid"}.get(code, f"{human} {code}")
    return {"field": field, "code": code, "message": message}


def validation(errors: list[dict]) -> ApiError:
    return ApiError(json_response({"message": "validation error", "code": "validation_error", "errors": errors}, 422))


def from_decode_error(exc: msgspec.DecodeError) -> ApiError:
    """msgspec errors: not JSON -> 400; a wrong type at `$.pickup.name` -> 422 on `pickup_name`."""
    text, path = describe_decode_error(exc)
    if not isinstance(exc, msgspec.ValidationError):
        return ApiError(envelope(400, f"malformed JSON: {text}", "bad_request"))
    if path is None or not path.startswith("$."):
        return validation([field_error("base", "invalid", f"Request body is invalid: {text}")])
    parts = [p for p in path[2:].replace("[", ".").replace("]", "").split(".") if p and not p.isdigit()]
    return validation([field_error("_".join(parts), "invalid")])
