"""Every route of every vendor (and the control plane), hit with hostile methods, path parameters,
credentials and bodies: never a 5xx, never HTML, always JSON (the sink echoes what it was sent)."""

import json
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Mount

from tests.support import SyncApp, json_values

# A stream, the dashboard page, fault injection (whose job is to make requests fail), a long poll.
SKIP = ("/_sim/events", "/_sim/", "/_sim/faults", "/_sim/webhooks/wait")


def all_route_paths(app) -> list[str]:
    paths = []
    for mount in app.router.routes:
        if isinstance(mount, Mount):
            for route in mount.routes:
                paths.append(mount.path + route.path)
    return [p for p in paths if p not in SKIP]


@pytest.fixture(scope="module")
def sim():
    s = SyncApp(rate_limit=False)
    yield s
    s.close()


def fill(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda _: quote(value, safe=""), path)


segments = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)
credentials = st.sampled_from([
    {}, {"authorization": "Basic YWNtZTo="}, {"authorization": "Basic aW52YWxpZDo="},
    {"authorization": "Bearer nonsense"}, {"authorization": "Basic %%%"}, {"authorization": "Digest x"}])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), method=st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE"]),
       segment=segments, headers=credentials,
       body=st.one_of(json_values(10), st.binary(max_size=40)),
       query=st.sampled_from(["", "?api_token=hostile", "?api_token=invalid", "?svc=core/batch&params=[",
                              "?page=-1&limit=abc&tenant=x", "?sid=zzz&params={}"]))
def test_no_route_answers_5xx_or_html(sim, data, method, segment, headers, body, query):
    path = data.draw(st.sampled_from(all_route_paths(sim.app)))
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    resp = sim.request(method, fill(path, segment) + query, content=content,
                       headers={"content-type": "application/json", **headers})
    assert resp.status_code < 500, (method, path, resp.status_code, resp.text[:300])
    if resp.content and not path.startswith("/_sim/sink"):
        assert resp.headers["content-type"].startswith("application/json"), (path, resp.headers)
