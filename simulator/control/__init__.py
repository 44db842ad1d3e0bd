"""The control plane under /_sim: JSON in, JSON out. One module per concern; this file only
assembles their routes. Handlers share `Control` (control/base.py): the engine, the journal, the
faults and the lookups by tenant, vendor and order."""

from __future__ import annotations

from simulator.control import (
    clock,
    contracts,
    dashboard,
    faults,
    health,
    journal,
    orders,
    settings,
    snapshot,
    subscription_routes,
    tenants,
    vendor_config,
    webhooks,
)
from simulator.control.base import Control
from simulator.http.routing import Route

CONCERNS = (health, dashboard, clock, orders, webhooks, subscription_routes, journal, faults, settings, vendor_config,
            tenants, snapshot)


class ControlPlane(Control):
    def routes(self) -> list[Route]:
        out: list[Route] = []
        for concern in CONCERNS:
            out += concern.routes(self)
        out += self.sinks.routes()
        out += contracts.routes(self, served=out)  # extends `out` in place: the documents see every route
        return out
