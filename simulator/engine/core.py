"""The Engine: orders move through vendor machines on tenant clocks and emit events.

Vendors plug in through the small `VendorHooks` protocol; the engine never imports one.
"""

from __future__ import annotations

import asyncio
import heapq
import hmac
import logging
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol

import msgspec

from simulator.engine.events import DeliveryEvent, EventBus, OrderEvent, StreamEvent, TenantEvent
from simulator.engine.lifecycle import ALL_MILESTONES, IllegalTransition, Machine
from simulator.engine.limits import StorageFull
from simulator.engine.scheduler import AutoMove, Job, RetryDelivery, VendorTimer
from simulator.engine.store import HISTORY_LIMIT, OrderRecord, Step
from simulator.engine.tenants import Tenant, Tenants
from simulator.engine.webhooks import Delivery, Outbox, RetryPolicy
from simulator.fixtures.load import parse_vendor_config
from simulator.fixtures.schema import TenantFixture

log = logging.getLogger("ordersim.engine")


class VendorHooks(Protocol):
    name: str
    machine: Machine
    body_type: type  # what it stores as OrderRecord.body (a msgspec Struct: snapshots decode it)
    webhook_policy: RetryPolicy | None  # how its webhooks are retried (None: it sends none)
    state_type: type[msgspec.Struct] | None  # what it keeps per tenant (None: nothing)

    def on_transition(self, engine: Engine, tenant: Tenant, record: OrderRecord, previous: str) -> None: ...
    def on_event(self, engine: Engine, tenant: Tenant, event: OrderEvent, record: OrderRecord | None) -> None: ...
    def auto_next(self, tenant: Tenant, record: OrderRecord) -> tuple[str, float] | None: ...
    def render(self, tenant: Tenant, record: OrderRecord) -> Any: ...
    def effective_config(self, tenant: Tenant) -> msgspec.Struct | None: ...
    async def on_job(self, engine: Engine, tenant: Tenant, timer: VendorTimer) -> None: ...
    def restored(self, engine: Engine, tenant: Tenant) -> None: ...


def order_position(record: OrderRecord) -> tuple[float, str, int]:
    """Where an order stands in every list: simulated creation time, tenant, creation within the tenant."""
    return (record.created_at, record.tenant, record.seq)


def delivery_position(delivery: Delivery) -> int:
    return delivery.seq


