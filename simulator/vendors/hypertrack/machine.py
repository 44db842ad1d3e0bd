"""HyperTrack order statuses on the canonical milestones.

unplanned/planned ≈ awaiting dispatch, assigned ≈ dispatched, ongoing ≈ picked_up (en route),
completed ≈ delivered. `disabled` (excluded from route ETAs until `enable`) is held on its route,
so it counts as dispatched. Complete and cancel are legal from every live status; disable from
every live status; enable returns to the status the order had before it was disabled.
"""

from __future__ import annotations

from simulator.engine import Machine

LIVE = ("unplanned", "planned", "assigned", "ongoing", "disabled")
TERMINAL = frozenset({"completed", "cancelled"})
DISPATCHED = frozenset({"assigned", "ongoing", "disabled"})

# The happy path plus cancel: what the control plane walks for `advance {"to": ...}`, so that
# advancing an assigned order to "delivered" passes through ongoing rather than jumping.
ROUTINE = {
    "unplanned": ("planned", "assigned", "cancelled"),
    "planned": ("assigned", "cancelled"),
    "assigned": ("ongoing", "cancelled"),
    "ongoing": ("completed", "cancelled"),
    "disabled": ("ongoing", "cancelled"),
}

TRANSITIONS = {
    "unplanned": ("planned", "assigned", "cancelled", "completed", "disabled"),
    "planned": ("assigned", "cancelled", "completed", "disabled", "unplanned"),
    "assigned": ("ongoing", "cancelled", "completed", "disabled"),
    "ongoing": ("completed", "cancelled", "disabled"),
    "disabled": ("ongoing", "assigned", "planned", "unplanned", "cancelled", "completed"),
}


STATES = {"unplanned": "awaiting_payment", "planned": "awaiting_payment", "assigned": "dispatched",
          "ongoing": "picked_up", "completed": "delivered", "cancelled": "cancelled", "disabled": "dispatched"}
_ROUTINE = Machine(vendor="hypertrack", initial="unplanned", states=STATES, transitions=ROUTINE)


class HyperTrackMachine(Machine):
    def path(self, current: str, target: str) -> list[str] | None:
        found = _ROUTINE.path(current, target)
        return found if found is not None else super().path(current, target)


MACHINE = HyperTrackMachine(vendor="hypertrack", initial="unplanned", states=STATES, transitions=TRANSITIONS)

# Simulated durations (seconds). Planning and start are short so a demo moves along; the trip
# itself comes from the generated route (see geo.py).
PLANNING_S = 30.0  # on_demand / scheduled: unplanned -> planned
DISPATCH_S = 30.0  # planned -> assigned to a worker
START_S = 60.0  # assigned -> ongoing (the worker starts the route)
