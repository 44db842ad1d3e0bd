"""Fixtures files: checked whole at start (one line per problem, with file and JSON path), merged
from a directory, typed, their tenants present from the start, a sink named by a relative URL."""

import base64
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from simulator.app import create_app
from simulator.fixtures import Credential, FixtureError, load_fixtures, parse_fixtures
from simulator.settings import Settings, from_sources
from tests.server import running_server

ROOT = Path(__file__).parents[2]
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("ORDERSIM_")}


def refused(data, source="fixtures/acme.json") -> list[str]:
    with pytest.raises(FixtureError) as caught:
        parse_fixtures(data, source)
    return caught.value.problems


def test_directory_is_merged_in_name_order(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"tenants": {"t": {"credentials": {"tiramizoo": ["k1"]}}}}))
    (tmp_path / "b.json").write_text(json.dumps({"strict": ["tiramizoo"],
                                                 "tenants": {"t": {"vendors": {"hypertrack": {"webhook_secret": "s"}}}}}))
    merged = load_fixtures(str(tmp_path))
    assert merged.strict == ["tiramizoo"]
    tenant = merged.tenants["t"]
    assert tenant.listed() == [("tiramizoo", Credential("k1"))]
    assert tenant.vendors.hypertrack is not None and tenant.vendors.hypertrack.webhook_secret == "s"


def test_the_example_from_the_issue():
    assert refused({"tenants": {"acme": {"clock": {"mode": "manul"}}}}) == [
        "fixtures/acme.json: tenants.acme.clock.mode: 'manul' is not one of realtime, scaled, manual"]


@pytest.mark.parametrize(("data", "expected"), [
    ({"tenant": {}}, "tenant: unknown key; expected strict, tenants"),
    ({"strict": ["tiramizo"]}, "strict[0]: 'tiramizo' is not one of onfleet, tiramizoo, wialon, hypertrack, pitneybowes"),
    ({"tenants": {"a": {"vendors": {"hypertrak": {}}}}},
     "tenants.a.vendors.hypertrak: unknown key; expected onfleet, tiramizoo, wialon, hypertrack, pitneybowes"),
    ({"tenants": {"a": {"credentials": {"hypertrak": ["k"]}}}},
     "tenants.a.credentials.hypertrak: unknown name 'hypertrak'; expected one of onfleet, tiramizoo, wialon, "
     "hypertrack, pitneybowes"),
    ({"tenants": {"a": {"credentials": "k1"}}}, "tenants.a.credentials: expected an object, got a string 'k1'"),
    ({"tenants": {"a": {"clock": {"speed": 0}}}}, "tenants.a.clock.speed: 0 is not allowed; must be greater than 0"),
    ({"tenants": {"a": {"clock": {"mode": "scaled", "sped": 2}}}},
     "tenants.a.clock.sped: unknown key; expected mode, speed, start"),
    ({"tenants": {"a": {"credentials": {"onfleet": [{"key": "k", "role": "driver"}]}}}},
     "tenants.a.credentials.onfleet[0].role: 'driver' is not one of client, courier"),
    ({"tenants": {"a": {"credentials": {"tiramizoo": [{"key": "k", "secret": "s"}]}}}},
     "tenants.a.credentials.tiramizoo[0].secret: tiramizoo credentials have no secret; expected key"),
    ({"tenants": {"a": {"credentials": {"wialon": [5]}}}},
     "tenants.a.credentials.wialon[0]: expected a string or an object, got an integer 5"),
    ({"tenants": {"a": {"vendors": {"wialon": {"units": [{"id": "60001", "nm": "Van"}]}}}}},
     "tenants.a.vendors.wialon.units[0].id: expected an integer, got a string '60001'"),
    ({"tenants": {"a": {"vendors": {"wialon": {"units": [{"id": 1}]}}}}}, "tenants.a.vendors.wialon.units[0].nm: required"),
    ({"tenants": {"a": {"vendors": {"hypertrack": {"webhook_url": "sink"}}}}},
     "tenants.a.vendors.hypertrack.webhook_url: 'sink' is not allowed; must be an http(s) URL or a path starting with /"),
    ({"tenants": {"a": {"vendors": {"pitneybowes": {"uniqueOrderNumber": "no"}}}}},
     "tenants.a.vendors.pitneybowes.uniqueOrderNumber: expected true or false, got a string 'no'"),
    ({"tenants": {"a": {"vendors": {"onfleet": {"services": [{"name": "x"}]}}}}},
     "tenants.a.vendors.onfleet.services[0].id: required"),
    ([], "(top level): expected an object, got a list"),
])
def test_each_mistake_is_named_with_its_json_path(data, expected):
    assert refused(data) == [f"fixtures/acme.json: {expected}"]


def test_every_problem_is_reported_not_just_the_first():
    assert refused({"tenant": {}, "tenants": {"a": {"clock": {"mode": "manul", "speed": -1}}}}) == [
        "fixtures/acme.json: tenant: unknown key; expected strict, tenants",
        "fixtures/acme.json: tenants.a.clock.mode: 'manul' is not one of realtime, scaled, manual",
        "fixtures/acme.json: tenants.a.clock.speed: -1 is not allowed; must be greater than 0"]


def test_a_credential_listed_by_two_tenants_is_refused(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"tenants": {"x": {"credentials": {"tiramizoo": ["k"]}}}}))
    (tmp_path / "b.json").write_text(json.dumps({"tenants": {"y": {"credentials": {"tiramizoo": ["k"]}}}}))
    with pytest.raises(FixtureError) as caught:
        load_fixtures(str(tmp_path))
    assert caught.value.problems == [
        f"{tmp_path}/b.json: tenants.y.credentials.tiramizoo[0]: tiramizoo credential 'k' is already listed by "
        f"tenant 'x' ({tmp_path}/a.json); a credential selects one tenant"]


