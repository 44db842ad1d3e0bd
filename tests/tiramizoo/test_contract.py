"""Tiramizoo v1 contract: quotes, create, show, list, cancel, auth and errors, as the docs say."""

import json

import pytest

from tests.support import advance
from tests.tiramizoo.helpers import QUOTE_REQUEST, create, quote

pytestmark = pytest.mark.anyio


async def test_quote_shape_price_in_cents_and_signature(client):
    resp = await client.post("/tiramizoo/v1/quotes", json=QUOTE_REQUEST)
    assert resp.status_code == 200
    [q] = resp.json()
    assert list(q) == ["pickup", "delivery", "items", "price", "created_at", "signature"]
    assert q["pickup"]["after"] and q["pickup"]["before"] and q["delivery"]["before"]
    assert q["items"][0]["quantity"] == 1 and q["items"][1]["quantity"] == 42
    price = q["price"]
    assert price["currency"] == "EUR" and price["tax_rate"] == 19
    assert isinstance(price["net"], int) and price["gross"] == price["net"] + price["tax"]
    assert len(q["signature"]) == 40 and int(q["signature"], 16) >= 0
    assert q["created_at"] == "2026-01-01T00:00:00.000Z"  # seeded manual clock


async def test_quote_intervals_offers_several_windows(client):
    body = {**QUOTE_REQUEST, "delivery": {**QUOTE_REQUEST["delivery"], "intervals": True}}
    quotes = (await client.post("/tiramizoo/v1/quotes", json=body)).json()
    assert len(quotes) > 1
    assert len({q["delivery"]["after"] for q in quotes}) == len(quotes)


@pytest.mark.parametrize("mutate, field", [
    (lambda b: b["pickup"].pop("address_line_1"), "pickup_address_line_1"),
    (lambda b: b["delivery"].pop("postal_code"), "delivery_postal_code"),
    (lambda b: b.update(items=[]), "items"),
])
async def test_quote_validation_errors_use_object_form(client, mutate, field):
    body = {k: (dict(v) if isinstance(v, dict) else list(v)) for k, v in QUOTE_REQUEST.items()}
    mutate(body)
    resp = await client.post("/tiramizoo/v1/quotes", json=body)
    assert resp.status_code == 422
    err = resp.json()
    assert err["code"] == "validation_error" and err["message"] == "validation error"
    assert any(e["field"] == field and e["code"] == "blank" for e in err["errors"])


async def test_quote_business_errors(client):
    too_big = {**QUOTE_REQUEST, "items": [{"width": 500, "height": 1, "length": 1, "weight": 1}]}
    resp = await client.post("/tiramizoo/v1/quotes", json=too_big)
    assert resp.status_code == 422 and resp.json() == {"message": "item too big", "code": "item_too_big"}
    bad_zip = {**QUOTE_REQUEST, "pickup": {**QUOTE_REQUEST["pickup"], "postal_code": "X1"}}
    resp = await client.post("/tiramizoo/v1/quotes", json=bad_zip)
    assert resp.json() == {"message": "geocoding failed", "code": "geocoding_failed"}


async def test_create_returns_201_location_and_show_representation(client):
    resp = await create(client, external_id="123-456-789", items_price=1999,
                        web_hook_url="http://api.myshop.com/deliveries/update_state")
    assert resp.status_code == 201
    order = resp.json()
    assert list(order) == ["uuid", "state", "external_id", "web_hook_url", "description", "items_price",
                           "pickup", "delivery", "quote"]
    assert order["state"] == "awaiting_payment" and order["items_price"] == 1999
    assert order["pickup"] == {"name": "Alice Icealay", "phone_number": "+491234567890"}
    assert resp.headers["location"] == f"http://sim/tiramizoo/v1/orders/{order['uuid']}"
    shown = await client.get(f"/tiramizoo/v1/orders/{order['uuid']}?api_token=tok")
    assert shown.status_code == 200 and shown.json() == order


async def test_quote_is_echoed_unmodified(client):
    q = await quote(client, "tok")
    resp = await client.post("/tiramizoo/v1/orders?api_token=tok",
                             json={"quote": q, "pickup": {"name": "A"}, "delivery": {"name": "B"}})
    assert resp.json()["quote"] == q


