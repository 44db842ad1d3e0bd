"""Per-tenant queue of timed jobs, run in simulated-time order when the clock moves."""

from __future__ import annotations

import heapq
import itertools
from typing import Any

import msgspec


class Job(msgspec.Struct, gc=False, order=True):
    """Plain data, so a shared backend could hold it. kind: "auto" (lifecycle move),
    "retry" (webhook delivery), "vendor" (a vendor's own timer)."""

    due: float
    seq: int
    kind: str
    payload: Any = None


_seq = itertools.count(1)


class Scheduler:
    __slots__ = ("_heap",)

    def __init__(self) -> None:
        self._heap: list[Job] = []

    def at(self, due: float, kind: str, payload: Any = None) -> Job:
        job = Job(due, next(_seq), kind, payload)
        heapq.heappush(self._heap, job)
        return job

    def pop_due(self, now: float) -> Job | None:
        if self._heap and self._heap[0].due <= now:
            return heapq.heappop(self._heap)
        return None

    def next_due(self) -> float | None:
        return self._heap[0].due if self._heap else None

    def pending(self) -> list[Job]:
        return sorted(self._heap)

    def __len__(self) -> int:
        return len(self._heap)
