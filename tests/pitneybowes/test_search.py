"""POST /orders/search: every filter, AND/OR semantics, Spring-style pagination and its edges."""

import pytest

from tests.pitneybowes.helpers import BASE, bulk_status, create, ids, order, search, token
from tests.support import advance

pytestmark = pytest.mark.anyio


@pytest.fixture
async def auth(client):
    return await token(client, "client-a")


async def populate(client, auth) -> list[str]:
    """Five orders, 30 simulated seconds apart (before the clock would fulfil the first one):
    varied customer, carrier, status and tags."""
    made = []
    for i in range(5):
        body = order(f"S-{i}", customerInfo={"customerId": f"C{i % 2}"},
                     shippingPreferences={"carrier": "UPS" if i < 3 else "FEDEX"})
        made.append(await create(client, auth, body))
        await advance(client, "client-a", 30)
    await bulk_status(client, auth, made[:2], "ONHOLD")
    await bulk_status(client, auth, [made[4]], "CANCELED")
    await client.put(f"{BASE}/{made[1]}/tags", json={"tagIds": ["red", "blue"]}, headers=auth)
    await client.put(f"{BASE}/{made[3]}/tags", json={"tagIds": ["blue"]}, headers=auth)
    return made


async def test_no_filter_lists_everything_newest_first(client, auth):
    made = await populate(client, auth)
    result = await search(client, auth)
    assert list(result) == ["orders", "page", "size", "totalElements", "totalPages"]
    assert ids(result) == made[::-1]
    assert (result["page"], result["size"], result["totalElements"], result["totalPages"]) == (0, 20, 5, 1)
    assert result["orders"][0]["orderInfo"]["orderNumber"] == "S-4"
    assert list(result["orders"][0]) == ["orderInfo", "orderShippingInfo"]


@pytest.mark.parametrize("name, values, expected", [
    ("orderId", ["@0", "@3", "PBnotthere01"], [3, 0]),
    ("orderNumber", ["S-2"], [2]),
    ("orderNumber", ["S-2", "S-4", "nope"], [4, 2]),
    ("status", ["ONHOLD"], [1, 0]),
    ("status", ["UNFULFILLED", "CANCELED"], [4, 3, 2]),
    ("status", ["FULFILLED"], []),
    ("tagIds", ["blue"], [3, 1]),
    ("tagIds", ["red", "blue"], [3, 1]),
    ("tags", ["red"], [1]),  # alias
    ("customerId", ["C1"], [3, 1]),
    ("carrier", ["FEDEX"], [4, 3]),
    ("orderCreateDate", ["2026-01-01T00:00:30Z"], [4, 3, 2, 1]),
    ("orderCreateDate", ["2026-01-01T00:00:30.000Z", "2026-01-01T00:01:30Z"], [3, 2, 1]),
    ("orderCreateDate", ["2025-12-31T23:00:00-01:00", "2026-01-01T00:00:15+00:00"], [0]),
])
async def test_each_filter(client, auth, name, values, expected):
    made = await populate(client, auth)
    values = [made[int(v[1:])] if v.startswith("@") else v for v in values]
    result = await search(client, auth, [{"name": name, "value": values}])
    assert ids(result) == [made[i] for i in expected]
    assert result["totalElements"] == len(expected)


async def test_filters_combine_with_and(client, auth):
    made = await populate(client, auth)
    both = [{"name": "carrier", "value": ["UPS"]}, {"name": "customerId", "value": ["C0"]}]
    assert ids(await search(client, auth, both)) == [made[2], made[0]]
    three = both + [{"name": "status", "value": ["ONHOLD"]}]
    assert ids(await search(client, auth, three)) == [made[0]]
    dated = [{"name": "tagIds", "value": ["blue"]}, {"name": "orderCreateDate", "value": ["2026-01-01T00:01:00Z"]}]
    assert ids(await search(client, auth, dated)) == [made[3]]
    tagged = [{"name": "orderNumber", "value": ["S-1", "S-3", "S-4"]}, {"name": "tagIds", "value": ["red"]}]
    assert ids(await search(client, auth, tagged)) == [made[1]]
    by_id = [{"name": "status", "value": ["UNFULFILLED"]}, {"name": "orderId", "value": [made[0], made[2]]}]
    assert ids(await search(client, auth, by_id)) == [made[2]]
    disjoint = [{"name": "orderNumber", "value": ["S-1"]}, {"name": "orderNumber", "value": ["S-2"]}]
    assert (await search(client, auth, disjoint))["totalElements"] == 0


