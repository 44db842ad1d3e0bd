"""taskOrders contract: create, get, update, cancel, clone, reject, and the seed's role table."""

import re

import pytest

from tests.onfleet.helpers import BASE, assert_error, auth, create, get, order_body, org_id, to_state
from tests.support import advance

pytestmark = pytest.mark.anyio
ID = re.compile(r"^[A-Za-z0-9*~]{24}$")
SHORT = re.compile(r"^[0-9a-f]{8}$")


async def test_create_returns_order_with_linked_task_pair(client):
    order = await create(client)
    assert list(order)[:6] == ["id", "shortId", "timeCreated", "timeLastModified", "source", "events"]
    assert ID.match(order["id"]) and SHORT.match(order["shortId"])
    assert order["timeCreated"] == 1767225600000 and order["source"] == "api"
    assert (order["price"], order["currency"], order["deliveryService"]) == (None, None, None)
    pickup, dropoff = order["pickupTask"], order["dropoffTask"]
    assert pickup["pickupTask"] is True and dropoff["pickupTask"] is False
    for task in (pickup, dropoff):
        assert ID.match(task["id"]) and SHORT.match(task["shortId"]) and task["shortId"] != order["shortId"]
        assert task["orderShortId"] == order["shortId"] and task["state"] == 0 and task["worker"] is None
        assert task["trackingURL"] == f"https://onf.lt/{task['shortId']}"
        assert task["merchant"] == await org_id(client, "acme")
        assert task["executor"] == await org_id(client, "courier-acme")
    assert pickup["dependencies"] == [] and dropoff["dependencies"] == [pickup["id"]]
    assert pickup["recipients"][0]["phone"] == "+14155550100"  # no "+": parsed with the org's country
    address = pickup["destination"]["address"]
    assert (address["number"], address["street"], address["city"], address["state"], address["postalCode"]) == \
        ("150", "Otis St", "San Francisco", "CA", "94103")
    assert len(pickup["destination"]["location"]) == 2 and dropoff["notes"] == "Gate 3"


async def test_acknowledged_order_reads_back_by_id_and_short_id_for_both_roles(client):
    order = await create(client)
    for key in ("acme", "client-acme", "courier-acme"):
        for ref in (order["id"], order["shortId"]):
            resp = await get(client, ref, key)
            assert resp.status_code == 200 and resp.json() == order


async def test_task_ids_are_not_order_ids(client):
    order = await create(client)
    for ref in (order["pickupTask"]["shortId"], order["dropoffTask"]["id"], "00000000"):
        assert_error(await get(client, ref), 404, "ResourceNotFound", 1402)


async def test_other_tenants_do_not_see_the_order(client):
    order = await create(client)
    for key in ("globex", "courier-globex"):
        assert_error(await get(client, order["shortId"], key), 404, "ResourceNotFound", 1402)


async def test_courier_must_name_a_known_client(client):
    resp = await client.post(f"{BASE}/taskOrders", headers=auth("courier-acme"), json=order_body())
    assert "client" in assert_error(resp, 400, "InvalidContent", 1000)["message"]
    resp = await client.post(f"{BASE}/taskOrders", headers=auth("courier-acme"),
                             json=order_body(client="K1hwVO637w54azpAxAj*DzM3"))
    assert_error(resp, 400, "InvalidContent", 1000)
    client_org = await org_id(client, "acme")
    resp = await client.post(f"{BASE}/taskOrders", headers=auth("courier-acme"), json=order_body(client=client_org))
    assert resp.status_code == 200
    order = resp.json()
    assert order["pickupTask"]["merchant"] == client_org
    assert (await get(client, order["shortId"], "acme")).json() == order  # the client sees it


@pytest.mark.parametrize("mutate, status, error", [
    (lambda b: b.pop("dropoffTask"), 400, 1000),
    (lambda b: b["pickupTask"].pop("destination"), 400, 1000),
    (lambda b: b["dropoffTask"]["destination"]["address"].pop("city"), 400, 1000),
    (lambda b: b["pickupTask"]["destination"]["address"].update(unparsed=" "), 400, 1000),
    (lambda b: b["pickupTask"]["recipients"][0].pop("name"), 400, 1000),
    (lambda b: b["pickupTask"]["recipients"][0].update(phone="call me"), 400, 1010),
    (lambda b: b["dropoffTask"].update(completeAfter=2000, completeBefore=1000), 400, 1009),
    (lambda b: b["dropoffTask"].update(notes="x" * 10_001), 400, 1000),
    (lambda b: b["dropoffTask"].update(completeAfter="soon"), 400, 1005),
    (lambda b: b["dropoffTask"].update(completeAfter=10**30), 400, 1000),
    (lambda b: b["dropoffTask"].update(completeBefore=-1), 400, 1000),
    (lambda b: b.update(price=-1), 400, 1000),
    (lambda b: b.update(deliveryServiceId="svc"), 400, 1000),
])
async def test_create_validation(client, mutate, status, error):
    body = order_body()
    mutate(body)
    resp = await client.post(f"{BASE}/taskOrders", headers=auth("acme"), json=body)
    assert_error(resp, status, "InvalidContent", error)


