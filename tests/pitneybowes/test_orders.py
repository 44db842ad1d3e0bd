"""Create, get, partial update, soft delete and item delete in PB's shapes."""

import copy
import re

import pytest

from tests.pitneybowes.helpers import BASE, MINIMAL, SAMPLE, create, get, ids, order, search, token

pytestmark = pytest.mark.anyio
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


@pytest.fixture
async def auth(client):
    return await token(client, "client-a")


async def test_create_is_200_with_operation_result(client, auth):
    resp = await client.post(BASE, json=SAMPLE, headers=auth)
    assert resp.status_code == 200
    body = resp.json()
    assert list(body) == ["orderId", "orderNumber", "status", "transactionCreateDate"]
    assert re.fullmatch(r"PB[A-Za-z0-9]{10}", body["orderId"])
    assert body["orderNumber"] == "ORD12346" and body["status"] == "Created"
    assert body["transactionCreateDate"] == "2026-01-01T00:00:00.000Z"  # seeded manual clock


async def test_get_returns_the_nested_shape_with_everything_sent(client, auth):
    order_id = await create(client, auth, SAMPLE)
    body = await get(client, auth, order_id)
    assert list(body) == ["orderInfo", "orderShippingInfo"]
    info, shipping = body["orderInfo"], body["orderShippingInfo"]
    assert list(info) == ["orderId", "orderNumber", "status", "orderCreateDate", "orderUpdateDate", "sourceFlowType",
                          "createdBy", "customerInfo", "orderMessage", "items", "charges", "metadata", "tagIds"]
    assert (info["orderId"], info["orderNumber"], info["status"]) == (order_id, "ORD12346", "UNFULFILLED")
    assert info["sourceFlowType"] == "API" and info["createdBy"] == "client-a" and info["tagIds"] == []
    assert ISO.fullmatch(info["orderCreateDate"]) and ISO.fullmatch(info["orderUpdateDate"])
    for name in ("customerInfo", "orderMessage", "items", "charges", "metadata"):
        assert info[name] == SAMPLE[name], name
    assert list(shipping) == ["shippingReference", "shippingPreferences", "fromAddress", "toAddress"]
    for name in shipping:
        assert shipping[name] == SAMPLE[name], name


async def test_numbers_and_unknown_members_come_back_exactly_as_sent(client, auth):
    body = order("EXACT-1")
    body["items"][0]["unitPrice"] = 25
    body["items"][0]["futureField"] = {"kept": True}
    body["shippingPreferences"]["customs"]["customsInfo"]["customsItems"] = [{"sku": "A"}]
    order_id = await create(client, auth, body)
    resp = await client.get(f"{BASE}/{order_id}", headers=auth)
    assert b'"unitPrice":25,' in resp.content  # not re-encoded as 25.0
    item = resp.json()["orderInfo"]["items"][0]
    assert item["futureField"] == {"kept": True}
    customs = resp.json()["orderShippingInfo"]["shippingPreferences"]["customs"]["customsInfo"]
    assert customs["customsItems"] == [{"sku": "A"}]


async def test_minimal_order_omits_parts_not_sent(client, auth):
    order_id = await create(client, auth, MINIMAL)
    body = await get(client, auth, order_id)
    assert "customerInfo" not in body["orderInfo"] and "charges" not in body["orderInfo"]
    assert list(body["orderShippingInfo"]) == ["fromAddress", "toAddress"]


async def test_order_ids_are_unique_and_deterministic(client, auth):
    made = [await create(client, auth, order(f"N{i}")) for i in range(20)]
    assert len(set(made)) == 20 and all(re.fullmatch(r"PB[A-Za-z0-9]{10}", i) for i in made)


