"""Webhooks as a receiver sees them: the `?check=` handshake, X-Onfleet-Signature verified over the raw
body with the hex-decoded secret, Onfleet's payload, task events in order, retries through the outbox."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from simulator.settings import Settings
from tests.onfleet.helpers import (
    BASE,
    assert_error,
    auth,
    create,
    order_body,
    org_id,
    to_state,
    verify,
    wait_deliveries,
)
from tests.support import advance

pytestmark = pytest.mark.anyio
TASK_TRIGGERS = {0: "taskStarted", 3: "taskCompleted", 4: "taskFailed", 6: "taskCreated", 7: "taskUpdated",
                 8: "taskDeleted", 9: "taskAssigned", 13: "taskCloned"}


async def register(client, receiver, trigger, key="acme", path=None, **extra):
    """Deliveries are ordered per receiver URL (as the outbox sends them), so order tests share one path."""
    url = f"{receiver.url}{path or f'/onfleet/{trigger}'}"
    body = {"url": url, "name": f"hook {trigger}", "trigger": trigger, **extra}
    resp = await client.post(f"{BASE}/webhooks", headers=auth(key), json=body)
    assert resp.status_code == 200, resp.text
    return resp.json()


async def secret(client, tenant="acme") -> str:
    resp = await client.get(f"/_sim/vendors/onfleet/config?tenant={tenant}")
    return resp.json()["config"]["webhook_secret"]


async def test_registration_performs_the_check_handshake(client, receiver):
    hook = await register(client, receiver, 3)
    assert set(hook) == {"id", "name", "count", "url", "trigger", "isEnabled"} and len(hook["id"]) == 24
    assert (hook["count"], hook["trigger"], hook["isEnabled"]) == (0, 3, True)
    [check] = [r for r in receiver.requests if r["method"] == "GET"]
    parts = urlsplit(check["path"])
    assert parts.path == "/onfleet/3" and len(parse_qs(parts.query)["check"][0]) >= 16


@pytest.mark.parametrize("setup", ["wrong_echo", "error_status", "unreachable"])
async def test_failed_handshake_is_400_1008_and_nothing_is_registered(client, receiver, setup):
    url = f"{receiver.url}/hook"
    if setup == "wrong_echo":
        receiver.echo_check = False
    elif setup == "error_status":
        receiver.statuses = [500]
    else:
        url = "http://127.0.0.1:9/hook"
    resp = await client.post(f"{BASE}/webhooks", headers=auth("acme"), json={"url": url, "name": "x", "trigger": 3})
    inner = assert_error(resp, 400, "InvalidContent", 1008)
    assert inner["message"] == "The webhook URL provided did not pass our validation test."
    assert (await client.get(f"{BASE}/webhooks", headers=auth("acme"))).json() == []


@pytest.mark.parametrize("body", [{"name": "x", "trigger": 3}, {"url": "ftp://x/y", "name": "x", "trigger": 3},
                                  {"url": "http://[::1/x", "name": "x", "trigger": 3},
                                  {"url": "http://127.0.0.1:9/", "trigger": 3}, {"url": "http://127.0.0.1:9/", "name": "x"},
                                  {"url": "http://127.0.0.1:9/", "name": "x", "trigger": 11},
                                  {"url": "http://127.0.0.1:9/", "name": "x", "trigger": "3"}])
async def test_registration_validation(client, body):
    resp = await client.post(f"{BASE}/webhooks", headers=auth("acme"), json=body)
    assert resp.status_code == 400 and resp.json()["message"]["error"] in (1000, 1005)


async def test_list_and_delete_are_per_organisation(client, receiver):
    hook = await register(client, receiver, 6)
    assert [h["id"] for h in (await client.get(f"{BASE}/webhooks", headers=auth("acme"))).json()] == [hook["id"]]
    assert (await client.get(f"{BASE}/webhooks", headers=auth("courier-acme"))).json() == []
    resp = await client.delete(f"{BASE}/webhooks/{hook['id']}", headers=auth("courier-acme"))
    assert_error(resp, 404, "ResourceNotFound", 1402)
    resp = await client.delete(f"{BASE}/webhooks/{hook['id']}", headers=auth("acme"))
    assert resp.status_code == 200 and resp.headers["x-ratelimit-remaining"]
    assert (await client.get(f"{BASE}/webhooks", headers=auth("acme"))).json() == []
    await create(client)
    assert (await client.get("/_sim/webhooks?tenant=acme")).json()["count"] == 0


async def test_full_lifecycle_events_signed_and_in_order(client, receiver):
    for trigger in TASK_TRIGGERS:
        await register(client, receiver, trigger, path="/onfleet")
    order = await create(client)
    for seconds in (30, 60, 90, 30, 150):
        await advance(client, "acme", seconds)
    posts = receiver.posts()
    key = await secret(client)
    for post in posts:
        assert verify(key, post["body"], post["headers"]["x-onfleet-signature"])
        assert post["headers"]["content-type"] == "application/json"
    bodies = [json.loads(p["body"]) for p in posts]
    pickup, dropoff = order["pickupTask"]["id"], order["dropoffTask"]["id"]
    assert [(b["triggerName"], b["taskId"]) for b in bodies] == [
        ("taskCreated", pickup), ("taskCreated", dropoff), ("taskAssigned", pickup), ("taskAssigned", dropoff),
        ("taskStarted", pickup), ("taskCompleted", pickup), ("taskStarted", dropoff), ("taskCompleted", dropoff)]
    done = bodies[-1]
    assert list(done) == ["actionContext", "adminId", "data", "taskId", "time", "triggerId", "triggerName", "workerId"]
    assert done["triggerId"] == 3 and done["time"] == 1767225600000 + 360_000
    assert done["actionContext"] == {"id": done["workerId"], "type": "WORKER"} and done["adminId"] is None
    task = done["data"]["task"]
    assert task["state"] == 3 and task["completionDetails"]["success"] is True
    assert task["orderShortId"] == order["shortId"] and task["dependencies"] == [pickup]
    created = bodies[0]
    assert created["actionContext"]["type"] == "ADMIN" and created["adminId"] == created["actionContext"]["id"]
    assert created["workerId"] is None and created["data"]["task"]["state"] == 0
    hooks = (await client.get(f"{BASE}/webhooks", headers=auth("acme"))).json()
    assert {h["trigger"]: h["count"] for h in hooks}[9] == 2


async def test_failure_update_cancel_and_clone_triggers(client, receiver):
    for trigger in (4, 7, 8, 13, 6):
        await register(client, receiver, trigger, path="/onfleet")
    failed, cancelled = await create(client), await create(client)
    await to_state(client, failed, "delivery_unreachable")
    await client.put(f"{BASE}/taskOrders/{cancelled['id']}", headers=auth("acme"),
                     json={"pickupTask": {"notes": "n"}, "dropoffTask": {}})
    await client.post(f"{BASE}/taskOrders/cancel", headers=auth("acme"), json={"orderIds": [cancelled["id"]]})
    clone = (await client.post(f"{BASE}/taskOrders/{failed['id']}/clone", headers=auth("acme"))).json()
    await wait_deliveries(client, 11)
    names = [(b["triggerName"], b["taskId"]) for b in receiver.json_bodies()][4:]  # after the 4 taskCreated
    assert names == [("taskFailed", failed["dropoffTask"]["id"]),
                     ("taskUpdated", cancelled["pickupTask"]["id"]), ("taskUpdated", cancelled["dropoffTask"]["id"]),
                     ("taskDeleted", cancelled["pickupTask"]["id"]), ("taskDeleted", cancelled["dropoffTask"]["id"]),
                     ("taskCloned", clone["pickupTask"]["id"]), ("taskCloned", clone["dropoffTask"]["id"])]
    fail_task = receiver.json_bodies()[4]["data"]["task"]
    assert fail_task["state"] == 3 and fail_task["completionDetails"]["success"] is False


async def test_client_of_courier_created_order_needs_connection_events(client, receiver):
    plain = await register(client, receiver, 6)
    client_org = await org_id(client, "acme")
    await client.post(f"{BASE}/taskOrders", headers=auth("courier-acme"), json=order_body(client=client_org))
    assert (await client.get("/_sim/webhooks?tenant=acme")).json()["count"] == 0
    await client.delete(f"{BASE}/webhooks/{plain['id']}", headers=auth("acme"))
    await register(client, receiver, 6, canReceiveConnectionEvents=True)
    await register(client, receiver, 6, key="courier-acme")
    await client.post(f"{BASE}/taskOrders", headers=auth("courier-acme"), json=order_body(client=client_org))
    await wait_deliveries(client, 4)
    assert len(receiver.posts()) == 4  # two tasks, to the client's and to the courier's hook


async def test_secret_from_fixtures_config_and_retries(client, receiver):
    custom = "736f6d652d736563726574"  # "some-secret".hex(), the fact sheet's test vector
    await client.get(f"{BASE}/auth/test", headers=auth("acme"))  # the control plane knows a tenant once used
    resp = await client.put("/_sim/vendors/onfleet/config", json={"tenant": "acme", "config": {"webhook_secret": custom}})
    assert resp.status_code == 200
    await register(client, receiver, 6)
    receiver.statuses = [500, 503, 200]
    await create(client)
    await wait_deliveries(client, 2)
    await advance(client, "acme", 30)  # first retry after 30 s
    await advance(client, "acme", 60)  # second after 60 s more
    log = (await client.get("/_sim/webhooks?tenant=acme&vendor=onfleet")).json()["deliveries"]
    assert [d["state"] for d in log] == ["delivered", "delivered"]
    assert sum(len(d["attempts"]) for d in log) == 4  # 500, 503, then 200 for the pickup; dropoff first time
    for post in receiver.posts():
        assert verify(custom, post["body"], post["headers"]["x-onfleet-signature"])


async def test_default_secret_is_visible_from_the_first_request(client):
    await client.get(f"{BASE}/auth/test", headers=auth("fresh"))
    await client.get(f"{BASE}/auth/test", headers=auth("courier-fresh"))
    value = await secret(client, "fresh")
    assert len(value) == 64 and bytes.fromhex(value)
    assert value == await secret(client, "courier-fresh")  # one secret per tenant


async def test_signature_matches_the_documented_vector():
    from simulator.vendors.onfleet.webhooks import sign
    assert sign("736f6d652d736563726574", b"some-body") == (
        "542013bd0f97f4b51d7977d33aea6b9ad97585c76d5ad3f3a294ce679560cd3f"
        "846144e5e74da79597c16663830b9720bf7d9bb58c88d2acd989bcc1000027fb")


async def test_sink_urls_are_auto_validated(client):
    resp = await client.post(f"{BASE}/webhooks", headers=auth("acme"),
                             json={"url": "http://sim/_sim/sink/onfleet", "name": "sink", "trigger": 6})
    assert resp.status_code == 200


@pytest.mark.parametrize("settings", [Settings(clock="manual", seed=1, public_url="http://127.0.0.2:8443")])
async def test_a_sink_on_the_public_url_is_this_server(client):
    """Behind a proxy clients know ordersim by ORDERSIM_PUBLIC_URL: a sink there needs no check;
    another port of that host is somebody else (refused: nothing listens there)."""
    def register(url):
        return client.post(f"{BASE}/webhooks", headers=auth("acme"), json={"url": url, "name": "sink", "trigger": 6})
    assert (await register("http://127.0.0.2:8443/_sim/sink/onfleet")).status_code == 200
    assert_error(await register("http://127.0.0.2:9443/_sim/sink/onfleet"), 400, "InvalidContent", 1008)


async def test_a_sink_path_on_another_server_still_gets_the_handshake(client, receiver):
    url = f"{receiver.url}/_sim/sink/onfleet"  # the sink's path, but not this server
    receiver.echo_check = False
    resp = await client.post(f"{BASE}/webhooks", headers=auth("acme"), json={"url": url, "name": "x", "trigger": 6})
    assert_error(resp, 400, "InvalidContent", 1008)
    assert [r["method"] for r in receiver.requests] == ["GET"]
    receiver.echo_check = True
    assert (await client.post(f"{BASE}/webhooks", headers=auth("acme"),
                              json={"url": url, "name": "x", "trigger": 6})).status_code == 200


async def test_threshold_is_echoed_as_the_integer_it_is(client, receiver):
    hook = await register(client, receiver, 1, threshold=300)
    assert hook["threshold"] == 300 and isinstance(hook["threshold"], int)
    listed = await client.get(f"{BASE}/webhooks", headers=auth("acme"))
    assert b'"threshold":300,' in listed.content or b'"threshold":300}' in listed.content
    resp = await client.post(f"{BASE}/webhooks", headers=auth("acme"),
                             json={"url": f"{receiver.url}/x", "name": "x", "trigger": 1, "threshold": 300.5})
    assert resp.status_code == 400
