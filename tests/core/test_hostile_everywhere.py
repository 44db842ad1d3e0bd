"""Every route of every vendor (and the control plane), hit with hostile methods, path parameters,
credentials and bodies: never a 5xx, never HTML, always JSON (the sink echoes what it was sent; /_sim/docs
is Swagger UI)."""

import base64
import importlib
import json
import pkgutil
import re
from urllib.parse import quote, quote_from_bytes

import msgspec
import msgspec.inspect as mi
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Mount

from simulator.vendors.wialon import routes as wialon_routes
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
    if resp.content and not path.startswith(("/_sim/sink", "/_sim/docs")):  # Swagger UI: HTML, JS, CSS
        assert resp.headers["content-type"].startswith("application/json"), (path, resp.headers)


# -- hostile JSON shapes on every route, with credentials that get past each vendor's auth ---------
# Nested 10,000 deep (msgspec raises RecursionError), invalid UTF-8, a 5,001-digit integer and 1e400
# (valid JSON grammar, out of range for every decoder): each as the whole body, and at every place
# a request Struct of that mount leaves untyped (Any, Raw, dict[str, Any]: decoded later, or kept).
DEEP = b"[" * 10_000 + b"]" * 10_000
HOSTILE_VALUES = {"deep": DEEP, "invalid utf-8": b'"\xff\xfe"', "5001 digits": b"9" * 5001, "1e400": b"1e400"}
QUERY_DEEP = quote("[" * 3_000 + "]" * 3_000)  # query strings are read by the same decoders
JSON_QUERY_PARAMS = ("params", "order_metadata_filter")


def _untyped_paths(t, depth: int = 0):
    """Key paths (str member, 0 for a list item) to every spot inside msgspec type `t` that is Any/Raw."""
    if depth > 8:
        return
    if isinstance(t, (mi.AnyType, mi.RawType, mi.CustomType)):
        yield ()
    elif isinstance(t, mi.UnionType):
        for member in t.types:
            yield from _untyped_paths(member, depth)
    elif isinstance(t, mi.CollectionType):
        for p in _untyped_paths(t.item_type, depth + 1):
            yield (0, *p)
    elif isinstance(t, mi.DictType):
        for p in _untyped_paths(t.value_type, depth + 1):
            yield ("zz", *p)
    elif isinstance(t, mi.StructType):
        for f in t.fields:
            for p in _untyped_paths(f.type, depth + 1):
                yield (f.encode_name, *p)


def untyped_paths(package: str) -> set[tuple]:
    """Every untyped spot of every Struct defined in a package (a vendor, or the control plane)."""
    pkg = importlib.import_module(package)
    modules = [pkg] + [importlib.import_module(f"{package}.{m.name}") for m in pkgutil.iter_modules(pkg.__path__)]
    found: set[tuple] = set()
    for module in modules:
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, msgspec.Struct) and obj.__module__ == module.__name__:
                found.update(p for p in _untyped_paths(mi.type_info(obj)) if p)
    return found


def placed(path: tuple, value: bytes) -> bytes:
    for key in reversed(path):
        value = b"[" + value + b"]" if key == 0 else b'{"' + key.encode() + b'":' + value + b"}"
    return value


def hostile_bodies(package: str) -> dict[str, bytes]:
    bodies = {"deep array": DEEP, "deep object": b'{"a":' * 10_000 + b"1" + b"}" * 10_000}
    for name, value in HOSTILE_VALUES.items():
        bodies[f"zz={name}"] = placed(("zz",), value)
        for path in sorted(untyped_paths(package), key=str):
            bodies[f"{'.'.join(map(str, path))}={name}"] = placed(path, value)
    return bodies


def _basic(user: str) -> dict:
    return {"authorization": "Basic " + base64.b64encode(user.encode()).decode()}


@pytest.fixture
def signed_in(sim) -> dict[str, tuple[dict, str]]:
    """mount -> (headers, query) that each vendor accepts, so hostile bodies reach the decoders
    (per test: the /_sim sweep resets every tenant, and with them tokens and sessions)."""
    token = sim.request("POST", "/pitneybowes/auth/api/v1/token", headers=_basic("hostile-pb:secret"))
    login = sim.request("POST", "/wialon/wialon/ajax.html",
                        data={"svc": "token/login", "params": json.dumps({"token": "hostile"})})
    return {"onfleet": (_basic("hostile:"), ""), "hypertrack": (_basic("hostile:secret"), ""),
            "pitneybowes": ({"authorization": "Bearer " + token.json()["access_token"]}, ""),
            "tiramizoo": ({}, "api_token=hostile"), "wialon": ({}, f"sid={login.json()['eid']}"), "_sim": ({}, "")}


