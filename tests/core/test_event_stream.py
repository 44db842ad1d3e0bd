"""GET /_sim/events against a real server: replay with Last-Event-ID, gaps, event types."""

import json
import signal
import time

import httpx
import pytest

from simulator import launcher
from tests.server import running_server
from tests.tiramizoo.helpers import QUOTE_REQUEST

pytestmark = pytest.mark.e2e
ALL = "order,delivery,clock,reset"


def read_events(base, count, headers=None, **params):
    """The first `count` events of a stream as (id, name, data), read as an SSE client would."""
    out, event = [], {}
    with httpx.stream("GET", base + "/_sim/events", params=params, headers=headers or {}, timeout=5) as resp:
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/event-stream")
        for line in resp.iter_lines():
            if line == "":
                if "event" in event:
                    out.append((int(event["id"]) if "id" in event else None, event["event"], json.loads(event["data"])))
                    if len(out) == count:
                        return out
                event = {}
            elif not line.startswith(":"):
                key, _, value = line.partition(": ")
                event[key] = value
    return out


@pytest.fixture(scope="module")
def server():
    with running_server() as base:
        yield base


def create_order(base, token):
    quote = httpx.post(f"{base}/tiramizoo/v1/quotes", json=QUOTE_REQUEST).json()[0]
    body = {"quote": quote, "pickup": {"name": "A"}, "delivery": {"name": "B"}, "web_hook_url": f"{base}/_sim/sink/{token}"}
    return httpx.post(f"{base}/tiramizoo/v1/orders?api_token={token}", json=body).json()["uuid"]


def test_a_reconnect_with_last_event_id_misses_nothing_and_repeats_nothing(server):
    order_id = create_order(server, "replay")
    first = read_events(server, 1, tenant="replay", types=ALL, replay=10)
    assert [(name, data["kind"], data["state"]) for _, name, data in first] == [("order", "created", "awaiting_payment")]
    last_id = first[-1][0]
    # While the reader is away: the order walks to delivered and each step queues a webhook.
    httpx.post(f"{server}/_sim/orders/tiramizoo/{order_id}/advance", json={"to": "delivered"})
    httpx.post(f"{server}/_sim/clock/advance", json={"tenant": "replay", "seconds": 60})
    missed = read_events(server, 10, headers={"Last-Event-ID": str(last_id)}, tenant="replay", types=ALL)
    ids = [i for i, _, _ in missed]
    assert ids == sorted(ids) and ids[0] == last_id + 1 and len(set(ids)) == len(ids)
    names = [name for _, name, _ in missed]
    assert (names[0], names.count("order"), names.count("delivery"), names[-1]) == ("order", 3, 6, "clock")
    assert [d["state"] for _, n, d in missed if n == "order"] == ["dispatched", "picked_up", "delivered"]
    assert [d["state"] for _, n, d in missed if n == "delivery"] == ["pending"] * 3 + ["delivered"] * 3 or \
        sorted(d["state"] for _, n, d in missed if n == "delivery") == ["delivered"] * 3 + ["pending"] * 3
    assert missed[-1][2]["clock"]["now"] > 0 and "pending_jobs" in missed[-1][2]["clock"]
    # The query parameter does the same for readers that cannot set the header.
    again = read_events(server, 1, tenant="replay", types=ALL, last_event_id=last_id)
    assert again[0][0] == ids[0]


def test_an_id_the_ring_cannot_serve_gets_a_gap_first(server):
    create_order(server, "gap")
    events = read_events(server, 1, headers={"Last-Event-ID": "99999999"}, types=ALL)
    assert events[0][1] == "gap" and events[0][2]["after"] == 99999999 and events[0][2]["last_event_id"] > 0


def test_default_stream_carries_order_events_only_and_resets_reach_readers(server):
    create_order(server, "types")
    httpx.post(f"{server}/_sim/reset", json={"tenant": "types"})
    orders = read_events(server, 1, tenant="types", replay=50)
    assert orders[0][1] == "order"
    reset = read_events(server, 1, tenant="types", types="reset", replay=50)
    assert reset[0][1] == "reset" and reset[0][2]["tenant"] == "types"
    assert httpx.get(f"{server}/_sim/events", params={"types": "weather"}).status_code == 400
    assert httpx.get(f"{server}/_sim/events", headers={"Last-Event-ID": "soon"}).status_code == 400


def test_a_server_told_to_stop_ends_its_event_streams_and_exits_promptly():
    server = launcher.start(["--clock", "manual"])
    try:
        with httpx.stream("GET", server.url + "/_sim/events", timeout=10) as resp:
            lines = resp.iter_lines()
            assert next(lines) == ": ordersim event stream"
            started = time.monotonic()
            server.proc.send_signal(signal.SIGTERM)
            assert list(lines) == [""]  # the stream ends instead of holding the shutdown up
        assert server.proc.wait(5) in (0, -signal.SIGTERM) and time.monotonic() - started < 3
    finally:
        server.stop()
