"""Token flow: Basic client credentials -> Bearer token that expires on the simulated clock."""

import re

import httpx
import pytest

from simulator.app import create_app
from tests.pitneybowes.helpers import BASE, MINIMAL, TOKEN_URL, basic, create, token
from tests.support import advance

pytestmark = pytest.mark.anyio

UNAUTHORIZED_SAMPLE = {"errorCode": "unauthorized_error",
                       "message": "Unauthorized access. Valid authentication credentials are required.",
                       "additionalInfo": "Client request lacks valid authentication credentials."}


async def test_token_shape(client):
    resp = await client.post(TOKEN_URL, headers=basic("client-a"), data={"grant_type": "client_credentials"})
    assert resp.status_code == 200
    body = resp.json()
    assert list(body) == ["access_token", "expires_in", "scope", "token_type"]
    assert body["expires_in"] == 14400 and body["scope"] == "psapi" and body["token_type"] == "Bearer"
    assert re.fullmatch(r"[A-Za-z0-9]{40}", body["access_token"])


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer abc"}, {"Authorization": "Basic not-base64!"},
    {"Authorization": "Basic Y2xpZW50LWE="},  # "client-a" without ":secret"
    basic("invalid-client"),  # the magic prefix is always refused
])
async def test_token_refused_without_good_basic_credentials(client, headers):
    resp = await client.post(TOKEN_URL, headers=headers)
    assert resp.status_code == 401
    body = resp.json()
    assert set(body) == {"errorCode", "message", "additionalInfo"} and body["errorCode"] == "unauthorized_error"


async def test_token_endpoint_is_post_only(client):
    resp = await client.get(TOKEN_URL)
    assert resp.status_code == 405 and resp.json()["errorCode"] == "method_not_allowed"


@pytest.mark.parametrize("method, path", [
    ("POST", BASE), ("GET", f"{BASE}/PBqTYEhO31JY"), ("PATCH", f"{BASE}/PBqTYEhO31JY"),
    ("DELETE", f"{BASE}/PBqTYEhO31JY"), ("PATCH", f"{BASE}/bulk/status"),
    ("DELETE", f"{BASE}/PBqTYEhO31JY/items?itemId=SKU1"), ("POST", f"{BASE}/search"),
    ("PUT", f"{BASE}/PBqTYEhO31JY/tags"), ("PUT", f"{BASE}/bulkTags"),
])
@pytest.mark.parametrize("auth", [None, "Bearer", "Bearer not-a-token", "Basic " + "Y2xpZW50LWE6c2VjcmV0"])
async def test_every_order_call_needs_a_bearer_token(client, method, path, auth):
    headers = {"Authorization": auth} if auth else {}
    resp = await client.request(method, path, json={}, headers=headers)
    assert resp.status_code == 401
    body = resp.json()
    assert body["errorCode"] == "unauthorized_error" and body["message"] == UNAUTHORIZED_SAMPLE["message"]
    if auth is None:
        assert body == UNAUTHORIZED_SAMPLE


async def test_token_expires_after_four_simulated_hours(client):
    headers = await token(client, "client-a")
    order_id = await create(client, headers, MINIMAL)
    await advance(client, "client-a", 14399)
    assert (await client.get(f"{BASE}/{order_id}", headers=headers)).status_code == 200
    await advance(client, "client-a", 1)
    resp = await client.get(f"{BASE}/{order_id}", headers=headers)
    assert resp.status_code == 401
    assert resp.json()["additionalInfo"] == "The access token has expired."
    fresh = await token(client, "client-a")
    assert (await client.get(f"{BASE}/{order_id}", headers=fresh)).status_code == 200


async def test_client_id_selects_the_tenant(client):
    alice, bob = await token(client, "alice"), await token(client, "bob")
    order_id = await create(client, alice, MINIMAL)
    assert (await client.get(f"{BASE}/{order_id}", headers=bob)).status_code == 404
    again = await token(client, "alice")  # open mode: a client id is its tenant
    assert (await client.get(f"{BASE}/{order_id}", headers=again)).status_code == 200
    found = (await client.get(f"/_sim/orders/pitneybowes/{order_id}?tenant=alice")).json()
    assert found["tenant"] == "alice" and found["order"]["orderInfo"]["createdBy"] == "alice"


async def test_reset_invalidates_the_tenants_tokens(client):
    alice, bob = await token(client, "alice"), await token(client, "bob")
    order_id = await create(client, alice, MINIMAL)
    bob_order = await create(client, bob, MINIMAL)
    assert (await client.post("/_sim/reset", json={"tenant": "alice"})).status_code == 200
    resp = await client.get(f"{BASE}/{order_id}", headers=alice)
    assert resp.status_code == 401 and resp.json()["errorCode"] == "unauthorized_error"
    assert (await client.get(f"{BASE}/{bob_order}", headers=bob)).status_code == 200
    fresh = await token(client, "alice")
    assert (await client.get(f"{BASE}/{order_id}", headers=fresh)).status_code == 404


async def test_listed_credentials_check_the_secret_and_strict_mode_refuses_others(settings):
    fixtures = {"strict": ["pitneybowes"], "tenants": {"shop": {"credentials": {"pitneybowes": [
        {"key": "shop-client", "secret": "s3cret"}, "shop-other"]}}}}
    app = create_app(settings, fixtures=fixtures)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sim") as c:
        assert (await c.post(TOKEN_URL, headers=basic("shop-client", "wrong"))).status_code == 401
        assert (await c.post(TOKEN_URL, headers=basic("stranger", "s3cret"))).status_code == 401
        one = await token(c, "shop-client", "s3cret")
        two = await token(c, "shop-other", "anything")  # listed without a secret: any secret
        order_id = await create(c, one, MINIMAL)
        assert (await c.get(f"{BASE}/{order_id}", headers=two)).status_code == 200  # same tenant "shop"
    await app.state.engine.outbox.close()


async def test_token_lifetime_is_a_tenant_setting(client):
    await token(client, "short")  # creates the tenant
    await client.put("/_sim/vendors/pitneybowes/config", json={"tenant": "short", "config": {"tokenTtl": 60}})
    resp = await client.post(TOKEN_URL, headers=basic("short"))
    assert resp.json()["expires_in"] == 60
    headers = {"Authorization": f"Bearer {resp.json()['access_token']}"}
    await advance(client, "short", 60)
    assert (await client.post(f"{BASE}/search", json={}, headers=headers)).status_code == 401


async def test_lowercase_bearer_scheme_is_accepted(client):
    headers = await token(client)
    headers = {"Authorization": headers["Authorization"].replace("Bearer", "bearer")}
    assert (await client.post(f"{BASE}/search", json={}, headers=headers)).status_code == 200


async def test_open_mode_a_client_id_accepts_only_the_first_secret_used_with_it(client):
    alice = await token(client, "alice")
    order_id = await create(client, alice, MINIMAL)
    refused = await client.post(TOKEN_URL, headers=basic("alice", "guessed"))
    assert refused.status_code == 401 and refused.json()["errorCode"] == "unauthorized_error"
    assert (await client.get(f"{BASE}/{order_id}", headers=alice)).status_code == 200  # the owner still works
    assert (await client.post("/_sim/reset", json={"tenant": "alice"})).status_code == 200
    assert (await client.post(TOKEN_URL, headers=basic("alice", "guessed"))).status_code == 200  # a new first
