"""20 requests per second per organisation (all of its keys), in a rolling one-second window of
wall-clock time (clients throttle in real time). Windows live on the tenant (not in its snapshot), so
/_sim/reset clears them; `settings.rate_limit` (CLI --no-rate-limit, PUT /_sim/settings) switches it off."""

from __future__ import annotations

import time
from collections import deque

from starlette.requests import Request

from simulator.vendors.base import settings_of
from simulator.vendors.onfleet.auth import Caller
from simulator.vendors.onfleet.errors import LIMIT, OnfleetError

WINDOW_S = 1.0


def take(request: Request, caller: Caller) -> int:
    """Count the request; returns X-RateLimit-Remaining, the requests left *before* this one, so a
    2xx always reports at least 1 (pyonfleet divides by it). Raises 429 / 2300 when none are left."""
    if not settings_of(request).rate_limit:
        return LIMIT
    windows = caller.tenant.rate_windows
    stamps = windows.get(caller.org)
    if stamps is None:
        stamps = windows[caller.org] = deque()
    now = time.monotonic()
    while stamps and now - stamps[0] >= WINDOW_S:
        stamps.popleft()
    remaining = LIMIT - len(stamps)
    if remaining <= 0:
        raise OnfleetError(429, cause="Slow down: at most 20 requests per second across your organization's keys.")
    stamps.append(now)
    return remaining
