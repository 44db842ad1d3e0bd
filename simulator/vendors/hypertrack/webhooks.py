"""HyperTrack order webhooks: a JSON array of events POSTed to the URL HyperTrack keeps in its
dashboard -- here the tenant's `webhook_url` setting. 2xx and 4xx are accepted; anything else
(or no answer) is retried 3 times, 20 seconds apart. HyperTrack does not publish how it computes
`x-hypertrack-signature`; we send hex HMAC-SHA256 of the raw body with the tenant's
`webhook_secret` (our choice, documented in docs/hypertrack.md)."""

from __future__ import annotations

import hashlib
import hmac

from simulator.engine import Delivery, Engine, RetryPolicy, Tenant
from simulator.engine.timefmt import iso_us
from simulator.http.responses import encode
from simulator.vendors.hypertrack import geo
from simulator.vendors.hypertrack.schemas import Entry
from simulator.vendors.hypertrack.state import SentWebhook, config_of, state_of
from simulator.vendors.hypertrack.store import VENDOR

POLICY = RetryPolicy("hypertrack", max_retries=3, delay=lambda n: 20.0, accepted=lambda status: 200 <= status < 500)
VERSION = "3.0.0"
DEFAULT_SECRET = "ordersim-hypertrack"
USER_AGENT = "Amazon Simple Notification Service Agent"  # HyperTrack delivers through SNS


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def account_id(tenant: Tenant) -> str:
    return state_of(tenant).account_id or tenant.name


def event(tenant: Tenant, entry: Entry, value: str, now: float) -> dict:
    """One OrderWebhookEvent: the envelope and its `data` for this value."""
    o = entry.order
    data = {"order_handle": o.order_handle, "route_handle": o.route_handle, "value": value, "status": o.status,
            "share_url": o.share_url, "metadata": o.metadata, **_value_fields(entry, value, now)}
    out = {"account_id": account_id(tenant), "recorded_at": iso_us(now), "created_at": iso_us(now),
           "device_id": o.device_id, "worker_handle": o.worker_handle, "type": "order", "version": VERSION,
           "data": data}
    if entry.trip is not None:
        out["location"] = {"type": "Point", "coordinates": geo.position(entry.trip, now)}
    return out


def send(engine: Engine, tenant: Tenant, rid: str, entry: Entry, value: str) -> None:
    """Enqueue one delivery to the tenant's webhook URL (if set) and remember it in the order's log."""
    config = config_of(tenant)
    url = config.webhook_url
    if url is None:
        return
    now = tenant.clock.now()
    payload = event(tenant, entry, value, now)
    body = encode([payload])
    secret = config.webhook_secret or DEFAULT_SECRET
    headers = {"content-type": "application/json", "user-agent": USER_AGENT,
               "x-amz-sns-message-id": tenant.ids.uuid4(), "x-hypertrack-signature": sign(secret, body)}
    delivery = engine.outbox.enqueue(tenant, vendor=VENDOR, order_id=rid, event=value, url=url, body=body,
                                     headers=headers, policy=POLICY)
    state_of(tenant).sent.setdefault(rid, []).append(SentWebhook(payload, delivery.id))


def log_entries(tenant: Tenant, rid: str) -> list[SentWebhook]:
    return state_of(tenant).sent.get(rid, [])


def render_log_entry(payload: dict, delivery: Delivery) -> dict:
    """An item of GET /orders/{h}/webhooks: the event plus how its delivery went."""
    last = delivery.attempts[-1] if delivery.attempts else None
    return {**payload, "delivery_http_status": last.status if last else None,
            "retry_count": max(0, len(delivery.attempts) - 1),
            "delivery_http_response_text": (last.response_body if last and last.status else
                                            (last.error if last else None))}


def _value_fields(entry: Entry, value: str, now: float) -> dict:
    o, trip = entry.order, entry.trip
    if value == "assigned":
        return {"assigned_at": o.assigned_at}
    if value in ("completed", "cancelled"):
        meters, seconds = geo.travelled(trip, now) if trip is not None else (0, 0)
        extra = {"distance": meters, "duration": seconds}
        if value == "completed":
            extra["actual_service_time"] = o.actual_service_time or 0
        return extra
    if value == "arrived":
        return {"scheduled_at": o.scheduled_at,
                "arrival": {"location": {"type": "Point", "coordinates": geo.position(trip, now) if trip else None},
                            "recorded_at": o.arrived_at}}
    return {}
