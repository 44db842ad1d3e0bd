"""Order webhooks: JSON arrays to the tenant's dashboard URL, signed with HMAC-SHA256 over the raw
body (our documented choice), 2xx/4xx accepted, anything else retried 3 times 20 s apart, every
attempt visible in /_sim/webhooks and in GET /orders/{h}/webhooks."""

import json
import re

import httpx
import pytest

from simulator.app import create_app
from simulator.settings import Settings
from tests.hypertrack.helpers import ACCOUNT, AUTH, BASE, act, basic, batch, configure, order, posted, verify
from tests.support import advance

pytestmark = pytest.mark.anyio

SECRET = "whsec-test"
ENVELOPE = ["account_id", "recorded_at", "created_at", "device_id", "worker_handle", "type", "version", "data"]


async def settle(client):
    """First attempts go out in the background; a zero clock move waits for them."""
    await advance(client, ACCOUNT, 0)


async def deliveries(client, **params):
    return (await client.get("/_sim/webhooks", params={"vendor": "hypertrack", **params})).json()["deliveries"]


async def test_a_full_lifecycle_posts_signed_arrays(client, receiver):
    await configure(client, webhook_url=receiver.url + "/ht", webhook_secret=SECRET)
    await batch(client, order("o"), worker_handle="w")
    await advance(client, ACCOUNT, 3 * 3600)
    posts = receiver.posts()
    assert [p["path"] for p in posts] == ["/ht"] * 4
    for p in posts:
        assert p["headers"]["content-type"] == "application/json"
        assert verify(SECRET, p["body"], p["headers"]["x-hypertrack-signature"])
        assert re.fullmatch(r"[0-9a-f-]{36}", p["headers"]["x-amz-sns-message-id"])
        assert isinstance(json.loads(p["body"]), list)
    events = posted(receiver)
    assert [e["data"]["value"] for e in events] == ["assigned", "started", "arrived", "completed"]
    assert [e["data"]["status"] for e in events] == ["assigned", "ongoing", "ongoing", "completed"]
    first = events[0]
    assert [k for k in first if k in ENVELOPE] == ENVELOPE
    assert first["account_id"] == "acct-1" and first["type"] == "order" and first["version"] == "3.0.0"
    assert first["worker_handle"] == "w" and first["device_id"] and first["recorded_at"] == "2026-01-01T00:00:00.000000Z"
    detail = (await client.get(f"{BASE}/orders/o", headers=AUTH)).json()
    assert first["data"] == {"order_handle": "o", "route_handle": detail["route_handle"], "value": "assigned",
                             "status": "assigned", "share_url": None, "metadata": {"customerID": "12654"},
                             "assigned_at": detail["assigned_at"]}
    arrived, completed = events[2]["data"], events[3]["data"]
    assert arrived["arrival"]["recorded_at"] == detail["arrived_at"]
    assert arrived["arrival"]["location"]["coordinates"] == detail["end_location"]["coordinates"]
    assert completed["distance"] == detail["distance"] and completed["duration"] == detail["duration"]
    assert completed["actual_service_time"] == 60 and events[1]["data"]["share_url"] == detail["share_url"]


async def test_actions_post_their_values(client, receiver):
    await configure(client, webhook_url=receiver.url, webhook_secret=SECRET)
    await batch(client, order("o"))
    await client.patch(f"{BASE}/orders/o", json={"metadata": {"a": 1}}, headers=AUTH)
    await act(client, "o", "reassign", {"worker_handle": "w"})
    await act(client, "o", "disable")
    await act(client, "o", "enable")
    await act(client, "o", "cancel", {"metadata": {"cancel_reason": "customer"}})
    await settle(client)
    events = posted(receiver)
    assert [e["data"]["value"] for e in events] == ["updated", "assigned", "disabled", "enabled", "cancelled"]
    assert events[-1]["data"]["metadata"] == {"a": 1, "cancel_reason": "customer"}
    assert events[-1]["data"]["distance"] == 0 and events[-1]["data"]["duration"] == 0


async def test_no_url_no_webhooks_and_a_default_secret(client, receiver):
    await batch(client, order("quiet"), worker_handle="w")
    assert await deliveries(client) == []
    await configure(client, webhook_url=receiver.url)
    await act(client, "quiet", "cancel")
    await settle(client)
    [p] = receiver.posts()
    assert verify("ordersim-hypertrack", p["body"], p["headers"]["x-hypertrack-signature"])


