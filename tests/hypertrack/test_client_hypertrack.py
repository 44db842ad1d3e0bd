"""The PyPI `hypertrack` client (3.0.5) against a real `ordersim serve` process.

It wraps devices and trips only; orders go through its authenticated session (`client.requests`,
a requests.Session that joins relative paths onto `base_url` and raises HyperTrackException on
4xx/5xx). Pointed at us by the URL rule: base_url = http://HOST:PORT/hypertrack/ (trailing slash)."""

import hashlib
import hmac
import json

import httpx
import pytest

from tests.hypertrack.helpers import order
from tests.server import running_server

rest = pytest.importorskip("hypertrack.rest")
from hypertrack.exceptions import HyperTrackException  # noqa: E402

pytestmark = [pytest.mark.clients, pytest.mark.e2e]

ACCOUNT, SECRET = "client-account", "client-secret"
FIXTURES = {"tenants": {"client-tenant": {
    "credentials": {"hypertrack": [{"key": ACCOUNT, "secret": SECRET}]},
    "vendors": {"hypertrack": {"webhook_secret": "client-hooks"}}}}}


@pytest.fixture(scope="module")
def server():
    with running_server(fixtures=FIXTURES) as base:
        # the secret comes from the fixtures, the URL (our built-in sink) is set at run time
        resp = httpx.put(base + "/_sim/vendors/hypertrack/config", json={
            "tenant": "client-tenant", "config": {"webhook_url": base + "/_sim/sink/ht-client"}})
        assert resp.json()["config"] == {"webhook_secret": "client-hooks", "webhook_url": base + "/_sim/sink/ht-client"}
        yield base


@pytest.fixture
def client(server):
    c = rest.Client(ACCOUNT, SECRET)
    c.requests.base_url = server + "/hypertrack/"
    return c


def test_batch_track_read_cancel_through_the_clients_session(server, client):
    route = client.requests.post("orders/", json={"plan_mode": "manual", "orders": [order("c-1"), order("c-2")],
                                                  "worker_handle": "James"})
    assert route["status"] == "assigned" and [o["order_handle"] for o in route["orders"]] == ["c-1", "c-2"]
    tracked = client.requests.post("orders/track", json={"route_handle": route["route_handle"],
                                                         "track_mode": "on_time"})
    assert tracked["status"] == "tracking" and {o["status"] for o in tracked["orders"]} == {"ongoing"}
    got = client.requests.get("orders/c-1")
    assert got["status"] == "ongoing" and got["timeline"][0]["type"] == "order_created"
    patched = client.requests.patch("orders/c-1", json={"metadata": {"k": "v"}})
    assert patched["metadata"] == {"k": "v"}
    cancelled = client.requests.post("orders/c-1/cancel", params={"type": "drop", "type_index": 0,
                                                                  "fulfillment_attempt": 0}, json={})
    assert cancelled["status"] == "cancelled" and cancelled["cancelled_at"]
    listed = client.requests.get("orders/", params={"status": "completed,cancelled", "limit": 50})
    assert [o["order_handle"] for o in listed["orders"]] == ["c-1"]
    httpx.post(server + "/_sim/clock/advance", json={"tenant": "client-tenant", "seconds": 0})
    received = httpx.get(server + "/_sim/sink/ht-client").json()["requests"]
    values = [(e["data"]["order_handle"], e["data"]["value"]) for r in received for e in json.loads(r["body"])]
    assert [v for h, v in values if h == "c-1"] == ["assigned", "started", "updated", "cancelled"]
    for r in received:
        expected = hmac.new(b"client-hooks", r["body"].encode(), hashlib.sha256).hexdigest()
        assert r["headers"]["x-hypertrack-signature"] == expected


def test_errors_reach_the_client_as_hypertrack_exceptions(client):
    with pytest.raises(HyperTrackException) as info:
        client.requests.get("orders/nobody")
    assert info.value.status == 404 and info.value.title == "Order not found for handle nobody"
    with pytest.raises(HyperTrackException) as info:
        client.requests.post("orders/", json={"plan_mode": "manual", "orders": []})
    assert info.value.status == 422 and info.value.title == "Validation error"


def test_a_wrong_secret_is_refused(server):
    wrong = rest.Client(ACCOUNT, "not-the-secret")
    wrong.requests.base_url = server + "/hypertrack/"
    with pytest.raises(HyperTrackException) as info:
        wrong.requests.get("orders/")
    assert info.value.status == 401 and info.value.title == "Unauthorized"


def test_the_module_constant_route_works_too(server, monkeypatch):
    monkeypatch.setattr(rest, "BASE_URL", server + "/hypertrack/")
    c = rest.Client(ACCOUNT, SECRET)
    assert c.requests.get("orders/", params={"limit": 1})["orders"] is not None


def test_signed_webhooks_arrive_at_the_configured_url(server, client):
    client.requests.post("orders/", json={"plan_mode": "manual", "orders": [order("hooked")]})
    client.requests.post("orders/hooked/cancel", json={})
    httpx.post(server + "/_sim/clock/advance", json={"tenant": "client-tenant", "seconds": 0})
    log = httpx.get(server + "/_sim/webhooks", params={"vendor": "hypertrack"}).json()["deliveries"]
    mine = [d for d in log if d["order_id"].startswith("hooked:")]
    assert [d["event"] for d in mine] == ["cancelled"] and mine[0]["state"] == "delivered"
    expected = hmac.new(b"client-hooks", mine[0]["body"].encode(), hashlib.sha256).hexdigest()
    assert mine[0]["headers"]["x-hypertrack-signature"] == expected
