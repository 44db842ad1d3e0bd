"""What Pitney Bowes keeps per tenant beyond its orders (plain data, so a snapshot holds it), and
how it reads the tenant's config."""

from __future__ import annotations

import msgspec

from simulator.engine import Tenant
from simulator.fixtures.schema import PitneyBowesConfig
from simulator.http.tokens import IssuedToken

VENDOR = "pitneybowes"


class PitneyBowesState(msgspec.Struct):
    tokens: dict[str, IssuedToken] = {}  # access token -> whom it was issued to, until when
    deleted_count: int = 0  # soft-deleted orders still in the store (live count = stored - deleted)


def state_of(tenant: Tenant) -> PitneyBowesState:
    return tenant.state(VENDOR, PitneyBowesState)


def tokens_of(tenant: Tenant) -> dict[str, IssuedToken]:
    return state_of(tenant).tokens


NO_CONFIG = PitneyBowesConfig()


def config_of(tenant: Tenant) -> PitneyBowesConfig:
    """The tenant's `vendors.pitneybowes` (fixtures, PUT /_sim/vendors/pitneybowes/config)."""
    return tenant.config.pitneybowes or NO_CONFIG
