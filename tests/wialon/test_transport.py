"""The ajax.html transport, login and sessions, and how real clients put `params` on the wire."""

import json
import re
from urllib.parse import urlencode

import pytest

from simulator.app import create_app
from tests.wialon.helpers import AJAX, RESOURCE, Wialon, logged_in

pytestmark = pytest.mark.anyio


async def test_login_reply_has_what_each_python_client_reads(client):
    w = Wialon(client, "tok")
    reply = await w.login()
    assert re.fullmatch(r"[0-9a-f]{32}", reply["eid"])
    assert reply["user"]["id"] == 1000 and reply["user"]["nm"] == "tok" and reply["user"]["cls"] == 1
    assert reply[reply["api"] + "_version"]  # wialon-sdk: result[result["api"] + "_version"]
    assert reply["host"] and reply["tm"] == 1767225600  # the tenant's simulated clock (seed 1, manual)
    assert reply["classes"]["avl_resource"] == 3 and reply["classes"]["avl_unit"] == 2
    assert json.loads(reply["token"])["dur"] > 0


@pytest.mark.parametrize("garbage", ["<function WialonSdk.__getattr__.<locals>.method at 0x7f>", "None", "",
                                     "0123456789abcdef0123456789abcdef"])
async def test_login_ignores_whatever_sid_the_client_sends(client, garbage):
    reply = await Wialon(client).raw("token/login", {"token": "tok"}, sid=garbage)
    assert "eid" in reply and reply["eid"] != garbage


async def test_login_errors(client):
    w = Wialon(client)
    assert await w.raw("token/login", {}) == {"error": 4, "reason": "Object missing required field `token`"}
    assert (await w.raw("token/login", {"token": ""}))["error"] == 4
    assert (await w.raw("token/login", {"token": 42}))["error"] == 4
    assert await w.raw("token/login", {"token": "invalid-token"}) == {"error": 8, "reason": "invalid or expired token"}


async def test_every_other_service_needs_a_live_session(client):
    w = Wialon(client)
    params = {"itemId": RESOURCE, "id": 0, "callMode": "create"}
    assert await w.raw("order/update", params) == {"error": 1}
    assert await w.raw("order/update", params, sid="feedfeedfeedfeedfeedfeedfeedfeed") == {"error": 1}
    await w.login()
    assert (await w.raw("order/update", params, sid=w.sid))[0] == 1
    assert await w.call("core/logout") == {"error": 0}
    assert await w.raw("order/update", params, sid=w.sid) == {"error": 1}
    assert await w.call("core/logout") == {"error": 1}


async def test_sessions_are_separate_and_reset_ends_them(client):
    a, b = await logged_in(client, "tok"), await logged_in(client, "tok")
    assert a.sid != b.sid
    await a.create()
    assert list(await b.orders()) == ["1"]  # same token, same tenant
    assert (await client.post("/_sim/reset", json={"tenant": "tok"})).status_code == 200
    assert await a.call("core/search_item", {"id": RESOURCE, "flags": 1}) == {"error": 1}
    c = await logged_in(client, "tok")
    assert await c.orders() == {}


async def test_tokens_select_tenants(client):
    a, b = await logged_in(client, "token-a"), await logged_in(client, "token-b")
    await a.create(n="only in a")
    assert [o["n"] for o in (await a.orders()).values()] == ["only in a"]
    assert await b.orders() == {}


async def test_fixture_tokens_name_tenants_and_strict_refuses_others(settings):
    import httpx
    fixtures = {"strict": ["wialon"], "tenants": {"acme": {"credentials": {"wialon": ["acme-token"]},
                                                            "vendors": {"wialon": {"user": {"id": 7, "nm": "acme"}}}}}}
    app = create_app(settings, fixtures=fixtures)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sim") as client:
        assert await Wialon(client, "stranger").raw("token/login", {"token": "stranger"}) == \
            {"error": 8, "reason": "invalid or expired token"}
        w = await logged_in(client, "acme-token")
        await w.create()
        listed = (await client.get("/_sim/orders", params={"tenant": "acme", "vendor": "wialon"})).json()
        assert [o["id"] for o in listed["orders"]] == ["1"]
        assert (await w.call("core/search_item", {"id": 7, "flags": 1}))["item"]["nm"] == "acme"


