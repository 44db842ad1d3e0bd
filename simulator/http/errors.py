"""Error plumbing: a handler raises ApiError(response) with the vendor's own envelope;
anything else that escapes becomes the vendor's 500 envelope in the middleware."""

from __future__ import annotations

from starlette.responses import Response


class ApiError(Exception):
    """Raise from anywhere in a handler; the app sends `response` as it is."""

    def __init__(self, response: Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


class BodyTooLarge(Exception):
    """The request body passed the configured limit while being read."""


def describe_decode_error(exc: Exception) -> tuple[str, str | None]:
    """(message, JSON path like `$.pickup.name` or None) from a msgspec error, for vendor envelopes."""
    text = str(exc)
    path = None
    if " - at `" in text:
        text, _, rest = text.partition(" - at `")
        path = rest.rstrip("`")
    return text, path