async def test_each_order_echoes_the_quote_bytes_its_client_sent(client, app):
    """Orders that echo one quote share it in memory; one that sends it re-encoded (keys in another
    order, spaces) still gets exactly its own bytes back, on create, on read and after a restore."""
    q = await quote(client, "tok")
    compact = json.dumps(q, separators=(",", ":")).encode()
    spaced = json.dumps(dict(reversed(q.items())), indent=1).encode()
    sent = [compact, compact, spaced]
    uuids = []
    for quote_bytes in sent:
        body = b'{"quote":' + quote_bytes + b',"pickup":{"name":"A"},"delivery":{"name":"B"}}'
        resp = await client.post("/tiramizoo/v1/orders?api_token=tok", content=body,
                                 headers={"content-type": "application/json"})
        assert resp.status_code == 201, resp.text
        assert resp.content.endswith(b',"quote":' + quote_bytes + b"}")
        uuids.append(resp.json()["uuid"])
    snapshot = await client.get("/_sim/snapshot")
    assert (await client.post("/_sim/reset", json={})).status_code == 200
    assert (await client.post("/_sim/snapshot", content=snapshot.content)).status_code == 200
    for uuid, quote_bytes in zip(uuids, sent, strict=True):
        shown = await client.get(f"/tiramizoo/v1/orders/{uuid}?api_token=tok")
        assert shown.content.endswith(b',"quote":' + quote_bytes + b"}")


async def test_modified_quote_is_invalid(client):
    q = await quote(client, "tok")
    q["price"]["gross"] = 1
    resp = await client.post("/tiramizoo/v1/orders?api_token=tok",
                             json={"quote": q, "pickup": {"name": "A"}, "delivery": {"name": "B"}})
    assert resp.status_code == 422
    assert resp.json()["errors"] == [{"field": "quote", "code": "invalid", "message": "Quote is invalid"}]


async def test_quote_expires_after_ten_simulated_minutes(client):
    q = await quote(client, "tok")
    await advance(client, "tok", 601)
    resp = await client.post("/tiramizoo/v1/orders?api_token=tok",
                             json={"quote": q, "pickup": {"name": "A"}, "delivery": {"name": "B"}})
    assert resp.status_code == 422
    assert resp.json()["errors"] == [{"field": "quote", "code": "expired", "message": "Quote has expired"}]


async def test_a_quote_used_before_still_expires_and_a_tampered_copy_is_still_invalid(client):
    """The same bytes sent again skip the signature check (they passed it once): their age must
    still count, and any change to them is a new quote that is checked in full."""
    q = await quote(client, "tok")
    sent = b'{"quote":' + json.dumps(q, separators=(",", ":")).encode() + b',"pickup":{"name":"A"},"delivery":{"name":"B"}}'
    headers = {"content-type": "application/json"}
    assert (await client.post("/tiramizoo/v1/orders?api_token=tok", content=sent, headers=headers)).status_code == 201
    tampered = sent.replace(b'"gross":%d' % q["price"]["gross"], b'"gross":1')
    assert tampered != sent
    resp = await client.post("/tiramizoo/v1/orders?api_token=tok", content=tampered, headers=headers)
    assert resp.status_code == 422 and resp.json()["errors"][0]["code"] == "invalid"
    await advance(client, "tok", 601)
    resp = await client.post("/tiramizoo/v1/orders?api_token=tok", content=sent, headers=headers)
    assert resp.status_code == 422
    assert resp.json()["errors"] == [{"field": "quote", "code": "expired", "message": "Quote has expired"}]


async def test_missing_names_and_quote_are_listed_together(client):
    resp = await client.post("/tiramizoo/v1/orders?api_token=tok", json={"pickup": {}, "description": "x"})
    assert resp.status_code == 422
    fields = {(e["field"], e["code"]) for e in resp.json()["errors"]}
    assert fields == {("quote", "blank"), ("pickup_name", "blank"), ("delivery_name", "blank")}


async def test_wrong_types_name_the_field(client):
    resp = await client.post("/tiramizoo/v1/orders?api_token=tok", json={"items_price": "a lot"})
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "items_price"


