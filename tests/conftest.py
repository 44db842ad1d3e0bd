"""Shared fixtures: an in-process app (manual clock, seed 1), an async httpx client on it,
and a real local HTTP receiver for webhooks."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from hypothesis import settings as hypothesis_settings

from simulator.app import create_app
from simulator.http.answer_cache import AnswerCache
from simulator.settings import Settings

# The same examples on every run, so a red CI is reproducible and a green one is not luck.
hypothesis_settings.register_profile("ordersim", derandomize=True, print_blob=True)
hypothesis_settings.load_profile("ordersim")

# Every kept answer a test is served is checked against a fresh render: a change to an order that
# skipped the engine's version bump fails the test that made it (simulator/http/answer_cache.py).
AnswerCache.verify = True

pytest_plugins = ["pytester"]  # tests/plugin runs the ordersim pytest plugin in inner pytest sessions


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def settings() -> Settings:
    return Settings(clock="manual", seed=1)


@pytest.fixture
def app(settings):
    return create_app(settings, fixtures={})


@pytest.fixture
async def client(app):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sim") as c:
        yield c
    await app.state.engine.outbox.close()


class Receiver:
    """A real HTTP server on 127.0.0.1 that records every request. `statuses` is a list of
    status codes to answer in turn (the last one repeats); `echo_check` answers Onfleet's
    `GET ?check=` handshake by echoing the value."""

    def __init__(self):
        self.requests: list[dict] = []
        self.statuses: list[int] = [200]
        self.echo_check = True
        self.delay = 0.0  # seconds to wait before answering (to provoke client timeouts)
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                with receiver._lock:
                    receiver.requests.append({"method": self.command, "path": self.path,
                                              "headers": {k.lower(): v for k, v in self.headers.items()},
                                              "body": body})
                    status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                if receiver.delay:
                    time.sleep(receiver.delay)
                reply = b"ok"
                if self.command == "GET" and receiver.echo_check and "check=" in self.path:
                    reply = self.path.split("check=", 1)[1].split("&")[0].encode()
                self.send_response(status)
                self.send_header("content-length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def posts(self) -> list[dict]:
        return [r for r in self.requests if r["method"] == "POST"]

    def json_bodies(self) -> list:
        return [json.loads(r["body"]) for r in self.posts()]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()
