"""How a status change shows in the order body, and when the clock makes the next one."""

from __future__ import annotations

from simulator.engine import Engine, OrderRecord, Tenant
from simulator.vendors.wialon.catalog import catalog
from simulator.vendors.wialon.machine import COMPLETED, SF_REJECTED, S
from simulator.vendors.wialon.schemas import Stored


def on_transition(engine: Engine, tenant: Tenant, record: OrderRecord, previous: str) -> None:
    body = record.body
    order = body.order
    now = tenant.clock.now()
    body.status_at = now
    order.s, order.st = S[record.state], int(now)
    if record.state == "active" and order.u == 0:
        # only the control plane activates an order without a unit: give it the first unit
        order.u = next(iter(catalog(tenant).units))
    elif record.state == "inactive":
        order.u = 0
    elif record.state == "in_area":
        order.stt = int(now)
    elif record.state in COMPLETED:
        order.dtt = int(now)
    elif record.state == "rejected":
        order.sf |= SF_REJECTED


def completion_state(body: Stored, done_at: float) -> str:
    tt = body.order.tt
    return "completed_late" if tt and done_at > tt else "completed_on_time"


def auto_next(record: OrderRecord) -> tuple[str, float] | None:
    """Timers run from the status change (`status_at`), so editing an order does not restart them.
    `record.updated_at` is "now" whenever the engine asks (create, transition, touch+reschedule)."""
    body = record.body
    if body.history_at is not None:
        return None
    if record.state == "active":
        return "in_area", max(0.0, body.status_at + body.to_area - record.updated_at)
    if record.state == "in_area":
        done_at = body.status_at + (body.order.p.ut or body.in_area)
        return completion_state(body, done_at), max(0.0, done_at - record.updated_at)
    return None
