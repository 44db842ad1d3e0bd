"""The webhook outbox: deliver, retry on the simulated clock, and log every attempt.

First attempts go out at once, in order per receiver URL. A failed attempt schedules a
RetryDelivery job on the tenant's scheduler, so moving the clock replays retries deterministically.
Nothing is dropped: a delivery ends `delivered` or `failed`, and every attempt is in the log.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import msgspec

from simulator.engine.scheduler import RetryDelivery
from simulator.engine.tenants import Tenant

if TYPE_CHECKING:  # httpx costs ~60 ms to import: loaded on the first delivery, not at start-up
    import httpx


def accept_2xx(status: int) -> bool:
    return 200 <= status < 300


@dataclass(frozen=True)
class RetryPolicy:
    """max_retries after the first attempt; delay(n) is the wait before retry n (1-based).
    A delivery names its policy, so a delivery log restored from a snapshot retries the same way."""

    name: str
    max_retries: int
    delay: Callable[[int], float]
    accepted: Callable[[int], bool] = accept_2xx


class Attempt(msgspec.Struct):
    attempt: int
    at: float  # simulated time
    url: str
    request_headers: dict[str, str]
    status: int | None = None
    error: str | None = None
    response_body: str | None = None
    duration_ms: float = 0.0


class Delivery(msgspec.Struct):
    id: str
    tenant: str
    vendor: str
    order_id: str | None
    event: str
    url: str
    body: str
    headers: dict[str, str]
    created_at: float
    state: str = "pending"  # pending | retrying | delivered | failed
    next_attempt_at: float | None = None
    attempts: list[Attempt] = []
    seq: int = 0
    channel: str = "vendor"  # "vendor" (the vendor's own webhook) or "subscription" (/_sim/subscriptions)
    policy: str = ""  # the RetryPolicy's name


ScheduleRetry = Callable[[Tenant, float, str], None]
FINISHED = ("delivered", "failed")
SUCCESS_BODY_CHARS, FAILURE_BODY_CHARS = 256, 1024  # of the receiver's answer, kept per attempt


def retry_on_tenant_clock(tenant: Tenant, due: float, delivery_id: str) -> None:
    tenant.scheduler.at(due, RetryDelivery(delivery_id))


class Outbox:
    def __init__(self, timeout: float = 5.0, transport: httpx.AsyncBaseTransport | None = None,
                 schedule_retry: ScheduleRetry = retry_on_tenant_clock, self_url: str = "http://127.0.0.1:8080",
                 max_deliveries: int = 10_000) -> None:
        self.timeout = timeout  # seconds per attempt; changeable at run time
        self.max_deliveries = max_deliveries  # kept per tenant: beyond it the oldest finished ones go
        self.self_url = self_url.rstrip("/")  # a URL given as a path (`/_sim/sink/x`) is on this server
        self.schedule_retry = schedule_retry
        self.policies: dict[str, RetryPolicy] = {}
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._queues: dict[str, asyncio.Queue] = {}
        self._workers: dict[str, asyncio.Task] = {}
        self._changed: asyncio.Condition | None = None
        self._by_id: dict[str, tuple[Tenant, Delivery]] = {}
        self._inflight: dict[str, int] = {}
        self.seq = 0  # the last delivery number handed out (a snapshot carries it on)
        # Told of every queued delivery and every attempt (the Engine, built after the outbox, sets it
        # to put a notice on its event bus for live views).
        self.on_change: Callable[[Tenant, Delivery], None] = lambda tenant, delivery: None

    def register(self, policy: RetryPolicy) -> None:
        """Make a policy known by name (vendors' and subscriptions' at start, so restored deliveries find it)."""
        self.policies[policy.name] = policy

    # -- public ------------------------------------------------------------------------
    def enqueue(self, tenant: Tenant, *, vendor: str, order_id: str | None, event: str, url: str,
                body: bytes, headers: dict[str, str], policy: RetryPolicy, channel: str = "vendor") -> Delivery:
        if url.startswith("/"):
            url = self.self_url + url
        self.seq = seq = self.seq + 1
        delivery = Delivery(
            id=f"dlv_{seq:08d}", tenant=tenant.name, vendor=vendor, order_id=order_id, event=event,
            url=url, body=body.decode(), headers=headers, created_at=tenant.clock.now(), seq=seq,
            channel=channel, policy=policy.name)
        self.policies.setdefault(policy.name, policy)
        tenant.deliveries.append(delivery)
        if len(tenant.deliveries) > self.max_deliveries + self.max_deliveries // 8:  # amortised: 1 in N/8
            self._drop_oldest_finished(tenant)
        self._by_id[delivery.id] = (tenant, delivery)
        self._inflight[tenant.name] = self._inflight.get(tenant.name, 0) + 1
        self._queue_for(url).put_nowait(delivery.id)
        self.on_change(tenant, delivery)
        return delivery

    def find(self, delivery_id: str) -> Delivery | None:
        entry = self._by_id.get(delivery_id)
        return entry[1] if entry is not None else None

    async def retry(self, delivery_id: str) -> None:
        """Run by the scheduler when a retry falls due (awaited, so clock moves are deterministic)."""
        entry = self._by_id.get(delivery_id)
        if entry is not None and entry[1].state == "retrying":
            await self._attempt(*entry)

    async def drain(self, tenant_name: str, timeout: float = 30.0) -> bool:
        """Wait until every first attempt queued for this tenant has been made (False on timeout:
        a hanging receiver slows a clock move down but never fails it)."""
        return await self.wait_for(lambda: self._inflight.get(tenant_name, 0) <= 0, timeout)

    async def wait_for(self, predicate: Callable[[], bool], timeout: float) -> bool:
        cond = self._cond()
        async with cond:
            try:
                await asyncio.wait_for(cond.wait_for(predicate), timeout)
                return True
            except TimeoutError:
                return False

    def adopt(self, tenant: Tenant) -> None:
        """Take on the delivery log of a tenant restored from a snapshot: deliveries waiting for a
        retry are found by their RetryDelivery jobs, ones never attempted are sent now."""
        for delivery in tenant.deliveries:
            self._by_id[delivery.id] = (tenant, delivery)
            if delivery.state == "pending":
                self._inflight[tenant.name] = self._inflight.get(tenant.name, 0) + 1
                self._queue_for(delivery.url).put_nowait(delivery.id)

    def _drop_oldest_finished(self, tenant: Tenant) -> None:
        """Down to max_deliveries: the oldest delivered or failed go; pending and retrying ones stay
        (nothing in flight is lost), so the log can exceed the bound only by what is unfinished."""
        excess = len(tenant.deliveries) - self.max_deliveries
        kept: list[Delivery] = []
        for delivery in tenant.deliveries:
            if excess > 0 and delivery.state in FINISHED:
                self._by_id.pop(delivery.id, None)
                excess -= 1
            else:
                kept.append(delivery)
        tenant.deliveries[:] = kept

    def forget(self, tenant: Tenant) -> None:
        for d in tenant.deliveries:
            self._by_id.pop(d.id, None)
        self._inflight.pop(tenant.name, None)

    async def close(self) -> None:
        for task in self._workers.values():
            task.cancel()
        if self._client is not None:
            await self._client.aclose()

    # -- internals ---------------------------------------------------------------------
    def _cond(self) -> asyncio.Condition:
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    def _queue_for(self, url: str) -> asyncio.Queue:
        queue = self._queues.get(url)
        if queue is None or self._workers[url].done():
            queue = self._queues[url] = asyncio.Queue()
            self._workers[url] = asyncio.get_running_loop().create_task(self._worker(url, queue))
        return queue

    async def _worker(self, url: str, queue: asyncio.Queue) -> None:
        while True:
            if queue.empty():  # idle: end, so one worker per URL ever used does not pile up
                if self._queues.get(url) is queue:
                    del self._queues[url], self._workers[url]
                return
            delivery_id = await queue.get()
            entry = self._by_id.get(delivery_id)
            try:
                if entry is not None:
                    await self._attempt(*entry)
            finally:
                if entry is not None:
                    self._inflight[entry[0].name] = self._inflight.get(entry[0].name, 0) - 1
                await self._notify()

    async def _notify(self) -> None:
        cond = self._cond()
        async with cond:
            cond.notify_all()

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            import httpx

            self._client = httpx.AsyncClient(transport=self._transport,
                                             follow_redirects=False)
        return self._client

    async def _attempt(self, tenant: Tenant, delivery: Delivery) -> None:
        policy = self.policies[delivery.policy]
        number = len(delivery.attempts) + 1
        # The headers sent are the delivery's own on every attempt: one shared dict, not a copy each.
        attempt = Attempt(attempt=number, at=tenant.clock.now(), url=delivery.url, request_headers=delivery.headers)
        started = time.perf_counter()
        try:
            resp = await self._http().post(delivery.url, content=delivery.body.encode(), headers=delivery.headers,
                                           timeout=self.timeout)
            attempt.status = resp.status_code
            ok = policy.accepted(resp.status_code)
            attempt.response_body = resp.text[:SUCCESS_BODY_CHARS if ok else FAILURE_BODY_CHARS]
        except Exception as exc:  # refused, timed out, bad URL: all are a failed attempt, never a crash
            attempt.error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            ok = False
        attempt.duration_ms = round((time.perf_counter() - started) * 1000, 3)
        delivery.attempts.append(attempt)
        if ok:
            delivery.state, delivery.next_attempt_at = "delivered", None
        elif number <= policy.max_retries:
            delivery.state = "retrying"
            delivery.next_attempt_at = tenant.clock.now() + policy.delay(number)
            self.schedule_retry(tenant, delivery.next_attempt_at, delivery.id)
        else:
            delivery.state, delivery.next_attempt_at = "failed", None
        self.on_change(tenant, delivery)
        await self._notify()
