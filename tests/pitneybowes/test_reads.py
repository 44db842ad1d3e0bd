"""A read of one order is answered from the encoding kept for the order's version
(simulator/http/answer_cache.py): every way PB changes an order must show in the next read. Each
change below follows a read of the same order, so a path that skipped the engine's version bump
would answer the kept bytes (and AnswerCache.verify, on in the tests, fails it)."""

import pytest

from tests.pitneybowes.helpers import BASE, bulk_status, create, get, order, token
from tests.support import advance

pytestmark = pytest.mark.anyio


@pytest.fixture
async def auth(client):
    return await token(client, "client-a")


async def test_every_change_shows_in_the_next_read(client, auth):
    order_id = await create(client, auth, order("READ-1", items=[{"itemId": "A", "quantity": 1},
                                                                 {"itemId": "B", "quantity": 2}]))
    other = await create(client, auth, order("READ-2"))

    async def info() -> dict:
        return (await get(client, auth, order_id))["orderInfo"]

    assert (await info())["orderNumber"] == "READ-1"
    patch = {"orderNumber": "READ-1b", "customerInfo": {"customerId": "C-2"}, "items": [{"itemId": "A", "quantity": 7}]}
    assert (await client.patch(f"{BASE}/{order_id}", json=patch, headers=auth)).status_code == 200
    now = await info()
    assert (now["orderNumber"], now["customerInfo"], now["items"]) == (
        "READ-1b", {"customerId": "C-2"}, [{"itemId": "A", "quantity": 7}, {"itemId": "B", "quantity": 2}])

    assert (await client.delete(f"{BASE}/{order_id}/items?itemId=A", headers=auth)).status_code == 200
    assert (await info())["items"] == [{"itemId": "B", "quantity": 2}]

    assert (await client.put(f"{BASE}/{order_id}/tags", json={"tagIds": ["t1"]}, headers=auth)).status_code == 200
    assert (await info())["tagIds"] == ["t1"]
    resp = await client.put(f"{BASE}/bulkTags", headers=auth,
                            json={"tags": [{"orderId": order_id, "tagIds": ["t2"]}, {"orderId": other, "tagIds": []}]})
    assert resp.status_code == 200 and (await info())["tagIds"] == ["t2"]

    assert (await client.patch(f"{BASE}/{order_id}", json={"orderNumber": "READ-1c"}, headers=auth)).status_code == 200
    assert (await info())["orderNumber"] == "READ-1c"  # a change of one member after the parts' one

    await advance(client, "client-a", 60)
    assert (await bulk_status(client, auth, [order_id], "ONHOLD")).status_code == 200
    now = await info()
    assert (now["status"], now["orderUpdateDate"]) == ("ONHOLD", "2026-01-01T00:01:00.000Z")
    assert (await bulk_status(client, auth, [order_id], "UNFULFILLED")).status_code == 200
    assert (await info())["status"] == "UNFULFILLED"

    await advance(client, "client-a", 300)  # the clock fulfils it
    shipping = (await get(client, auth, order_id))["orderShippingInfo"]
    assert (shipping["shipmentStatus"], shipping["shipmentStatusDate"]) == ("AWAITING_PICKUP", "2026-01-01T00:06:00.000Z")
    resp = await client.post(f"/_sim/orders/pitneybowes/{order_id}/advance", json={"to": "picked_up"})
    assert resp.status_code == 200
    assert (await get(client, auth, order_id))["orderShippingInfo"]["shipmentStatus"] == "IN_TRANSIT"

    assert (await client.delete(f"{BASE}/{order_id}", headers=auth)).status_code == 200
    assert (await client.get(f"{BASE}/{order_id}", headers=auth)).status_code == 404
