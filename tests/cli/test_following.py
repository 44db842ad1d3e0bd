"""Commands that follow the server until Ctrl-C: `events`, `webhooks --follow` and `listen`, which
forwards each event as a Standard Webhook (verified with the `standardwebhooks` library, as a
receiver would) with the same body the server's own /_sim/subscriptions sends."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.cli.helpers import Running, make_tenant, running, tiramizoo_order
from tests.conftest import Receiver
from tests.server import free_port, running_server

pytestmark = pytest.mark.e2e


def test_events_prints_each_event_as_it_happens_and_ctrl_c_exits_0(server, tenant):
    make_tenant(server, tenant)  # the stream names an existing tenant
    with running("events", "--url", server, "--tenant", tenant) as events:
        assert events.next_line(events.err).startswith(f"following order events at {server}")
        uuid = tiramizoo_order(server, tenant)
        created = events.next_line()
        assert created == f"2026-01-01T00:00:00Z  {tenant}  tiramizoo  {uuid}  created  awaiting_payment (awaiting_payment)"
        httpx.post(server + "/_sim/clock/advance", json={"tenant": tenant, "seconds": 30})
        assert events.next_line() == (f"2026-01-01T00:00:30Z  {tenant}  tiramizoo  {uuid}  transition  "
                                      "awaiting_payment -> dispatched (dispatched)")
        assert events.interrupt() == 0


def test_events_json_is_one_event_per_line(server, tenant):
    make_tenant(server, tenant)
    with running("events", "--url", server, "--tenant", tenant, "--vendor", "tiramizoo", "--json") as events:
        events.next_line(events.err)
        uuid = tiramizoo_order(server, tenant)
        event = json.loads(events.next_line())
        assert (event["order_id"], event["kind"], event["state"], event["tenant"]) == (uuid, "created",
                                                                                        "awaiting_payment", tenant)
        assert events.interrupt() == 0


def test_webhooks_follow_prints_new_deliveries_and_attempts(server, tenant, receiver):
    receiver.statuses = [500, 200]
    uuid = tiramizoo_order(server, tenant, web_hook_url=receiver.url)
    with running("webhooks", "--follow", "--url", server, "--tenant", tenant) as follow:
        follow.next_line(follow.err)
        httpx.post(server + "/_sim/clock/advance", json={"tenant": tenant, "seconds": 30})
        first = follow.lines_until(lambda line: " retrying " in line)[-1].split()  # (pending first, maybe)
        assert first[2:] == [tenant, "tiramizoo", uuid, "dispatched", "retrying", "1", "500", receiver.url]
        assert first[0] == "2026-01-01T00:00:30Z"  # when the attempt was made, simulated
        httpx.post(server + "/_sim/clock/advance", json={"tenant": tenant, "seconds": 600})  # the retry is due
        second = follow.next_line().split()
        assert second[2:] == [tenant, "tiramizoo", uuid, "dispatched", "delivered", "2", "200", receiver.url]
        assert follow.interrupt() == 0


def test_listen_forwards_signed_standard_webhooks_like_the_servers_subscriptions(server, tenant, receiver):
    make_tenant(server, tenant)
    reference = Receiver()  # what /_sim/subscriptions itself sends, for comparison
    try:
        httpx.post(server + "/_sim/subscriptions", json={"url": reference.url, "tenant": tenant})
        with running("listen", "--forward-to", receiver.url, "--url", server, "--tenant", tenant) as listen:
            secret = re.fullmatch(r"signing secret: (whsec_\S+)", listen.next_line()).group(1)
            listen.next_line(listen.err)
            uuid = tiramizoo_order(server, tenant)
            line = listen.next_line()
            assert line.startswith(f"2026-01-01T00:00:00Z  {tenant}  tiramizoo  {uuid}  created") and line.endswith("-> 200")
            httpx.post(server + "/_sim/clock/advance", json={"tenant": tenant, "seconds": 30})
            assert listen.next_line().endswith("awaiting_payment -> dispatched (dispatched)  -> 200")
            assert listen.interrupt() == 0
        posts = receiver.posts()
        assert len(posts) == 2
        hook = Webhook(secret)
        bodies = [hook.verify(p["body"], p["headers"]) for p in posts]  # raises unless the signature is right
        assert [b["type"] for b in bodies] == ["order.created", "order.state_changed"]
        assert bodies[1]["data"]["order"]["state"] == "dispatched" and bodies[1]["data"]["order_id"] == uuid
        sent_by_server = [json.loads(p["body"]) for p in reference.posts()]
        assert bodies == sent_by_server  # one format, one copy of the code
        with pytest.raises(WebhookVerificationError):  # a receiver with another secret refuses the message
            Webhook("whsec_" + "QUJD" * 8).verify(posts[0]["body"], posts[0]["headers"])
    finally:
        reference.close()


def test_listen_reports_a_receiver_that_is_down_and_keeps_going(server, tenant):
    make_tenant(server, tenant)
    gone = Receiver()
    gone.close()
    with running("listen", "--forward-to", gone.url, "--url", server, "--tenant", tenant, "--json") as listen:
        assert "secret" in json.loads(listen.next_line())
        listen.next_line(listen.err)
        tiramizoo_order(server, tenant)
        tiramizoo_order(server, tenant)
        for _ in range(2):
            line = json.loads(listen.next_line())
            assert line["status"] is None and line["error"] and line["type"] == "order.created"
        assert listen.interrupt() == 0


def test_events_reconnect_after_the_server_restarts():
    """A container restart: the stream comes back by itself, and stderr says what happened."""
    port = str(free_port())
    first = running_server("--port", port)
    base = first.__enter__()
    events = Running(["events", "--url", base, "--vendor", "tiramizoo"])
    try:
        assert events.next_line(events.err).startswith("following order events")
        assert tiramizoo_order(base, "before") in events.next_line()
        first.__exit__(None, None, None)
        assert events.next_line(events.err).startswith(f"lost the event stream of {base}; reconnecting")
        with running_server("--port", port) as again:
            assert again == base
            events.lines_until(lambda line: line.startswith(f"reconnected to {base}"), queue=events.err)
            assert tiramizoo_order(base, "after") in events.next_line()
            assert events.interrupt() == 0
    finally:
        events.kill()
