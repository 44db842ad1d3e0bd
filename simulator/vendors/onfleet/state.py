"""What Onfleet keeps per tenant: registered webhooks (by id, and their ids by trigger for fan-out)
and the tenant's organisations. Plain data, so a snapshot holds it."""

from __future__ import annotations

import msgspec

from simulator.engine import Tenant
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
