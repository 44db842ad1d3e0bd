"""Unit tests for the engine pieces: clock, machine paths, scheduler order, tenants, ids."""

import msgspec
import pytest

from simulator.engine.clock import Clock
from simulator.engine.ids import IdFactory
from simulator.engine.lifecycle import Machine
from simulator.engine.scheduler import AutoMove, RetryDelivery, Scheduler, VendorTimer
from simulator.engine.store import OrderStore, StoreSnapshot
from simulator.engine.tenants import Tenants
from simulator.fixtures import parse_fixtures
from simulator.vendors.tiramizoo.machine import MACHINE


class FakeWall:
    def __init__(self, t=1000.0):
        self.t = t

    def __call__(self):
        return self.t


def test_manual_clock_moves_only_when_advanced():
    wall = FakeWall()
    clock = Clock("manual", start=50.0, wall=wall)
    wall.t += 100
    assert clock.now() == 50.0
    clock.advance(10)
    assert clock.now() == 60.0


def test_scaled_clock_runs_at_speed_and_advance_adds_offset():
    wall = FakeWall()
    clock = Clock("scaled", speed=5, start=0.0, wall=wall)
    wall.t += 2
    assert clock.now() == 10.0
    clock.advance(100)
    wall.t += 1
    assert clock.now() == 115.0
    assert clock.wall_seconds_until(125.0) == 2.0


def test_clock_never_goes_backwards_and_rejects_bad_mode():
    clock = Clock("manual", start=100.0)
    clock.set(50.0)
    assert clock.now() == 100.0
    with pytest.raises(ValueError):
        clock.configure(mode="sideways")
    with pytest.raises(ValueError):
        clock.configure(speed=0)


def test_switching_mode_keeps_current_time():
    wall = FakeWall()
    clock = Clock("realtime", start=500.0, wall=wall)
    wall.t += 3
    clock.configure(mode="manual")
    wall.t += 100
    assert clock.now() == 503.0


def test_machine_paths_prefer_happy_path_and_refuse_unreachable():
    assert MACHINE.path("awaiting_payment", "delivered") == ["dispatched", "picked_up", "delivered"]
    assert MACHINE.path("awaiting_payment", "pickup_unreachable") == ["dispatched", "pickup_unreachable"]
    assert MACHINE.path("picked_up", "cancelled") is None
    assert MACHINE.path("delivered", "delivered") == []
    assert MACHINE.is_terminal("delivered") and not MACHINE.is_terminal("dispatched")


def test_machine_path_by_milestone_uses_vendor_states():
    m = Machine(vendor="x", initial="new", states={"new": "awaiting_payment", "go": "dispatched", "done": "delivered"},
                transitions={"new": ("go",), "go": ("done",)})
    assert m.path("new", "delivered") == ["go", "done"]
    assert m.path("new", "done") == ["go", "done"]


def test_machine_rejects_inconsistent_tables():
    with pytest.raises(ValueError):
        Machine(vendor="x", initial="a", states={"a": "nonsense"}, transitions={})
    with pytest.raises(ValueError):
        Machine(vendor="x", initial="a", states={"a": "dispatched", "b": "delivered"}, transitions={},
                auto={"a": ("b", 1.0)})


def test_scheduler_pops_in_time_order_then_insertion_order():
    s = Scheduler()
    s.at(30, RetryDelivery("c"))
    s.at(10, RetryDelivery("a"))
    s.at(10, RetryDelivery("b"))
    assert s.pop_due(5) is None
    assert [s.pop_due(100).payload.delivery_id for _ in range(3)] == ["a", "b", "c"]
    assert s.pop_due(100) is None


def test_tenants_open_strict_and_magic_invalid():
    tenants = Tenants(clock_mode="manual", speed=1, seed=1, fixtures=parse_fixtures({
        "strict": ["onfleet"],
        "tenants": {"acme": {"credentials": {"onfleet": [{"key": "k1", "role": "courier"}], "tiramizoo": ["t1"]}}}}))
    assert tenants.resolve("tiramizoo", "anything").name == "anything"  # open: names its own tenant
    assert tenants.resolve("tiramizoo", "t1").name == "acme"  # listed: the fixture tenant
    assert tenants.resolve("onfleet", "k1").name == "acme"
    assert tenants.resolve("onfleet", "unlisted") is None  # strict
    assert tenants.resolve("tiramizoo", "invalid-token") is None  # magic refusal
    assert tenants.resolve("tiramizoo", "") is None
    assert tenants.credential_info("onfleet", "k1").role == "courier"
    assert tenants.find("k1").name == "acme" and tenants.find("acme").name == "acme"
    assert tenants.find("never-seen") is None


