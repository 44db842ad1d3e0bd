"""Onfleet API v2, Orders (taskOrders) with their tasks, webhooks and rate limit.
What is emulated and every assumption: docs/onfleet.md."""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.responses import Response

from simulator.engine import Engine, OrderEvent, OrderRecord, Tenant
from simulator.vendors.base import Vendor
from simulator.vendors.onfleet import errors, ids, render, webhooks
from simulator.vendors.onfleet.machine import MACHINE, TASK_STATES
from simulator.vendors.onfleet.routes import ROUTES
from simulator.vendors.onfleet.schemas import Order, Task
from simulator.vendors.onfleet.state import OnfleetState, config_of, state_of

FAILED = {"pickup_failed": "pickup", "dropoff_failed": "dropoff"}


class Onfleet(Vendor):
    name = "onfleet"
    machine = MACHINE
    body_type = Order
    webhook_policy = webhooks.POLICY
    state_type = OnfleetState

    def routes(self) -> list:
        return ROUTES

    def error(self, status: int, message: str) -> Response:
        """Routing 404/405, 413, injected faults and 500s: Onfleet's message, ours as the cause."""
        return errors.envelope(status, None, cause=message)

    def render(self, tenant: Tenant, record: OrderRecord) -> Any:
        return render.order(record.body)

    def effective_config(self, tenant: Tenant) -> msgspec.Struct:
        """With the webhook secret filled in when unset, so the control plane shows the one in use
        (Onfleet's dashboard shows it too)."""
        return msgspec.structs.replace(config_of(tenant), webhook_secret=webhooks.webhook_secret(tenant))

    def auto_next(self, tenant: Tenant, record: OrderRecord) -> tuple[str, float] | None:
        """The machine's delay, but a task does not start before its completeAfter."""
        nxt = self.machine.auto.get(record.state)
        if nxt is None:
            return None
        to_state, delay = nxt
        order: Order = record.body
        task = {"pickup_started": order.pickup, "dropoff_started": order.dropoff}.get(to_state)
        if task is not None and task.complete_after is not None:
            delay = max(delay, task.complete_after / 1000 - record.updated_at)
        return to_state, delay

    def on_transition(self, engine: Engine, tenant: Tenant, record: OrderRecord, previous: str) -> None:
        order: Order = record.body
        now = ids.ms(tenant.clock.now())
        states = TASK_STATES.get(record.state)
        if states is None:  # cancelled / rejected: the tasks are deleted, nothing on them changes
            record.body = msgspec.structs.replace(order, time_modified=now)
            return
        failed = FAILED.get(record.state)
        pickup = self._move(order.pickup, states[0], order.executor, now, failed == "pickup")
        dropoff = self._move(order.dropoff, states[1], order.executor, now, failed == "dropoff")
        record.body = msgspec.structs.replace(order, pickup=pickup, dropoff=dropoff, time_modified=now)

    @staticmethod
    def _move(task: Task, state: int, courier: str, now: int, failed: bool) -> Task:
        if task.state == state:
            return task
        changes: dict = {"state": state, "time_modified": now}
        if state >= 1 and task.worker is None:
            changes["worker"] = ids.derived_id("worker", courier)  # the courier's one simulated worker
        if state == 2:
            changes["start_time"] = now
        if state == 3:
            changes.update(completion_time=now, success=not failed, failure_reason="OTHER" if failed else "NONE")
        return msgspec.structs.replace(task, **changes)

    def on_event(self, engine: Engine, tenant: Tenant, event: OrderEvent, record: OrderRecord | None) -> None:
        if state_of(tenant).hook_ids_by_trigger:
            webhooks.on_event(engine, tenant, event, record)


VENDOR_CLASS = Onfleet  # discovered by simulator.vendors.discover (VENDOR, in the submodules, is the name)
