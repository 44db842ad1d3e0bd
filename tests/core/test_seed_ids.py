"""What the README promises about ids and restarts: with --seed and no state file a restarted
server repeats the ids of the run before; with --state it carries on; without --seed ids differ."""

from __future__ import annotations

import httpx
import pytest

from tests.server import running_server

pytestmark = pytest.mark.e2e
QUOTE = {"pickup": {"address_line_1": "Im Dol 1", "city": "Berlin", "postal_code": "14195", "country_code": "de"},
         "delivery": {"address_line_1": "Thujaweg 1", "city": "Berlin", "postal_code": "12437", "country_code": "de"},
         "items": [{"width": 2, "height": 8.2, "length": 5, "weight": 2}]}


def first_ids(*flags: str, n: int = 2) -> list[str]:
    with running_server(*flags) as base:
        api = f"{base}/tiramizoo/v1"
        quote = httpx.post(f"{api}/quotes?api_token=ids", json=QUOTE).json()[0]
        ids = []
        for _ in range(n):
            resp = httpx.post(f"{api}/orders?api_token=ids", json={
                "quote": quote, "pickup": {"name": "A"}, "delivery": {"name": "B"}, "description": "x"})
            assert resp.status_code == 201, resp.text
            ids.append(resp.json()["uuid"])
        return ids


def test_seeded_restarts_repeat_ids_a_state_file_carries_on_unseeded_ones_differ(tmp_path):
    seeded = ("--clock", "manual", "--seed", "7")
    assert first_ids(*seeded) == first_ids(*seeded)
    state = str(tmp_path / "state.json")
    before = first_ids(*seeded, "--state", state)
    after = first_ids(*seeded, "--state", state)
    assert not set(before) & set(after)
    assert first_ids("--clock", "manual") != first_ids("--clock", "manual")
