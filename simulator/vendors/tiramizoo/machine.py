"""Tiramizoo order states: they are the canonical milestones, one to one.
Automatic delays are short so a demo order (clock scaled x5, `make run`) is delivered in about a minute."""

from simulator.engine import Machine

STATES = ("awaiting_payment", "payment_failed", "dispatched", "picked_up", "delivered",
          "pickup_unreachable", "delivery_unreachable", "cancelled")

MACHINE = Machine(
    vendor="tiramizoo",
    initial="awaiting_payment",
    states={s: s for s in STATES},
    transitions={
        "awaiting_payment": ("dispatched", "payment_failed", "cancelled"),
        "dispatched": ("picked_up", "pickup_unreachable", "cancelled"),
        "picked_up": ("delivered", "delivery_unreachable"),
    },
    auto={
        "awaiting_payment": ("dispatched", 30.0),
        "dispatched": ("picked_up", 120.0),
        "picked_up": ("delivered", 150.0),
    },
)

# Cancel (PUT {"state":"cancelled"}) is refused once the courier has the goods.
CANCELLABLE = frozenset({"awaiting_payment", "dispatched"})