@pytest.mark.parametrize("mutate, expected", [
    (lambda b: b.pop("orderNumber"), "orderNumber: is required"),
    (lambda b: b.update(orderNumber="  "), "orderNumber: must not be blank"),
    (lambda b: b.pop("fromAddress"), "fromAddress: is required"),
    (lambda b: b.update(toAddress=None), "toAddress: is required"),
    (lambda b: b.pop("items"), "items: at least one item is required"),
    (lambda b: b.update(items=[]), "items: at least one item is required"),
    (lambda b: b.update(orderNumber=12), "orderNumber: Expected `str`, got `int`"),
    (lambda b: b["toAddress"].update(postalCode=12345), "toAddress.postalCode: Expected `str | null`, got `int`"),
    (lambda b: b["toAddress"].pop("addressLine1"), "toAddress.addressLine1: must not be blank"),
    (lambda b: b["fromAddress"].update(countryCode=""), "fromAddress.countryCode: must not be blank"),
    (lambda b: b["items"][0].update(quantity="2"), "items[0].quantity: Expected `int | null`, got `str`"),
    (lambda b: b["items"][0].update(quantity=0), "items[0].quantity: Expected `int` >= 1"),
    (lambda b: b["items"][0].update(unitPrice=-1), "items[0].unitPrice: Expected `float` >= 0.0"),
    (lambda b: b.update(items=[{"description": "no id"}]), "items[0]: itemId (SKU) or customProductId is required"),
    (lambda b: b.update(items=[{"itemId": "A"}, {"itemId": "A"}]), "items[1].itemId: duplicate item 'A' in this request"),
    (lambda b: b.update(items={"itemId": "A"}), "items: Expected `array`, got `object`"),
    (lambda b: b.update(charges={"gmv": "lots"}), "charges.gmv: Expected `float | null`, got `str`"),
    (lambda b: b.update(metadata=[{"name": 1}]), "metadata[0].name: Expected `str | null`, got `int`"),
])
async def test_validation_names_each_field(client, auth, mutate, expected):
    body = copy.deepcopy(SAMPLE)
    mutate(body)
    resp = await client.post(BASE, json=body, headers=auth)
    assert resp.status_code == 400
    err = resp.json()
    assert err["errorCode"] == "validation_error"
    assert err["message"] == "Invalid request. One or more fields failed validation."
    assert expected in err["additionalInfo"].split("; "), err["additionalInfo"]


async def test_all_problems_are_reported_at_once(client, auth):
    resp = await client.post(BASE, json={"orderMessage": {}}, headers=auth)
    assert resp.status_code == 400
    assert resp.json()["additionalInfo"] == ("orderNumber: is required; fromAddress: is required; "
                                             "toAddress: is required; items: at least one item is required")


@pytest.mark.parametrize("content, info", [
    (b"", "Required request body is missing."),
    (b"{not json", "Malformed JSON request"),
    (b"[1, 2]", "Request body must be a JSON object"),
    (b"null", "Request body must be a JSON object"),
    (b'"text"', "Request body must be a JSON object"),
])
async def test_unreadable_bodies_are_bad_request(client, auth, content, info):
    resp = await client.post(BASE, content=content, headers={**auth, "content-type": "application/json"})
    assert resp.status_code == 400
    err = resp.json()
    assert err["errorCode"] == "bad_request" and err["additionalInfo"].startswith(info)


async def test_duplicate_order_number_is_refused_unless_switched_off(client, auth):
    first = await create(client, auth, order("DUP-1"))
    resp = await client.post(BASE, json=order("DUP-1"), headers=auth)
    assert resp.status_code == 400
    assert resp.json() == {"errorCode": "duplicate_order_number",
                           "message": "Invalid request. The order number already exists.",
                           "additionalInfo": f"Order number DUP-1 is already used by order {first}."}
    await client.put("/_sim/vendors/pitneybowes/config",
                     json={"tenant": "client-a", "config": {"uniqueOrderNumber": False}})
    await create(client, auth, order("DUP-1"))


