"""The served OpenAPI documents: valid 3.1, complete (every route described, nothing described that is not
routed), `servers` from the request's host, and every endpoint the vendor pages list is in its document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator

from simulator.control.api_docs import CONTROL_API
from simulator.openapi.build import undocumented, unrouted
from simulator.vendors import discover

DOCS = Path(__file__).resolve().parents[2] / "docs"
VENDORS = sorted(discover())
pytestmark = pytest.mark.anyio


def described() -> list[tuple[str, object, list]]:
    out = []
    for name, cls in sorted(discover().items()):
        vendor = cls() if isinstance(cls, type) else cls
        if vendor.api() is not None:
            out.append((name, vendor.api(), vendor.routes()))
    return out


def test_every_vendor_has_a_document():
    assert [name for name, _, _ in described()] == VENDORS


@pytest.mark.parametrize("name, api, table", described(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_vendor_route_is_described_and_nothing_else(name, api, table):
    assert undocumented(api, table) == [], f"{name}: describe these in simulator/vendors/{name}/openapi.py"
    assert unrouted(api, table) == [], f"{name}: described but not routed"


async def test_every_control_route_is_described(app):
    table = app.state.control.routes()
    missing = undocumented(CONTROL_API, table)
    assert missing == [], f"describe these control routes in simulator/control/api_docs.py: {missing}"
    assert unrouted(CONTROL_API, table) == []


async def test_the_list_names_every_document_with_this_hosts_urls(client):
    resp = await client.get("/_sim/openapi", headers={"host": "sim.example:9000"})
    assert resp.status_code == 200
    names = [d["name"] for d in resp.json()["documents"]]
    assert names == [n for n, _, _ in described()] + ["control"]
    first = resp.json()["documents"][0]
    assert first["url"] == f"http://sim.example:9000/_sim/openapi/{first['name']}.json"
    assert first["docs"] == f"http://sim.example:9000/_sim/docs/{first['name']}"


async def test_each_document_is_valid_openapi_3_1_with_servers_from_the_host(client):
    for name in [n for n, _, _ in described()] + ["control"]:
        resp = await client.get(f"/_sim/openapi/{name}.json", headers={"host": "sim.example:9000"})
        assert resp.status_code == 200 and resp.headers["content-type"] == "application/json"
        doc = resp.json()
        assert doc["openapi"] == "3.1.0"
        OpenAPIV31SpecValidator(doc).validate()
        mount = "/_sim" if name == "control" else f"/{name}"
        assert doc["servers"][0]["url"].startswith(f"http://sim.example:9000{mount}")


async def test_unknown_document_is_a_404_in_the_control_envelope(client):
    for path in ("/_sim/openapi/nope.json", "/_sim/openapi/control", "/_sim/docs/nope"):
        resp = await client.get(path)
        assert resp.status_code == 404 and resp.json()["status"] == 404, path


ENDPOINT = re.compile(r"`(GET|POST|PUT|PATCH|DELETE) (/(?:<[^>`]*>|[^`\s])*)")  # `<id or shortId>` is one value


def listed_endpoints(name: str) -> set[tuple[str, str]]:
    """`METHOD /path` spans on docs/<vendor>.md, with `:param` / `{param}` / `<param>` made alike."""
    text = (DOCS / f"{name}.md").read_text()
    return {(m, normalize(p)) for m, p in ENDPOINT.findall(text) if "..." not in p}


def normalize(path: str) -> str:
    path = path.split("?")[0].rstrip("/") or "/"
    return re.sub(r"(:[A-Za-z_]+|\{[^}]+\}|<[^>]+>)", "{}", path)


def matches(method: str, listed: str, served: tuple[str, str]) -> bool:
    """A listed path may name a value (`/_sim/orders/onfleet/{}`) where the document has a parameter, and
    may leave out the leading part of the path (`/orders/{}` for `/ordermanagement/api/v1/orders/{}`)."""
    segments = served[1].split("/")[1:]
    for skip in range(len(segments)):
        tail = "/" + "/".join(segments[skip:])
        pattern = "".join("[^/]+" if part == "{}" else re.escape(part) for part in re.split(r"(\{\})", tail))
        if method == served[0] and re.fullmatch(pattern, listed):
            return True
    return False



async def served(client, name: str) -> set[tuple[str, str]]:
    """(METHOD, path) with and without the vendor's base (`/api/v2`), and with the mount for /_sim."""
    doc = (await client.get(f"/_sim/openapi/{name}.json")).json()
    mount = "/_sim" if name == "control" else f"/{name}"
    base = doc["servers"][0]["url"].split(mount, 1)[1]
    out = {(m.upper(), normalize(p)) for p, ops in doc["paths"].items() for m in ops}
    out |= {(m, normalize(base + p)) for m, p in out}
    return out | ({(m, normalize("/_sim" + p)) for m, p in out} if name == "control" else set())


async def test_every_endpoint_a_vendor_page_lists_is_in_its_document(client):
    control = await served(client, "control")
    for name, _, _ in described():
        mine = await served(client, name)
        assert listed_endpoints(name), f"docs/{name}.md lists no endpoints"
        missing = {(m, p) for m, p in listed_endpoints(name)
                   if not any(matches(m, p, key) for key in (control if p.startswith("/_sim") else mine))}
        assert not missing, f"docs/{name}.md lists endpoints its document lacks: {sorted(missing)}"


SVC = re.compile(r"`((?:token|core|order|unit|resource|user|item)/[a-z_]+)")


async def test_every_wialon_service_the_page_lists_is_a_documented_svc(client):
    doc = (await client.get("/_sim/openapi/wialon.json")).json()
    svc = next(p for p in doc["paths"]["/wialon/ajax.html"]["get"]["parameters"] if p["name"] == "svc")
    page = (DOCS / "wialon.md").read_text().split("## Not emulated")[0]  # what follows names what is not there
    listed = set(SVC.findall(page))
    assert "order/update" in listed
    assert listed <= set(svc["schema"]["enum"]), listed - set(svc["schema"]["enum"])
