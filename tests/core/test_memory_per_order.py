"""Bytes each stored order keeps, counted through the real app: a bound, not a timing.

Each vendor's typical create (bench/orders.py, the same call `make bench` measures its bytes-per-order
lines with) goes N times through the ASGI app (middleware, routing, vendor, engine). tracemalloc counts
what those N orders still hold afterwards, without the two bounded rings every request or event passes
through: the request journal (a tiny --journal-size here) and the event stream's replay ring (its
allocations are left out below). Counts are deterministic (seeded ids, manual clock), so the bounds
sit about 1.5x over the figures measured when they were set (docs/benchmarks.md): an order that
suddenly holds twice as much fails here.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import tracemalloc

import pytest

from bench.orders import CREATORS, VENDORS, make_app
from simulator.engine import core, events

WARM, N = 20, 200
# Bytes per stored order: the bound, and (comment) what was measured when it was set.
BOUNDS = {
    "onfleet": 5400,  # 3,629
    "tiramizoo": 1250,  # 832
    "wialon": 2200,  # 1,455
    "hypertrack": 4100,  # 2,731
    "pitneybowes": 2900,  # 1,919
}


def _event_ring() -> list[tracemalloc.Filter]:
    """Leave out what the event ring holds (REPLAY_LIMIT events, bounded; not the order's): whatever
    the bus allocates, and the OrderEvent that Engine._emit builds in its own frame."""
    lines, first = inspect.getsourcelines(core.Engine._emit)
    return [tracemalloc.Filter(False, events.__file__),
            *(tracemalloc.Filter(False, core.__file__, lineno=first + i) for i in range(len(lines)))]


async def _retained_per_order(vendor: str) -> float:
    app = make_app(journal_size=1)
    create = await CREATORS[vendor](app)
    for i in range(WARM):  # first tenant, first orders, caches: then the steady state is measured
        await create(i)
    tracemalloc.start()
    await create(WARM)  # the journal's one entry is now a traced one, so its replacements net out
    gc.collect()
    before = tracemalloc.take_snapshot().filter_traces(_event_ring())
    for i in range(WARM + 1, WARM + 1 + N):
        await create(i)
    gc.collect()
    after = tracemalloc.take_snapshot().filter_traces(_event_ring())
    assert app.state.engine.count_orders(app.state.engine.tenants.all(), [vendor]) == WARM + 1 + N
    return sum(stat.size_diff for stat in after.compare_to(before, "filename")) / N


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_stored_order_keeps_no_more_than_its_bound(vendor):
    try:
        per_order = asyncio.run(_retained_per_order(vendor))
    finally:
        tracemalloc.stop()
    assert 0 < per_order < BOUNDS[vendor], f"{vendor}: {per_order:.0f} bytes per stored order"
