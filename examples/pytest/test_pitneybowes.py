"""Pitney Bowes SendPro360 Order Management (no official Python client): a token from the auth
endpoint, an order from creation through fulfilment to delivery, and the simulator's order events
(PB sends no webhooks) at a sink."""

import json

import httpx

ORDER = {"orderNumber": "SHOP-1001",
         "fromAddress": {"addressLine1": "638 Manitoba Ave", "cityTown": "Winnipeg", "countryCode": "CA"},
         "toAddress": {"name": "Jane Smith", "addressLine1": "1822 Franklin Street", "cityTown": "Vancouver",
                       "countryCode": "CA"},
         "items": [{"itemId": "SKU12345", "quantity": 2}]}


def bearer(ordersim) -> dict:
    token = httpx.post(ordersim.url("/pitneybowes/auth/api/v1/token"),
                       auth=(ordersim.pitneybowes_client_id, ordersim.pitneybowes_client_secret)).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def test_an_order_is_fulfilled_shipped_and_delivered(ordersim):
    ordersim.subscribe(ordersim.sink_url("pb"), vendor="pitneybowes")
    orders = ordersim.base_url("pitneybowes") + "/api/v1/orders"
    with httpx.Client(headers=bearer(ordersim)) as api:
        created = api.post(orders, json=ORDER).json()
        assert created["status"] == "Created"

        ordersim.advance(300 + 600 + 1800)  # fulfilled, in transit, delivered

        shown = api.get(f"{orders}/{created['orderId']}").json()
    assert shown["orderInfo"]["status"] == "FULFILLED"
    assert shown["orderShippingInfo"]["shipmentStatus"] == "DELIVERED"
    events = [json.loads(r.body)["data"] for r in ordersim.sink("pb").requests]
    assert [e["state"] for e in events] == ["UNFULFILLED", "FULFILLED", "FULFILLED:IN_TRANSIT", "FULFILLED:DELIVERED"]


def test_an_expired_token_is_refused(ordersim):
    headers = bearer(ordersim)
    ordersim.advance(14400)  # tokens live 4 hours of the tenant's clock
    answer = httpx.post(ordersim.base_url("pitneybowes") + "/api/v1/orders", json=ORDER, headers=headers)
    assert answer.status_code == 401 and answer.json()["errorCode"] == "unauthorized_error"
