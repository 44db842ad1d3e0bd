"""Encoded answers kept per order version. A client polling an order that has not changed gets the
bytes it got last time, without the vendor rendering and encoding them again: a read of an unchanged
order is a dict lookup.

The contract a vendor keeps when it answers through `AnswerCache.answer(source, version, render, arg)`:
`render(arg)` depends only on what `version` stands for. Every change to the order goes through the
engine (`Engine.transition` / `Engine.touch` bump `record.version`), so `record.version` is the version
for an answer rendered from the record alone; an answer that also depends on the simulated time (a drive
in progress) adds that moment to its version. The test suite runs with `AnswerCache.verify` on: every hit
is rendered again and compared, so a change that skipped the engine fails the test that made it.

Bounded: at most `size` answers (the oldest go first), each holding its source (so an entry can never be
mistaken for another object's) and its bytes; a kept source (the record and its body) stays in memory
until its entry goes, even after its tenant is reset."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import msgspec
from starlette.requests import Request

from simulator.http.responses import encode

T = TypeVar("T")
SIZE = 4096  # answers kept: ~16 MiB of bytes at Onfleet's ~4 KB order, plus the records they hold


class StaleAnswer(AssertionError):
    """A kept answer no longer matches its source: something changed the order without a new version."""


class AnswerCache:
    verify = False  # tests/conftest.py turns it on: every hit is checked against a fresh render

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        # (id(source), render) -> (source, version, encoded answer)
        # An OrderedDict: dropping the oldest is O(1) (a dict's first key, after many deletions from its
        # front, is found by scanning past their holes).
        self._kept: OrderedDict[tuple[int, Callable[..., Any]], tuple[object, Hashable, msgspec.Raw]] = OrderedDict()

    def answer(self, source: object, version: Hashable, render: Callable[[T], Any], arg: T) -> msgspec.Raw:
        """`render(arg)` encoded, from the cache when `source` is still at `version`. The result goes
        into a JSON answer as it is (msgspec writes a Raw's bytes unchanged)."""
        key = (id(source), render)
        kept = self._kept.get(key)
        if kept is not None and kept[0] is source and kept[1] == version:
            if self.verify and encode(render(arg)) != bytes(kept[2]):
                raise StaleAnswer(f"{render.__qualname__}: the kept answer for version {version!r} is stale")
            return kept[2]
        encoded = msgspec.Raw(encode(render(arg)))
        if kept is None and len(self._kept) >= self.size:
            self._kept.popitem(last=False)  # the oldest entry
        self._kept[key] = (source, version, encoded)
        return encoded

    def clear(self) -> None:
        self._kept.clear()


def answers_of(request: Request) -> AnswerCache:
    return request.scope["app"].answers  # SimApp's attribute (simulator/http/sim_app.py)
