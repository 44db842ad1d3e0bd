"""--state PATH run as a user runs it: a real server process, SIGTERM / kill -9 / restart, a
corrupt file. Orders of all five vendors survive; webhooks that could not be delivered before the
restart are delivered after it."""

from __future__ import annotations

import http.server
import os
import signal
import subprocess
import sys
import threading
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from simulator import launcher
from tests.server import free_port
from tests.snapshot.world import TENANTS, VENDORS, World, ok


class Server:
    """`ordersim serve --state PATH` on a fixed port (a restart keeps the URLs webhooks point at)."""

    def __init__(self, state: str, port: int, *flags: str) -> None:
        self.state, self.port, self.flags = state, port, flags
        self.server: launcher.ServerProcess | None = None
        self.http: httpx.Client | None = None

    def start(self) -> Server:
        self.server = launcher.start(["--port", str(self.port), "--clock", "manual", "--seed", "1", "--no-rate-limit",
                                      "--state", self.state, *self.flags])
        self.http = httpx.Client(base_url=self.server.url, timeout=10)
        return self

    def request(self, method: str, url: str, **kw) -> httpx.Response:
        assert self.http is not None
        return self.http.request(method, url, **kw)

    def stop(self, sig: int) -> int:
        assert self.server is not None and self.http is not None
        self.http.close()
        self.server.proc.send_signal(sig)
        self.server.proc.wait(15)
        return self.server.stop()


class Receiver:
    """A webhook receiver that answers 200 and counts what it got (started only after the restart)."""

    def __init__(self, port: int) -> None:
        got = self.got = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
                got.append(self.rfile.read(int(self.headers.get("content-length") or 0)))
                self.send_response(200)
                self.end_headers()

            def do_GET(self) -> None:  # noqa: N802 (Onfleet's registration check: echo ?check=)
                check = parse_qs(urlsplit(self.path).query).get("check", [""])[0].encode()
                self.send_response(200)
                self.send_header("content-length", str(len(check)))
                self.end_headers()
                self.wfile.write(check)

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def deliveries(server: Server, **filters: str) -> list[dict]:
    return ok(server.request("GET", "/_sim/webhooks", params={"limit": 1000, **filters}))["deliveries"]


def test_sigterm_keeps_every_order_and_delivers_pending_webhooks_after_the_restart(tmp_path):
    state, receiver_port = str(tmp_path / "state.json"), free_port()
    hook = f"http://127.0.0.1:{receiver_port}/_sim/sink/hooks"
    world = World(sink=hook, failing=hook)
    server = Server(state, free_port()).start()
    handshake = Receiver(receiver_port)  # answers Onfleet's registration check, then nobody listens
    world.setup(server)
    handshake.close()
    for vendor in VENDORS:
        world.create(server, vendor)
        world.create(server, vendor)
    for vendor in VENDORS:
        world.advance(server, vendor, 30)
    before = world.observe(server)
    waiting = [d for d in deliveries(server) if d["state"] != "delivered"]
    assert {"onfleet", "tiramizoo"} <= {d["vendor"] for d in waiting}
    assert server.stop(signal.SIGTERM) in (0, -signal.SIGTERM)  # uvicorn re-raises the signal it handled
    assert os.path.exists(state) and not [p for p in os.listdir(tmp_path) if ".tmp" in p]

    receiver = Receiver(receiver_port)
    server.start()
    try:
        assert world.observe(server) == before  # every order, clock, delivery and vendor read is back
        for vendor in VENDORS:
            world.advance(server, vendor, 7 * 24 * 3600)  # every retry falls due
        done = {d["id"]: d["state"] for d in deliveries(server)}
        assert all(done[d["id"]] == "delivered" for d in waiting), done
        assert len(receiver.got) >= len(waiting)
    finally:
        server.stop(signal.SIGTERM)
        receiver.close()


def test_kill_9_loses_at_most_the_last_interval(tmp_path):
    state, port = str(tmp_path / "state.json"), free_port()
    world = World(sink=f"http://127.0.0.1:{port}/_sim/sink/world")  # this server's own sink: no handshake
    server = Server(state, port, "--state-interval", "0.2").start()
    world.setup(server)
    for vendor in VENDORS:
        world.create(server, vendor)
    time.sleep(1.0)  # several intervals: what was acknowledged by now is on disk
    kept = world.observe(server)["reads"]
    assert server.stop(signal.SIGKILL) == -signal.SIGKILL
    server.start()
    try:
        assert world.observe(server)["reads"] == kept
        assert [ok(server.request("GET", f"/_sim/clock?tenant={t}"))["tenant"] for t in TENANTS.values()]
    finally:
        server.stop(signal.SIGTERM)


@pytest.mark.parametrize("content, reason", [
    (b"{not json", "not a snapshot document"),
    (b'{"format": "ordersim-snapshot", "version": 2}', "unsupported snapshot version 2"),
    (b'{"format": "something-else", "version": 1}', "not an ordersim snapshot"),
])
def test_a_corrupt_or_incompatible_state_file_is_refused_and_left_unchanged(tmp_path, content, reason):
    state = tmp_path / "state.json"
    state.write_bytes(content)
    proc = subprocess.run([sys.executable, "-m", "simulator", "serve", "--port", "0", "--state", str(state)],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "--state/ORDERSIM_STATE" in proc.stderr and str(state) in proc.stderr and reason in proc.stderr
    assert state.read_bytes() == content
