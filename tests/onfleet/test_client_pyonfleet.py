"""The official Python client (pyonfleet) against a real ordersim process, pointed at it as the fact
sheet shows: patch `API_BASE_URL` in `onfleet.request` and `onfleet.onfleet`; orders through `Request`
objects on the SDK's session (pyonfleet has no Orders resource)."""

from __future__ import annotations

import json
import pathlib

import httpx
import pytest

from tests.onfleet.helpers import order_body, verify
from tests.server import running_server

onfleet = pytest.importorskip("onfleet")
import onfleet.onfleet as onfleet_module  # noqa: E402
import onfleet.request as onfleet_request  # noqa: E402
from onfleet import Onfleet  # noqa: E402
from onfleet.error import HttpError, PermissionError, ValidationError  # noqa: E402
from onfleet.request import Request  # noqa: E402

FIXTURES = json.loads((pathlib.Path(__file__).parents[2] / "fixtures" / "onfleet.json").read_text())


@pytest.fixture(scope="module")
def server():
    with running_server(fixtures=FIXTURES) as base:
        yield base


@pytest.fixture
def sdk(server, monkeypatch):
    """Point pyonfleet at the server; drop its client-side 20 calls/s limiter and 429 back-off
    (a fast test suite trips the limiter; the server's own limit is tested separately)."""
    base = f"{server}/onfleet/api/v2"
    monkeypatch.setattr(onfleet_request, "API_BASE_URL", base)
    monkeypatch.setattr(onfleet_module, "API_BASE_URL", base)
    monkeypatch.setattr(Request, "__call__", Request.__call__.__wrapped__.__wrapped__)
    httpx.put(f"{server}/_sim/settings", json={"rate_limit": False})
    return server


class Orders:
    """The order calls a pyonfleet integration adds, exactly as the fact sheet writes them."""

    def __init__(self, api: Onfleet):
        s = api._session
        self.create = Request("POST", "/taskOrders", s)
        self.get = Request("GET", "/taskOrders/:orderShortId", s)
        self.update = Request("PUT", "/taskOrders/:orderShortId", s)
        self.cancel = Request("POST", "/taskOrders/cancel", s)
        self.clone = Request("POST", "/taskOrders/:orderId/clone", s)
        self.reject = Request("POST", "/taskOrders/:orderShortId/reject", s)
        self.quote = Request("POST", "/deliveryServices/quote", s)


def as_key(key: str) -> tuple[Onfleet, Orders]:
    api = Onfleet(api_key=key)  # the session is class-level: the last key wins
    return api, Orders(api)


def advance(server, tenant, seconds):
    httpx.post(f"{server}/_sim/clock/advance", json={"tenant": tenant, "seconds": seconds}).raise_for_status()


def test_auth_test_and_bad_key(sdk):
    api, _ = as_key("py-acme")
    assert "successfully authenticated" in api.auth_test()["message"]
    api, orders = as_key("invalid-key")
    with pytest.raises(PermissionError) as info:
        orders.get(id="3ae2dbba")
    assert info.value.status == 1102


def test_orders_round_trip_with_both_roles(sdk):
    api, orders = as_key("py-acme")
    order = orders.create(body=order_body())
    assert orders.get(id=order["shortId"]) == order
    client_org = api.organization.get()["id"]
    courier, courier_orders = as_key("courier-py-acme")
    assert courier_orders.get(id=order["shortId"]) == order
    updated = courier_orders.update(id=order["shortId"], body={"pickupTask": {"notes": "hello"},
                                                               "dropoffTask": {"notes": "hello"}})
    assert updated["pickupTask"]["notes"] == updated["dropoffTask"]["notes"] == "hello"
    mine = courier_orders.create(body=order_body(client=client_org))
    assert courier_orders.reject(id=mine["shortId"], body={"reason": "This is a test order"}) == {"status": "success"}
    with pytest.raises(PermissionError) as info:  # couriers cannot clone: 403 / 1300
        courier_orders.clone(id=order["id"])
    assert info.value.status == 1300
    _, orders = as_key("py-acme")
    clone = orders.clone(id=order["id"])
    assert clone["pickupTask"]["sourceTaskId"] == order["pickupTask"]["id"]
    assert orders.cancel(body={"orderIds": [order["id"], clone["id"]]}) == {"status": "success", "totalOrdersRemoved": 2}
    with pytest.raises(HttpError) as info:
        orders.get(id=order["shortId"])
    assert info.value.status == 1402


