"""Wire fidelity: Basic auth forms, the error envelope everywhere, rate-limit headers and 429 / 2300,
`null` bodies on GET, organisation and auth test, fixtures-defined roles."""

import asyncio
import base64

import pytest

from simulator.app import create_app
from simulator.fixtures import FixtureError
from simulator.settings import Settings
from tests.onfleet.helpers import BASE, assert_error, auth, create, get, order_body, org_id

pytestmark = pytest.mark.anyio


async def test_both_basic_encodings_reach_the_same_tenant(client):
    order = await create(client, "acme")
    for headers in (auth("acme"), auth("acme", colon=False), auth("courier-acme", colon=False)):
        assert (await client.get(f"{BASE}/taskOrders/{order['id']}", headers=headers)).status_code == 200


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer acme"}, {"Authorization": "Basic !!!"},
    {"Authorization": "Basic " + base64.b64encode(b":").decode()}, auth("invalid-key"),
])
async def test_bad_credentials_are_401_invalid_credentials(client, headers):
    for method, path in (("GET", "/auth/test"), ("POST", "/taskOrders"), ("GET", "/taskOrders/abcdef12"),
                         ("POST", "/webhooks"), ("GET", "/tasks/shortId/abcdef12")):
        resp = await client.request(method, BASE + path, headers=headers)
        assert_error(resp, 401, "InvalidCredentials", 1102)


async def test_auth_test_and_organization(client):
    resp = await client.get(f"{BASE}/auth/test", headers=auth("acme"))
    assert resp.status_code == 200 and "successfully authenticated" in resp.json()["message"]
    me = (await client.get(f"{BASE}/organization", headers=auth("acme"))).json()
    courier = (await client.get(f"{BASE}/organization", headers=auth("courier-acme"))).json()
    assert me["delegatees"] == [courier["id"]] and courier["delegatees"] == [me["id"]]
    assert len(me["id"]) == 24 and me["id"] != courier["id"]
    assert me["id"] == await org_id(client, "client-acme")  # `client-<name>` is the same client


async def test_get_tolerates_null_body_and_json_content_type(client):
    order = await create(client)
    resp = await client.request("GET", f"{BASE}/taskOrders/{order['shortId']}", content=b"null",
                                headers={**auth("acme"), "Content-Type": "application/json"})
    assert resp.status_code == 200 and resp.json() == order
    resp = await client.request("DELETE", f"{BASE}/webhooks/{'x' * 24}", content=b"null", headers=auth("acme"))
    assert_error(resp, 404, "ResourceNotFound", 1402)


async def test_every_response_carries_rate_limit_headers(client):
    for resp in (await client.get(f"{BASE}/auth/test", headers=auth("acme")),
                 await client.get(f"{BASE}/taskOrders/00000000", headers=auth("acme")),
                 await client.get(f"{BASE}/nowhere", headers=auth("acme")),
                 await client.get(f"{BASE}/auth/test")):
        assert resp.headers["x-ratelimit-limit"] == "20" and int(resp.headers["x-ratelimit-remaining"]) >= 1


async def test_unknown_path_and_method_use_the_envelope(client):
    assert_error(await client.get(f"{BASE}/nowhere", headers=auth("acme")), 404, "ResourceNotFound", 1402)
    assert_error(await client.delete(f"{BASE}/taskOrders/abcdef12", headers=auth("acme")), 405, "MethodNotAllowed", 1500)


async def test_malformed_and_mistyped_bodies_are_400(client):
    for content in (b"{nope", b"[1,2]", b'"text"', b'{"pickupTask": []}', b"\xff\xfe"):
        resp = await client.post(f"{BASE}/taskOrders", headers=auth("acme"), content=content)
        assert resp.status_code == 400 and resp.json()["code"] == "InvalidContent", content


async def test_body_too_large_and_injected_faults_use_the_envelope(app, client):
    big = b'{"notes": "' + b"x" * (app.state.settings.body_limit + 10) + b'"}'
    resp = await client.post(f"{BASE}/taskOrders", headers=auth("acme"), content=big)
    assert_error(resp, 413, "InvalidContent", 1006)
    await client.post("/_sim/faults", json={"vendor": "onfleet", "status": 503, "path": "/onfleet/api/v2/taskOrders"})
    resp = await client.post(f"{BASE}/taskOrders", headers=auth("acme"), json=order_body())
    assert_error(resp, 503, "ServiceUnavailable", 2502)


