"""Wialon Logistics (Remote API): orders inside resources via `order/update` over ajax.html,
token login and sessions, read-back by item search and order history, `avl_evts` updates.
What is emulated and every assumption: docs/wialon.md."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from simulator.engine import Engine, OrderEvent, OrderRecord, Tenant
from simulator.vendors.base import Vendor
from simulator.vendors.wialon import errors, events, lifecycle, routes
from simulator.vendors.wialon.machine import MACHINE
from simulator.vendors.wialon.schemas import Stored
from simulator.vendors.wialon.state import WialonState, state_of


class Wialon(Vendor):
    name = "wialon"
    machine = MACHINE
    body_type = Stored
    state_type = WialonState

    def __init__(self) -> None:
        self.sids: dict[str, str] = {}  # sid -> token, for every live session of this app

    def restored(self, engine: Engine, tenant: Tenant) -> None:
        for session in state_of(tenant).sessions.values():
            self.sids[session.sid] = session.token

    def routes(self) -> list:
        return routes.routes(self.sids)

    def error(self, status: int, message: str) -> Response:
        return errors.envelope(status, message)

    def render(self, tenant: Tenant, record: OrderRecord) -> Any:
        return record.body.order

    def on_transition(self, engine: Engine, tenant: Tenant, record: OrderRecord, previous: str) -> None:
        lifecycle.on_transition(engine, tenant, record, previous)

    def on_event(self, engine: Engine, tenant: Tenant, event: OrderEvent, record: OrderRecord | None) -> None:
        events.fan_out(engine, tenant, event, record)

    def auto_next(self, tenant: Tenant, record: OrderRecord) -> tuple[str, float] | None:
        return lifecycle.auto_next(record)


VENDOR_CLASS = Wialon  # discovered by simulator.vendors.discover (VENDOR, in the submodules, is the name)
