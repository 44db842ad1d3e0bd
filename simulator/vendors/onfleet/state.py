"""What Onfleet keeps per tenant: registered webhooks (by id, and their ids by trigger for fan-out)
and the tenant's organisations (plain data, so a snapshot holds it); and how it reads the tenant's
config."""

from __future__ import annotations

import msgspec

from simulator.engine import Tenant
from simulator.fixtures.schema import OnfleetConfig
from simulator.vendors.onfleet.schemas import Webhook

VENDOR = "onfleet"


class Orgs(msgspec.Struct):
    """A tenant's organisations: its client orgs (id -> name) and the courier that executes their orders."""

    clients: dict[str, str]
    courier: str
    courier_name: str


class OnfleetState(msgspec.Struct):
    hooks: dict[str, Webhook] = {}
    hook_ids_by_trigger: dict[int, list[str]] = {}
    orgs: Orgs | None = None  # built from the fixtures on first use


def state_of(tenant: Tenant) -> OnfleetState:
    return tenant.state(VENDOR, OnfleetState)


NO_CONFIG = OnfleetConfig()


def config_of(tenant: Tenant) -> OnfleetConfig:
    """The tenant's `vendors.onfleet` (fixtures, PUT /_sim/vendors/onfleet/config)."""
    return tenant.config.onfleet or NO_CONFIG
