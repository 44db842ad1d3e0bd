"""A captured HyperTrack cancel call (the seed: its answer is in seed_cancel_response.json), replayed on the simulated clock
at the seed's own instants: create 17:54:42.233 -> assign to James 01:27:40.170 -> track 01:28:22.016
-> disable 01:32:43.721 -> cancel 01:37:03.650. The answer has the seed's fields, in the seed's order,
with the seed's values wherever they follow from the calls; generated values (ids, share URL, the
drive) have the seed's shapes."""

import json
import re
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from simulator.app import create_app
from simulator.settings import Settings
from tests.hypertrack.helpers import BASE, basic

pytestmark = pytest.mark.anyio

SEED = json.loads((Path(__file__).parent / "seed_cancel_response.json").read_text())
DEVICE = "52193948-1A79-47CC-AB81-2FB0A59536D1"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
AUTH = basic("seed-account", "seed-secret")


def ts(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


@pytest.fixture
async def seeded():
    fixtures = {"tenants": {"seed": {
        "clock": {"mode": "manual", "start": ts(SEED["created_at"])},
        "credentials": {"hypertrack": [{"key": "seed-account", "secret": "seed-secret"}]},
        "vendors": {"hypertrack": {"workers": {"James": DEVICE}}}}}}
    app = create_app(Settings(clock="manual", seed=1), fixtures=fixtures)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sim") as client:
        yield client
    await app.state.engine.outbox.close()


async def at(client, instant: str) -> None:
    now = (await client.get("/_sim/clock", params={"tenant": "seed"})).json()["now"]
    resp = await client.post("/_sim/clock/advance", json={"tenant": "seed", "seconds": ts(instant) - now})
    assert resp.status_code == 200


async def replay(client) -> dict:
    events = {e["type"]: e["recorded_at"] for e in SEED["timeline"]}
    body = {"plan_mode": "manual", "ops_group_handle": SEED["ops_group_handle"], "orders": [{
        "order_handle": SEED["order_handle"], "type": SEED["type"], "scheduled_at": SEED["scheduled_at"],
        "metadata": SEED["metadata"], "destination": SEED["destination"]}]}
    assert (await client.post(f"{BASE}/orders/", json=body, headers=AUTH)).status_code == 201
    await at(client, events["order_assigned"])
    resp = await client.post(f"{BASE}/orders/order-1/reassign", json={"worker_handle": "James"}, headers=AUTH)
    assert resp.status_code == 200
    await at(client, events["order_started"])
    resp = await client.post(f"{BASE}/orders/track", headers=AUTH,
                             json={"route_handle": resp.json()["route_handle"], "track_mode": SEED["track_mode"]})
    assert resp.status_code == 201
    await at(client, events["order_disabled"])
    assert (await client.post(f"{BASE}/orders/order-1/disable", json={}, headers=AUTH)).status_code == 200
    await at(client, events["order_cancelled"])
    resp = await client.post(f"{BASE}/orders/order-1/cancel", json={}, headers=AUTH,
                             params={"type": "drop", "type_index": 0, "fulfillment_attempt": 0})
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "application/json"
    return resp.json()


async def test_same_fields_in_the_same_order(seeded):
    got = await replay(seeded)
    assert list(got) == list(SEED)


async def test_values_that_follow_from_the_calls_are_the_seeds(seeded):
    got = await replay(seeded)
    generated = {"share_url", "route_handle", "plan_id", "distance", "duration", "polyline", "start_location",
                 "end_location", "timeline"}
    for name in SEED.keys() - generated:
        assert got[name] == SEED[name], name


async def test_generated_values_have_the_seeds_shapes(seeded):
    got = await replay(seeded)
    assert re.fullmatch(r"https://trck\.at/[A-Za-z0-9]{10}", got["share_url"])
    assert UUID.match(got["route_handle"]) and UUID.match(got["plan_id"])
    assert isinstance(got["distance"], int) and got["distance"] >= 0
    assert got["duration"] == int(ts(got["cancelled_at"]) - ts(got["started_at"]))
    assert got["polyline"]["type"] == "LineString" and got["polyline"]["coordinates"]
    for lng, lat, alt, recorded_at in got["polyline"]["coordinates"]:
        assert isinstance(lng, float) and isinstance(lat, float) and isinstance(alt, float)
        assert got["started_at"] <= recorded_at <= got["cancelled_at"]
    for name in ("start_location", "end_location"):
        assert got[name]["type"] == "Point" and len(got[name]["coordinates"]) == 2
    assert got["end_location"]["coordinates"] == got["polyline"]["coordinates"][-1][:2]


async def test_timeline_matches_event_for_event(seeded):
    got = await replay(seeded)
    assert [e["type"] for e in got["timeline"]] == [e["type"] for e in SEED["timeline"]]
    for mine, theirs in zip(got["timeline"], SEED["timeline"], strict=False):
        assert list(mine) == list(theirs), theirs["type"]
        if theirs["type"].startswith("order_"):
            # The seed's timeline says "order-2" for the order it calls "order-1": we use the order's handle.
            expected = {**theirs, "order_handle": "order-1"}
            if "route_handle" in theirs:
                expected["route_handle"] = got["route_handle"]
            assert mine == expected
        else:
            assert mine["activity"] in ("drive", "stop") and mine["driver_handle"] is None


async def test_the_cancelled_order_reads_back_the_same(seeded):
    got = await replay(seeded)
    again = await seeded.get(f"{BASE}/orders/order-1", headers=AUTH)
    assert again.status_code == 200 and again.json() == got
