"""The request journal: a bounded ring of cheap records for /_sim/requests.

Each record keeps references to the request and response headers and the first CAPTURE_BYTES of
each body (a slice of what was sent anyway, so nothing big is copied on the hot path). Memory is
bounded by the entry count: at most journal_size x (2 x CAPTURE_BYTES + headers), about 45 MiB at
the default 10,000 entries when every body is large. `/_sim/requests?include=bodies` shows them."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any

import msgspec

CAPTURE_BYTES = 2048  # per body; a longer one is kept truncated (`truncated: true`, `size` says how long)

RawHeaders = tuple[tuple[bytes, bytes], ...]


class Captured(msgspec.Struct, gc=False):
    """One side of an exchange as it went over the wire."""

    headers: RawHeaders = ()
    body: bytes = b""  # the first CAPTURE_BYTES
    size: int = 0  # the whole body's length

    def view(self) -> dict[str, Any]:
        headers: dict[str, str] = {}
        for key, value in self.headers:
            name, text = key.decode("latin-1").lower(), value.decode("latin-1")
            headers[name] = f"{headers[name]}, {text}" if name in headers else text
        return {"headers": headers, "body": self.body.decode("utf-8", "replace"), "size": self.size,
                "truncated": self.size > len(self.body)}


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
    request: Captured | None = None
    response: Captured | None = None

    def view(self, include_bodies: bool = False) -> dict[str, Any]:
        out = {f: getattr(self, f) for f in SUMMARY_FIELDS}
        if include_bodies:
            out["request"] = self.request.view() if self.request is not None else None
            out["response"] = self.response.view() if self.response is not None else None
        return out


SUMMARY_FIELDS = tuple(f for f in JournalEntry.__struct_fields__ if f not in ("request", "response"))


class Journal:
    def __init__(self, size: int = 10_000) -> None:
        self.entries: deque[JournalEntry] = deque(maxlen=size)
        self.last_seq = 0  # requests seen so far (the state file writer watches it for changes)

    def next_seq(self) -> int:
        self.last_seq += 1
        return self.last_seq

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
