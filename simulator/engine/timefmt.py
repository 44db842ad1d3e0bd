"""Simulated epoch seconds to and from the ISO-8601 UTC strings the vendors show (`...T08:02:13.816Z`).
Formatting goes through integer milli/microseconds, so float clock sums never show as .649."""

from __future__ import annotations

import functools
from datetime import UTC, datetime

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@functools.lru_cache(maxsize=256)  # one string for one instant: an order stamps several fields with `now`
def iso_ms(ts: float) -> str:
    ms = round(ts * 1000)
    return f"{datetime.fromtimestamp(ms // 1000, UTC):%Y-%m-%dT%H:%M:%S}.{ms % 1000:03d}Z"


def iso_us(ts: float) -> str:
    us = round(ts * 1_000_000)
    return f"{datetime.fromtimestamp(us // 1_000_000, UTC):%Y-%m-%dT%H:%M:%S}.{us % 1_000_000:06d}Z"


def parse_iso(value: object) -> float | None:
    """ISO-8601 / RFC 3339 (`Z`, `z` or an offset; `T` or a space between date and time) -> epoch
    seconds; None for anything else. A time without an offset is read as UTC (RFC 3339 demands
    one; reading it as the server's local time would make results depend on the machine)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return (parsed - _EPOCH).total_seconds()
