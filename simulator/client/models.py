"""What the control plane answers, as msgspec Structs. Where the server already has a Struct for a
record (a webhook delivery, a fault rule, a journal entry, the settings) the client decodes into that
same Struct, so the two never drift apart. Unknown fields are ignored, so a newer server that adds
fields still decodes."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from simulator.engine.webhooks import Attempt, Delivery
from simulator.http.faults import FaultRule
from simulator.http.journal import JournalEntry
from simulator.settings import Settings
from simulator.standard_webhooks import Subscription

__all__ = ["Attempt", "Clock", "ClockDefault", "Clocks", "Delivery", "FaultRule", "Health", "JournalEntry",
           "Order", "Settings", "Sink", "SinkRequest", "Subscription", "TenantInfo"]


class Health(msgspec.Struct):
    """GET /_sim/health."""

    status: str
    version: str
    vendors: list[str]
    counts: dict[str, int] = {}  # tenants, orders, deliveries held now
    limits: dict[str, int] = {}  # tenants, orders_per_tenant, deliveries_per_tenant (docs/bounds.md)


class Clock(msgspec.Struct):
    """One tenant's clock. `now` is simulated epoch seconds. `pending_jobs` comes with GET /_sim/clock,
    `jobs_run` with an advance; `tenant` is filled in wherever the answer is keyed by tenant."""

    mode: str  # realtime | scaled | manual
    speed: float
    now: float
    tenant: str | None = None
    pending_jobs: int | None = None
    jobs_run: int | None = None


class ClockDefault(msgspec.Struct):
    mode: str
    speed: float


class Clocks(msgspec.Struct):
    """GET /_sim/clock without a tenant: the default for new tenants and every tenant's clock."""

    default: ClockDefault
    tenants: dict[str, Clock]


class Order(msgspec.Struct):
    """A stored order as the control plane shows it: the vendor's own state word, the canonical
    milestone, and `order`, the body exactly as the vendor API renders it. `path` lists the states an
    advance walked through (empty elsewhere)."""

    vendor: str
    tenant: str
    id: str
    state: str
    milestone: str
    created_at: float
    updated_at: float
    version: int
    order: Any
    path: list[str] = []


class SinkRequest(msgspec.Struct):
    """One request a built-in sink received; `body` is the raw text (see `json()`)."""

    at: float
    method: str
    query: str
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


class Sink(msgspec.Struct):
    name: str
    count: int
    requests: list[SinkRequest]



class TenantInfo(msgspec.Struct):
    """A tenant (GET|PUT /_sim/tenants/{name}): `defined` by fixtures or a PUT (else it came into being
    with an open-mode credential), its clock, its listed credentials by vendor, its vendor config and
    how many orders, pending clock jobs and webhook deliveries it holds."""

    name: str
    defined: bool
    clock: Clock
    credentials: dict[str, list[dict[str, Any]]]
    vendors: dict[str, dict[str, Any]]
    orders: int
    pending_jobs: int
    deliveries: int
