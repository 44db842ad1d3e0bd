"""HyperTrack with the official client (`hypertrack`), as `ordersim.client("hypertrack")` sets it up:
an on-demand order planned, assigned, driven and completed on the simulated clock, and the signed
webhooks the account's webhook URL receives."""

import hashlib
import hmac
import json

import pytest

SECRET = "example-webhook-secret"
ORDER = {"order_handle": "order-1", "scheduled_at": "2026-01-01T02:30:00.000Z",
         "destination": {"geometry": {"type": "Point", "coordinates": [-121.8610066, 37.3263062]},
                         "address": "748 Story Rd, San Jose, CA 95112", "radius": 100}}


@pytest.mark.ordersim(vendors={"hypertrack": {"webhook_secret": SECRET}})
def test_an_on_demand_order_is_completed_and_signed_webhooks_arrive(ordersim):
    ordersim.set_vendor_config("hypertrack", {"webhook_url": ordersim.sink_url("hypertrack")})
    client = ordersim.client("hypertrack")  # its session joins relative paths onto our base URL

    route = client.requests.post("orders/", json={"plan_mode": "on_demand", "orders": [ORDER],
                                                  "worker_handle": "james@example.com"})
    assert route["status"] == "planned"

    ordersim.advance(3600)  # planned, assigned, started, driven there, service time, completed

    assert client.requests.get("orders/order-1")["status"] == "completed"
    received = ordersim.sink("hypertrack").requests
    values = [event["data"]["value"] for r in received for event in json.loads(r.body)]
    assert values == ["assigned", "started", "arrived", "completed"]
    for request in received:
        expected = hmac.new(SECRET.encode(), request.body.encode(), hashlib.sha256).hexdigest()
        assert request.headers["x-hypertrack-signature"] == expected


def test_an_unknown_order_is_a_hypertrack_error(ordersim):
    from hypertrack.exceptions import HyperTrackException

    client = ordersim.client("hypertrack")
    with pytest.raises(HyperTrackException) as error:
        client.requests.get("orders/nobody")
    assert error.value.status == 404
