"""Tiramizoo API v1, quote era (2012): quotes, orders, list, cancel, web hooks.
What is emulated and every assumption: docs/tiramizoo.md."""

from __future__ import annotations

from starlette.responses import Response

from simulator.engine import Engine, OrderEvent, OrderRecord, Tenant
from simulator.vendors.base import Vendor
from simulator.vendors.tiramizoo import errors, webhooks
from simulator.vendors.tiramizoo.machine import MACHINE
from simulator.vendors.tiramizoo.routes import ROUTES, kept_quotes
from simulator.vendors.tiramizoo.schemas import Order


class Tiramizoo(Vendor):
    name = "tiramizoo"
    machine = MACHINE
    body_type = Order
    webhook_policy = webhooks.POLICY

    def routes(self) -> list:
        return ROUTES

    def error(self, status: int, message: str) -> Response:
        return errors.envelope(status, message)

    def on_transition(self, engine: Engine, tenant: Tenant, record: OrderRecord, previous: str) -> None:
        record.body.state = record.state

    def restored(self, engine: Engine, tenant: Tenant) -> None:
        """Restored quotes view the snapshot document (pinning all of it): keep each once instead."""
        kept = kept_quotes(tenant)
        for record in tenant.orders.oldest_first(self.name):
            record.body.quote = kept.keep(record.body.quote)

    def on_event(self, engine: Engine, tenant: Tenant, event: OrderEvent, record: OrderRecord | None) -> None:
        webhooks.on_event(engine, tenant, event, record)


VENDOR_CLASS = Tiramizoo  # discovered by simulator.vendors.discover (VENDOR, in the submodules, is the name)