async def test_rate_limit_20_per_second_per_organisation(client):
    await client.put("/_sim/settings", json={"rate_limit": True})
    remaining = []
    for _ in range(20):
        resp = await client.get(f"{BASE}/auth/test", headers=auth("busy"))
        assert resp.status_code == 200
        remaining.append(int(resp.headers["x-ratelimit-remaining"]))
    assert remaining == list(range(20, 0, -1))  # never 0 on a 2xx: pyonfleet divides by it
    resp = await client.get(f"{BASE}/auth/test", headers=auth("busy", colon=False))  # same org, other encoding
    inner = assert_error(resp, 429, "TooManyRequests", 2300)
    assert resp.headers["x-ratelimit-remaining"] == "0" and "20 requests per second" in inner["message"]
    assert (await client.get(f"{BASE}/auth/test", headers=auth("courier-busy"))).status_code == 200  # other org
    await asyncio.sleep(1.05)  # the window is wall-clock time
    assert (await client.get(f"{BASE}/auth/test", headers=auth("busy"))).status_code == 200


async def test_rate_limit_cleared_by_reset_and_switchable_at_run_time(client):
    await client.put("/_sim/settings", json={"rate_limit": True})
    for _ in range(20):
        await client.get(f"{BASE}/auth/test", headers=auth("busy"))
    assert (await client.get(f"{BASE}/auth/test", headers=auth("busy"))).status_code == 429
    assert (await client.post("/_sim/reset", json={"tenant": "busy"})).status_code == 200
    assert (await client.get(f"{BASE}/auth/test", headers=auth("busy"))).status_code == 200
    for _ in range(25):
        await client.get(f"{BASE}/auth/test", headers=auth("busy"))
    await client.put("/_sim/settings", json={"rate_limit": False})
    resp = await client.get(f"{BASE}/auth/test", headers=auth("busy"))
    assert resp.status_code == 200 and resp.headers["x-ratelimit-remaining"] == "20"


FIXTURES = {"strict": ["onfleet"], "tenants": {"shop": {"credentials": {"onfleet": [
    "shop-a-key",
    {"key": "shop-b-key", "role": "client", "organization": "Shop B"},
    {"key": "van-key", "role": "courier", "organization": "nYrkNP6jZMSKgBwG9qG7ci3J"},
]}}}}


@pytest.fixture
async def fx_client(settings):
    import httpx
    app = create_app(settings, fixtures=FIXTURES)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sim") as c:
        yield c
    await app.state.engine.outbox.close()


async def test_fixture_roles_and_organisations(fx_client):
    c = fx_client
    van = (await c.get(f"{BASE}/organization", headers=auth("van-key"))).json()
    assert van["id"] == "nYrkNP6jZMSKgBwG9qG7ci3J" and van["name"] == "nYrkNP6jZMSKgBwG9qG7ci3J"
    shop_a, shop_b = await org_id(c, "shop-a-key"), await org_id(c, "shop-b-key")
    assert shop_a != shop_b and set(van["delegatees"]) == {shop_a, shop_b}
    a_order = await create(c, "shop-a-key")
    assert a_order["pickupTask"]["executor"] == van["id"]
    assert (await get(c, a_order["id"], "van-key")).status_code == 200  # the courier sees every client's order
    assert (await get(c, a_order["id"], "shop-b-key")).status_code == 404  # another client does not
    resp = await c.post(f"{BASE}/taskOrders", headers=auth("van-key"), json=order_body(client=shop_b))
    assert resp.status_code == 200 and resp.json()["pickupTask"]["merchant"] == shop_b


async def test_fixture_strictness_and_bad_roles(fx_client):
    assert_error(await fx_client.get(f"{BASE}/auth/test", headers=auth("unlisted")), 401, "InvalidCredentials", 1102)
    bad = {**FIXTURES["tenants"]["shop"]["credentials"], "onfleet": [{"key": "odd-key", "role": "driver"}]}
    with pytest.raises(FixtureError) as refused:  # a bad role is refused at start, not at the first request
        create_app(Settings(), fixtures={"strict": ["onfleet"], "tenants": {"shop": {"credentials": bad}}})
    assert refused.value.problems == [
        "fixtures: tenants.shop.credentials.onfleet[0].role: 'driver' is not one of client, courier"]


def test_answer_heads_like_json_response_with_the_rate_limit_headers():
    from simulator.http.responses import json_response
    from simulator.vendors.onfleet.routes import answer

    body = {"id": "x", "n": [1, 2]}
    expected = json_response(body, 200, headers={"X-RateLimit-Limit": "20", "X-RateLimit-Remaining": "7"})
    got = answer(body, 7)
    assert (got.status_code, got.raw_headers, got.body) == (expected.status_code, expected.raw_headers, expected.body)