def test_validation_errors_raise_validation_error(sdk):
    _, orders = as_key("py-acme")
    body = order_body()
    del body["dropoffTask"]["destination"]
    with pytest.raises(ValidationError) as info:
        orders.create(body=body)
    assert info.value.status == 1000 and "dropoffTask.destination" in info.value.message


def test_tasks_through_the_sdk_resources(sdk):
    api, orders = as_key("py-acme")
    order = orders.create(body=order_body())
    advance(sdk, "py-acme", 30)
    pickup = api.tasks.get(id=order["pickupTask"]["id"])
    assert pickup["state"] == 1 and pickup["orderShortId"] == order["shortId"]
    dropoff = api.tasks.get(shortId=order["dropoffTask"]["shortId"])
    assert dropoff["dependencies"] == [pickup["id"]]


def test_quote_and_create_with_fixture_roles_and_services(sdk):
    api, orders = as_key("demo-client-key")
    client_org = api.organization.get()["id"]
    _, courier_orders = as_key("demo-courier-key")
    dest = {"location": [-73.9632133, 40.6710689], "address": {"number": "200", "street": "Eastern Parkway",
            "city": "Brooklyn", "state": "New York", "postalCode": "11238", "country": "United States"}}
    quote = {"readyBy": 1757941200000, "dueBy": 1757970000000, "quantity": 4, "weight": {"value": 3, "units": "lb"},
             "pickup": dest, "dropoff": dest}
    options = courier_orders.quote(queryParams={"clientId": client_org}, body=quote)
    assert [o["deliveryServiceId"] for o in options] == ["svc-same-day"]  # express takes at most 3 pieces
    assert options[0]["price"] == round(12.5 + 0.4 * 3 / 2.20462, 2)
    with pytest.raises(ValidationError):  # this client has services: deliveryServiceId is required
        courier_orders.create(body=order_body(client=client_org))
    order = courier_orders.create(body=order_body(client=client_org, deliveryServiceId="svc-same-day"))
    assert order["deliveryService"] == "svc-same-day"
    _, orders = as_key("demo-client-key")
    with pytest.raises(PermissionError):  # an order with a service cannot be cloned
        orders.clone(id=order["id"])


def test_done_when_webhooks_handshake_signed_events_to_delivered(sdk, receiver):
    api, orders = as_key("py-done")
    hooks = [api.webhooks.create(body={"url": f"{receiver.url}/onfleet", "name": name, "trigger": trigger})
             for trigger, name in ((6, "created"), (9, "assigned"), (0, "started"), (3, "completed"))]
    assert [h["trigger"] for h in api.webhooks.get()] == [6, 9, 0, 3]
    assert sum(1 for r in receiver.requests if r["method"] == "GET" and "check=" in r["path"]) == 4
    order = orders.create(body=order_body())
    _, courier_orders = as_key("courier-py-done")
    assert courier_orders.get(id=order["shortId"])["id"] == order["id"]
    advance(sdk, "py-done", 3600)
    api, orders = as_key("py-done")
    assert orders.get(id=order["id"])["dropoffTask"]["state"] == 3
    secret = httpx.get(f"{sdk}/_sim/vendors/onfleet/config", params={"tenant": "py-done"}).json()["config"]["webhook_secret"]
    posts = receiver.posts()
    assert all(verify(secret, p["body"], p["headers"]["x-onfleet-signature"]) for p in posts)
    assert [json.loads(p["body"])["triggerName"] for p in posts] == [
        "taskCreated", "taskCreated", "taskAssigned", "taskAssigned", "taskStarted", "taskCompleted",
        "taskStarted", "taskCompleted"]
    assert api.webhooks.deleteOne(id=hooks[0]["id"]) == 200
    assert len(api.webhooks.get()) == 3


def test_sdk_survives_the_server_rate_limit(sdk):
    """pyonfleet reads X-RateLimit-Remaining on every 2xx and sleeps 1/remaining below 5: it must never
    see 0 (ZeroDivisionError), so 20 quick calls pass, slowed down by the SDK itself."""
    httpx.put(f"{sdk}/_sim/settings", json={"rate_limit": True})
    try:
        api, orders = as_key("py-burst")
        order = orders.create(body=order_body())
        for _ in range(19):
            assert orders.get(id=order["shortId"])["id"] == order["id"]
    finally:
        httpx.put(f"{sdk}/_sim/settings", json={"rate_limit": False})
