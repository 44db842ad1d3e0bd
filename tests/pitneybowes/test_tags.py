"""Tags: replace for one order ([] removes), and for many orders all-or-nothing."""

import pytest

from tests.pitneybowes.helpers import BASE, MINIMAL, create, get, order, token

pytestmark = pytest.mark.anyio


@pytest.fixture
async def auth(client):
    return await token(client, "client-a")


async def tags_of(client, auth, order_id) -> list[str]:
    return (await get(client, auth, order_id))["orderInfo"]["tagIds"]


async def test_put_tags_replaces_and_empty_removes(client, auth):
    order_id = await create(client, auth, MINIMAL)
    resp = await client.put(f"{BASE}/{order_id}/tags", json={"tagIds": ["t1", "t2", "t1"]}, headers=auth)
    assert resp.status_code == 200
    assert resp.json() == {"orderId": order_id, "status": "Updated", "transactionDateTime": "2026-01-01T00:00:00.000Z"}
    assert await tags_of(client, auth, order_id) == ["t1", "t2"]
    await client.put(f"{BASE}/{order_id}/tags", json={"tagIds": ["t3"]}, headers=auth)
    assert await tags_of(client, auth, order_id) == ["t3"]
    await client.put(f"{BASE}/{order_id}/tags", json={"tagIds": []}, headers=auth)
    assert await tags_of(client, auth, order_id) == []


@pytest.mark.parametrize("body, info", [
    ({}, "tagIds: is required (send [] to remove all tags)"),
    ({"tagIds": None}, "tagIds: is required (send [] to remove all tags)"),
    ({"tagIds": "t1"}, "tagIds: Expected `array | null`, got `str`"),
    ({"tagIds": ["ok", " "]}, "tagIds[1]: must not be blank"),
    ({"tagIds": [1]}, "tagIds[0]: Expected `str`, got `int`"),
])
async def test_put_tags_validation(client, auth, body, info):
    order_id = await create(client, auth, MINIMAL)
    resp = await client.put(f"{BASE}/{order_id}/tags", json=body, headers=auth)
    assert resp.status_code == 400 and resp.json()["additionalInfo"] == info


async def test_put_tags_unknown_order_is_404(client, auth):
    resp = await client.put(f"{BASE}/PBzzzzzzzzzz/tags", json={"tagIds": ["a"]}, headers=auth)
    assert resp.status_code == 404 and resp.json()["errorCode"] == "not_found"


async def test_bulk_tags_sets_each_order(client, auth):
    a, b = await create(client, auth, order("A")), await create(client, auth, order("B"))
    await client.put(f"{BASE}/{b}/tags", json={"tagIds": ["old"]}, headers=auth)
    resp = await client.put(f"{BASE}/bulkTags", headers=auth,
                            json={"tags": [{"orderId": a, "tagIds": ["x", "y"]}, {"orderId": b, "tagIds": []}]})
    assert resp.status_code == 200
    assert resp.json() == {"status": "Updated", "message": "The specified tags have been updated with the order.",
                           "transactionDateTime": "2026-01-01T00:00:00.000Z"}
    assert await tags_of(client, auth, a) == ["x", "y"] and await tags_of(client, auth, b) == []


async def test_bulk_tags_with_unknown_ids_changes_nothing(client, auth):
    a, b = await create(client, auth, order("A")), await create(client, auth, order("B"))
    await client.put(f"{BASE}/{a}/tags", json={"tagIds": ["keep"]}, headers=auth)
    resp = await client.put(f"{BASE}/bulkTags", headers=auth, json={"tags": [
        {"orderId": a, "tagIds": []}, {"orderId": "PBunknown001", "tagIds": ["x"]}, {"orderId": b, "tagIds": ["x"]}]})
    assert resp.status_code == 404
    assert resp.json()["additionalInfo"] == "Orders not found: PBunknown001. No order was updated."
    assert await tags_of(client, auth, a) == ["keep"] and await tags_of(client, auth, b) == []


async def test_bulk_tags_repeated_order_ends_with_its_last_entry(client, auth):
    a = await create(client, auth, order("A"))
    resp = await client.put(f"{BASE}/bulkTags", headers=auth, json={"tags": [
        {"orderId": a, "tagIds": ["first"]}, {"orderId": a, "tagIds": ["second"]}]})
    assert resp.status_code == 200 and await tags_of(client, auth, a) == ["second"]


@pytest.mark.parametrize("body, info", [
    ({}, "tags: must contain at least one entry"),
    ({"tags": []}, "tags: must contain at least one entry"),
    ({"tags": [{"tagIds": ["x"]}]}, "tags[0].orderId: is required"),
    ({"tags": [{"orderId": "PB1"}]}, "tags[0].tagIds: is required (send [] to remove all tags)"),
    ({"tags": [{"orderId": "PB1", "tagIds": [""]}]}, "tags[0].tagIds[0]: must not be blank"),
    ({"tags": ["PB1"]}, "tags[0]: Expected `object`, got `str`"),
])
async def test_bulk_tags_validation(client, auth, body, info):
    resp = await client.put(f"{BASE}/bulkTags", json=body, headers=auth)
    assert resp.status_code == 400 and resp.json()["additionalInfo"] == info


async def test_tag_changes_are_events(client, auth):
    order_id = await create(client, auth, MINIMAL)
    before = (await client.get(f"/_sim/orders/pitneybowes/{order_id}?tenant=client-a")).json()["version"]
    await client.put(f"{BASE}/{order_id}/tags", json={"tagIds": ["a"]}, headers=auth)
    await client.put(f"{BASE}/{order_id}/tags", json={"tagIds": ["a"]}, headers=auth)  # unchanged: no event
    after = (await client.get(f"/_sim/orders/pitneybowes/{order_id}?tenant=client-a")).json()["version"]
    assert after == before + 1
