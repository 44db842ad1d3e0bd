"""Order events in the Standard Webhooks format (https://www.standardwebhooks.com/): the body, the
`webhook-id` / `webhook-timestamp` / `webhook-signature` headers and the v1 signature
(base64 HMAC-SHA256 of "id.timestamp.body", keyed with the base64 part of a `whsec_` secret).

One copy for both senders: the server's /_sim/subscriptions and `ordersim listen`, which forwards
the event stream from a simulator that cannot reach the receiver. Imports no server stack."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import time
from collections.abc import Mapping
from typing import Any

import msgspec

from simulator.engine.timefmt import iso_ms

SECRET_PREFIX = "whsec_"


class Subscription(msgspec.Struct):
    """A Standard Webhooks receiver of order events (POST /_sim/subscriptions): the server keeps it,
    the client decodes it, snapshots carry it."""

    id: str
    url: str
    secret: str
    vendor: str | None = None
    tenant: str | None = None
    created_at: float = 0.0
EVENT_TYPES = {"created": "order.created", "transition": "order.state_changed",
               "updated": "order.updated", "deleted": "order.deleted"}


def new_secret(raw: bytes | None = None) -> str:
    """A signing secret: `whsec_` + base64 of `raw` (24 random bytes when not given)."""
    return SECRET_PREFIX + base64.b64encode(os.urandom(24) if raw is None else raw).decode()


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def signed_headers(secret: str, msg_id: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """The request headers for one message. The timestamp is wall-clock seconds (not simulated time):
    receivers' libraries reject signatures older than about five minutes."""
    ts = int(time.time()) if timestamp is None else timestamp
    return {"content-type": "application/json", "webhook-id": msg_id, "webhook-timestamp": str(ts),
            "webhook-signature": sign(secret, msg_id, ts, body)}


def event_type(kind: str) -> str:
    return EVENT_TYPES.get(kind, f"order.{kind}")


def order_event_payload(event: Mapping[str, Any], order: Any) -> dict[str, Any]:
    """The message body for one order event (the fields of simulator.engine.OrderEvent, as a mapping)
    and `order`, the order as its vendor's API renders it (None once deleted)."""
    at = iso_ms(event["at"])
    return {"type": event_type(event["kind"]), "timestamp": at,
            "data": {"vendor": event["vendor"], "tenant": event["tenant"], "order_id": event["order_id"],
                     "kind": event["kind"], "state": event["state"], "previous_state": event.get("previous_state"),
                     "milestone": event["milestone"], "at": at, "event_data": event.get("data", {}), "order": order}}