async def test_recipients_may_be_omitted(client):
    body = order_body()
    del body["pickupTask"]["recipients"]
    body["dropoffTask"]["recipients"] = []
    resp = await client.post(f"{BASE}/taskOrders", headers=auth("acme"), json=body)
    assert resp.status_code == 200 and resp.json()["pickupTask"]["recipients"] == []


async def test_update_requires_the_pair_and_changes_both(client):
    order = await create(client)
    url = f"{BASE}/taskOrders/{order['shortId']}"
    resp = await client.put(url, headers=auth("acme"), json={"pickupTask": {"notes": "hello"}})
    assert_error(resp, 400, "InvalidContent", 1000)
    await advance(client, "acme", 1)
    resp = await client.put(url, headers=auth("courier-acme"),
                            json={"pickupTask": {"notes": "hello", "completeAfter": 1767229200000},
                                  "dropoffTask": {"notes": "world", "completeBefore": 1767240000000}})
    assert resp.status_code == 200
    updated = resp.json()
    assert updated["pickupTask"]["notes"] == "hello" and updated["dropoffTask"]["notes"] == "world"
    assert updated["pickupTask"]["completeAfter"] == 1767229200000
    assert updated["dropoffTask"]["recipients"] == order["dropoffTask"]["recipients"]
    assert updated["timeLastModified"] == 1767225601000
    assert (await get(client, order["id"])).json() == updated


async def test_update_destination_needs_location(client):
    order = await create(client)
    dest = {"address": {"number": "150", "street": "Otis Street", "city": "San Francisco", "state": "California",
                        "postalCode": "94103", "country": "United States", "apartment": ""}}
    url = f"{BASE}/taskOrders/{order['id']}"
    resp = await client.put(url, headers=auth("acme"), json={"pickupTask": {"destination": dest}, "dropoffTask": {}})
    assert_error(resp, 400, "InvalidContent", 1000)
    dest["location"] = [-122.4205014, 37.7709368]
    resp = await client.put(url, headers=auth("acme"), json={"pickupTask": {"destination": dest}, "dropoffTask": {}})
    assert resp.status_code == 200
    assert resp.json()["pickupTask"]["destination"]["location"] == [-122.4205014, 37.7709368]
    assert resp.json()["pickupTask"]["destination"]["address"]["street"] == "Otis Street"


async def test_update_refused_once_started(client):
    order = await create(client)
    await to_state(client, order, "pickup_started")
    resp = await client.put(f"{BASE}/taskOrders/{order['id']}", headers=auth("acme"),
                            json={"pickupTask": {"notes": "late"}, "dropoffTask": {}})
    assert "cannot be updated once started" in assert_error(resp, 400, "InvalidContent", 1000)["message"]


async def test_cancel_removes_the_pair(client):
    a, b = await create(client), await create(client)
    resp = await client.post(f"{BASE}/taskOrders/cancel", headers=auth("acme"),
                             json={"orderIds": [a["id"], b["shortId"], a["id"]]})
    assert resp.status_code == 200 and resp.json() == {"status": "success", "totalOrdersRemoved": 2}
    assert_error(await get(client, a["id"]), 404, "ResourceNotFound", 1402)
    resp = await client.get(f"{BASE}/tasks/{a['pickupTask']['id']}", headers=auth("acme"))
    assert_error(resp, 404, "ResourceNotFound", 1402)
    sim = (await client.get(f"/_sim/orders/onfleet/{a['shortId']}")).json()
    assert sim["milestone"] == "cancelled"


async def test_cancel_needs_an_array_and_courier_names_client(client):
    order = await create(client)
    url = f"{BASE}/taskOrders/cancel"
    assert_error(await client.post(url, headers=auth("acme"), json={"orderIds": order["id"]}),
                 400, "InvalidContent", 1005)
    assert_error(await client.post(url, headers=auth("acme"), json={}), 400, "InvalidContent", 1000)
    assert_error(await client.post(url, headers=auth("courier-acme"), json={"orderIds": [order["id"]]}),
                 400, "InvalidContent", 1000)
    resp = await client.post(url, headers=auth("courier-acme"),
                             json={"client": await org_id(client, "acme"), "orderIds": [order["id"]]})
    assert resp.json() == {"status": "success", "totalOrdersRemoved": 1}