async def test_unknown_order_is_404(client, auth):
    resp = await client.get(f"{BASE}/PBzzzzzzzzzz", headers=auth)
    assert resp.status_code == 404
    assert resp.json() == {"errorCode": "not_found", "message": "The requested resource was not found.",
                           "additionalInfo": "Order PBzzzzzzzzzz was not found."}


async def test_patch_replaces_parts_and_upserts_items(client, auth):
    order_id = await create(client, auth, SAMPLE)
    patch = {"toAddress": {"addressLine1": "1 New Rd", "countryCode": "US"}, "orderNumber": "ORD-NEW",
             "items": [{"itemId": "SKU12345", "quantity": 5}, {"itemId": "SKU999", "description": "new"}]}
    resp = await client.patch(f"{BASE}/{order_id}", json=patch, headers=auth)
    assert resp.status_code == 200
    assert resp.json() == {"orderId": order_id, "orderNumber": "ORD-NEW", "status": "Updated",
                           "transactionCreateDate": "2026-01-01T00:00:00.000Z"}
    body = await get(client, auth, order_id)
    assert body["orderShippingInfo"]["toAddress"] == patch["toAddress"]  # replaced whole
    assert body["orderShippingInfo"]["fromAddress"] == SAMPLE["fromAddress"]  # untouched
    assert body["orderInfo"]["orderNumber"] == "ORD-NEW"
    first, second = body["orderInfo"]["items"]
    assert first == {**SAMPLE["items"][0], "quantity": 5}  # members not sent are kept
    assert second == {"itemId": "SKU999", "description": "new"}


async def test_patch_validates_what_it_is_given(client, auth):
    order_id = await create(client, auth, SAMPLE)
    for patch, info in [({"orderNumber": ""}, "orderNumber: must not be blank"),
                        ({"toAddress": {"countryCode": "US"}}, "toAddress.addressLine1: must not be blank"),
                        ({"items": [{"quantity": 1}]}, "items[0]: itemId (SKU) or customProductId is required"),
                        ({"customerInfo": []}, "customerInfo: Expected `object`, got `array`")]:
        resp = await client.patch(f"{BASE}/{order_id}", json=patch, headers=auth)
        assert resp.status_code == 400 and resp.json()["additionalInfo"] == info
    assert await get(client, auth, order_id) == await get(client, auth, order_id)
    assert (await get(client, auth, order_id))["orderInfo"]["orderNumber"] == "ORD12346"


async def test_patch_unknown_order_is_404_and_empty_patch_is_a_no_op(client, auth):
    resp = await client.patch(f"{BASE}/PBzzzzzzzzzz", json={"orderNumber": "x"}, headers=auth)
    assert resp.status_code == 404
    order_id = await create(client, auth, SAMPLE)
    before = await get(client, auth, order_id)
    assert (await client.patch(f"{BASE}/{order_id}", json={}, headers=auth)).status_code == 200
    assert await get(client, auth, order_id) == before


async def test_patch_cannot_take_another_orders_number(client, auth):
    await create(client, auth, order("A-1"))
    second = await create(client, auth, order("B-1"))
    resp = await client.patch(f"{BASE}/{second}", json={"orderNumber": "A-1"}, headers=auth)
    assert resp.status_code == 400 and resp.json()["errorCode"] == "duplicate_order_number"
    assert (await client.patch(f"{BASE}/{second}", json={"orderNumber": "B-1"}, headers=auth)).status_code == 200


