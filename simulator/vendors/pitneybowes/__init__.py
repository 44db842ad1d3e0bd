"""Pitney Bowes SendPro 360 / Shipping 360 Order Management API v1.0.0: OAuth tokens, orders,
partial updates, bulk status, items, search, tags. What is emulated and every assumption:
docs/pitneybowes.md. PB documents no webhooks for this API: order events reach
/_sim/subscriptions and the SSE stream through the engine's event bus."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from simulator.engine import Engine, OrderRecord, Tenant
from simulator.http.tokens import BearerTokens
from simulator.vendors.base import Vendor
from simulator.vendors.pitneybowes import errors, render
from simulator.vendors.pitneybowes.machine import MACHINE, shipment_status, workflow_status
from simulator.vendors.pitneybowes.routes import ROUTES
from simulator.vendors.pitneybowes.schemas import Order
from simulator.vendors.pitneybowes.state import PitneyBowesState, config_of, tokens_of


class PitneyBowes(Vendor):
    name = "pitneybowes"
    machine = MACHINE
    body_type = Order
    state_type = PitneyBowesState

    def __init__(self) -> None:
        self.tokens: BearerTokens = BearerTokens(tokens_of)  # per app

    def restored(self, engine: Engine, tenant: Tenant) -> None:
        self.tokens.adopt(tenant)

    def routes(self) -> list:
        return ROUTES

    def error(self, status: int, message: str) -> Response:
        return errors.envelope(status, message)

    def render(self, tenant: Tenant, record: OrderRecord) -> Any:
        return render.details(record)

    def on_transition(self, engine: Engine, tenant: Tenant, record: OrderRecord, previous: str) -> None:
        order = record.body
        if shipment_status(record.state) != shipment_status(previous):
            order.shipment_at = tenant.clock.now()
        before, after = workflow_status(previous), workflow_status(record.state)
        if before != after and not order.deleted:
            tenant.orders.index_remove(self.name, "status", before, record.id)
            tenant.orders.index_add(self.name, "status", after, record.id)

    def auto_next(self, tenant: Tenant, record: OrderRecord) -> tuple[str, float] | None:
        """The machine's moves, minus deleted orders, with the tenant's `delays` override
        (vendors.pitneybowes.delays: {"<state>": seconds or null}). ONHOLD has no move: it pauses."""
        if record.body.deleted:
            return None
        move = self.machine.auto.get(record.state)
        if move is None:
            return move
        delays = config_of(tenant).delays
        if record.state not in delays:
            return move
        delay = delays[record.state]
        return None if delay is None else (move[0], delay)


VENDOR_CLASS = PitneyBowes  # discovered by simulator.vendors.discover (VENDOR, in the submodules, is the name)
