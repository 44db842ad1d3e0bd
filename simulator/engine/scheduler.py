"""Per-tenant queue of timed jobs, run in simulated-time order when the clock moves.

Every order waits on a job, so a store of a million orders holds a million jobs. Jobs are
gc-free structs chained per due time (`next`), and only the distinct due times sit in a heap:
Python's cyclic GC walks every list it tracks, and one list of a million jobs made each full
collection pause requests for ~100 ms; chains hidden in gc-free structs are never walked.
"""

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
    next: Job | None = None  # the next job with the same due time (FIFO chain)


_seq = itertools.count(1)


class Scheduler:
    __slots__ = ("_dues", "_heads", "_tails", "_count")

    def __init__(self) -> None:
        self._dues: list[float] = []  # heap of distinct due times
        self._heads: dict[float, Job] = {}  # due -> first job; gc-untracked (float keys, gc-free values)
        self._tails: dict[float, Job] = {}
        self._count = 0

    def at(self, due: float, kind: str, payload: Any = None) -> Job:
        job = Job(due, next(_seq), kind, payload)
        tail = self._tails.get(due)
        if tail is None:
            heapq.heappush(self._dues, due)
            self._heads[due] = job
        else:
            tail.next = job
        self._tails[due] = job
        self._count += 1
        return job

    def pop_due(self, now: float) -> Job | None:
        """The earliest job due by `now` (ties in insertion order), or None."""
        if not self._dues or self._dues[0] > now:
            return None
        due = self._dues[0]
        job = self._heads[due]
        if job.next is None:
            heapq.heappop(self._dues)
            del self._heads[due], self._tails[due]
        else:
            self._heads[due] = job.next
            job.next = None
        self._count -= 1
        return job

    def next_due(self) -> float | None:
        return self._dues[0] if self._dues else None

    def pending(self) -> list[Job]:
        jobs = []
        for due in sorted(self._dues):
            job = self._heads[due]
            while job is not None:
                jobs.append(job)
                job = job.next
        return jobs

    def __len__(self) -> int:
        return self._count
