"""Order events and the bus that fans them out (vendor webhooks, subscriptions, SSE)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import msgspec


class OrderEvent(msgspec.Struct):
    """kind: "created", "transition", "updated", "deleted" or a vendor's own name."""

    seq: int
    tenant: str
    vendor: str
    order_id: str
    kind: str
    state: str
    milestone: str
    at: float
    previous_state: str | None = None
    data: dict[str, Any] = {}


Listener = Callable[[OrderEvent], None]


class EventBus:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._seq = itertools.count(1)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def next_seq(self) -> int:
        return next(self._seq)

    def publish(self, event: OrderEvent) -> None:
        for listener in list(self._listeners):
            listener(event)
