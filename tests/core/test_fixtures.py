"""Fixtures files: merged from a directory, validated, and able to make a vendor strict."""

import json

import httpx
import pytest

from simulator.app import create_app
from simulator.fixtures import load_fixtures
from simulator.settings import Settings, from_sources


def test_directory_is_merged_in_name_order(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"tenants": {"t": {"credentials": {"tiramizoo": ["k1"]}}}}))
    (tmp_path / "b.json").write_text(json.dumps({"strict": ["tiramizoo"],
                                                 "tenants": {"t": {"vendors": {"hypertrack": {"x": 1}}}}}))
    merged = load_fixtures(str(tmp_path))
    assert merged["strict"] == ["tiramizoo"]
    assert merged["tenants"]["t"] == {"credentials": {"tiramizoo": ["k1"]}, "vendors": {"hypertrack": {"x": 1}}}


def test_a_malformed_fixture_names_the_problem(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"tenants": {"t": {"credentials": "k1"}}}))
    with pytest.raises(ValueError, match="credentials"):
        load_fixtures(str(bad))


def test_the_shipped_fixtures_load():
    assert "demo-shop" in load_fixtures("fixtures")["tenants"]


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