async def test_cancel_refused_once_completed_and_unknown_ids_are_404(client):
    done, live = await create(client), await create(client)
    await to_state(client, done, "delivered")
    resp = await client.post(f"{BASE}/taskOrders/cancel", headers=auth("acme"), json={"orderIds": [live["id"], done["id"]]})
    assert "Completed Orders cannot be" in assert_error(resp, 400, "InvalidContent", 1000)["message"]
    assert (await get(client, live["id"])).status_code == 200  # nothing removed: all or none
    resp = await client.post(f"{BASE}/taskOrders/cancel", headers=auth("acme"), json={"orderIds": ["0badc0de"]})
    assert_error(resp, 404, "ResourceNotFound", 1402)


async def test_cancel_allowed_after_start_until_completed(client):
    order = await create(client)
    await to_state(client, order, "dropoff_started")
    resp = await client.post(f"{BASE}/taskOrders/cancel", headers=auth("acme"), json={"orderIds": [order["id"]]})
    assert resp.json()["totalOrdersRemoved"] == 1


async def test_clone_gives_new_ids_and_drops_times(client):
    body = order_body()
    body["pickupTask"]["completeAfter"] = 1767229200000
    original = (await client.post(f"{BASE}/taskOrders", headers=auth("acme"), json=body)).json()
    await to_state(client, original, "delivered")
    resp = await client.post(f"{BASE}/taskOrders/{original['id']}/clone", headers=auth("acme"), content=b"null")
    assert resp.status_code == 200
    clone = resp.json()
    assert clone["id"] != original["id"] and clone["shortId"] != original["shortId"]
    for new, old in ((clone["pickupTask"], original["pickupTask"]), (clone["dropoffTask"], original["dropoffTask"])):
        assert new["id"] != old["id"] and new["shortId"] != old["shortId"] and new["orderShortId"] == clone["shortId"]
        assert new["destination"]["id"] != old["destination"]["id"]
        assert new["destination"]["address"] == old["destination"]["address"]
        assert new["completeAfter"] is None and new["completeBefore"] is None and new["state"] == 0
        assert new["sourceTaskId"] == old["id"]
    assert clone["dropoffTask"]["dependencies"] == [clone["pickupTask"]["id"]]
    # fact sheet 2.5 (D5): scanOnlyRequiredBarcodes is omitted from the clone response, not from GET
    assert "scanOnlyRequiredBarcodes" not in clone["pickupTask"]
    assert "scanOnlyRequiredBarcodes" not in clone["dropoffTask"]
    again = (await get(client, clone["shortId"])).json()
    for key in ("pickupTask", "dropoffTask"):
        assert again[key].pop("scanOnlyRequiredBarcodes") is False
    assert again == clone


async def test_clone_is_for_clients_and_orders_without_rates(client):
    order = await create(client)
    resp = await client.post(f"{BASE}/taskOrders/{order['id']}/clone", headers=auth("courier-acme"))
    assert_error(resp, 403, "Forbidden", 1300)
    priced = await create(client, price=12.5, currency="USD")
    assert priced["price"] == 12.5 and priced["currency"] == "USD"
    resp = await client.post(f"{BASE}/taskOrders/{priced['id']}/clone", headers=auth("acme"))
    assert_error(resp, 403, "Forbidden", 1300)


async def test_reject_is_for_couriers_needs_a_reason_and_ends_the_order(client):
    order = await create(client)
    url = f"{BASE}/taskOrders/{order['shortId']}/reject"
    assert_error(await client.post(url, headers=auth("acme"), json={"reason": "x"}), 403, "Forbidden", 1300)
    assert_error(await client.post(url, headers=auth("courier-acme"), json={}), 400, "InvalidContent", 1000)
    resp = await client.post(url, headers=auth("courier-acme"), json={"reason": "This is a test order"})
    assert resp.status_code == 200 and resp.json() == {"status": "success"}
    assert_error(await get(client, order["id"]), 404, "ResourceNotFound", 1402)
    sim = (await client.get(f"/_sim/orders/onfleet/{order['id']}")).json()
    assert sim["milestone"] == "rejected"


async def test_reject_accepts_the_older_reasons_field_and_is_refused_after_start(client):
    order = await create(client)
    resp = await client.post(f"{BASE}/taskOrders/{order['id']}/reject", headers=auth("courier-acme"),
                             json={"reasons": ["too far", "no van"]})
    assert resp.status_code == 200
    started = await create(client)
    await to_state(client, started, "pickup_started")
    resp = await client.post(f"{BASE}/taskOrders/{started['id']}/reject", headers=auth("courier-acme"),
                             json={"reason": "x"})
    assert_error(resp, 400, "InvalidContent", 1000)
