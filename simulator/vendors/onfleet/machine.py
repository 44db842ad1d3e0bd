"""An Onfleet order is a pickup task and a dropoff task (task states 0 unassigned, 1 assigned, 2 active,
3 completed). The order's state names which task moved last; each maps onto a canonical milestone.

Automatic delays are short so a demo order (clock scaled x5) is delivered in a little over a minute;
a task never starts before its `completeAfter` (see Onfleet.auto_next)."""

from simulator.engine import Machine

MACHINE = Machine(
    vendor="onfleet",
    initial="unassigned",
    states={
        "unassigned": "awaiting_payment",     # both tasks state 0 ("created")
        "assigned": "dispatched",             # both tasks state 1, worker set
        "pickup_started": "dispatched",       # pickup task state 2
        "picked_up": "picked_up",             # pickup state 3, success
        "dropoff_started": "picked_up",       # dropoff state 2
        "delivered": "delivered",             # dropoff state 3, success
        "pickup_failed": "pickup_unreachable",    # pickup state 3, success false
        "dropoff_failed": "delivery_unreachable",  # dropoff state 3, success false
        "cancelled": "cancelled",             # POST /taskOrders/cancel: both tasks deleted
        "rejected": "rejected",               # POST /taskOrders/:id/reject (courier)
    },
    transitions={
        "unassigned": ("assigned", "cancelled", "rejected"),
        "assigned": ("pickup_started", "cancelled", "rejected"),
        "pickup_started": ("picked_up", "pickup_failed", "cancelled"),
        "picked_up": ("dropoff_started", "cancelled"),
        "dropoff_started": ("delivered", "dropoff_failed", "cancelled"),
    },
    auto={
        "unassigned": ("assigned", 30.0),
        "assigned": ("pickup_started", 60.0),
        "pickup_started": ("picked_up", 90.0),
        "picked_up": ("dropoff_started", 30.0),
        "dropoff_started": ("delivered", 150.0),
    },
)

# "Order/Task pairs cannot be updated once started or completed"; a courier rejects before the start too.
NOT_STARTED = frozenset({"unassigned", "assigned"})
# Orders gone from the API (their tasks were deleted).
REMOVED = frozenset({"cancelled", "rejected"})
# "Completed Orders cannot be deleted/cancelled": any end other than removal.
COMPLETED = frozenset({"delivered", "pickup_failed", "dropoff_failed"})

# (pickup task state, dropoff task state) for each order state.
TASK_STATES = {
    "unassigned": (0, 0), "assigned": (1, 1), "pickup_started": (2, 1), "picked_up": (3, 1),
    "dropoff_started": (3, 2), "delivered": (3, 3), "pickup_failed": (3, 1), "dropoff_failed": (3, 3),
}
