"""Per-tenant queue of timed jobs, run in simulated-time order when the clock moves.

Every order waits on a job, so a store of a million orders holds a million jobs. Jobs are
gc-free structs chained per due time (`next`), and only the distinct due times sit in a heap:
Python's cyclic GC walks every list it tracks, and one list of a million jobs made each full
collection pause requests for ~100 ms; chains hidden in gc-free structs are never walked.
Payloads are gc-free tagged structs too, so a pending job encodes to JSON and decodes back.
"""

from __future__ import annotations

import heapq

import msgspec


class AutoMove(msgspec.Struct, gc=False, tag="auto"):
    """The machine's automatic move; stale (skipped) once the order moved or changed its plan (`steps`)."""

    vendor: str
    order_id: str
    from_state: str
    steps: int
    to_state: str


class RetryDelivery(msgspec.Struct, gc=False, tag="retry"):
    """The next attempt of a webhook delivery that failed."""

    delivery_id: str


class VendorTimer(msgspec.Struct, gc=False, tag="vendor"):
    """A vendor's own timer (engine.schedule); the vendor's `on_job` gets it back when it falls due."""

    vendor: str
    action: str
    order_id: str | None = None


Payload = AutoMove | RetryDelivery | VendorTimer


class Job(msgspec.Struct, gc=False):
    """One pending job; its place in the chain of its due time is its order (no sequence number:
    a million of them would cost a million ints)."""

    due: float
    payload: Payload
    next: Job | None = None  # the next job with the same due time (FIFO chain)


class PendingJob(msgspec.Struct, gc=False):
    """A job as a snapshot holds it (no chain): re-adding them in order rebuilds the queue."""

    due: float
    payload: Payload


class Scheduler:
    __slots__ = ("_dues", "_heads", "_tails", "_count")

    def __init__(self) -> None:
        self._dues: list[float] = []  # heap of distinct due times
        self._heads: dict[float, Job] = {}  # due -> first job; gc-untracked (float keys, gc-free values)
        self._tails: dict[float, Job] = {}
        self._count = 0

    def at(self, due: float, payload: Payload) -> Job:
        tail = self._tails.get(due)
        if tail is None:
            job = Job(due, payload)
            heapq.heappush(self._dues, due)
            self._heads[due] = job
        else:  # the chain's own float: jobs due at once (a manual clock, one tick) share it
            job = tail.next = Job(tail.due, payload)
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
            job: Job | None = self._heads[due]
            while job is not None:
                jobs.append(job)
                job = job.next
        return jobs

    def export(self) -> list[PendingJob]:
        return [PendingJob(job.due, job.payload) for job in self.pending()]

    def load(self, jobs: list[PendingJob]) -> None:
        for job in jobs:
            self.at(job.due, job.payload)

    def __len__(self) -> int:
        return self._count

    def __del__(self) -> None:
        # Freeing a chain frees it recursively in C (a job, then its `next`, ...): a chain of ~150k
        # jobs (orders created at one instant on a manual clock) overflowed the C stack and crashed
        # the process when its tenant was reset. Unlink the chains one job at a time instead.
        for head in self._heads.values():
            job: Job | None = head
            while job is not None:
                job.next, job = None, job.next
