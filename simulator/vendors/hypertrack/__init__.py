"""HyperTrack Orders v3: batch and track creation, per-order actions, list, custom events,
order webhooks. What is emulated and every assumption: docs/hypertrack.md."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from simulator.engine import Engine, OrderEvent, OrderRecord, Tenant, VendorTimer
from simulator.http.tokens import BearerTokens
from simulator.vendors.base import Vendor
from simulator.vendors.hypertrack import errors, lifecycle, render, webhooks
from simulator.vendors.hypertrack.machine import DISPATCH_S, LIVE, MACHINE, PLANNING_S, START_S
from simulator.vendors.hypertrack.routes import ROUTES
from simulator.vendors.hypertrack.schemas import Entry
from simulator.vendors.hypertrack.state import HyperTrackState, tokens_of
from simulator.vendors.hypertrack.store import VENDOR, move_status

# Webhook values per engine event (HyperTrack sends none for creation or planning).
_ON_ENTER = {"assigned": ("assigned",), "ongoing": ("started",), "completed": ("completed",),
             "cancelled": ("cancelled",), "disabled": ("disabled",)}
_ON_CREATE = {"assigned": ("assigned",), "ongoing": ("assigned", "started")}
_ON_TOUCH = {"updated": ("updated",), "reassigned": ("assigned",), "arrived": ("arrived",)}


class HyperTrack(Vendor):
    name = VENDOR
    machine = MACHINE
    body_type = Entry
    webhook_policy = webhooks.POLICY
    state_type = HyperTrackState

    def __init__(self) -> None:
        self.tokens: BearerTokens = BearerTokens(tokens_of)  # OAuth access tokens, per app

    def restored(self, engine: Engine, tenant: Tenant) -> None:
        self.tokens.adopt(tenant)

    def routes(self) -> list:
        return ROUTES

    def error(self, status: int, message: str) -> Response:
        return errors.http_error(status, message or errors.REASONS.get(status, "Error"))

    def render(self, tenant: Tenant, record: OrderRecord) -> Any:
        return render.detail(record.body, tenant.clock.now())

    def on_transition(self, engine: Engine, tenant: Tenant, record: OrderRecord, previous: str) -> None:
        move_status(tenant, record, previous)
        lifecycle.enter(tenant, record.id, record.body, record.state, previous, tenant.clock.now())
        if record.state == "ongoing":
            lifecycle.expect_arrival(engine, tenant, record)

    def on_event(self, engine: Engine, tenant: Tenant, event: OrderEvent, record: OrderRecord | None) -> None:
        if record is None:
            return
        if event.kind == "created":
            values = _ON_CREATE.get(event.state, ())
        elif event.kind == "transition":
            values = ("enabled",) if event.previous_state == "disabled" and event.state in LIVE \
                else _ON_ENTER.get(event.state, ())
        else:
            values = _ON_TOUCH.get(event.kind, ())
        for value in values:
            webhooks.send(engine, tenant, record.id, record.body, value)

    def auto_next(self, tenant: Tenant, record: OrderRecord) -> tuple[str, float] | None:
        entry, state = record.body, record.state
        if state == "unplanned" and entry.order.plan_mode in ("on_demand", "scheduled"):
            return "planned", PLANNING_S
        if state == "planned":
            return "assigned", DISPATCH_S
        if state == "assigned":
            return "ongoing", START_S
        if state == "ongoing" and entry.trip is not None:
            arrival = entry.arrived_ts or entry.trip.started + entry.trip.seconds
            return "completed", max(1.0, arrival + lifecycle.service_seconds(entry) - record.updated_at)
        return None

    async def on_job(self, engine: Engine, tenant: Tenant, timer: VendorTimer) -> None:
        record = tenant.orders.get(VENDOR, timer.order_id) if timer.order_id is not None else None
        if timer.action == "arrive" and record is not None and record.state == "ongoing" and record.body.arrived_ts is None:
            lifecycle.arrive(record.body, tenant.clock.now())
            engine.touch(tenant, record, "arrived")


VENDOR_CLASS = HyperTrack  # discovered by simulator.vendors.discover (VENDOR, in the submodules, is the name)
