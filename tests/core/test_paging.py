"""limit, cursor, sort and total on every /_sim list endpoint, and an order's timeline."""

import pytest

from tests.support import advance
from tests.tiramizoo.helpers import create

pytestmark = pytest.mark.anyio


async def walk(client, path, name, **params):
    """Every page of a list endpoint, following next_cursor; returns (items, pages)."""
    items, pages, cursor = [], [], None
    while True:
        body = (await client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})).json()
        pages.append(body)
        items += body[name]
        cursor = body["next_cursor"]
        if cursor is None:
            return items, pages


async def test_orders_page_newest_first_across_tenants_with_total(client):
    made = []
    for i, token in enumerate(["a", "b", "a", "b", "a"]):
        made.append((token, (await create(client, token)).json()["uuid"]))
        await advance(client, token, 1 + i)  # later orders are created at a later simulated time
    items, pages = await walk(client, "/_sim/orders", "orders", limit=2, sort="newest", view="summary")
    assert [(o["tenant"], o["id"]) for o in items] == made[::-1]
    assert [p["count"] for p in pages] == [2, 2, 1] and {p["total"] for p in pages} == {5}
    assert all("order" not in o for o in items) and pages[0]["limit"] == 2
    oldest = (await client.get("/_sim/orders", params={"limit": 10})).json()
    assert [(o["tenant"], o["id"]) for o in oldest["orders"]] == made and oldest["next_cursor"] is None
    assert "order" in oldest["orders"][0]


async def test_orders_cursor_is_a_position_not_an_offset(client):
    for _ in range(3):
        await create(client, "t")
    first = (await client.get("/_sim/orders", params={"limit": 2, "sort": "newest"})).json()
    await create(client, "t")  # a new order must not shift the next page
    second = (await client.get("/_sim/orders", params={"limit": 2, "sort": "newest",
                                                        "cursor": first["next_cursor"]})).json()
    seen = [o["id"] for o in first["orders"] + second["orders"]]
    assert len(seen) == len(set(seen)) == 3 and second["total"] == 4 and second["next_cursor"] is None


async def test_orders_total_counts_the_filter_not_the_page(client):
    ids = [(await create(client, "t")).json()["uuid"] for _ in range(4)]
    for order_id in ids[:3]:
        await client.post(f"/_sim/orders/tiramizoo/{order_id}/advance", json={"to": "dispatched"})
    body = (await client.get("/_sim/orders", params={"milestone": "dispatched", "limit": 1})).json()
    assert body["total"] == 3 and body["count"] == 1 and body["next_cursor"]
    assert body["last_event_id"] > 0


async def test_default_limit_is_1000_and_says_what_is_left(client):
    body = (await client.get("/_sim/orders")).json()
    assert body == {"orders": [], "count": 0, "total": 0, "limit": 1000, "next_cursor": None,
                    "last_event_id": body["last_event_id"]}


@pytest.mark.parametrize("path", ["/_sim/orders", "/_sim/webhooks", "/_sim/requests", "/_sim/subscriptions",
                                  "/_sim/faults", "/_sim/sink/demo", "/_sim/tenants"])
@pytest.mark.parametrize("params, says", [({"limit": "0"}, "limit"), ({"limit": "10001"}, "limit"),
                                          ({"limit": "many"}, "integer"), ({"sort": "sideways"}, "sort"),
                                          ({"cursor": "%%%"}, "cursor"), ({"cursor": "WyJ4Il0"}, "cursor")])
async def test_bad_paging_parameters_are_a_400_naming_them(client, path, params, says):
    resp = await client.get(path, params=params)
    assert resp.status_code == 400 and says in resp.json()["error"], resp.text


async def test_webhooks_page_newest_first_with_summary_rows(client, receiver):
    order = (await create(client, "t", web_hook_url=receiver.url + "/hook")).json()
    await client.post(f"/_sim/orders/tiramizoo/{order['uuid']}/advance", json={"to": "delivered"})
    full = (await client.get("/_sim/webhooks", params={"tenant": "t"})).json()
    assert full["total"] == len(full["deliveries"]) >= 3
    items, pages = await walk(client, "/_sim/webhooks", "deliveries", tenant="t", limit=2, sort="newest", view="summary")
    assert [d["id"] for d in items] == [d["id"] for d in full["deliveries"]][::-1]
    row = items[0]
    assert row["attempts"] == 1 and row["status"] == 200 and row["order_id"] == order["uuid"]
    assert "body" not in row and "headers" not in row
    by_order = (await client.get("/_sim/webhooks", params={"order": order["uuid"], "limit": 1})).json()
    assert by_order["total"] == full["total"] and by_order["count"] == 1


async def test_journal_pages_newest_first_with_cursor(client):
    for _ in range(5):
        await client.get("/tiramizoo/v1/orders/nope?api_token=j")
    items, pages = await walk(client, "/_sim/requests", "requests", tenant="j", limit=2)
    assert len(items) == 5 and [p["count"] for p in pages] == [2, 2, 1] and pages[0]["total"] == 5
    seqs = [e["seq"] for e in items]
    assert seqs == sorted(seqs, reverse=True)


async def test_faults_subscriptions_and_sinks_page(client):
    for status in (500, 502, 503):
        await client.post("/_sim/faults", json={"vendor": "onfleet", "status": status})
        await client.post("/_sim/subscriptions", json={"url": f"http://127.0.0.1:9/{status}"})
        await client.post("/_sim/sink/demo", json={"n": status})
    for path, name in (("/_sim/faults", "faults"), ("/_sim/subscriptions", "subscriptions"),
                       ("/_sim/sink/demo", "requests")):
        items, pages = await walk(client, path, name, limit=2)
        assert len(items) == 3 and len(pages) == 2 and pages[0]["total"] == 3, path
    newest = (await client.get("/_sim/faults", params={"sort": "newest", "limit": 1})).json()
    assert newest["faults"][0]["status"] == 503
    assert (await client.get("/_sim/sinks")).json() == {"sinks": {"demo": 3}}


async def test_order_detail_has_timeline_with_simulated_times_and_reachable_milestones(client):
    order = (await create(client, "t")).json()
    created = (await client.get(f"/_sim/orders/tiramizoo/{order['uuid']}")).json()
    assert [s["state"] for s in created["timeline"]] == [created["state"]]
    assert created["reachable"][:3] == ["dispatched", "picked_up", "delivered"]
    await advance(client, "t", 30)  # the clock moves it to dispatched
    await client.post(f"/_sim/orders/tiramizoo/{order['uuid']}/advance", json={"to": "delivered"})
    detail = (await client.get(f"/_sim/orders/tiramizoo/{order['uuid']}")).json()
    timeline = detail["timeline"]
    assert [s["milestone"] for s in timeline] == ["awaiting_payment", "dispatched", "picked_up", "delivered"]
    assert [s["cause"] for s in timeline] == ["created", "clock", "control", "control"]
    assert timeline[1]["at"] == timeline[0]["at"] + 30 and timeline[1]["previous_state"] == timeline[0]["state"]
    assert detail["reachable"] == []


async def test_tenants_page_by_name(client):
    for token in ("c", "a", "b"):
        await create(client, token)
    items, pages = await walk(client, "/_sim/tenants", "tenants", limit=2)
    assert [t["name"] for t in items] == ["a", "b", "c"] and [p["count"] for p in pages] == [2, 1]
    assert pages[0]["total"] == 3 and items[0]["orders"] == 1
