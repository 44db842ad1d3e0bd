"""POST (and GET) /deliveryServices/quote?clientId=, and deliveryServiceId on create."""

import pytest

from tests.onfleet.helpers import BASE, assert_error, auth, order_body, org_id

pytestmark = pytest.mark.anyio
DEST = {"location": [-73.9632133, 40.6710689], "address": {"number": "200", "street": "Eastern Parkway",
        "city": "Brooklyn", "state": "New York", "postalCode": "11238", "country": "United States"}}
QUOTE = {"readyBy": 1757941200000, "dueBy": 1757970000000, "quantity": 2, "weight": {"value": 10, "units": "kg"},
         "pickup": DEST, "dropoff": DEST}
SERVICES = [{"id": "svc-std", "name": "Standard", "price": 10, "pricePerKg": 0.5, "maxWeightKg": 20},
            {"id": "svc-bike", "name": "Bike", "price": 5, "maxWeightKg": 5}]


async def configure(client, key="acme", services=SERVICES):
    await client.get(f"{BASE}/auth/test", headers=auth(key))
    resp = await client.put("/_sim/vendors/onfleet/config", json={"tenant": key, "config": {"services": services}})
    assert resp.status_code == 200, resp.text


async def test_no_services_configured_is_a_clear_400(client):
    resp = await client.post(f"{BASE}/deliveryServices/quote", headers=auth("acme"), json=QUOTE)
    inner = assert_error(resp, 400, "InvalidContent", 1000)
    assert "/_sim/vendors/onfleet/config" in inner["cause"]


async def test_quote_lists_fitting_services_with_prices(client):
    await configure(client)
    for method in ("POST", "GET"):
        resp = await client.request(method, f"{BASE}/deliveryServices/quote", headers=auth("acme"), json=QUOTE)
        assert resp.status_code == 200
        assert resp.json() == [{"deliveryServiceId": "svc-std", "name": "Standard", "price": 15.0, "currency": "USD",
                                "priceBreakdown": {"base": 10, "weight": 5.0}, "readyBy": 1757941200000,
                                "dueBy": 1757970000000}]
    light = {**QUOTE, "weight": {"value": 4.4, "units": "lb"}}
    ids = [o["deliveryServiceId"] for o in (await client.post(f"{BASE}/deliveryServices/quote", headers=auth("acme"),
                                                             json=light)).json()]
    assert ids == ["svc-std", "svc-bike"]


async def test_courier_quotes_for_a_named_client(client):
    await configure(client)
    url = f"{BASE}/deliveryServices/quote"
    assert_error(await client.post(url, headers=auth("courier-acme"), json=QUOTE), 400, "InvalidContent", 1000)
    resp = await client.post(f"{url}?clientId={await org_id(client, 'acme')}", headers=auth("courier-acme"), json=QUOTE)
    assert resp.status_code == 200 and len(resp.json()) == 1
    assert_error(await client.post(f"{url}?clientId=someoneelse", headers=auth("acme"), json=QUOTE),
                 400, "InvalidContent", 1000)


@pytest.mark.parametrize("patch, error", [({"readyBy": None}, 1000), ({"quantity": 0}, 1000), ({"weight": None}, 1000),
                                          ({"weight": {"value": 1, "units": "stone"}}, 1000),
                                          ({"dueBy": 1}, 1009), ({"pickup": None}, 1000),
                                          ({"dropoff": {"address": {"city": "x"}}}, 1000), ({"quantity": "2"}, 1005)])
async def test_quote_validation(client, patch, error):
    await configure(client)
    resp = await client.post(f"{BASE}/deliveryServices/quote", headers=auth("acme"), json={**QUOTE, **patch})
    assert_error(resp, 400, "InvalidContent", error)


async def test_bad_services_config_is_a_400_not_a_crash(client):
    """Refused when set (the control plane's 400 names the field), so a quote never meets it."""
    await client.get(f"{BASE}/auth/test", headers=auth("acme"))
    resp = await client.put("/_sim/vendors/onfleet/config", json={"tenant": "acme", "config": {"services": [{"name": "no id"}]}})
    assert resp.status_code == 400 and resp.json() == {"error": "config.services[0].id: required", "status": 400}
    resp = await client.post(f"{BASE}/deliveryServices/quote", headers=auth("acme"), json=QUOTE)
    assert "/_sim/vendors/onfleet/config" in assert_error(resp, 400, "InvalidContent", 1000)["cause"]  # none set


async def test_create_requires_a_known_service_once_services_exist(client):
    await configure(client)
    url = f"{BASE}/taskOrders"
    assert_error(await client.post(url, headers=auth("acme"), json=order_body()), 400, "InvalidContent", 1000)
    assert_error(await client.post(url, headers=auth("acme"), json=order_body(deliveryServiceId="svc-x")),
                 400, "InvalidContent", 1000)
    resp = await client.post(url, headers=auth("acme"), json=order_body(deliveryServiceId="svc-std", price=15.0,
                                                                         currency="USD"))
    assert resp.status_code == 200
    assert (resp.json()["deliveryService"], resp.json()["price"], resp.json()["currency"]) == ("svc-std", 15.0, "USD")
