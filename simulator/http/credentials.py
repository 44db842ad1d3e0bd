"""Reading credentials off a request, shared by the vendors that use HTTP Basic."""

from __future__ import annotations

import base64
import binascii
import functools


@functools.lru_cache(maxsize=256)  # a client sends the same header on every call
def basic_credentials(header: str | None) -> tuple[str, str | None] | None:
    """`Authorization: Basic base64(user[:password])` -> (user, password or None when there is no
    colon); None when the header is absent, another scheme, or not valid base64/UTF-8.
    Each vendor decides what a missing user or password means."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):  # UnicodeDecodeError is a ValueError
        return None
    user, sep, password = decoded.partition(":")
    return user, (password if sep else None)
