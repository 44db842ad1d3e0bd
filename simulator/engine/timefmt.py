"""Simulated epoch seconds as the ISO-8601 UTC strings the vendors show (`...T08:02:13.816Z`).
Formatting goes through integer milli/microseconds, so float clock sums never show as .649."""

from __future__ import annotations

from datetime import UTC, datetime


def iso_ms(ts: float) -> str:
    ms = round(ts * 1000)
    return f"{datetime.fromtimestamp(ms // 1000, UTC):%Y-%m-%dT%H:%M:%S}.{ms % 1000:03d}Z"


def iso_us(ts: float) -> str:
    us = round(ts * 1_000_000)
    return f"{datetime.fromtimestamp(us // 1_000_000, UTC):%Y-%m-%dT%H:%M:%S}.{us % 1_000_000:06d}Z"