async def test_session_ttl_expires_idle_sessions_on_the_simulated_clock(client):
    w = await logged_in(client)
    resp = await client.put("/_sim/vendors/wialon/config", json={"tenant": "tok", "config": {"session_ttl": 300}})
    assert resp.status_code == 200
    await w.advance(299)
    assert "item" in await w.call("core/search_item", {"id": RESOURCE, "flags": 1})  # keeps it alive
    await w.advance(299)
    assert "item" in await w.call("core/search_item", {"id": RESOURCE, "flags": 1})
    await w.advance(301)
    assert await w.call("core/search_item", {"id": RESOURCE, "flags": 1}) == {"error": 1}


async def test_unknown_and_missing_service(client):
    w = await logged_in(client)
    assert await w.raw("core/no_such_thing", {}, w.sid) == {"error": 2, "reason": "unknown service 'core/no_such_thing'"}
    assert (await w.raw(None, {}, w.sid))["error"] == 1


async def test_query_string_get_and_post_and_json_body(client):
    w = await logged_in(client)
    url = f"{AJAX}?svc=order/update&sid={w.sid}&params=" + json.dumps({"itemId": RESOURCE, "id": 0, "callMode": "create"})
    for resp in (await client.get(url), await client.post(url)):
        assert resp.status_code == 200 and resp.headers["content-type"] == "application/json"
        assert resp.json()[1]["s"] == 0
    # wialon-sdk form_data=True: JSON body with the params object itself
    resp = await client.post(AJAX, json={"svc": "order/update", "sid": w.sid,
                                         "params": {"itemId": RESOURCE, "id": 0, "callMode": "create"}})
    assert resp.json()[0] == 3
    # form body wins over the query string
    resp = await client.post(f"{AJAX}?svc=core/no_such&sid=x", data={"svc": "core/search_item", "sid": w.sid,
                                                                      "params": json.dumps({"id": RESOURCE, "flags": 1})})
    assert resp.json()["item"]["id"] == RESOURCE


async def test_a_body_counts_on_a_get_and_when_chunked(client):
    """read_fields skips receiving only without Content-Length and Transfer-Encoding."""
    w = await logged_in(client)
    form = urlencode({"svc": "core/search_item", "sid": w.sid, "params": json.dumps({"id": RESOURCE, "flags": 1})})
    resp = await client.request("GET", f"{AJAX}?svc=core/no_such", content=form,
                                headers={"content-type": "application/x-www-form-urlencoded"})
    assert resp.json()["item"]["id"] == RESOURCE

    async def chunks():
        yield form[:20].encode()
        yield form[20:].encode()
    resp = await client.post(f"{AJAX}?svc=core/no_such", content=chunks(),
                             headers={"content-type": "application/x-www-form-urlencoded"})
    assert resp.json()["item"]["id"] == RESOURCE


async def test_the_origin_alias_serves_the_same_api(client):
    w = await logged_in(client)
    resp = await client.post("/wialon/ajax.html", data={"svc": "core/search_item", "sid": w.sid,
                                                         "params": json.dumps({"id": RESOURCE, "flags": 1})})
    assert resp.json()["item"]["nm"] == "tok orders"


async def test_python_repr_params_are_read_when_unambiguous(client):
    w = await logged_in(client)
    # wialon-sdk: str(params).replace("'", '"') keeps True/False/None
    reply = await w.raw("order/update", '{"itemId": 2000, "id": 0, "n": "repr", "callMode": "create", '
                                        '"u": None, "f": False, "p": {"n": "Bob"}}', w.sid)
    assert reply[1]["n"] == "repr" and reply[1]["u"] == 0 and reply[1]["f"] == 0 and reply[1]["p"]["n"] == "Bob"
    reply = await w.raw("order/update", "{'itemId': 2000, 'id': 0, 'callMode': 'create', 'tags': None}", w.sid)
    assert reply[0] == 2
    # an apostrophe turned into a quote by the same client: not parseable -> error 4
    broken = '{"itemId": 2000, "id": 0, "n": "O"Hara", "callMode": "create"}'
    assert (await w.raw("order/update", broken, w.sid))["error"] == 4
    for junk in ("{1, 2}", "b'x'", "1j", "[1e999]", "__import__('os')", "{" * 500):
        assert (await w.raw("order/update", junk, w.sid))["error"] == 4, junk


