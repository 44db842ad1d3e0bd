"""Hypothesis: vendor calls of all five vendors, clock moves and control-plane moves, interleaved
with snapshots restored into a fresh app. From a restore on, the original and its copy are driven
the same way; neither the vendor APIs, nor /_sim/orders, nor the webhook log may ever differ."""

from __future__ import annotations

import copy

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from simulator.engine.lifecycle import MILESTONES
from tests.snapshot.world import VENDORS, World, restored_copy
from tests.support import SyncApp


class SnapshotRoundTrip(RuleBasedStateMachine):
    @initialize()
    def start(self) -> None:
        self.original = SyncApp(rate_limit=False)
        self.world = World()
        self.world.setup(self.original)
        self.copy: SyncApp | None = None  # the restored app, once there is one
        self.copy_world: World | None = None

    def teardown(self) -> None:
        for app in (getattr(self, "original", None), getattr(self, "copy", None)):
            if app is not None:
                app.close()

    def _both(self):
        yield self.original, self.world
        if self.copy is not None:
            yield self.copy, self.copy_world

    @rule(vendor=st.sampled_from(VENDORS))
    def create(self, vendor: str) -> None:
        answers = [world.create(app, vendor) for app, world in self._both()]
        assert all(a == answers[0] for a in answers)

    @rule(vendor=st.sampled_from(VENDORS), seconds=st.sampled_from([1, 15, 45, 300, 3600]))
    def advance(self, vendor: str, seconds: int) -> None:
        for app, world in self._both():
            world.advance(app, vendor, seconds)

    @precondition(lambda self: any(getattr(self, "world", World()).refs.values()))
    @rule(data=st.data(), to=st.sampled_from(MILESTONES + ("cancelled",)))
    def move(self, data, to: str) -> None:
        vendor = data.draw(st.sampled_from([v for v in VENDORS if self.world.refs[v]]))
        ref = data.draw(st.sampled_from(self.world.refs[vendor]))
        statuses = [world.move(app, vendor, ref, to) for app, world in self._both()]
        assert all(s == statuses[0] for s in statuses)

    @rule()
    def snapshot_and_restore(self) -> None:
        """The copy becomes the original, and a new copy is restored from it."""
        if self.copy is not None:
            self.original.close()
            self.original, self.world = self.copy, self.copy_world
        self.copy = restored_copy(self.original)
        self.copy_world = copy.deepcopy(self.world)

    @invariant()
    def the_copy_sees_what_the_original_sees(self) -> None:
        if getattr(self, "copy", None) is not None:
            assert self.copy_world.observe(self.copy) == self.world.observe(self.original)


SnapshotRoundTrip.TestCase.settings = settings(max_examples=3, stateful_step_count=10, deadline=None)  # a few minutes otherwise
TestSnapshotRoundTrip = SnapshotRoundTrip.TestCase
