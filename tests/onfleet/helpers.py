"""Request builders shared by the Onfleet tests."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac

BASE = "/onfleet/api/v2"

ORDER = {
    "pickupTask": {"destination": {"address": {"unparsed": "150 Otis St, San Francisco, CA 94103, USA"}},
                   "recipients": [{"name": "Store", "phone": "4155550100"}], "completeAfter": None},
    "dropoffTask": {"destination": {"address": {"number": "1", "street": "Warriors Way", "city": "San Francisco",
                                                "state": "CA", "postalCode": "94158", "country": "USA",
                                                "apartment": ""}},
                    "recipients": [{"name": "Jane", "phone": "+14155550101"}], "notes": "Gate 3"},
}


def order_body(**extra) -> dict:
    body = copy.deepcopy(ORDER)
    body.update(extra)
    return body


def auth(key: str, colon: bool = True) -> dict:
    """pyonfleet sends `key:`, node-onfleet the bare key."""
    raw = (key + (":" if colon else "")).encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


async def create(client, key="acme", **extra) -> dict:
    resp = await client.post(f"{BASE}/taskOrders", headers=auth(key), json=order_body(**extra))
    assert resp.status_code == 200, resp.text
    return resp.json()


async def get(client, ref, key="acme"):
    return await client.get(f"{BASE}/taskOrders/{ref}", headers=auth(key))


async def org_id(client, key) -> str:
    resp = await client.get(f"{BASE}/organization", headers=auth(key))
    assert resp.status_code == 200, resp.text
    return resp.json()["id"]



async def to_state(client, order, state, tenant="acme"):
    resp = await client.post(f"/_sim/orders/onfleet/{order['id']}/advance", json={"to": state, "tenant": tenant})
    assert resp.status_code == 200, resp.text
    return resp.json()


def assert_error(resp, status: int, code: str, error: int) -> dict:
    """Onfleet's envelope, exactly: {"code", "message": {"error", "message", "cause"?, "request"}}."""
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"code", "message"} and body["code"] == code, body
    inner = body["message"]
    assert inner["error"] == error and isinstance(inner["message"], str) and inner["message"], body
    assert set(inner) <= {"error", "message", "cause", "request"} and len(inner["request"]) == 36, body
    assert resp.headers["x-ratelimit-limit"] == "20" and "x-ratelimit-remaining" in resp.headers
    return inner


def verify(secret_hex: str, raw_body: bytes, signature: str) -> bool:
    """What a receiver does (Onfleet's docs): HMAC-SHA512 over the raw body, key = hex-decoded secret."""
    expected = hmac.new(bytes.fromhex(secret_hex), raw_body, hashlib.sha512).hexdigest()
    return hmac.compare_digest(expected, signature)


async def wait_deliveries(client, count: int, **filters) -> list:
    """Deliveries made by API calls go out asynchronously; wait for `count` attempted ones."""
    resp = await client.post("/_sim/webhooks/wait", json={"count": count, "vendor": "onfleet", "timeout_s": 5,
                                                          **filters})
    assert resp.status_code == 200, resp.text
    return resp.json()["deliveries"]
