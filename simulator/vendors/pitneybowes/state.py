"""What Pitney Bowes keeps per tenant beyond its orders. Plain data, so a snapshot holds it."""

from __future__ import annotations

import msgspec

from simulator.engine import Tenant

VENDOR = "pitneybowes"


class PitneyBowesState(msgspec.Struct):
    deleted_count: int = 0  # soft-deleted orders still in the store (live count = stored - deleted)


def state_of(tenant: Tenant) -> PitneyBowesState:
    return tenant.state(VENDOR, PitneyBowesState)
