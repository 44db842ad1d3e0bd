"""Simulated clocks: one per tenant, in realtime, scaled or manual mode."""

from __future__ import annotations

import time
from collections.abc import Callable

import msgspec

MODES = ("realtime", "scaled", "manual")

# With a seed and a manual clock every run starts at the same instant, so output is
# reproducible byte for byte (2026-01-01T00:00:00Z).
FIXED_EPOCH = 1767225600.0


class ClockSnapshot(msgspec.Struct):
    """A clock restored from this goes on from `now` (a running clock from the wall time of the restore)."""

    mode: str
    speed: float
    now: float


class Clock:
    """Simulated seconds since the epoch.

    realtime: moves with the wall clock; scaled: wall clock × speed; manual: only `advance`.
    `advance` works in every mode (it adds an offset), so tests can jump ahead of a running clock.
    """

    __slots__ = ("mode", "speed", "_base_sim", "_base_wall", "_wall")

    def __init__(self, mode: str = "realtime", speed: float = 1.0, start: float | None = None,
                 wall: Callable[[], float] = time.time) -> None:
        if mode not in MODES:
            raise ValueError(f"clock mode must be one of {', '.join(MODES)}")
        self._wall = wall
        self.mode = mode
        self.speed = float(speed) if mode == "scaled" else 1.0
        self._base_sim = wall() if start is None else float(start)
        self._base_wall = wall()

    def now(self) -> float:
        if self.mode == "manual":
            return self._base_sim
        return self._base_sim + (self._wall() - self._base_wall) * self.speed

    def set(self, sim_time: float) -> None:
        """Jump to an absolute simulated time (never backwards)."""
        now = self.now()
        self._base_sim = max(now, sim_time)
        self._base_wall = self._wall()

    def advance(self, seconds: float) -> None:
        self.set(self.now() + seconds)

    def configure(self, mode: str | None = None, speed: float | None = None) -> None:
        now = self.now()
        if mode is not None:
            if mode not in MODES:
                raise ValueError(f"clock mode must be one of {', '.join(MODES)}")
            self.mode = mode
        if speed is not None:
            if speed <= 0:
                raise ValueError("speed must be positive")
            self.speed = float(speed)
        if self.mode != "scaled":
            self.speed = 1.0
        self._base_sim, self._base_wall = now, self._wall()

    def wall_seconds_until(self, sim_time: float) -> float | None:
        """How long a wall-clock sleeper must wait for sim_time; None for a manual clock."""
        if self.mode == "manual":
            return None
        return max(0.0, (sim_time - self.now()) / self.speed)

    def export(self) -> ClockSnapshot:
        return ClockSnapshot(self.mode, self.speed, self.now())

    def describe(self) -> dict:
        return {"mode": self.mode, "speed": self.speed, "now": self.now()}