async def test_unencoded_json_with_an_ampersand_is_cut_and_refused(client):
    """GoldenM `wialon` glues params into the URL unencoded: `&` splits the value, as on Wialon."""
    w = await logged_in(client)
    resp = await client.post(f'{AJAX}?svc=order/update&sid={w.sid}&params={{"itemId": 2000, "id": 0, '
                             f'"n": "A&B", "callMode": "create"}}&')
    assert resp.json()["error"] == 4


async def test_errors_outside_the_handler_are_wialon_bodies(client):
    resp = await client.get("/wialon/wialon/nothing.html")
    assert resp.status_code == 404 and resp.json()["error"] == 2
    assert resp.headers["content-type"] == "application/json"
    resp = await client.put(AJAX)
    assert resp.status_code == 405 and resp.json()["error"] == 2
    resp = await client.post(AJAX, content=b"{not json", headers={"content-type": "application/json"})
    assert resp.status_code == 200 and resp.json()["error"] == 4


async def test_the_example_fixtures_file_loads_and_serves_its_items(settings):
    from pathlib import Path

    import httpx

    from simulator.fixtures import load_fixtures
    app = create_app(settings, fixtures=load_fixtures(str(Path(__file__).parents[2] / "fixtures" / "wialon.json")))
    token = "5dce19710a5e26ab8b7b8986cb3c49e58C291791B7F0A7AEB8AFBFCEED7DC03BC48FF5F8"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sim") as client:
        w = await logged_in(client, token)
        found = await w.call("core/search_items", {"spec": {"itemsType": "avl_resource", "propName": "sys_name",
                                                            "propValueMask": "*depot", "sortType": "!sys_name"},
                                                   "force": 1, "flags": 1, "from": 0, "to": 0})
        assert [i["nm"] for i in found["items"]] == ["Hamburg depot", "Berlin depot"]
        assert found["totalItemsCount"] == 2 and (found["indexFrom"], found["indexTo"]) == (0, 1)
        assert (await w.create(itemId=50937, u=60003))[1]["u"] == 60003
        page = await w.call("core/search_items", {"spec": {"itemsType": "avl_unit", "propName": "sys_id",
                                                           "propValueMask": "6000*", "sortType": "sys_id"},
                                                  "force": 1, "flags": 1, "from": 1, "to": 1})
        assert [i["id"] for i in page["items"]] == [60002] and (page["indexFrom"], page["indexTo"]) == (1, 1)
        assert page["totalItemsCount"] == 3
        assert (await w.call("core/search_items", {"spec": {}}))["error"] == 4
        assert (await w.call("core/search_item", {"id": 1, "flags": 1}))["error"] == 7


async def test_the_least_recently_used_session_ends_past_the_cap(client, monkeypatch):
    from simulator.vendors.wialon import sessions
    monkeypatch.setattr(sessions, "MAX_SESSIONS", 3)
    poller = await logged_in(client)
    others = [await logged_in(client) for _ in range(2)]
    assert "item" in await poller.call("core/search_item", {"id": RESOURCE, "flags": 1})  # used: now the newest
    await logged_in(client)  # a fourth session ends the least recently used one
    assert "item" in await poller.call("core/search_item", {"id": RESOURCE, "flags": 1})
    assert await others[0].call("core/search_item", {"id": RESOURCE, "flags": 1}) == {"error": 1}
    assert "item" in await others[1].call("core/search_item", {"id": RESOURCE, "flags": 1})
