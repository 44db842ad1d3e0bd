"""Wire formats of time: orders use ISO-8601 with milliseconds and Z; webhook envelopes use
microseconds. Formatting goes through integer milliseconds so float clock sums never show as .649."""

from __future__ import annotations

from datetime import datetime, timezone

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def iso_ms(ts: float) -> str:
    ms = round(ts * 1000)
    dt = datetime.fromtimestamp(ms // 1000, timezone.utc)
    return f"{dt.strftime('%Y-%m-%dT%H:%M:%S')}.{ms % 1000:03d}Z"


def iso_us(ts: float) -> str:
    us = round(ts * 1_000_000)
    dt = datetime.fromtimestamp(us // 1_000_000, timezone.utc)
    return f"{dt.strftime('%Y-%m-%dT%H:%M:%S')}.{us % 1_000_000:06d}Z"


def parse_time(value: str) -> float | None:
    """ISO-8601 (Z or offset; naive means UTC) or 'YYYY-MM-DD HH:mm:ss' -> epoch seconds."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return (dt - _EPOCH).total_seconds()
