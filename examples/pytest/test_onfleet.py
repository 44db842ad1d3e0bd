"""Onfleet with the official client (pyonfleet), as `ordersim.client("onfleet")` sets it up: a task
order from creation to delivery, the `taskCompleted` webhooks it fires, and their signatures."""

import hashlib
import hmac

from onfleet.request import Request

ORDER = {
    "pickupTask": {"destination": {"address": {"unparsed": "150 Otis St, San Francisco, CA 94103, USA"}},
                   "recipients": [{"name": "Store", "phone": "4155550100"}]},
    "dropoffTask": {"destination": {"address": {"unparsed": "1 Warriors Way, San Francisco, CA 94158, USA"}},
                    "recipients": [{"name": "Jane", "phone": "+14155550101"}], "notes": "Gate 3"},
}


def test_a_task_order_is_delivered_and_signed_webhooks_arrive(ordersim):
    api = ordersim.client("onfleet")  # pyonfleet, pointed at the simulator, with this test's client key
    # pyonfleet has no Orders resource: build the calls on its session, as docs/onfleet.md shows
    create_order = Request("POST", "/taskOrders", api._session)
    get_order = Request("GET", "/taskOrders/:orderShortId", api._session)
    api.webhooks.create(body={"url": ordersim.sink_url("onfleet"), "name": "done", "trigger": 3})  # taskCompleted

    order = create_order(body=ORDER)
    assert order["pickupTask"]["state"] == 0  # unassigned

    ordersim.advance(360)  # assigned, pickup started and done, dropoff started and done

    assert get_order(id=order["shortId"])["dropoffTask"]["state"] == 3  # completed
    assert ordersim.order("onfleet", order["id"]).milestone == "delivered"
    received = ordersim.sink("onfleet").requests
    assert [r.json()["taskId"] for r in received] == [order["pickupTask"]["id"], order["dropoffTask"]["id"]]
    secret = bytes.fromhex(ordersim.vendor_config("onfleet")["webhook_secret"])
    for request in received:
        expected = hmac.new(secret, request.body.encode(), hashlib.sha512).hexdigest()
        assert request.headers["x-onfleet-signature"] == expected


def test_a_failed_delivery_reaches_the_integration_as_task_failed(ordersim):
    api = ordersim.client("onfleet")
    create_order = Request("POST", "/taskOrders", api._session)
    api.webhooks.create(body={"url": ordersim.sink_url(), "name": "failed", "trigger": 4})  # taskFailed
    order = create_order(body=ORDER)

    ordersim.advance_order("onfleet", order["id"], "delivery_unreachable")

    [failed] = [r.json() for r in ordersim.sink().requests]
    assert failed["triggerName"] == "taskFailed" and failed["taskId"] == order["dropoffTask"]["id"]
