"""Tiramizoo web hooks: one POST per state change, body == GET at that moment, retried on the
documented schedule (retry_count**4 + 15 s, 25 retries) measured on the simulated clock."""

import json

import pytest

from tests.support import advance
from tests.tiramizoo.helpers import create

pytestmark = pytest.mark.anyio


async def deliveries(client, **params):
    return (await client.get("/_sim/webhooks", params=params)).json()["deliveries"]


async def test_each_state_change_posts_the_show_representation(client, receiver):
    order = (await create(client, web_hook_url=receiver.url + "/hook")).json()
    uuid = order["uuid"]
    snapshots = []
    for seconds in (30, 120, 150):
        await advance(client, "tok", seconds)
        snapshots.append((await client.get(f"/tiramizoo/v1/orders/{uuid}?api_token=tok")).json())
    posts = receiver.posts()
    assert [p["path"] for p in posts] == ["/hook"] * 3
    assert [json.loads(p["body"]) for p in posts] == snapshots
    assert [s["state"] for s in snapshots] == ["dispatched", "picked_up", "delivered"]
    assert all(p["headers"]["content-type"] == "application/json" for p in posts)
    log = await deliveries(client, order=uuid)
    assert [d["state"] for d in log] == ["delivered"] * 3
    assert [d["event"] for d in log] == ["dispatched", "picked_up", "delivered"]


async def test_no_hook_without_url_and_none_for_creation(client, receiver):
    await create(client)
    await advance(client, "tok", 400)
    assert await deliveries(client) == []


async def test_failed_delivery_is_retried_on_the_documented_schedule(client, receiver):
    receiver.statuses = [500, 503, 502, 200]
    order = (await create(client, web_hook_url=receiver.url)).json()
    await client.post(f"/_sim/orders/tiramizoo/{order['uuid']}/advance", json={"to": "dispatched"})
    [d] = await deliveries(client)
    assert d["state"] == "retrying" and len(d["attempts"]) == 1  # first attempt went out at once
    start = d["attempts"][0]["at"]
    await advance(client, "tok", 15 + 16 + 31)
    [d] = await deliveries(client)
    assert d["state"] == "delivered"
    assert [a["status"] for a in d["attempts"]] == [500, 503, 502, 200]
    assert [a["at"] - start for a in d["attempts"]] == [0, 15, 31, 62]
    bodies = {p["body"] for p in receiver.posts()}
    assert len(bodies) == 1  # every retry carries the same snapshot


async def test_unreachable_receiver_fails_visibly_after_25_retries(client):
    order = (await create(client, web_hook_url="http://127.0.0.1:9/nobody-listens")).json()
    await client.post(f"/_sim/orders/tiramizoo/{order['uuid']}/advance", json={"to": "dispatched"})
    await client.post("/_sim/clock/advance", json={"tenant": "tok", "seconds": 30 * 86400})
    failed = await deliveries(client, state="failed")
    # the clock also moved the order on, so several deliveries failed; check the first one
    d = failed[0]
    assert d["event"] == "dispatched" and len(d["attempts"]) == 26
    assert all(a["status"] is None and a["error"] for a in d["attempts"])
    gaps = [b["at"] - a["at"] for a, b in zip(d["attempts"], d["attempts"][1:], strict=False)]
    assert gaps == [n ** 4 + 15 for n in range(25)]


async def test_wait_returns_when_deliveries_arrive(client, receiver):
    order = (await create(client, web_hook_url=receiver.url)).json()
    await client.post(f"/_sim/orders/tiramizoo/{order['uuid']}/advance", json={"to": "delivered"})
    resp = await client.post("/_sim/webhooks/wait", json={"count": 3, "timeout_s": 5, "order": order["uuid"]})
    assert resp.status_code == 200 and resp.json()["matched"] == 3
    resp = await client.post("/_sim/webhooks/wait", json={"count": 4, "timeout_s": 0.2, "order": order["uuid"]})
    assert resp.status_code == 408 and resp.json()["timed_out"] is True


async def test_a_receiver_that_times_out_is_retried(client, receiver):
    await client.put("/_sim/settings", json={"webhook_timeout": 0.2})
    receiver.delay = 0.5
    order = (await create(client, web_hook_url=receiver.url)).json()
    await client.post(f"/_sim/orders/tiramizoo/{order['uuid']}/advance", json={"to": "dispatched"})
    [d] = await deliveries(client)
    assert d["state"] == "retrying" and "Timeout" in d["attempts"][0]["error"]
    receiver.delay = 0
    await advance(client, "tok", 15)
    [d] = await deliveries(client)
    assert d["state"] == "delivered" and len(d["attempts"]) == 2
