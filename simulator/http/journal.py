"""The request journal: a bounded ring of cheap records (no bodies) for /_sim/requests."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterator

import msgspec


class JournalEntry(msgspec.Struct, gc=False):
    seq: int
    at: float  # wall-clock epoch seconds
    request_id: str
    method: str
    path: str
    query: str
    vendor: str | None
    tenant: str | None
    status: int
    duration_ms: float


class Journal:
    def __init__(self, size: int = 10_000) -> None:
        self.entries: deque[JournalEntry] = deque(maxlen=size)
        self._seq = itertools.count(1)

    def next_seq(self) -> int:
        return next(self._seq)

    def add(self, entry: JournalEntry) -> None:
        self.entries.append(entry)

    def select(self, *, vendor: str | None = None, tenant: str | None = None, method: str | None = None,
               path: str | None = None, status: int | None = None, newest: bool = True) -> Iterator[JournalEntry]:
        """Matching entries, newest first unless `newest` is False."""
        method = method.upper() if method else None
        for e in (reversed(self.entries) if newest else iter(self.entries)):
            if ((vendor and e.vendor != vendor) or (tenant and e.tenant != tenant) or (method and e.method != method)
                    or (path and not e.path.startswith(path)) or (status and e.status != status)):
                continue
            yield e

    def clear(self) -> None:
        self.entries.clear()
