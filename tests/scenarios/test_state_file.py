"""With --state, scenario orders are created once: a restart restores them from the state file
instead of creating them again on top; a scenario tenant the file does not hold gets its orders."""

from __future__ import annotations

import base64
import shutil

import httpx
import pytest

from tests.scenarios.helpers import ROOT
from tests.server import running_server

pytestmark = pytest.mark.e2e


def summary(http: httpx.Client) -> list[tuple[str, str, str]]:
    rows = http.get("/_sim/orders", params={"view": "summary"}).json()["orders"]
    return [(r["tenant"], r["id"], r["state"]) for r in rows]


def test_a_restart_with_a_state_file_restores_scenario_orders_and_does_not_create_them_twice(tmp_path):
    fixtures, state = tmp_path / "fixtures", tmp_path / "state.json"
    fixtures.mkdir()
    shutil.copy(ROOT / "fixtures" / "scenario-onfleet.json", fixtures)
    flags = ("--fixtures", str(fixtures), "--state", str(state))
    with running_server(*flags) as base, httpx.Client(base_url=base, timeout=10) as http:
        first = summary(http)
        assert len(first) == 4
        auth = {"authorization": "Basic " + base64.b64encode(b"scenario-client-key:").decode()}
        cancelled = http.post("/onfleet/api/v2/taskOrders/cancel", headers=auth, json={"orderIds": [first[0][1]]})
        assert cancelled.status_code == 200
        changed = summary(http)
    assert state.exists()  # written on SIGTERM
    shutil.copy(ROOT / "fixtures" / "scenario-pitneybowes.json", fixtures)  # a scenario tenant the file lacks
    with running_server(*flags) as base, httpx.Client(base_url=base, timeout=10) as http:
        rows = summary(http)
        assert [r for r in rows if r[0] == "onfleet-scenario"] == changed  # as it was, not seeded again
        assert [r[2] for r in rows if r[0] == "pitneybowes-scenario"] == [
            "UNFULFILLED", "FULFILLED:IN_TRANSIT", "FULFILLED:DELIVERED"]
