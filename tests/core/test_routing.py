"""The app's router is replaced after Starlette builds the app (Starlette has no router argument):
this proves the replacement is the one that serves requests, so a Starlette upgrade that builds its
middleware stack differently fails here instead of silently falling back to regex matching; and
that its route index picks, for any path and method, exactly the route Starlette's scan would."""

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.requests import ClientDisconnect, Request
from starlette.routing import Match

from simulator.app import create_app
from simulator.http.decode import read_body
from simulator.http.routing import PrefixRouter, RouteIndex
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


# -- the route index picks what Starlette's linear scan picks ----------------------------------
def _starlette_pick(routes, path: str, method: str):
    """Router.app's rule: the first full match, else nothing (a partial match is a 405)."""
    scope = {"type": "http", "path": path, "root_path": "", "method": method}
    for route in routes:
        match, child = route.matches(scope)
        if match is Match.FULL:
            return route, child.get("path_params", {})
    return None


APP = create_app(Settings(clock="manual", seed=1), fixtures={})
MOUNTS = {name: mount for name, (mount, _) in APP.router._by_segment.items()}
SEGMENTS = sorted({seg for mount in MOUNTS.values() for route in mount.routes for seg in route.path.split("/")}
                  | {"", "x", "123", "abc-def", "v1", "orders", "%7B"})


@settings(max_examples=300, deadline=None)
@given(mount=st.sampled_from(sorted(MOUNTS)), method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]),
       data=st.data())
def test_the_index_finds_the_route_starlette_would(mount, method, data):
    routes = MOUNTS[mount].routes
    # Paths shaped like the mount's own routes (so most of them match), with parameters filled in
    # by any segment, and sometimes a segment more or less.
    template = data.draw(st.sampled_from([r.path for r in routes]))
    segments = [data.draw(st.sampled_from(SEGMENTS)) if s.startswith("{") else s for s in template.split("/")]
    if data.draw(st.booleans()):
        segments.insert(data.draw(st.integers(1, len(segments))), data.draw(st.sampled_from(SEGMENTS)))
    path = "/".join(segments) or "/"
    expected = _starlette_pick(routes, path, method)
    assert RouteIndex(routes).find(path, method) == expected


# -- read_body keeps the bytes where Starlette keeps them ---------------------------------------
async def test_read_body_joins_chunks_and_leaves_them_for_request_body():
    messages = [{"type": "http.request", "body": b'{"a":', "more_body": True},
                {"type": "http.request", "body": b"1}", "more_body": False}]

    async def receive():
        return messages.pop(0)

    request = Request({"type": "http", "method": "POST", "headers": []}, receive)
    assert await read_body(request) == b'{"a":1}'
    assert await request.body() == b'{"a":1}'  # Starlette reads what read_body kept, not the spent stream
    assert await read_body(request) == b'{"a":1}'


async def test_read_body_raises_client_disconnect_when_the_client_left():
    async def receive():
        return {"type": "http.disconnect"}

    with pytest.raises(ClientDisconnect):
        await read_body(Request({"type": "http", "method": "POST", "headers": []}, receive))
