"""GET/POST /_sim/snapshot: a world of all five vendors restored into a fresh app answers, and
webhooks, exactly as the original does when both are driven the same way; bad documents change nothing."""

from __future__ import annotations

import base64
import copy
import json

import pytest

from tests.snapshot.world import TENANTS, VENDORS, World, ok, restored_copy
from tests.support import SyncApp


@pytest.fixture
def world():
    sim = SyncApp(rate_limit=False)
    w = World()
    w.setup(sim)
    for vendor in VENDORS:
        for _ in range(2):
            w.create(sim, vendor)
    for vendor in VENDORS:
        w.advance(sim, vendor, 40)  # some orders move, some webhooks fail and wait for a retry
    yield sim, w
    sim.close()


def test_a_restored_app_sees_and_does_exactly_what_the_original_does(world):
    sim, w = world
    twin = restored_copy(sim)
    try:
        assert w.observe(twin) == w.observe(sim)
        pending = [d for d in ok(sim.request("GET", "/_sim/webhooks"))["deliveries"] if d["state"] == "retrying"]
        assert pending, "the world should hold webhook retries waiting on the clock"
        w2 = copy.deepcopy(w)
        for vendor in VENDORS:  # the same further calls on both: new orders, clock moves, retries fire
            assert w.create(sim, vendor) == w2.create(twin, vendor)
            w.advance(sim, vendor, 600)
            w2.advance(twin, vendor, 600)
        assert w2.observe(twin) == w.observe(sim)
    finally:
        twin.close()


def test_the_document_is_versioned_and_names_every_tenant(world):
    sim, _ = world
    doc = ok(sim.request("GET", "/_sim/snapshot"))
    assert doc["format"] == "ordersim-snapshot" and doc["version"] == 1 and doc["scope"] == "all"
    assert sorted(t["name"] for t in doc["tenants"]) == sorted(TENANTS.values())
    one = ok(sim.request("GET", f"/_sim/snapshot?tenant={TENANTS['onfleet']}"))
    assert one["scope"] == "tenants" and [t["name"] for t in one["tenants"]] == [TENANTS["onfleet"]]
    assert one["control"] is None
    assert set(one["tenants"][0]["orders"]) == {"onfleet"}


def test_restoring_one_tenant_replaces_only_that_tenant(world):
    sim, w = world
    one = sim.request("GET", f"/_sim/snapshot?tenant={TENANTS['pitneybowes']}").content
    before_tz = w.read(sim, "tiramizoo", w.refs["tiramizoo"][0])
    for vendor in ("pitneybowes", "tiramizoo"):
        w.create(sim, vendor)
    w.advance(sim, "pitneybowes", 3600)
    assert ok(sim.request("POST", "/_sim/snapshot", content=one)) == {"restored": [TENANTS["pitneybowes"]], "count": 1}
    assert sim.request("GET", f"/pitneybowes/ordermanagement/api/v1/orders/{w.refs['pitneybowes'][-1]}",
                       headers=w.pb_auth()).status_code == 404  # created after the snapshot: gone
    assert w.read(sim, "pitneybowes", w.refs["pitneybowes"][0])[0] == 200
    assert w.read(sim, "tiramizoo", w.refs["tiramizoo"][-1])[0] == 200  # another tenant: untouched
    assert w.read(sim, "tiramizoo", w.refs["tiramizoo"][0]) == before_tz


@pytest.mark.parametrize("mutate, message", [
    (lambda d: {**d, "format": "something-else"}, "not an ordersim snapshot"),
    (lambda d: {**d, "version": 99}, "unsupported snapshot version 99"),
    (lambda d: {k: v for k, v in d.items() if k != "tenants"}, "invalid snapshot"),
    (lambda d: {**d, "tenants": [{**d["tenants"][0], "clock": {"mode": "manual"}}]}, "$.tenants[0].clock"),
    (lambda d: {**d, "tenants": [{**d["tenants"][0], "orders": {"nope": []}}]}, "unknown field `nope` - at `$.tenants[0].orders`"),
])
def test_a_bad_document_is_refused_and_changes_nothing(world, mutate, message):
    sim, w = world
    before = w.observe(sim)
    doc = json.loads(sim.request("GET", "/_sim/snapshot").content)
    # the last tenant, so a half-applying restore would have replaced the others first
    doc["tenants"] = doc["tenants"][1:] + doc["tenants"][:1]
    resp = sim.request("POST", "/_sim/snapshot", content=json.dumps(mutate(doc)))
    assert resp.status_code == 400 and message in resp.json()["error"], resp.text
    assert w.observe(sim) == before


@pytest.mark.parametrize("body", [b"", b"not json", b"[]", b'{"format": "ordersim-snapshot"}'])
def test_garbage_is_refused_in_the_control_envelope(body):
    sim = SyncApp()
    try:
        resp = sim.request("POST", "/_sim/snapshot", content=body)
        assert resp.status_code == 400 and resp.json()["status"] == 400 and resp.json()["error"]
    finally:
        sim.close()


def test_open_mode_secrets_survive_a_restore():
    """The first secret a Pitney Bowes client id was used with is still the only one it accepts."""
    def basic(client_id: str, secret: str) -> dict:
        return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}
    token_url = "/pitneybowes/auth/api/v1/token"
    sim = SyncApp(rate_limit=False)
    try:
        assert sim.request("POST", token_url, headers=basic("alice", "first")).status_code == 200
        twin = restored_copy(sim)
        try:
            refused = twin.request("POST", token_url, headers=basic("alice", "guessed"))
            assert refused.status_code == 401 and refused.json()["errorCode"] == "unauthorized_error"
            assert twin.request("POST", token_url, headers=basic("alice", "first")).status_code == 200
        finally:
            twin.close()
    finally:
        sim.close()


# A tenant's `config` as ordersim wrote it before vendor config was typed (Onfleet's derived secret
# stored on its first request, a null delay, an integer TTL): documents keep restoring.
EARLIER_CONFIG = {"vendors": {
    "onfleet": {"webhook_secret": "0fe6b0e7363ccb8a6a1a76814140ceb13042809b04bd296db785855e9ea72c5f"},
    "pitneybowes": {"tokenTtl": 60, "delays": {"UNFULFILLED": None}},
    "hypertrack": {"webhook_url": "/_sim/sink/ht", "webhook_secret": "whs"}}}


def test_a_document_from_before_typed_vendor_config_restores_it():
    sim, twin = SyncApp(rate_limit=False), SyncApp(rate_limit=False)
    try:
        token_url, login = "/pitneybowes/auth/api/v1/token", {"Authorization": "Basic " + base64.b64encode(b"legacy:pw").decode()}
        assert sim.request("POST", token_url, headers=login).status_code == 200
        doc = json.loads(sim.request("GET", "/_sim/snapshot?tenant=legacy").content)  # client id "legacy"
        doc["tenants"][0]["config"] = EARLIER_CONFIG
        ok(twin.request("POST", "/_sim/snapshot", content=json.dumps(doc)))
        for vendor, config in EARLIER_CONFIG["vendors"].items():
            assert ok(twin.request("GET", f"/_sim/vendors/{vendor}/config?tenant=legacy"))["config"] == config
        issued = ok(twin.request("POST", token_url, headers=login))
        assert issued["expires_in"] == 60 and isinstance(issued["expires_in"], int)
        again = json.loads(twin.request("GET", "/_sim/snapshot?tenant=legacy").content)
        assert again["tenants"][0]["config"] == EARLIER_CONFIG  # and written back in the same shape
    finally:
        sim.close()
        twin.close()
