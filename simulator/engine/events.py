"""Order events and the bus that fans them out (vendor webhooks, subscriptions, SSE).

The bus also carries the notices a live view needs besides order events (a webhook delivery was
queued or attempted, a tenant's clock moved, a tenant was reset) and keeps the most recent of all
of them in a bounded ring, so a stream that reconnects with `Last-Event-ID` misses nothing."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable
from typing import Any

import msgspec

# Events kept for replay (`Last-Event-ID`); older ones are gone and a reader is told so.
REPLAY_LIMIT = 5_000
# The events are gc=False: they hold scalars and plain-data dicts, never a cycle, and an event per
# order kept in the ring made every create leave one more object for each full collection to walk
# (and brought the next one sooner: the p99 of creates).


class OrderEvent(msgspec.Struct, gc=False):
    """kind: "created", "transition", "updated", "deleted" or a vendor's own name."""

    seq: int  # set by the bus when the event goes out
    tenant: str
    vendor: str
    order_id: str
    kind: str
    state: str
    milestone: str
    at: float
    previous_state: str | None = None
    data: dict[str, Any] = {}


class DeliveryEvent(msgspec.Struct, gc=False):
    """A webhook delivery was queued (attempts 0) or attempted: a summary, the log holds the body."""

    seq: int
    tenant: str
    vendor: str
    order_id: str | None
    delivery_id: str
    event: str
    url: str
    state: str
    attempts: int
    status: int | None
    error: str | None
    next_attempt_at: float | None
    channel: str
    at: float  # simulated time of the change


class TenantEvent(msgspec.Struct, gc=False):
    """kind "clock": a tenant's clock was configured or advanced (`clock` describes it);
    kind "reset": the tenant was forgotten (tenant None: every tenant)."""

    seq: int
    kind: str
    tenant: str | None
    clock: dict[str, Any] | None = None


StreamEvent = OrderEvent | DeliveryEvent | TenantEvent
Listener = Callable[[OrderEvent], None]
Watcher = Callable[[StreamEvent], None]


class _Holding:
    """EventBus.holding()'s context manager: one per bus, reused (it is entered on every order
    event, where a generator-based contextmanager costs a generator and two frames each time)."""

    __slots__ = ("bus",)

    def __init__(self, bus: EventBus) -> None:
        self.bus = bus

    def __enter__(self) -> None:
        self.bus._holding += 1

    def __exit__(self, *exc: object) -> None:
        self.bus._release()


class EventBus:
    """Every event gets its seq when it goes out, so the ring and every stream are in seq order.
    Notices raised while an order event is being built (the webhook it queues) are held until that
    event has gone out: a reader sees the cause before its effects."""

    def __init__(self, replay_limit: int = REPLAY_LIMIT) -> None:
        self._listeners: list[Listener] = []
        self._watchers: list[Watcher] = []
        self._recent: deque[StreamEvent] = deque(maxlen=replay_limit)
        self._last = 0  # the last seq handed out
        self._dropped = 0  # seq of the newest event the ring has let go
        self._holding = 0
        self._held: list[DeliveryEvent | TenantEvent] = []
        self._hold = _Holding(self)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Order events only (what vendor webhooks and subscriptions send)."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def watch(self, watcher: Watcher) -> Callable[[], None]:
        """Every stream event: orders, deliveries, clocks, resets (what a live view follows)."""
        self._watchers.append(watcher)
        return lambda: self._watchers.remove(watcher) if watcher in self._watchers else None

    @property
    def last_seq(self) -> int:
        return self._last

    def carry_on(self, seq: int) -> None:
        """Go on numbering after `seq` (a restored snapshot); the ring holds none of what came before."""
        if seq > self._last:
            self._last = self._dropped = seq

    def holding(self) -> _Holding:
        """Hold notices until the block ends (the engine wraps building and publishing an order event)."""
        return self._hold

    def _release(self) -> None:
        self._holding -= 1
        if not self._holding:
            held, self._held = self._held, []
            for notice in held:
                self._send(notice)

    def publish(self, event: OrderEvent) -> None:
        with self.holding():  # what listeners queue (subscription webhooks) follows the event
            self._stamp(event)
            for listener in list(self._listeners):
                listener(event)
            for watcher in list(self._watchers):
                watcher(event)

    def notify(self, event: DeliveryEvent | TenantEvent) -> None:
        if self._holding:
            self._held.append(event)
        else:
            self._send(event)

    def replay(self, after: int) -> tuple[list[StreamEvent], bool]:
        """Buffered events with seq > after, oldest first, and whether they are all there were
        (False when the ring has let some go, or `after` is ahead of this bus: a restarted server)."""
        if after > self._last:
            return [], False
        out = list(itertools.takewhile(lambda e: e.seq > after, reversed(self._recent)))
        out.reverse()
        return out, after >= self._dropped

    def recent(self, count: int) -> list[StreamEvent]:
        """The last `count` buffered events, oldest first."""
        return list(itertools.islice(reversed(self._recent), max(count, 0)))[::-1]

    def _stamp(self, event: StreamEvent) -> None:
        self._last += 1
        event.seq = self._last
        if len(self._recent) == self._recent.maxlen:
            self._dropped = self._recent[0].seq
        self._recent.append(event)

    def _send(self, event: DeliveryEvent | TenantEvent) -> None:
        self._stamp(event)
        for watcher in list(self._watchers):
            watcher(event)
