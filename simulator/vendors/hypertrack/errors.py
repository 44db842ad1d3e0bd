"""HyperTrack's three error envelopes, each where the spec uses it:

- HTTPError        {"detail": {}, "message": str}                      401, and 404 on per-order calls
- ValidationError  {"detail": {"<location>": {"<field>": [str]}}, "message": str}   every 422
- Error            {"code", "title", "detail"}                          400/404/409 on POST /orders/track
"""

from __future__ import annotations

import re

import msgspec
from starlette.responses import Response

from simulator.http.errors import ApiError, describe_decode_error
from simulator.http.responses import json_response

# Messages for errors raised outside the handlers (routing, body limit, faults, crashes).
REASONS = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
           405: "Method Not Allowed", 409: "Conflict", 413: "Request Entity Too Large",
           415: "Unsupported Media Type", 422: "Unprocessable Entity", 429: "Too Many Requests",
           500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
           504: "Gateway Timeout"}

MISSING = "Missing data for required field."
NOT_STRING = "Not a valid string."
NOT_INTEGER = "Not a valid integer."
NOT_DATETIME = "Not a valid datetime."


def http_error(status: int, message: str, detail: dict | None = None) -> Response:
    return json_response({"detail": detail or {}, "message": message}, status)


def unauthorized() -> ApiError:
    return ApiError(http_error(401, "Unauthorized"))


def order_not_found(handle: str) -> ApiError:
    return ApiError(http_error(404, f"Order not found for handle {handle}"))


def validation(location: str, errors: dict[str, list[str]], message: str = "Validation error") -> ApiError:
    return ApiError(json_response({"detail": {location: errors}, "message": message}, 422))


def field(location: str, name: str, *messages: str) -> ApiError:
    return validation(location, {name: list(messages)})


def problem(status: int, code: str, title: str, detail: object) -> ApiError:
    return ApiError(json_response({"code": code, "title": title, "detail": detail}, status))


def duplicate_handle() -> ApiError:
    return problem(409, "duplicate_resource", "Duplicate order handle found",
                   "System already has an incompleted order with this handle. Please complete or cancel it first")


def from_decode_error(exc: Exception) -> ApiError:
    """msgspec errors -> 422 on the JSON path, flattened to a dotted field name (`orders.0.destination`)."""
    if not isinstance(exc, msgspec.ValidationError):
        return field("json", "_schema", "Invalid JSON body.")
    text, path = describe_decode_error(exc)
    name = (path or "$")[2:].replace("[", ".").replace("]", "")
    if text.startswith("Object missing required field"):
        missing = text.split("`")[1]
        return field("json", f"{name}.{missing}" if name else missing, MISSING)
    if not name:  # the body itself is not an object
        return field("json", "_schema", "Invalid input type.")
    return field("json", name, _marshmallow_message(text))


_TYPE_MESSAGES = {"str": NOT_STRING, "int": NOT_INTEGER, "bool": "Not a valid boolean.",
                  "object": "Not a valid mapping type.", "array": "Not a valid list.",
                  "float": "Not a valid number."}


def _marshmallow_message(text: str) -> str:
    """The wording marshmallow (where HyperTrack's 422s come from) uses for a msgspec complaint."""
    if m := re.match(r"Expected `(\w+)", text):
        if "length" in text:
            bound = re.search(r"length ([<>]=) (\d+)", text)
            if bound:
                word = "Shorter than minimum" if bound.group(1) == ">=" else "Longer than maximum"
                return f"{word} length {bound.group(2)}."
        if ">=" in text:
            return f"Must be greater than or equal to {text.rsplit('>= ', 1)[1].rstrip('`')}."
        return _TYPE_MESSAGES.get(m.group(1), text)
    return text