async def test_delete_item_by_sku(client, auth):
    body = order("ITEMS-1", items=[{"itemId": "A", "quantity": 1}, {"itemId": "B", "quantity": 2},
                                   {"customProductId": "CP-9", "quantity": 3}])
    order_id = await create(client, auth, body)
    resp = await client.delete(f"{BASE}/{order_id}/items", params={"itemId": "B"}, headers=auth)
    assert resp.status_code == 200
    assert resp.json() == {"orderId": order_id, "status": "Updated", "transactionDateTime": "2026-01-01T00:00:00.000Z"}
    items = (await get(client, auth, order_id))["orderInfo"]["items"]
    assert [i.get("itemId", i.get("customProductId")) for i in items] == ["A", "CP-9"]
    assert (await client.delete(f"{BASE}/{order_id}/items?itemId=CP-9", headers=auth)).status_code == 200
    resp = await client.delete(f"{BASE}/{order_id}/items?itemId=B", headers=auth)
    assert resp.status_code == 404
    assert resp.json()["additionalInfo"] == f"Item B was not found in order {order_id}."
    resp = await client.delete(f"{BASE}/{order_id}/items", headers=auth)
    assert resp.status_code == 400 and resp.json()["errorCode"] == "bad_request"
    assert (await client.delete(f"{BASE}/PBzzzzzzzzzz/items?itemId=A", headers=auth)).status_code == 404


async def test_soft_delete_hides_the_order_everywhere_but_keeps_it(client, auth):
    order_id = await create(client, auth, order("DEL-1"))
    keep = await create(client, auth, order("KEEP-1"))
    resp = await client.delete(f"{BASE}/{order_id}", headers=auth)
    assert resp.status_code == 200
    assert resp.json() == {"orderId": order_id, "status": "Deleted", "transactionDateTime": "2026-01-01T00:00:00.000Z"}
    assert (await client.get(f"{BASE}/{order_id}", headers=auth)).status_code == 404
    assert (await client.delete(f"{BASE}/{order_id}", headers=auth)).status_code == 404
    assert (await client.patch(f"{BASE}/{order_id}", json={}, headers=auth)).status_code == 404
    assert (await client.put(f"{BASE}/{order_id}/tags", json={"tagIds": []}, headers=auth)).status_code == 404
    assert ids(await search(client, auth)) == [keep]
    assert ids(await search(client, auth, [{"name": "orderNumber", "value": ["DEL-1"]}])) == []
    assert ids(await search(client, auth, [{"name": "orderId", "value": [order_id]}])) == []
    assert (await search(client, auth))["totalElements"] == 1
    kept = (await client.get(f"/_sim/orders/pitneybowes/{order_id}?tenant=client-a")).json()
    assert kept["order"]["orderInfo"]["orderNumber"] == "DEL-1" and kept["order"]["orderInfo"]["deleted"] is True
    await create(client, auth, order("DEL-1"))  # the number is free again


async def test_routing_errors_use_the_envelope(client, auth):
    resp = await client.get("/pitneybowes/ordermanagement/api/v2/orders", headers=auth)
    assert resp.status_code == 404 and set(resp.json()) == {"errorCode", "message", "additionalInfo"}
    resp = await client.put(BASE, json={}, headers=auth)
    assert resp.status_code == 405 and resp.json()["errorCode"] == "method_not_allowed"


async def test_canadian_base_path_serves_the_same_api(client, auth):
    order_id = await create(client, auth, SAMPLE)
    resp = await client.get(f"/pitneybowes/ca/shipping/api/v1/orders/{order_id}", headers=auth)
    assert resp.status_code == 200 and resp.json()["orderInfo"]["orderId"] == order_id


async def test_injected_faults_and_oversized_bodies_use_the_envelope(client, auth, settings):
    rule = {"vendor": "pitneybowes", "status": 503, "count": 1, "path": "/pitneybowes/ordermanagement"}
    assert (await client.post("/_sim/faults", json=rule)).status_code == 201
    resp = await client.post(f"{BASE}/search", json={}, headers=auth)
    assert resp.status_code == 503
    assert resp.json() == {"errorCode": "service_unavailable", "message": "The request could not be completed.",
                           "additionalInfo": "injected fault"}
    assert (await client.post(f"{BASE}/search", json={}, headers=auth)).status_code == 200
    big = order("BIG", orderMessage={"type": "GIFT", "message": "x" * (settings.body_limit + 1)})
    resp = await client.post(BASE, json=big, headers=auth)
    assert resp.status_code == 413 and resp.json()["errorCode"] == "payload_too_large"
