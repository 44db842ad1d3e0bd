"""Reading HyperTrack's time formats (formatting: simulator.engine.timefmt — orders use milliseconds,
webhook envelopes microseconds)."""

from __future__ import annotations

from datetime import UTC, datetime

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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
        dt = dt.replace(tzinfo=UTC)
    return (dt - _EPOCH).total_seconds()