@pytest.mark.parametrize("token", [None, "invalid", "invalid-anything", ""])
async def test_missing_or_wrong_token_is_401(client, token):
    suffix = f"?api_token={token}" if token is not None else ""
    for method, path in (("GET", "/tiramizoo/v1/orders"), ("POST", "/tiramizoo/v1/orders"),
                         ("GET", "/tiramizoo/v1/orders/x"), ("PUT", "/tiramizoo/v1/orders/x")):
        resp = await client.request(method, path + suffix, json={})
        assert resp.status_code == 401, (method, path)
        assert resp.json() == {"message": "unauthorized", "code": "unauthorized"}


async def test_unknown_order_is_404_in_envelope(client):
    resp = await client.get("/tiramizoo/v1/orders/00000000-0000-4000-8000-000000000000?api_token=tok")
    assert resp.status_code == 404 and resp.json() == {"message": "not found", "code": "not_found"}


async def test_two_tokens_see_disjoint_orders(client):
    a = (await create(client, "alice")).json()
    b = (await create(client, "bob")).json()
    list_a = (await client.get("/tiramizoo/v1/orders?api_token=alice")).json()
    list_b = (await client.get("/tiramizoo/v1/orders?api_token=bob")).json()
    assert [o["uuid"] for o in list_a["orders"]] == [a["uuid"]]
    assert [o["uuid"] for o in list_b["orders"]] == [b["uuid"]]
    assert (await client.get(f"/tiramizoo/v1/orders/{a['uuid']}?api_token=bob")).status_code == 404


async def test_list_is_newest_first_25_per_page_with_external_id_filter(client):
    uuids = []
    for i in range(27):
        resp = await create(client, "pager", external_id="even" if i % 2 == 0 else f"odd-{i}")
        uuids.append(resp.json()["uuid"])
    page1 = (await client.get("/tiramizoo/v1/orders?api_token=pager")).json()
    assert (page1["total_pages"], page1["per_page"], page1["page"]) == (2, 25, 1)
    assert [o["uuid"] for o in page1["orders"]] == uuids[::-1][:25]
    page2 = (await client.get("/tiramizoo/v1/orders?api_token=pager&page=2")).json()
    assert [o["uuid"] for o in page2["orders"]] == uuids[::-1][25:]
    beyond = (await client.get("/tiramizoo/v1/orders?api_token=pager&page=9")).json()
    assert beyond["orders"] == [] and beyond["total_pages"] == 2
    evens = (await client.get("/tiramizoo/v1/orders?api_token=pager&external_id=even")).json()
    assert [o["uuid"] for o in evens["orders"]] == uuids[::2][::-1]
    assert evens["total_pages"] == 1


async def test_empty_list(client):
    body = (await client.get("/tiramizoo/v1/orders?api_token=nobody")).json()
    assert body == {"total_pages": 1, "per_page": 25, "page": 1, "orders": []}


async def test_cancel_before_pickup_then_refused_after(client):
    order = (await create(client)).json()
    resp = await client.put(f"/tiramizoo/v1/orders/{order['uuid']}?api_token=tok", json={"state": "cancelled"})
    assert resp.status_code == 200 and resp.json()["state"] == "cancelled"
    other = (await create(client)).json()
    await client.post(f"/_sim/orders/tiramizoo/{other['uuid']}/advance", json={"to": "picked_up"})
    resp = await client.put(f"/tiramizoo/v1/orders/{other['uuid']}?api_token=tok", json={"state": "cancelled"})
    assert resp.status_code == 422
    assert resp.json() == {"message": "validation error", "code": "validation_error",
                           "errors": [{"field": "state", "code": "invalid", "message": "State is invalid"}]}


async def test_put_other_than_cancel_is_invalid_state(client):
    order = (await create(client)).json()
    resp = await client.put(f"/tiramizoo/v1/orders/{order['uuid']}?api_token=tok", json={"state": "delivered"})
    assert resp.status_code == 422 and resp.json()["errors"][0]["field"] == "state"


async def test_clock_moves_order_to_delivered(client):
    order = (await create(client)).json()
    states = []
    for seconds in (29, 71, 100, 99, 1):  # due at 30, 150 and 300 simulated seconds
        await advance(client, "tok", seconds)
        states.append((await client.get(f"/tiramizoo/v1/orders/{order['uuid']}?api_token=tok")).json()["state"])
    assert states == ["awaiting_payment", "dispatched", "picked_up", "picked_up", "delivered"]
