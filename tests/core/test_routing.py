"""The app's router is replaced after Starlette builds the app (Starlette has no router argument):
this proves the replacement is the one that serves requests, so a Starlette upgrade that builds its
middleware stack differently fails here instead of silently falling back to regex matching."""

import httpx
import pytest

from simulator.app import create_app
from simulator.http.routing import PrefixRouter
from simulator.settings import Settings

pytestmark = pytest.mark.anyio


class CountingLookup(dict):
    def __init__(self, inner: dict) -> None:
        super().__init__(inner)
        self.lookups: list[str] = []

    def get(self, key, default=None):
        self.lookups.append(key)
        return super().get(key, default)


async def test_prefix_router_serves_every_request():
    app = create_app(Settings(clock="manual", seed=1), fixtures={})
    assert isinstance(app.router, PrefixRouter)
    counting = app.router._by_segment = CountingLookup(app.router._by_segment)
    assert {"_sim", "onfleet", "tiramizoo", "wialon", "hypertrack", "pitneybowes"} <= set(counting)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sim") as client:
        assert (await client.get("/_sim/health")).status_code == 200
        assert (await client.get("/tiramizoo/v1/orders/nope?api_token=t")).status_code == 404
        missing = await client.get("/nowhere")
    assert counting.lookups == ["_sim", "tiramizoo", "nowhere"]
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/json"
