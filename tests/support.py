"""Helpers shared by the hypothesis tests of every vendor."""

from __future__ import annotations

import asyncio

import httpx
from hypothesis import strategies as st

from simulator.app import create_app
from simulator.settings import Settings


class SyncApp:
    """The ASGI app driven from sync hypothesis code on a private event loop. Webhooks loop back
    into the app itself (e.g. to /_sim/sink/...), so nothing touches the network."""

    def __init__(self, fixtures: dict | None = None, seed: int = 7, **settings):
        self.loop = asyncio.new_event_loop()
        loopback = httpx.ASGITransport(app=lambda scope, receive, send: self.app(scope, receive, send))
        self.app = create_app(Settings(clock="manual", seed=seed, **settings), fixtures=fixtures or {},
                              webhook_transport=loopback)
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://sim")

    def request(self, method, url, **kw) -> httpx.Response:
        return self.loop.run_until_complete(self.client.request(method, url, **kw))

    def close(self):
        self.loop.run_until_complete(self.client.aclose())
        self.loop.run_until_complete(self.app.state.engine.outbox.close())
        self.loop.close()


def json_values(max_leaves: int = 20):
    """Any JSON value (finite floats: JSON has no NaN or infinity)."""
    return st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=20),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
        max_leaves=max_leaves)


async def advance(client: httpx.AsyncClient, tenant: str, seconds: float) -> dict:
    """Move one tenant's simulated clock through the control plane (every vendor's tests use this)."""
    resp = await client.post("/_sim/clock/advance", json={"tenant": tenant, "seconds": seconds})
    assert resp.status_code == 200, resp.text
    return resp.json()
