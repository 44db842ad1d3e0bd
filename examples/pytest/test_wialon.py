"""Wialon Logistics with Golden M's `wialon` client, logged in by `ordersim.client("wialon")`: an
order created, assigned to a unit and completed on the simulated clock. Wialon has no web hooks, so
the test subscribes to the simulator's own order events (Standard Webhooks) at a sink."""

import base64
import hashlib
import hmac
import json

RESOURCE, UNIT = 2000, 3001  # the resource and first unit every tenant has without fixtures
ORDERS_FLAG = 0x80000


def verify(secret: str, headers: dict, body: str) -> bool:
    """Standard Webhooks: v1,base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>"))."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{body}".encode()
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return expected in headers["webhook-signature"].split()


def test_an_assigned_order_is_completed_and_its_events_arrive(ordersim):
    subscription = ordersim.subscribe(ordersim.sink_url("wialon"), vendor="wialon")
    sdk = ordersim.client("wialon")  # WialonSdk at /wialon, logged in with this test's token

    now = int(ordersim.clock().now)
    order_id, order = sdk.order_update({"itemId": RESOURCE, "id": 0, "n": "Berlin drop", "p": {"n": "Bob"},
                                        "callMode": "create", "f": 0, "tf": now, "tt": now + 3600,
                                        "r": 100, "y": 52.5, "x": 13.4, "u": 0})
    assert order["s"] == 0  # no unit yet
    sdk.order_update({"itemId": RESOURCE, "id": order_id, "u": UNIT, "callMode": "assign"})

    ordersim.advance(300)  # 180 s to the order's area, 120 s there

    orders = sdk.core_search_item({"id": RESOURCE, "flags": ORDERS_FLAG})["item"]["orders"]
    assert orders[str(order_id)]["s"] == 2  # completed on time
    received = ordersim.sink("wialon").requests
    events = [json.loads(r.body) for r in received]
    assert [e["data"]["state"] for e in events] == ["inactive", "active", "in_area", "completed_on_time"]
    assert {e["data"]["milestone"] for e in events[-1:]} == {"delivered"}
    assert all(verify(subscription.secret, r.headers, r.body) for r in received)
