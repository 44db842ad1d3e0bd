"""Simulator-level webhooks for any vendor's order events, in the Standard Webhooks format (the body,
headers and signature are simulator/standard_webhooks.py's, shared with `ordersim listen`)."""

from __future__ import annotations

import hashlib
import time

import msgspec

from simulator import standard_webhooks
from simulator.engine import Engine, OrderEvent, RetryPolicy
from simulator.http.responses import encode
from simulator.standard_webhooks import Subscription

# The Standard Webhooks reference schedule (seconds after the previous attempt).
SCHEDULE = (5, 300, 1800, 7200, 18000, 36000, 36000)
POLICY = RetryPolicy("subscription", max_retries=len(SCHEDULE), delay=lambda n: SCHEDULE[n - 1])


class Subscriptions:
    def __init__(self, engine: Engine, seed: int | None) -> None:
        self.engine = engine
        engine.outbox.register(POLICY)
        self.seed = seed
        self.items: dict[str, Subscription] = {}
        self.last_id = 0  # counters, carried on by a snapshot
        self.last_msg = 0
        engine.bus.subscribe(self._on_event)

    def add(self, url: str, vendor: str | None, tenant: str | None, secret: str | None = None) -> Subscription:
        self.last_id = n = self.last_id + 1
        if secret is None:
            seeded = None if self.seed is None else hashlib.sha256(f"{self.seed}:sub:{n}".encode()).digest()[:24]
            secret = standard_webhooks.new_secret(seeded)
        sub = Subscription(id=f"sub_{n}", url=url, secret=secret, vendor=vendor, tenant=tenant, created_at=time.time())
        self.items[sub.id] = sub
        return sub

    def remove(self, sub_id: str) -> bool:
        return self.items.pop(sub_id, None) is not None

    def _on_event(self, event: OrderEvent) -> None:
        if not self.items:
            return
        tenant = self.engine.tenants.get_or_create(event.tenant)
        record = tenant.orders.get(event.vendor, event.order_id)
        vendor = self.engine.vendors[event.vendor]
        payload = standard_webhooks.order_event_payload(msgspec.structs.asdict(event),
                                                        vendor.render(tenant, record) if record is not None else None)
        body = encode(payload)
        for sub in list(self.items.values()):
            if (sub.vendor and sub.vendor != event.vendor) or (sub.tenant and sub.tenant != event.tenant):
                continue
            self.last_msg += 1
            msg_id = f"msg_{event.seq}_{self.last_msg}"
            headers = standard_webhooks.signed_headers(sub.secret, msg_id, body)
            self.engine.outbox.enqueue(tenant, vendor=event.vendor, order_id=event.order_id, event=payload["type"],
                                       url=sub.url, body=body, headers=headers, policy=POLICY, channel="subscription")
