"""Tiramizoo: quote, order with a web hook URL, delivery on the simulated clock, one POST per state."""

import httpx

QUOTE_REQUEST = {
    "pickup": {"address_line_1": "Im Dol 1", "city": "Berlin", "postal_code": "14195", "country_code": "de"},
    "delivery": {"address_line_1": "Thujaweg 1", "city": "Berlin", "postal_code": "12437", "country_code": "de"},
    "items": [{"width": 20, "height": 10, "length": 30, "weight": 2.5}],
}


def test_an_order_is_delivered_and_every_state_change_is_posted(ordersim):
    with httpx.Client(base_url=ordersim.base_url("tiramizoo"), params={"api_token": ordersim.tiramizoo_token}) as api:
        quote = api.post("/quotes", json=QUOTE_REQUEST).json()[0]
        created = api.post("/orders", json={
            "quote": quote, "description": "two books", "external_id": "shop-1001",
            "pickup": {"name": "Book shop", "phone_number": "+491234567890"},
            "delivery": {"name": "Bob", "email": "bob@example.com"},
            "web_hook_url": ordersim.sink_url("tiramizoo"),
        })
        assert created.status_code == 201
        uuid = created.json()["uuid"]

        ordersim.advance(300)  # 30 s to dispatch, 120 s to pick up, 150 s to deliver

        assert api.get(f"/orders/{uuid}").json()["state"] == "delivered"
    posted = [request.json() for request in ordersim.sink("tiramizoo").requests]
    assert [(body["uuid"], body["state"]) for body in posted] == [
        (uuid, "dispatched"), (uuid, "picked_up"), (uuid, "delivered")]


def test_a_cancelled_order_stops_and_says_so(ordersim):
    with httpx.Client(base_url=ordersim.base_url("tiramizoo"), params={"api_token": ordersim.tiramizoo_token}) as api:
        quote = api.post("/quotes", json=QUOTE_REQUEST).json()[0]
        uuid = api.post("/orders", json={
            "quote": quote, "description": "a lamp", "pickup": {"name": "Shop", "phone_number": "+491234567890"},
            "delivery": {"name": "Ann", "email": "ann@example.com"}, "web_hook_url": ordersim.sink_url(),
        }).json()["uuid"]
        assert api.put(f"/orders/{uuid}", json={"state": "cancelled"}).json()["state"] == "cancelled"
        ordersim.advance(600)
        assert api.get(f"/orders/{uuid}").json()["state"] == "cancelled"
    assert [r.json()["state"] for r in ordersim.sink().requests] == ["cancelled"]
