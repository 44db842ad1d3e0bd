"""The PB order lifecycle. The vendor's workflow status has four values (UNFULFILLED, ONHOLD,
FULFILLED, CANCELED); what happens to the parcel after fulfilment is shipping progress, which the
API shows in `orderShippingInfo.shipmentStatus`, never as a workflow status. Engine states after
fulfilment are therefore named `FULFILLED:<shipment status>`: the part before the colon is what
`orderInfo.status` says."""

from simulator.engine import Machine

WORKFLOW_STATUSES = ("UNFULFILLED", "ONHOLD", "FULFILLED", "CANCELED")

# engine state -> (canonical milestone, shipmentStatus shown in orderShippingInfo or None)
STATES = {
    "UNFULFILLED": ("awaiting_payment", None),  # accepted, not yet fulfilled (no payment step in PB)
    "ONHOLD": ("awaiting_payment", None),
    "FULFILLED": ("dispatched", "AWAITING_PICKUP"),
    "FULFILLED:IN_TRANSIT": ("picked_up", "IN_TRANSIT"),
    "FULFILLED:DELIVERED": ("delivered", "DELIVERED"),
    "FULFILLED:PICKUP_EXCEPTION": ("pickup_unreachable", "PICKUP_EXCEPTION"),
    "FULFILLED:DELIVERY_EXCEPTION": ("delivery_unreachable", "DELIVERY_EXCEPTION"),
    "CANCELED": ("cancelled", None),
}

# Automatic moves (simulated seconds). A tenant may override them with
# vendors.pitneybowes.delays = {"UNFULFILLED": 60, "FULFILLED": null, ...} (null: never).
DEFAULT_DELAYS = {"UNFULFILLED": 300.0, "FULFILLED": 600.0, "FULFILLED:IN_TRANSIT": 1800.0}

MACHINE = Machine(
    vendor="pitneybowes",
    initial="UNFULFILLED",
    states={state: milestone for state, (milestone, _) in STATES.items()},
    transitions={
        "UNFULFILLED": ("FULFILLED", "ONHOLD", "CANCELED"),
        "ONHOLD": ("FULFILLED", "UNFULFILLED", "CANCELED"),
        "FULFILLED": ("FULFILLED:IN_TRANSIT", "FULFILLED:PICKUP_EXCEPTION"),
        "FULFILLED:IN_TRANSIT": ("FULFILLED:DELIVERED", "FULFILLED:DELIVERY_EXCEPTION"),
    },
    auto={
        "UNFULFILLED": ("FULFILLED", DEFAULT_DELAYS["UNFULFILLED"]),
        "FULFILLED": ("FULFILLED:IN_TRANSIT", DEFAULT_DELAYS["FULFILLED"]),
        "FULFILLED:IN_TRANSIT": ("FULFILLED:DELIVERED", DEFAULT_DELAYS["FULFILLED:IN_TRANSIT"]),
    },
)


def workflow_status(state: str) -> str:
    return state.partition(":")[0]


def shipment_status(state: str) -> str | None:
    return STATES[state][1]
