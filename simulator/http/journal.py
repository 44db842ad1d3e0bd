"""The request journal: a bounded ring of the last requests' records for /_sim/requests.

A record is the request's own Exchange (simulator/http/exchange.py), which captured it on its way
through SimMiddleware. Memory is bounded by the entry count: at most journal_size x (2 x
CAPTURE_BYTES + headers), about 45 MiB at the default 10,000 entries when every body is large.
`/_sim/requests?include=bodies` shows the headers and bodies. JournalEntry is the shape of one entry
as /_sim/requests answers it (the API document and the Python client use it)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any, Protocol

import msgspec

CAPTURE_BYTES = 2048  # per body; a longer one is kept truncated (`truncated: true`, `size` says how long)

RawHeaders = tuple[tuple[bytes, bytes], ...]


class Captured(msgspec.Struct, gc=False):
    """One side of an exchange as it went over the wire."""

    headers: RawHeaders = ()
    body: bytes = b""  # the first CAPTURE_BYTES
    size: int = 0  # the whole body's length


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
    request: Captured | None = None  # only with ?include=bodies
    response: Captured | None = None


class Record(Protocol):
    """What the journal needs of an entry (an Exchange; this module imports none of the server's
    code, so the Python client can import JournalEntry alone)."""

    seq: int
    method: str
    path: str
    vendor: str | None
    tenant: str | None
    status: int

    def view(self, include_bodies: bool = False) -> dict[str, Any]: ...


class Journal:
    def __init__(self, size: int = 10_000) -> None:
        self.entries: deque[Record] = deque(maxlen=size)
        self.last_seq = 0  # requests seen so far (the state file writer watches it for changes)

    def add(self, entry: Record) -> None:
        self.last_seq = entry.seq = self.last_seq + 1
        self.entries.append(entry)

    def select(self, *, vendor: str | None = None, tenant: str | None = None, method: str | None = None,
               path: str | None = None, status: int | None = None, newest: bool = True) -> Iterator[Record]:
        """Matching entries, newest first unless `newest` is False."""
        method = method.upper() if method else None
        for e in (reversed(self.entries) if newest else iter(self.entries)):
            if ((vendor and e.vendor != vendor) or (tenant and e.tenant != tenant) or (method and e.method != method)
                    or (path and not e.path.startswith(path)) or (status and e.status != status)):
                continue
            yield e

    def clear(self) -> None:
        self.entries.clear()
