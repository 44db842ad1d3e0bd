"""Request builders shared by the HyperTrack tests."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

ACCOUNT, SECRET = "acct-1", "secret-key"


def basic(account: str = ACCOUNT, secret: str = SECRET) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{account}:{secret}".encode()).decode()}


AUTH = basic()
BASE = "/hypertrack"


def order(handle: str = "order-1", **extra) -> dict:
    body = {"order_handle": handle, "scheduled_at": "2026-01-01T02:30:00.000Z", "metadata": {"customerID": "12654"},
            "destination": {"geometry": {"type": "Point", "coordinates": [-121.8610066, 37.3263062]},
                            "address": "748 Story Rd, San Jose, CA 95112", "radius": 100}}
    body.update(extra)
    return body


async def batch(client, *orders_, plan_mode="manual", headers=AUTH, **extra):
    body = {"plan_mode": plan_mode, "ops_group_handle": "store-sf", "orders": list(orders_) or [order()], **extra}
    return await client.post(f"{BASE}/orders/", json=body, headers=headers)


async def act(client, handle, action, body=None, headers=AUTH, **params):
    return await client.post(f"{BASE}/orders/{handle}/{action}", json=body or {}, params=params, headers=headers)


async def get(client, handle, headers=AUTH, **params):
    return await client.get(f"{BASE}/orders/{handle}", params=params, headers=headers)



async def configure(client, account=ACCOUNT, **config):
    """Set the dashboard settings (webhook_url, webhook_secret, ...) for an account's tenant."""
    await client.get(f"{BASE}/orders/", headers=basic(account))  # the tenant exists once it has been used
    resp = await client.put("/_sim/vendors/hypertrack/config", json={"tenant": account, "config": config})
    assert resp.status_code == 200, resp.text


def verify(secret: str, raw: bytes, signature: str) -> bool:
    """What a receiver does: recompute HMAC-SHA256 over the raw body and compare."""
    return hmac.compare_digest(hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest(), signature)


def timeline_types(detail: dict) -> list[str]:
    return [e["type"] for e in detail["timeline"]]


def posted(receiver) -> list[dict]:
    """Every webhook event received, flattened out of the JSON arrays."""
    return [event for body in receiver.json_bodies() for event in body]


def dumps(value) -> str:
    return json.dumps(value, sort_keys=True)
