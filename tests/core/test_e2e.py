"""End to end: `ordersim serve` as a real process, webhooks to a real local receiver,
the healthcheck command, the SSE stream, env-var settings."""

import json
import subprocess
import sys
import threading

import httpx
import pytest

from tests.server import free_port, running_server
from tests.tiramizoo.helpers import QUOTE_REQUEST

pytestmark = pytest.mark.e2e


def test_quote_to_delivered_with_one_post_per_state_change(receiver):
    with running_server() as base, httpx.Client(base_url=base) as http:
        quote = http.post("/tiramizoo/v1/quotes", json=QUOTE_REQUEST).json()[0]
        resp = http.post("/tiramizoo/v1/orders?api_token=e2e", json={
            "quote": quote, "pickup": {"name": "A"}, "delivery": {"name": "B"}, "web_hook_url": receiver.url})
        assert resp.status_code == 201
        uuid = resp.json()["uuid"]
        assert resp.headers["location"] == f"{base}/tiramizoo/v1/orders/{uuid}"
        seen = []
        for seconds in (30, 120, 150):
            http.post("/_sim/clock/advance", json={"tenant": "e2e", "seconds": seconds})
            seen.append(http.get(f"/tiramizoo/v1/orders/{uuid}?api_token=e2e").json())
        assert [o["state"] for o in seen] == ["dispatched", "picked_up", "delivered"]
        assert receiver.json_bodies() == seen
        other = http.get("/tiramizoo/v1/orders?api_token=someone-else").json()
        assert other["orders"] == []


def test_healthcheck_command_and_env_settings():
    with running_server(env={"ORDERSIM_BODY_LIMIT": "100"}) as base:
        ok = subprocess.run([sys.executable, "-m", "simulator", "healthcheck", "--url", base], capture_output=True)
        assert ok.returncode == 0
        settings = httpx.get(base + "/_sim/settings").json()
        assert settings["body_limit"] == 100 and settings["clock"] == "manual"
        resp = httpx.post(base + "/tiramizoo/v1/quotes", content=b"x" * 200)
        assert resp.status_code == 413 and resp.json()["code"] == "request_entity_too_large"
    down = subprocess.run([sys.executable, "-m", "simulator", "healthcheck", "--url", f"http://127.0.0.1:{free_port()}",
                           "--timeout", "0.5"], capture_output=True)
    assert down.returncode == 1


def test_sse_stream_reports_state_changes():
    with running_server() as base, httpx.Client(base_url=base, timeout=10) as http:
        events: list[dict] = []
        ready = threading.Event()

        def listen():
            with http.stream("GET", "/_sim/events", params={"vendor": "tiramizoo"}) as stream:
                ready.set()
                for line in stream.iter_lines():
                    if line.startswith("data: "):
                        events.append(json.loads(line[6:]))
                        if len(events) == 2:
                            return

        thread = threading.Thread(target=listen, daemon=True)
        thread.start()
        ready.wait(5)
        quote = http.post("/tiramizoo/v1/quotes", json=QUOTE_REQUEST).json()[0]
        uuid = http.post("/tiramizoo/v1/orders?api_token=sse", json={
            "quote": quote, "pickup": {"name": "A"}, "delivery": {"name": "B"}}).json()["uuid"]
        http.post("/_sim/clock/advance", json={"tenant": "sse", "seconds": 30})
        thread.join(10)
        assert [(e["kind"], e["state"], e["order_id"]) for e in events] == [
            ("created", "awaiting_payment", uuid), ("transition", "dispatched", uuid)]


def test_scaled_clock_moves_orders_without_advancing():
    with running_server("--clock", "scaled", "--speed", "1000") as base, httpx.Client(base_url=base) as http:
        quote = http.post("/tiramizoo/v1/quotes?api_token=fast", json=QUOTE_REQUEST).json()[0]
        uuid = http.post("/tiramizoo/v1/orders?api_token=fast", json={
            "quote": quote, "pickup": {"name": "A"}, "delivery": {"name": "B"}}).json()["uuid"]
        resp = httpx.post(base + "/_sim/webhooks/wait", json={"count": 99, "timeout_s": 1})  # ~1 s of wall time
        assert resp.status_code == 408
        assert http.get(f"/tiramizoo/v1/orders/{uuid}?api_token=fast").json()["state"] == "delivered"
