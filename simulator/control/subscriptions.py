"""Simulator-level webhooks for any vendor's order events, in the Standard Webhooks format
(webhook-id / webhook-timestamp / webhook-signature: v1,base64(HMAC-SHA256))."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import time

import msgspec

from simulator.engine import Engine, OrderEvent, RetryPolicy
from simulator.engine.timefmt import iso_ms
from simulator.http.errors import encode

# The Standard Webhooks reference schedule (seconds after the previous attempt).
SCHEDULE = (5, 300, 1800, 7200, 18000, 36000, 36000)
POLICY = RetryPolicy("subscription", max_retries=len(SCHEDULE), delay=lambda n: SCHEDULE[n - 1])

EVENT_TYPES = {"created": "order.created", "transition": "order.state_changed",
               "updated": "order.updated", "deleted": "order.deleted"}


class Subscription(msgspec.Struct):
    id: str
    url: str
    secret: str
    vendor: str | None = None
    tenant: str | None = None
    created_at: float = 0.0


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


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
            raw = os.urandom(24) if self.seed is None else hashlib.sha256(f"{self.seed}:sub:{n}".encode()).digest()[:24]
            secret = "whsec_" + base64.b64encode(raw).decode()
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
        event_type = EVENT_TYPES.get(event.kind, f"order.{event.kind}")
        payload = {
            "type": event_type,
            "timestamp": iso_ms(event.at),
            "data": {"vendor": event.vendor, "tenant": event.tenant, "order_id": event.order_id,
                     "kind": event.kind, "state": event.state, "previous_state": event.previous_state,
                     "milestone": event.milestone, "at": iso_ms(event.at), "event_data": event.data,
                     "order": vendor.render(record) if record is not None else None},
        }
        body = encode(payload)
        for sub in list(self.items.values()):
            if (sub.vendor and sub.vendor != event.vendor) or (sub.tenant and sub.tenant != event.tenant):
                continue
            self.last_msg += 1
            msg_id = f"msg_{event.seq}_{self.last_msg}"
            # Wall-clock timestamp: receivers' libraries reject signatures older than ~5 minutes.
            ts = int(time.time())
            headers = {"content-type": "application/json", "webhook-id": msg_id,
                       "webhook-timestamp": str(ts), "webhook-signature": sign(sub.secret, msg_id, ts, body)}
            self.engine.outbox.enqueue(tenant, vendor=event.vendor, order_id=event.order_id, event=event_type,
                                       url=sub.url, body=body, headers=headers, policy=POLICY, channel="subscription")
