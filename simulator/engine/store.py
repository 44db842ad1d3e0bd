"""Order records and the per-tenant store: dict lookups and indexes kept on write, never scans."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec

# State changes kept per order for its timeline; beyond this the oldest go (the record says how many).
HISTORY_LIMIT = 50


class Step(msgspec.Struct, gc=False):
    """One state change of an order: from `previous` to `state` at simulated time `at`.
    cause: "api", "clock", "control", "scenario" or a vendor's own word (None when the caller gave none)."""

    at: float
    previous: str
    state: str
    cause: str | None = None


class OrderRecord(msgspec.Struct, gc=False):
    """One order as the engine sees it. `body` belongs to the vendor (its wire model);
    the engine only reads vendor, id, state and milestone. gc=False: millions of these
    must not make the cyclic GC pause requests."""

    vendor: str
    tenant: str
    id: str
    state: str
    milestone: str
    body: Any
    created_at: float
    updated_at: float
    version: int = 0  # bumps on every change
    steps: int = 0  # bumps on every state transition (guards stale scheduled jobs)
    seq: int = 0  # creation order within the tenant
    # State changes, oldest first, at most HISTORY_LIMIT (a tuple of gc-free Steps: the collector
    # stops tracking it, and an order that never moved shares the empty tuple).
    history: tuple[Step, ...] = ()
    history_dropped: int = 0  # older steps let go beyond HISTORY_LIMIT


IndexKey = str | int | float | bool | None  # index keys are scalars, so they survive JSON
# The order ids under one index key, in insertion order: most keys (a handle, an order number) name
# one order, so that is the id itself, and only a second id makes it a dict (an ordered set). A dict
# per key cost ~160 bytes per order and index.
IdSet = str | dict[str, None]


class IndexSnapshot(msgspec.Struct, array_like=True):
    vendor: str
    name: str
    entries: list[tuple[IndexKey, list[str]]]  # key -> order ids, in insertion order


class StoreSnapshot(msgspec.Struct):
    """Everything an OrderStore holds but the orders (which the snapshot keeps per record)."""

    aliases: dict[str, dict[str, str]]
    indexes: list[IndexSnapshot]
    seq: int


class OrderStore:
    """get / put / delete / list / alias / index for one tenant. The only structure that
    holds orders, so a shared backend can replace it behind the same methods."""

    __slots__ = ("_orders", "_aliases", "_indexes", "_seq")

    def __init__(self) -> None:
        self._orders: dict[str, dict[str, OrderRecord]] = {}
        self._aliases: dict[str, dict[str, str]] = {}
        self._indexes: dict[tuple[str, str], dict[Any, IdSet]] = {}
        self._seq = 0

    def put(self, record: OrderRecord) -> None:
        bucket = self._orders.setdefault(record.vendor, {})
        if record.id not in bucket:
            self._seq += 1
            record.seq = self._seq
        bucket[record.id] = record

    def get(self, vendor: str, order_id: str) -> OrderRecord | None:
        """By the vendor's id or any alias registered for it (e.g. Onfleet shortId)."""
        bucket = self._orders.get(vendor)
        if not bucket:
            return None
        rec = bucket.get(order_id)
        if rec is None:
            aliases = self._aliases.get(vendor)  # no {} default: a miss is common (a create checks its new ids)
            real = aliases.get(order_id) if aliases else None
            if real is not None:
                rec = bucket.get(real)
        return rec

    def delete(self, vendor: str, order_id: str) -> OrderRecord | None:
        return self._orders.get(vendor, {}).pop(order_id, None)

    def alias(self, vendor: str, alias: str, order_id: str) -> None:
        self._aliases.setdefault(vendor, {})[alias] = order_id

    def newest_first(self, vendor: str) -> Iterator[OrderRecord]:
        return reversed(self._orders.get(vendor, {}).values())

    def oldest_first(self, vendor: str) -> Iterator[OrderRecord]:
        return iter(self._orders.get(vendor, {}).values())

    def count(self, vendor: str) -> int:
        return len(self._orders.get(vendor, {}))

    def total(self) -> int:
        """Orders stored, all vendors together."""
        return sum(len(bucket) for bucket in self._orders.values())

    def vendors(self) -> list[str]:
        return list(self._orders)

    def all(self) -> Iterator[OrderRecord]:
        for bucket in self._orders.values():
            yield from bucket.values()

    # Secondary indexes: (vendor, name) -> key -> ordered set of order ids (IdSet).
    def index_add(self, vendor: str, name: str, key: Any, order_id: str) -> None:
        keyed = self._indexes.setdefault((vendor, name), {})
        ids = keyed.get(key)
        if ids is None:
            keyed[key] = order_id
        elif isinstance(ids, str):
            if ids != order_id:
                keyed[key] = {ids: None, order_id: None}
        else:
            ids[order_id] = None

    def index_remove(self, vendor: str, name: str, key: Any, order_id: str) -> None:
        keyed = self._indexes.get((vendor, name), {})
        ids = keyed.get(key)
        if ids == order_id:
            del keyed[key]
        elif isinstance(ids, dict):
            ids.pop(order_id, None)

    def index_get(self, vendor: str, name: str, key: Any) -> list[str]:
        return _ids(self._indexes.get((vendor, name), {}).get(key))

    # -- snapshots ---------------------------------------------------------------------
    def export(self) -> StoreSnapshot:
        indexes = [IndexSnapshot(vendor, name, [(key, _ids(ids)) for key, ids in keyed.items() if ids])
                   for (vendor, name), keyed in self._indexes.items()]
        return StoreSnapshot(aliases=self._aliases, indexes=indexes, seq=self._seq)

    def load(self, records: list[OrderRecord], snap: StoreSnapshot) -> None:
        """Fill an empty store: records oldest first (they keep their `seq`), then aliases and indexes."""
        for record in records:
            self._orders.setdefault(record.vendor, {})[record.id] = record
        self._aliases = snap.aliases
        self._indexes = {(i.vendor, i.name): {key: ids[0] if len(ids) == 1 else dict.fromkeys(ids)
                                              for key, ids in i.entries}
                         for i in snap.indexes}
        self._seq = snap.seq


def _ids(ids: IdSet | None) -> list[str]:
    """The ids of an IdSet, oldest first."""
    if ids is None:
        return []
    return [ids] if isinstance(ids, str) else list(ids)
