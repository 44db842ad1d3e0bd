"""PUT|GET|DELETE /_sim/tenants/{name}: one tenant answers to credentials of all five vendors, and
deleting it removes everything it owns."""

from __future__ import annotations

import pytest

from tests.hypertrack import helpers as ht
from tests.onfleet import helpers as of
from tests.pitneybowes import helpers as pb
from tests.tiramizoo import helpers as tz
from tests.wialon.helpers import Wialon

pytestmark = pytest.mark.anyio

WIALON_TOKEN = "w" * 72
TENANT = {
    "clock": {"mode": "manual", "start": 1767225600},
    "credentials": {
        "tiramizoo": ["t-token"],
        "onfleet": [{"key": "t-client", "role": "client"}, {"key": "t-courier", "role": "courier"}],
        "hypertrack": [{"key": "t-account", "secret": "t-secret"}],
        "pitneybowes": [{"key": "t-pb-client", "secret": "t-pb-secret"}],
        "wialon": [WIALON_TOKEN],
    },
    "vendors": {"hypertrack": {"webhook_secret": "hooks"}},
}


async def create_one_order_per_vendor(client) -> dict:
    """Returns the Onfleet order (the client created it; its courier sees it)."""
    assert (await tz.create(client, token="t-token")).status_code == 201
    onfleet_order = await of.create(client, key="t-client")
    assert (await ht.batch(client, headers=ht.basic("t-account", "t-secret"))).status_code == 201
    await pb.create(client, await pb.token(client, "t-pb-client", "t-pb-secret"), body=pb.MINIMAL)
    wialon = Wialon(client, WIALON_TOKEN)
    await wialon.login()
    await wialon.create()
    return onfleet_order


async def test_one_tenant_answers_to_every_vendors_credentials(client):
    resp = await client.put("/_sim/tenants/shop", json=TENANT)
    assert resp.status_code == 201, resp.text
    view = resp.json()
    assert view["name"] == "shop" and view["defined"] is True and view["clock"]["now"] == 1767225600
    assert {v: [c["key"] for c in cs] for v, cs in view["credentials"].items()} == {
        "tiramizoo": ["t-token"], "onfleet": ["t-client", "t-courier"], "hypertrack": ["t-account"],
        "pitneybowes": ["t-pb-client"], "wialon": [WIALON_TOKEN]}
    onfleet_order = await create_one_order_per_vendor(client)
    orders = (await client.get("/_sim/orders", params={"tenant": "shop"})).json()["orders"]
    assert sorted(o["vendor"] for o in orders) == ["hypertrack", "onfleet", "pitneybowes", "tiramizoo", "wialon"]
    assert {o["tenant"] for o in orders} == {"shop"}
    courier_view = await of.get(client, onfleet_order["shortId"], key="t-courier")
    assert courier_view.status_code == 200 and courier_view.json()["id"] == onfleet_order["id"]
    got = (await client.get("/_sim/tenants/shop")).json()
    assert got["orders"] == 5 and got["vendors"]["hypertrack"]["webhook_secret"] == "hooks"
    assert "shop" in [t["name"] for t in (await client.get("/_sim/tenants")).json()["tenants"]]


async def test_delete_removes_orders_credentials_tokens_and_subscriptions(client):
    assert (await client.put("/_sim/tenants/gone", json=TENANT)).status_code == 201
    await create_one_order_per_vendor(client)
    pb_headers = await pb.token(client, "t-pb-client", "t-pb-secret")
    sub = (await client.post("/_sim/subscriptions", json={"url": "http://127.0.0.1:9/x", "tenant": "gone"})).json()
    assert (await client.post("/_sim/faults", json={"status": 503, "tenant": "gone"})).status_code == 201
    assert (await client.post("/_sim/faults", json={"status": 503, "tenant": "stays"})).status_code == 201
    resp = await client.delete("/_sim/tenants/gone")
    assert resp.status_code == 200 and resp.json() == {"deleted": "gone"}
    assert (await client.get("/_sim/tenants/gone")).status_code == 404
    assert (await client.get("/_sim/orders")).json()["orders"] == []
    assert (await client.get("/_sim/subscriptions")).json()["subscriptions"] == [] and sub["tenant"] == "gone"
    assert [f["tenant"] for f in (await client.get("/_sim/faults")).json()["faults"]] == ["stays"]
    assert (await client.post(f"{pb.BASE}/search", json={}, headers=pb_headers)).status_code == 401  # its token died
    # the credentials no longer lead to it: in open mode the token names a fresh, empty tenant
    assert (await client.get("/tiramizoo/v1/orders", params={"api_token": "t-token"})).json()["orders"] == []
    assert (await client.delete("/_sim/tenants/gone")).status_code == 404


async def test_put_again_replaces_the_tenant_afresh(client):
    assert (await client.put("/_sim/tenants/again", json={"credentials": {"tiramizoo": ["a-1"]}})).status_code == 201
    assert (await tz.create(client, token="a-1")).status_code == 201
    resp = await client.put("/_sim/tenants/again", json={"credentials": {"tiramizoo": ["a-2"]},
                                                          "clock": {"mode": "scaled", "speed": 3}})
    assert resp.status_code == 200 and resp.json()["orders"] == 0
    assert resp.json()["clock"]["mode"] == "scaled" and resp.json()["clock"]["speed"] == 3
    assert [c["key"] for c in resp.json()["credentials"]["tiramizoo"]] == ["a-2"]
    assert (await tz.create(client, token="a-2")).status_code == 201
    assert [o["tenant"] for o in (await client.get("/_sim/orders", params={"vendor": "tiramizoo"})).json()["orders"]
            if o["tenant"] == "again"] == ["again"]


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"credentials": {"tiramizoo": [3]}}, 400,
     "invalid tenant: credentials.tiramizoo[0]: expected a string or an object, got an integer 3"),
    ({"clock": {"mode": "sometimes"}}, 400, "invalid tenant: clock.mode: 'sometimes' is not one of realtime, scaled, manual"),
    ({"nonsense": 1}, 400, "invalid tenant: nonsense: unknown key; expected clock, credentials, vendors"),
    ({"credentials": {"fedex": ["x"]}}, 400, "invalid tenant: credentials.fedex: unknown name 'fedex'"),
    ({"credentials": {"onfleet": [{"role": "client"}]}}, 400, "invalid tenant: credentials.onfleet[0].key: required"),
    ({"credentials": {"tiramizoo": ["taken"]}}, 409, "tiramizoo credential 'taken' already belongs to tenant 'owner'"),
])
async def test_bad_definitions_are_refused_with_the_reason(client, body, status, message):
    assert (await client.put("/_sim/tenants/owner", json={"credentials": {"tiramizoo": ["taken"]}})).status_code == 201
    resp = await client.put("/_sim/tenants/other", json=body)
    assert resp.status_code == status and resp.json()["error"].startswith(message), resp.text
    assert (await client.put("/_sim/tenants/other", content=b"[1")).status_code == 400