def _assert_sane(resp, what) -> None:
    assert resp.status_code < 500, (what, resp.status_code, resp.text[:300])
    if resp.content and not what[1].startswith(("/_sim/sink", "/_sim/docs")):  # Swagger UI: HTML, JS, CSS
        assert resp.headers["content-type"].startswith("application/json"), (what, resp.headers)
        msgspec.json.decode(resp.content)  # what we answer is JSON any strict decoder reads


@pytest.mark.parametrize("mount", ["onfleet", "tiramizoo", "wialon", "hypertrack", "pitneybowes", "_sim"])
def test_hostile_json_shapes_on_every_route(sim, signed_in, mount):
    package = "simulator.control" if mount == "_sim" else f"simulator.vendors.{mount}"
    bodies = hostile_bodies(package)
    headers, query = signed_in[mount]
    routes = [(m.path + r.path, sorted(r.methods - {"HEAD"})) for m in sim.app.router.routes
              if isinstance(m, Mount) and m.path == f"/{mount}" for r in m.routes]
    routes = [(p, methods) for p, methods in routes if p not in SKIP]
    assert routes
    services = list(wialon_routes.SERVICES)
    for path, methods in routes:
        url = fill(path, "x")
        for method in methods:
            for name in JSON_QUERY_PARAMS:
                resp = sim.request(method, f"{url}?{query}&svc=core/batch&{name}={QUERY_DEEP}", headers=headers)
                _assert_sane(resp, (method, path, f"?{name}=deep"))
            for i, (name, body) in enumerate(bodies.items()):
                if mount == "wialon":  # everything travels in `params`: services in turn, and order/update
                    for svc in {services[i % len(services)], "order/update"}:
                        form = f"svc={svc}&params={quote_from_bytes(body)}".encode()
                        resp = sim.request(method, f"{url}?{query}", content=form,
                                           headers={"content-type": "application/x-www-form-urlencoded"})
                        _assert_sane(resp, (method, path, svc, name))
                    continue
                resp = sim.request(method, f"{url}?{query}", content=body,
                                   headers={"content-type": "application/json", **headers})
                _assert_sane(resp, (method, path, name))


DEEP_OBJECT = b'{"a":' * 10_000 + b"1" + b"}" * 10_000
# (method, url, body, status, the envelope keys that say which vendor answered)
PROBES = [
    ("POST", "/tiramizoo/v1/orders?api_token=hostile", DEEP_OBJECT, 400, {"message", "code"}),
    ("POST", "/tiramizoo/v1/quotes", DEEP_OBJECT, 400, {"message", "code"}),
    ("POST", "/tiramizoo/v1/orders?api_token=hostile", b'{"quote": {"x": ' + b"9" * 5001 + b"}}", 422,
     {"message", "code", "errors"}),
    ("POST", "/tiramizoo/v1/orders?api_token=hostile", b'{"quote": {"x": 1e400}}', 422, {"message", "code", "errors"}),
    ("POST", "/onfleet/api/v2/taskOrders", DEEP_OBJECT, 400, {"code", "message"}),
    ("POST", "/hypertrack/orders/", DEEP_OBJECT, 422, {"detail", "message"}),
    ("POST", "/wialon/wialon/ajax.html", b'{"svc": "order/update", "params": ' + DEEP_OBJECT + b"}", 200,
     {"error", "reason"}),
    ("PUT", "/_sim/vendors/onfleet/config", DEEP_OBJECT, 400, {"error", "status"}),
    ("POST", "/_sim/subscriptions", DEEP_OBJECT, 400, {"error", "status"}),
    ("POST", "/pitneybowes/ordermanagement/api/v1/orders", b'{"orderNumber": "\xff\xfe"}', 400,
     {"errorCode", "message", "additionalInfo"}),
]


@pytest.mark.parametrize(("method", "url", "body", "status", "keys"), PROBES,
                         ids=[f"{p[0]} {p[1].split('?')[0]} {p[3]}" for p in PROBES])
def test_the_reported_probes_get_the_vendors_own_4xx(sim, signed_in, method, url, body, status, keys):
    vendor = url.split("/")[1]
    headers = signed_in[vendor][0] if vendor != "tiramizoo" else {}
    resp = sim.request(method, url, content=body, headers={"content-type": "application/json", **headers})
    assert resp.status_code == status, resp.text[:300]
    assert set(resp.json()) == keys, resp.text[:300]
    if vendor == "tiramizoo" and status == 422:
        assert {"field": "quote", "code": "invalid", "message": "Quote is invalid"} in resp.json()["errors"]