def test_malformed_json_names_file_line_and_column(tmp_path):
    (tmp_path / "ok.json").write_text("{}")
    (tmp_path / "bad.json").write_text('{\n  "tenants": {\n    "a": {,}\n  }\n}\n')
    with pytest.raises(FixtureError) as caught:
        load_fixtures(str(tmp_path))
    assert caught.value.problems == [
        f"{tmp_path}/bad.json: line 3 column 11: malformed JSON: Expecting property name enclosed in double quotes"]


def test_json_nested_too_deeply_is_named_not_a_traceback(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(FixtureError) as caught:
        load_fixtures(str(tmp_path / "deep.json"))
    assert caught.value.problems == [f"{tmp_path}/deep.json: malformed JSON: nested too deeply"]


def test_an_empty_directory_or_a_missing_path_is_refused(tmp_path):
    with pytest.raises(FixtureError, match="no \\*.json files in this directory"):
        load_fixtures(str(tmp_path))
    with pytest.raises(FixtureError, match="no such file or directory"):
        load_fixtures(str(tmp_path / "nope.json"))


@pytest.mark.e2e
def test_serve_refuses_bad_fixtures_with_exit_2_and_one_line_each(tmp_path):
    (tmp_path / "acme.json").write_text(json.dumps({"tenants": {"acme": {"clock": {"mode": "manul"}}}}))
    (tmp_path / "typo.json").write_text(json.dumps({"tenant": {}, "strict": ["tiramizo"]}))
    done = subprocess.run([sys.executable, "-m", "simulator", "serve", "--port", "0", "--fixtures", str(tmp_path)],
                          capture_output=True, text=True, env=CLEAN_ENV, timeout=20)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"ordersim serve: {tmp_path}/acme.json: tenants.acme.clock.mode: 'manul' is not one of realtime, scaled, manual",
        f"ordersim serve: {tmp_path}/typo.json: tenant: unknown key; expected strict, tenants",
        f"ordersim serve: {tmp_path}/typo.json: strict[0]: 'tiramizo' is not one of onfleet, tiramizoo, wialon, "
        "hypertrack, pitneybowes"]


def test_the_shipped_fixtures_load():
    assert set(load_fixtures(str(ROOT / "fixtures")).tenants) == {
        "demo-shop", "demo-fleet", "onfleet-demo", "pb-demo", "wialon-demo",
        *(f"{vendor}-scenario" for vendor in ("onfleet", "tiramizoo", "wialon", "hypertrack", "pitneybowes"))}


def test_settings_precedence_cli_over_env_over_default():
    s = from_sources({"port": 9001}, env={"ORDERSIM_PORT": "9000", "ORDERSIM_CLOCK": "manual", "ORDERSIM_SEED": "3"})
    assert (s.port, s.clock, s.seed, s.host) == (9001, "manual", 3, "127.0.0.1")


@pytest.mark.anyio
async def test_strict_vendor_only_accepts_listed_credentials():
    app = create_app(Settings(clock="manual", seed=1), fixtures={
        "strict": ["tiramizoo"], "tenants": {"shop": {"credentials": {"tiramizoo": ["listed"]}}}})
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sim") as c:
        assert (await c.get("/tiramizoo/v1/orders?api_token=listed")).status_code == 200
        assert (await c.get("/tiramizoo/v1/orders?api_token=unlisted")).status_code == 401
        assert (await c.get("/_sim/clock?tenant=listed")).json()["tenant"] == "shop"


@pytest.mark.anyio
async def test_fixture_tenants_exist_from_the_start_and_after_reset():
    app = create_app(Settings(clock="realtime", seed=1), fixtures={"tenants": {
        "shop": {"clock": {"mode": "manual"}}, "fast": {"clock": {"mode": "scaled", "speed": 7}}}})
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sim") as c:
        tenants = (await c.get("/_sim/clock")).json()["tenants"]
        assert tenants["shop"]["mode"] == "manual"
        assert (tenants["fast"]["mode"], tenants["fast"]["speed"]) == ("scaled", 7)
        await c.post("/_sim/reset", json={})
        assert set((await c.get("/_sim/clock")).json()["tenants"]) == {"shop", "fast"}


@pytest.mark.e2e
def test_a_relative_sink_url_reaches_the_servers_own_sink():
    """fixtures/hypertrack.json names its webhook target `/_sim/sink/hypertrack`: on any port it is delivered."""
    with running_server("--fixtures", str(ROOT / "fixtures" / "hypertrack.json")) as base, \
            httpx.Client(base_url=base, timeout=10) as http:
        auth = {"authorization": "Basic " + base64.b64encode(b"demo-account-id:demo-secret-key").decode()}
        body = {"plan_mode": "manual", "worker_handle": "james@example.com", "orders": [{
                "order_handle": "sink-1", "scheduled_at": "2026-01-01T02:30:00.000Z",
                "destination": {"geometry": {"type": "Point", "coordinates": [13.4, 52.5]}}}]}
        assert http.post("/hypertrack/orders/", json=body, headers=auth).status_code == 201
        deadline = time.monotonic() + 5
        while (sink := http.get("/_sim/sink/hypertrack").json())["count"] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sink["count"] >= 1
        delivered = http.get("/_sim/webhooks", params={"tenant": "demo-fleet"}).json()
        assert delivered["deliveries"][0]["url"] == f"{base}/_sim/sink/hypertrack"