class Scratch(msgspec.Struct):
    items: list[int] = []


def test_reset_one_tenant_leaves_others():
    tenants = Tenants(clock_mode="manual", speed=1, seed=1)
    a, b = tenants.resolve("tiramizoo", "a"), tenants.resolve("tiramizoo", "b")
    a.state("tiramizoo", Scratch).items.append(1)
    tenants.reset("a")
    assert tenants.find("b") is b
    fresh = tenants.find("a")
    assert fresh is not a and fresh.state("tiramizoo", Scratch).items == []


def test_ids_are_seeded_per_tenant():
    assert IdFactory(1, "t").uuid4() == IdFactory(1, "t").uuid4()
    assert IdFactory(1, "t").uuid4() != IdFactory(1, "u").uuid4()
    assert IdFactory(None, "t").hex(16) != IdFactory(None, "t").hex(16)


def test_pending_jobs_are_invisible_to_the_cyclic_gc():
    """A million waiting orders must not make every full GC walk a million jobs (p99 pauses)."""
    import gc

    def gc_walk() -> int:  # what a full collection visits: every referent of every tracked object
        gc.collect()
        return sum(len(gc.get_referents(o)) for o in gc.get_objects())

    s = Scheduler()
    before = gc_walk()
    for i in range(5000):
        s.at(100.0 + (i % 3), AutoMove("onfleet", f"o{i}", "created", 0, "assigned"))
    assert gc_walk() - before < 100
    assert len(s) == 5000 and [j.due for j in s.pending()[:2]] == [100.0, 100.0]


def test_a_failing_scheduled_job_is_logged_and_the_clock_moves_on(caplog):
    import asyncio

    from simulator.app import create_app
    from simulator.settings import Settings

    app = create_app(Settings(clock="manual", seed=1), fixtures={})
    engine = app.state.engine
    tenant = engine.tenants.get_or_create("t")
    tenant.scheduler.at(tenant.clock.now() + 1, VendorTimer("no-such-vendor", "x"))  # fails: KeyError
    ran = asyncio.run(engine.advance_clock(tenant, 5))
    assert ran == 1 and tenant.clock.now() == 1767225600 + 5
    assert "scheduled job failed" in caplog.text


def test_time_formats_round_instead_of_showing_float_noise():
    from simulator.engine.timefmt import iso_ms, iso_us

    assert iso_ms(1767225600.0) == "2026-01-01T00:00:00.000Z"
    assert iso_ms(1767225600.1 + 0.549) == "2026-01-01T00:00:00.649Z"  # 0.649 as a float sum is .64899...
    assert iso_ms(1767225600.9996) == "2026-01-01T00:00:01.000Z"
    assert iso_us(1767225600.25) == "2026-01-01T00:00:00.250000Z"


def test_an_index_keeps_its_ids_in_order_through_adds_removes_and_a_snapshot():
    store = OrderStore()
    for key, order_id in (("a", "1"), ("b", "2"), ("b", "3"), ("b", "2"), ("c", "4"), ("c", "5")):
        store.index_add("v", "k", key, order_id)
    store.index_remove("v", "k", "c", "4")
    store.index_remove("v", "k", "a", "9")  # not under that key: nothing changes
    assert [store.index_get("v", "k", key) for key in "abcz"] == [["1"], ["2", "3"], ["5"], []]
    store.index_remove("v", "k", "a", "1")
    store.index_add("v", "k", "c", "4")  # back in, now the newest
    assert store.index_get("v", "k", "a") == [] and store.index_get("v", "k", "c") == ["5", "4"]
    copy = OrderStore()
    copy.load([], msgspec.json.decode(msgspec.json.encode(store.export()), type=StoreSnapshot))
    assert [copy.index_get("v", "k", key) for key in "abc"] == [[], ["2", "3"], ["5", "4"]]
    copy.index_add("v", "k", "b", "6")
    assert copy.index_get("v", "k", "b") == ["2", "3", "6"]


def test_dropping_a_long_chain_of_jobs_due_at_once_does_not_crash():
    """300k jobs at one instant (orders created on a manual clock, then the tenant reset): freed
    recursively, the chain overflowed the C stack and killed the process (a segfault)."""
    s = Scheduler()
    payload = RetryDelivery("d")
    for _ in range(300_000):
        s.at(10, payload)
    s.at(20, payload)
    del s
    kept = Scheduler()
    kept.at(10, payload)
    assert kept.pop_due(10) is not None and kept.pop_due(10) is None