class Engine:
    def __init__(self, tenants: Tenants, outbox: Outbox, vendors: Mapping[str, VendorHooks]) -> None:
        self.tenants = tenants
        self.outbox = outbox
        self.vendors = vendors
        self.bus = EventBus()
        for hooks in vendors.values():
            if hooks.webhook_policy is not None:
                outbox.register(hooks.webhook_policy)
        outbox.on_change = self._delivery_changed

    # -- orders ------------------------------------------------------------------------
    def keep_tenant(self, tenant: Tenant) -> Tenant:
        """Call before storing anything in a tenant other than through create_order or schedule (an
        OAuth token, a session, a webhook registration): a tenant that holds nothing is not kept, so
        a credential that only reads costs nothing. StorageFull (the vendor's 507) at --max-tenants."""
        return self.tenants.keep(tenant)

    def accepts_secret(self, tenant: Tenant, vendor: str, credential: str, secret: str) -> bool:
        """Does this id accept this secret? A secret the fixtures list for it, else (open mode) the
        first secret ever used with it in this tenant, until the tenant is reset: so another
        account's id alone, with any wrong secret, reads nothing of it."""
        listed = self.tenants.credential_info(vendor, credential)
        if listed is not None and listed.secret is not None:
            return hmac.compare_digest(listed.secret.encode(), secret.encode())
        first = tenant.secrets.setdefault((vendor, credential), secret)
        return hmac.compare_digest(first.encode(), secret.encode())

    def usage(self) -> dict[str, int]:
        """What the simulator holds against its bounds (GET /_sim/health): tenants kept, orders
        stored and webhook deliveries in the log, over every tenant."""
        tenants = self.tenants.all()
        return {"tenants": len(tenants), "orders": sum(t.orders.total() for t in tenants),
                "deliveries": sum(len(t.deliveries) for t in tenants)}

    def ensure_room(self, tenant: Tenant, orders: int = 1) -> None:
        """StorageFull unless the tenant can store `orders` more (--max-orders per tenant): call it
        before a batch create, so a batch is stored whole or not at all."""
        self.tenants.keep(tenant)
        stored, cap = tenant.orders.total(), self.tenants.limits.max_orders
        if stored + orders > cap:
            raise StorageFull(f"tenant {tenant.name!r} holds {stored} orders, its limit (--max-orders) is {cap}: "
                              "reset it or delete orders to make room")

    def create_order(self, tenant: Tenant, vendor: str, order_id: str, body: Any,
                     state: str | None = None, data: dict | None = None) -> OrderRecord:
        self.ensure_room(tenant)
        machine = self.vendors[vendor].machine
        state = state or machine.initial
        now = tenant.clock.now()
        record = OrderRecord(vendor=vendor, tenant=tenant.name, id=order_id, state=state,
                             milestone=machine.milestone(state), body=body, created_at=now, updated_at=now)
        tenant.orders.put(record)
        self._emit(tenant, record, "created", None, data)
        self._schedule_auto(tenant, record)
        return record

    def get(self, tenant: Tenant, vendor: str, order_id: str) -> OrderRecord | None:
        return tenant.orders.get(vendor, order_id)

    def orders(self, tenants: list[Tenant], vendors: list[str], newest: bool = False) -> Iterator[OrderRecord]:
        """Orders of these tenants and vendors in one order: by simulated creation time, then tenant,
        then creation within the tenant (a tenant's orders are already in that order, so this merges)."""
        streams = [t.orders.newest_first(v) if newest else t.orders.oldest_first(v) for t in tenants for v in vendors]
        return heapq.merge(*streams, key=order_position, reverse=newest)

    def count_orders(self, tenants: list[Tenant], vendors: list[str]) -> int:
        return sum(t.orders.count(v) for t in tenants for v in vendors)

    def deliveries(self, tenants: list[Tenant], newest: bool = False) -> Iterator[Delivery]:
        """The delivery log of these tenants in the order deliveries were queued."""
        streams = [reversed(t.deliveries) if newest else iter(t.deliveries) for t in tenants]
        return heapq.merge(*streams, key=delivery_position, reverse=newest)

    def transition(self, tenant: Tenant, record: OrderRecord, to_state: str, data: dict | None = None) -> None:
        """One legal move; the vendor updates its body, then the event goes out."""
        hooks = self.vendors[record.vendor]
        if not hooks.machine.can(record.state, to_state):
            raise IllegalTransition(record.vendor, record.state, to_state)
        previous = record.state
        record.state = to_state
        record.milestone = hooks.machine.milestone(to_state)
        record.updated_at = tenant.clock.now()
        record.version += 1
        record.steps += 1
        self._remember(record, previous, (data or {}).get("cause"))
        hooks.on_transition(self, tenant, record, previous)
        self._emit(tenant, record, "transition", previous, data)
        self._schedule_auto(tenant, record)

    def advance_order(self, tenant: Tenant, record: OrderRecord, target: str, cause: str = "control") -> list[str]:
        """Walk the legal path to a vendor state or milestone, emitting every step."""
        path = self.vendors[record.vendor].machine.path(record.state, target)
        if path is None:
            raise IllegalTransition(record.vendor, record.state, target)
        for state in path:
            self.transition(tenant, record, state, {"cause": cause})
        return path

    def touch(self, tenant: Tenant, record: OrderRecord, kind: str = "updated", data: dict | None = None) -> None:
        """The vendor changed the body without a state change; tell listeners."""
        record.updated_at = tenant.clock.now()
        record.version += 1
        self._emit(tenant, record, kind, record.state, data)

    def reschedule(self, tenant: Tenant, record: OrderRecord) -> None:
        """Re-evaluate the record's automatic move (after a vendor changed what auto_next says)."""
        record.steps += 1
        self._schedule_auto(tenant, record)

    def delete(self, tenant: Tenant, record: OrderRecord, data: dict | None = None) -> None:
        tenant.orders.delete(record.vendor, record.id)
        record.steps += 1
        self._emit(tenant, record, "deleted", record.state, data)

    def schedule(self, tenant: Tenant, delay: float, timer: VendorTimer) -> Job:
        """A vendor's own timer: its `on_job(timer)` runs when the tenant clock reaches it."""
        self.tenants.keep(tenant)
        return tenant.scheduler.at(tenant.clock.now() + delay, timer)

    # -- clock -------------------------------------------------------------------------
    def describe_clock(self, tenant: Tenant) -> dict[str, Any]:
        """mode, speed, simulated now and the jobs waiting on this clock."""
        return {**tenant.clock.describe(), "pending_jobs": len(tenant.scheduler)}

    def configure_clock(self, tenant: Tenant, mode: str | None = None, speed: float | None = None) -> None:
        tenant.clock.configure(mode, speed)
        self._clock_changed(tenant)

    def default_clock(self) -> dict[str, Any]:
        """mode and speed a tenant created from now on starts with."""
        return {"mode": self.tenants.clock_mode, "speed": self.tenants.speed}

    def set_default_clock(self, mode: str | None = None, speed: float | None = None) -> None:
        """Change the start-up clock for tenants created later (None keeps that part)."""
        self.tenants.clock_mode = mode or self.tenants.clock_mode
        self.tenants.speed = speed or self.tenants.speed

    # -- run-time settings -------------------------------------------------------------
    def set_webhook_timeout(self, seconds: float) -> None:
        """Seconds each webhook attempt may take from now on."""
        self.outbox.timeout = seconds

    def update_vendor_config(self, tenant: Tenant, vendor: str, changes: dict[str, Any],
                             path: str = "") -> msgspec.Struct:
        """Merge `changes` into the tenant's config for one vendor (each top-level key replaces its
        value) and return the result, the vendor's Struct, in force from the next vendor call on. A
        result a fixtures file could not hold is a FixtureError naming each bad field (under `path`),
        and nothing changes."""
        current = tenant.vendor_config(vendor)
        merged = {**(msgspec.to_builtins(current) if current is not None else {}), **changes}
        config = parse_vendor_config(vendor, merged, path)
        tenant.set_vendor_config(vendor, config)
        return config


    async def advance_clock(self, tenant: Tenant, seconds: float) -> int:
        """Move the tenant clock, running every due job in time order; returns jobs run."""
        async with tenant.lock:
            target = tenant.clock.now() + seconds
            ran = await self._run_due(tenant, target, deterministic=True)
            tenant.clock.set(target)
            await self.outbox.drain(tenant.name)
        self._clock_changed(tenant)
        return ran

    async def tick(self) -> None:
        """Run what is due on every running (non-manual) clock; called by the ticker."""
        for tenant in self.tenants.all():
            if tenant.clock.mode == "manual" or tenant.lock.locked():
                continue
            due = tenant.scheduler.next_due()
            if due is not None and due <= tenant.clock.now():
                async with tenant.lock:
                    await self._run_due(tenant, tenant.clock.now(), deterministic=False)

    async def run_ticker(self, interval: float = 0.05) -> None:
        while True:
            try:
                await self.tick()
            except Exception:  # the ticker must outlive anything; say what happened
                log.exception("clock ticker")
            await asyncio.sleep(interval)

    def reset(self, tenant_name: str | None = None) -> None:
        targets = self.tenants.all() if tenant_name is None else [t for t in self.tenants.all() if t.name == tenant_name]
        for tenant in targets:
            self.outbox.forget(tenant)
        self.tenants.reset(tenant_name)
        self.bus.notify(TenantEvent(seq=0, kind="reset", tenant=tenant_name))

    # -- what a live view reads ----------------------------------------------------------
    def last_event_id(self) -> int:
        """The seq of the newest event so far: a list answer reflects the world up to it."""
        return self.bus.last_seq

    def events_after(self, seq: int) -> tuple[list[StreamEvent], bool]:
        """Buffered events after `seq` and whether nothing in between was let go (Last-Event-ID replay)."""
        return self.bus.replay(seq)

    def recent_events(self, count: int) -> list[StreamEvent]:
        return self.bus.recent(count)

    def watch(self, watcher: Callable[[StreamEvent], None]) -> Callable[[], None]:
        """Follow every event (orders, deliveries, clocks, resets); returns the unsubscribe call."""
        return self.bus.watch(watcher)

    def timeline(self, record: OrderRecord) -> list[dict[str, Any]]:
        """The order's states with simulated times, oldest first: its creation, then every change
        kept (the oldest go beyond HISTORY_LIMIT; `dropped` counts them)."""
        machine = self.vendors[record.vendor].machine
        steps = record.history
        out: list[dict[str, Any]] = []
        if not record.history_dropped:
            first = steps[0].previous if steps else record.state
            out.append({"at": record.created_at, "state": first, "milestone": machine.milestone(first), "cause": "created"})
        out += [{"at": s.at, "state": s.state, "milestone": machine.milestone(s.state), "previous_state": s.previous,
                 "cause": s.cause} for s in steps]
        return out

    def reachable(self, record: OrderRecord) -> list[str]:
        """The milestones `advance_order` can reach from the order's state, in lifecycle order."""
        machine = self.vendors[record.vendor].machine
        return [m for m in ALL_MILESTONES if m != record.milestone and machine.path(record.state, m)]

    # -- tenants defined at run time ----------------------------------------------------
    def define_tenant(self, name: str, section: TenantFixture) -> tuple[Tenant, bool]:
        """Create or replace a tenant from one fixtures section; (the tenant, whether it is new).
        Replacing starts it afresh: no orders, jobs or webhooks survive."""
        existed = self.delete_tenant(name)
        return self.tenants.define(name, section), not existed

    def delete_tenant(self, name: str) -> bool:
        """Remove a tenant and everything it owns (orders, jobs, deliveries, credentials)."""
        for tenant in self.tenants.all():
            if tenant.name == name:
                self.outbox.forget(tenant)
        removed = self.tenants.remove(name)
        if removed:  # to a live view the tenant's state is gone, as after a reset
            self.bus.notify(TenantEvent(seq=0, kind="reset", tenant=name))
        return removed

    # -- internals ---------------------------------------------------------------------
    async def _run_due(self, tenant: Tenant, until: float, deterministic: bool) -> int:
        """Run jobs due by `until` in time order. Deterministic (a clock advance): the clock steps
        to each job's due time and waits for the webhooks it caused, so retries are scheduled
        from the right simulated instant. The realtime ticker does neither."""
        ran = 0
        while (job := tenant.scheduler.pop_due(until)) is not None:
            if deterministic:
                tenant.clock.set(job.due)
            try:
                await self._run_job(tenant, job)
            except Exception:  # one broken job must not stop the clock for the others
                log.exception("scheduled job failed: tenant=%s job=%s", tenant.name, job)
            if deterministic:
                await self.outbox.drain(tenant.name)
            ran += 1
        return ran

    async def _run_job(self, tenant: Tenant, job: Job) -> None:
        payload = job.payload
        if isinstance(payload, AutoMove):
            record = tenant.orders.get(payload.vendor, payload.order_id)
            if record is not None and record.state == payload.from_state and record.steps == payload.steps:
                self.transition(tenant, record, payload.to_state, {"cause": "clock"})
        elif isinstance(payload, RetryDelivery):
            await self.outbox.retry(payload.delivery_id)
        else:
            await self.vendors[payload.vendor].on_job(self, tenant, payload)

    def _schedule_auto(self, tenant: Tenant, record: OrderRecord) -> None:
        nxt = self.vendors[record.vendor].auto_next(tenant, record)
        if nxt is not None:
            to_state, delay = nxt
            tenant.scheduler.at(tenant.clock.now() + delay,
                                AutoMove(record.vendor, record.id, record.state, record.steps, to_state))

    def _emit(self, tenant: Tenant, record: OrderRecord, kind: str, previous: str | None, data: dict | None) -> None:
        event = OrderEvent(seq=0, tenant=tenant.name, vendor=record.vendor, order_id=record.id,
                           kind=kind, state=record.state, milestone=record.milestone, at=tenant.clock.now(),
                           previous_state=previous, data=data or {})
        with self.bus.holding():  # the webhooks the vendor queues follow the event on the stream
            self.vendors[record.vendor].on_event(self, tenant, event, record)
            self.bus.publish(event)

    def _remember(self, record: OrderRecord, previous: str, cause: Any) -> None:
        step = Step(at=record.updated_at, previous=previous, state=record.state,
                    cause=cause if isinstance(cause, str) else None)
        history = record.history + (step,)
        if len(history) > HISTORY_LIMIT:
            record.history_dropped += len(history) - HISTORY_LIMIT
            history = history[-HISTORY_LIMIT:]
        record.history = history

    def _clock_changed(self, tenant: Tenant) -> None:
        self.bus.notify(TenantEvent(seq=0, kind="clock", tenant=tenant.name, clock=self.describe_clock(tenant)))

    def _delivery_changed(self, tenant: Tenant, d: Delivery) -> None:
        last = d.attempts[-1] if d.attempts else None
        self.bus.notify(DeliveryEvent(
            seq=0, tenant=tenant.name, vendor=d.vendor, order_id=d.order_id, delivery_id=d.id, event=d.event,
            url=d.url, state=d.state, attempts=len(d.attempts), status=last.status if last else None,
            error=last.error if last else None, next_attempt_at=d.next_attempt_at, channel=d.channel,
            at=tenant.clock.now()))