async def test_results_follow_writes(client, auth):
    made = await populate(client, auth)
    await client.patch(f"{BASE}/{made[2]}", json={"orderNumber": "RENAMED",
                                                  "shippingPreferences": {"carrier": "DHL"}}, headers=auth)
    await client.put(f"{BASE}/{made[1]}/tags", json={"tagIds": []}, headers=auth)
    await client.delete(f"{BASE}/{made[3]}", headers=auth)
    assert ids(await search(client, auth, [{"name": "orderNumber", "value": ["S-2"]}])) == []
    assert ids(await search(client, auth, [{"name": "orderNumber", "value": ["RENAMED"]}])) == [made[2]]
    assert ids(await search(client, auth, [{"name": "carrier", "value": ["DHL"]}])) == [made[2]]
    assert ids(await search(client, auth, [{"name": "carrier", "value": ["UPS"]}])) == [made[1], made[0]]
    assert ids(await search(client, auth, [{"name": "tagIds", "value": ["blue", "red"]}])) == []
    await advance(client, "client-a", 300)  # the clock fulfils what is UNFULFILLED
    assert ids(await search(client, auth, [{"name": "status", "value": ["FULFILLED"]}])) == [made[2]]
    assert ids(await search(client, auth, [{"name": "status", "value": ["UNFULFILLED"]}])) == []
    assert (await search(client, auth))["totalElements"] == 4


async def test_pagination_edges(client, auth):
    made = [await create(client, auth, order(f"P-{i}")) for i in range(7)]
    newest = made[::-1]
    pages = [await search(client, auth, page=p, size=3) for p in range(4)]
    assert [ids(p) for p in pages] == [newest[0:3], newest[3:6], newest[6:7], []]
    assert all((p["totalElements"], p["totalPages"], p["size"]) == (7, 3, 3) for p in pages)
    assert [p["page"] for p in pages] == [0, 1, 2, 3]
    exact = await search(client, auth, size=7)
    assert ids(exact) == newest and exact["totalPages"] == 1
    assert (await search(client, auth, size=0))["size"] == 20  # the documented sample sends size 0
    assert (await search(client, auth, size=10**6))["size"] == 2000
    one = await search(client, auth, [{"name": "status", "value": ["UNFULFILLED"]}], page=2, size=2)
    assert ids(one) == newest[4:6] and one["totalPages"] == 4
    past = await search(client, auth, [{"name": "status", "value": ["UNFULFILLED"]}], page=9, size=2)
    assert past["orders"] == [] and past["totalElements"] == 7
    dated = await search(client, auth, [{"name": "orderCreateDate", "value": ["2026-01-01T00:00:00Z"]}],
                         page=1, size=3)
    assert ids(dated) == newest[3:6] and (dated["totalElements"], dated["totalPages"]) == (7, 3)
    await client.delete(f"{BASE}/{newest[0]}", headers=auth)
    after = await search(client, auth, page=0, size=3)
    assert ids(after) == newest[1:4] and after["totalElements"] == 6


async def test_empty_tenant_and_empty_body(client, auth):
    resp = await client.post(f"{BASE}/search", headers=auth)
    assert resp.status_code == 200
    assert resp.json() == {"orders": [], "page": 0, "size": 20, "totalElements": 0, "totalPages": 0}


async def test_tenants_do_not_see_each_other(client, auth):
    await create(client, auth, order("MINE"))
    other = await token(client, "client-b")
    assert (await search(client, other))["totalElements"] == 0
    assert (await search(client, other, [{"name": "orderNumber", "value": ["MINE"]}]))["orders"] == []


@pytest.mark.parametrize("body, info", [
    ({"filters": [{"name": "colour", "value": ["red"]}]}, "filters[0].name: unsupported filter 'colour'"),
    ({"filters": [{"value": ["x"]}]}, "filters[0].name: unsupported filter None"),
    ({"filters": [{"name": "orderId", "value": []}]}, "filters[0].value: must contain at least one value"),
    ({"filters": [{"name": "orderId"}]}, "filters[0].value: must contain at least one value"),
    ({"filters": [{"name": "status", "value": ["SHIPPED"]}]}, "filters[0].value: unknown status 'SHIPPED'"),
    ({"filters": [{"name": "orderCreateDate", "value": ["yesterday"]}]}, "filters[0].value: give [from] or"),
    ({"filters": [{"name": "orderCreateDate", "value": ["2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z"]}]},
     "filters[0].value: give [from] or"),
    ({"filters": [{"name": "orderId", "value": "PB1"}]}, "filters[0].value: Expected `array | null`, got `str`"),
    ({"filters": {"name": "orderId"}}, "filters: Expected `array | null`, got `object`"),
    ({"page": -1}, "page: must be greater than or equal to 0"),
    ({"size": -5}, "size: must be greater than or equal to 0"),
    ({"page": "1"}, "page: Expected `int | null`, got `str`"),
])
async def test_bad_search_requests(client, auth, body, info):
    resp = await client.post(f"{BASE}/search", json=body, headers=auth)
    assert resp.status_code == 400
    assert resp.json()["errorCode"] == "validation_error"
    assert resp.json()["additionalInfo"].startswith(info), resp.json()["additionalInfo"]
