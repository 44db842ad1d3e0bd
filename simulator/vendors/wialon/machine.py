"""Wialon order statuses `s` as a machine, mapped onto the canonical milestones.

    inactive (s=0, no unit) -> active (s=1, unit assigned) -> in_area (s=5, unit in the order area)
      -> completed_on_time (s=2) | completed_late (s=3);  any open status -> rejected (s=4)

The clock moves an assigned order into its area and then completes it, on time or late against
`tt`. Moving to history (`register`) is not a status: the order keeps its `s` (see orders.py)."""

from simulator.engine import Machine

S = {"inactive": 0, "active": 1, "completed_on_time": 2, "completed_late": 3, "rejected": 4, "in_area": 5}
COMPLETED = frozenset({"completed_on_time", "completed_late"})
OPEN = frozenset({"inactive", "active", "in_area"})

MACHINE = Machine(
    vendor="wialon",
    initial="inactive",
    states={"inactive": "awaiting_payment", "active": "dispatched", "in_area": "picked_up",
            "completed_on_time": "delivered", "completed_late": "delivered", "rejected": "rejected"},
    transitions={
        # happy path first: the control plane walks the first legal path
        "inactive": ("active", "rejected"),
        "active": ("in_area", "completed_on_time", "completed_late", "inactive", "rejected"),
        "in_area": ("completed_on_time", "completed_late", "active", "inactive", "rejected"),
    },
)

# status flags `sf` and internal flags `if`
SF_REJECTED, SF_CONFIRMED = 0x100, 0x200