async def test_server_errors_are_retried_three_times_twenty_seconds_apart(client, receiver):
    receiver.statuses = [500, 502, 503, 200]
    await configure(client, webhook_url=receiver.url, webhook_secret=SECRET)
    await batch(client, order("r"))
    await act(client, "r", "cancel")
    await settle(client)
    [d] = await deliveries(client)
    assert d["state"] == "retrying" and d["event"] == "cancelled"
    await advance(client, ACCOUNT, 60)
    [d] = await deliveries(client)
    assert d["state"] == "delivered" and [a["status"] for a in d["attempts"]] == [500, 502, 503, 200]
    assert [a["at"] - d["attempts"][0]["at"] for a in d["attempts"]] == [0, 20, 40, 60]
    bodies = {p["body"] for p in receiver.posts()}
    ids = {p["headers"]["x-amz-sns-message-id"] for p in receiver.posts()}
    assert len(bodies) == 1 and len(ids) == 1  # a retry is the same message


async def test_a_4xx_answer_counts_as_accepted(client, receiver):
    receiver.statuses = [410]
    await configure(client, webhook_url=receiver.url)
    await batch(client, order("g"))
    await act(client, "g", "cancel")
    await settle(client)
    [d] = await deliveries(client)
    assert d["state"] == "delivered" and len(d["attempts"]) == 1


async def test_failures_end_visibly_and_show_in_the_order_log(client, receiver):
    receiver.statuses = [500]
    await configure(client, webhook_url=receiver.url)
    await batch(client, order("f"))
    await act(client, "f", "cancel")
    await settle(client)
    await advance(client, ACCOUNT, 120)
    [d] = await deliveries(client)
    assert d["state"] == "failed" and len(d["attempts"]) == 4
    resp = await client.get(f"{BASE}/orders/f/webhooks", headers=AUTH)
    assert resp.status_code == 200
    [hook] = resp.json()["webhooks"]
    assert hook["delivery_http_status"] == 500 and hook["retry_count"] == 3
    assert hook["delivery_http_response_text"] == "ok" and hook["data"]["value"] == "cancelled"
    assert resp.json()["pagination_token"] is None


async def test_an_unreachable_receiver_fails_with_the_error_logged(client):
    await configure(client, webhook_url="http://127.0.0.1:9/nobody")
    await batch(client, order("u"))
    await act(client, "u", "cancel")
    await settle(client)
    await advance(client, ACCOUNT, 60)
    [d] = await deliveries(client, state="failed")
    assert len(d["attempts"]) == 4 and all(a["status"] is None and a["error"] for a in d["attempts"])


async def test_order_webhook_log_filters_and_sorts(client, receiver):
    await configure(client, webhook_url=receiver.url)
    await batch(client, order("l"), worker_handle="w")
    await advance(client, ACCOUNT, 3 * 3600)
    log = (await client.get(f"{BASE}/orders/l/webhooks", headers=AUTH)).json()["webhooks"]
    assert [h["data"]["value"] for h in log] == ["completed", "arrived", "started", "assigned"]  # newest first
    asc = (await client.get(f"{BASE}/orders/l/webhooks", params={"sort_direction": "asc", "limit": 2},
                            headers=AUTH)).json()
    assert [h["data"]["value"] for h in asc["webhooks"]] == ["assigned", "started"] and asc["pagination_token"]
    rest = (await client.get(f"{BASE}/orders/l/webhooks", headers=AUTH, params={
        "sort_direction": "asc", "limit": 2, "pagination_token": asc["pagination_token"]})).json()
    assert [h["data"]["value"] for h in rest["webhooks"]] == ["arrived", "completed"]
    only = (await client.get(f"{BASE}/orders/l/webhooks", params={"value": "arrived"}, headers=AUTH)).json()
    assert [h["data"]["value"] for h in only["webhooks"]] == ["arrived"]
    assert all(h["delivery_http_status"] == 200 and h["retry_count"] == 0 for h in log)


async def test_fixture_settings_and_track_webhooks(receiver):
    fixtures = {"tenants": {"shop": {"credentials": {"hypertrack": ["shop-account"]},
                                     "vendors": {"hypertrack": {"webhook_url": receiver.url,
                                                                "webhook_secret": SECRET}}}}}
    app = create_app(Settings(clock="manual", seed=1), fixtures=fixtures)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sim") as client:
        body = {"track_mode": "on_time", "worker_handle": "w", "orders": [order("t")]}
        resp = await client.post(f"{BASE}/orders/track", json=body, headers=basic("shop-account"))
        assert resp.status_code == 201
        await app.state.engine.outbox.drain("shop")
    await app.state.engine.outbox.close()
    events = posted(receiver)
    assert [e["data"]["value"] for e in events] == ["assigned", "started"]
    assert events[0]["account_id"] == "shop-account" and "location" in events[1]
    assert all(verify(SECRET, p["body"], p["headers"]["x-hypertrack-signature"]) for p in receiver.posts())
