"""Hypothesis: a state machine over create / track / every action / clock moves, and hostile input.

Invariants: statuses and `*_at` stamps agree, timelines are in time order and start with
order_created, finished fulfilments never change again, at most one live fulfilment per handle,
attempts are numbered 0..n, every webhook verifies against its signature; and no input, however
hostile, gets a 5xx or leaves the vendor's three envelopes."""

import base64
import json

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tests.hypertrack.helpers import AUTH, BASE, order, verify
from tests.support import SyncApp, json_values

SINK = "http://sim/_sim/sink/ht-prop"  # webhooks loop back into the app itself, in process
SECRET = "prop-secret"
HANDLES = ("a", "b", "c")
STATUSES = {"unplanned", "planned", "assigned", "ongoing", "completed", "cancelled", "disabled"}
TERMINAL = {"completed", "cancelled"}
STAMP = {"assigned": ["assigned_at"], "ongoing": ["assigned_at", "started_at", "share_url"],
         "completed": ["completed_at"], "cancelled": ["cancelled_at"], "disabled": ["disabled_at"],
         "planned": ["planned_at", "plan_id"]}


class HyperTrackLifecycle(RuleBasedStateMachine):
    @initialize()
    def start(self):
        fixtures = {"tenants": {"acct-1": {"vendors": {"hypertrack": {"webhook_url": SINK, "webhook_secret": SECRET}}}}}
        self.sim = SyncApp(fixtures, seed=3)
        self.frozen: dict[tuple[str, int], dict] = {}  # finished fulfilments as first seen finished

    def teardown(self):
        if hasattr(self, "sim"):
            self.sim.close()

    def _latest(self, handle):
        resp = self.sim.request("GET", f"{BASE}/orders/{handle}", headers=AUTH)
        assert resp.status_code in (200, 404)
        return resp.json() if resp.status_code == 200 else None

    @rule(handle=st.sampled_from(HANDLES), worker=st.booleans(), plan_mode=st.sampled_from(["manual", "on_demand"]))
    def create(self, handle, worker, plan_mode):
        before = self._latest(handle)
        body = {"plan_mode": plan_mode, "orders": [order(handle)], **({"worker_handle": "w"} if worker else {})}
        resp = self.sim.request("POST", f"{BASE}/orders/", json=body, headers=AUTH)
        live = before is not None and before["status"] not in TERMINAL
        assert resp.status_code == (409 if live else 201), resp.text

    @rule(handle=st.sampled_from(HANDLES))
    def track(self, handle):
        before = self._latest(handle)
        body = {"track_mode": "on_time", "worker_handle": "w", "orders": [order(handle)]}
        resp = self.sim.request("POST", f"{BASE}/orders/track", json=body, headers=AUTH)
        live = before is not None and before["status"] not in TERMINAL
        assert resp.status_code == (409 if live else 201), resp.text

    @rule(handle=st.sampled_from(HANDLES),
          action=st.sampled_from(["cancel", "complete", "disable", "enable", "reassign", "reschedule"]))
    def act(self, handle, action):
        before = self._latest(handle)
        body = {"worker_handle": "x", "scheduled_at": "2026-03-01T00:00:00Z"}
        resp = self.sim.request("POST", f"{BASE}/orders/{handle}/{action}", json=body, headers=AUTH)
        if before is None:
            assert resp.status_code == 404
            return
        status = before["status"]
        allowed = {"cancel": status not in TERMINAL, "complete": status not in TERMINAL,
                   "disable": status not in TERMINAL | {"disabled"}, "enable": status == "disabled",
                   "reassign": status not in TERMINAL, "reschedule": status not in TERMINAL}[action]
        assert resp.status_code == (200 if allowed else 422), resp.text
        if not allowed:
            return
        after = resp.json()
        expected = {"cancel": "cancelled", "complete": "completed", "disable": "disabled"}.get(action)
        if expected:
            assert after["status"] == expected
        if action == "reschedule":
            dispatched = status in ("assigned", "ongoing", "disabled")
            assert after["status"] == "unplanned"
            assert after["fulfillment_attempt"] == before["fulfillment_attempt"] + dispatched
        if action == "reassign":
            assert after["worker_handle"] == "x"

    @rule(seconds=st.sampled_from([0, 20, 30, 60, 400, 900, 4000]))
    def advance(self, seconds):
        resp = self.sim.request("POST", "/_sim/clock/advance", json={"tenant": "acct-1", "seconds": seconds})
        assert resp.status_code == 200

    @invariant()
    def orders_are_consistent(self):
        if not hasattr(self, "sim"):
            return
        listed = self.sim.request("GET", f"{BASE}/orders/", params={"limit": 100}, headers=AUTH).json()["orders"]
        for handle in HANDLES:
            mine = [o for o in listed if o["order_handle"] == handle]
            assert sorted(o["fulfillment_attempt"] for o in mine) == list(range(len(mine)))
            assert sum(o["status"] not in TERMINAL for o in mine) <= 1
            for summary in mine:
                key = (handle, summary["fulfillment_attempt"])
                detail = self.sim.request("GET", f"{BASE}/orders/{handle}", headers=AUTH,
                                          params={"fulfillment_attempt": key[1]}).json()
                self._check(detail)
                if detail["status"] in TERMINAL:
                    assert self.frozen.setdefault(key, detail) == detail

    def _check(self, o):
        assert o["status"] in STATUSES
        for name in STAMP.get(o["status"], []):
            assert o.get(name), (o["status"], name)
        stamps = [e["recorded_at"] for e in o["timeline"]]
        assert stamps == sorted(stamps) and o["timeline"][0]["type"] == "order_created"
        assert all(e["order_handle"] == o["order_handle"] for e in o["timeline"] if e["type"].startswith("order_"))
        if o["status"] == "completed":
            assert o["completed_at"] >= o["created_at"]

    @invariant()
    def webhooks_verify(self):
        if not hasattr(self, "sim"):
            return
        self.sim.request("POST", "/_sim/clock/advance", json={"tenant": "acct-1", "seconds": 0})
        for d in self.sim.request("GET", "/_sim/webhooks", params={"vendor": "hypertrack"}).json()["deliveries"]:
            assert d["state"] == "delivered"
            assert verify(SECRET, d["body"].encode(), d["headers"]["x-hypertrack-signature"])
            [event] = json.loads(d["body"])
            assert event["data"]["status"] in STATUSES and event["data"]["value"] == d["event"]


TestHyperTrackLifecycle = HyperTrackLifecycle.TestCase
TestHyperTrackLifecycle.settings = settings(max_examples=20, stateful_step_count=15, deadline=None,
                                            suppress_health_check=[HealthCheck.too_slow])

JSON = json_values(12)
ORDER_KEYS = ("order_handle", "destination", "scheduled_at", "type", "type_index", "metadata", "capacity_used",
              "expected_service_time", "product_type", "priority")
hostile_order = st.fixed_dictionaries({}, optional={k: JSON for k in ORDER_KEYS})
hostile_bodies = st.one_of(
    st.fixed_dictionaries({"orders": st.lists(hostile_order, max_size=3)},
                          optional={"plan_mode": st.sampled_from(["manual", "on_demand", "x"]) | JSON,
                                    "worker_handle": JSON, "track_mode": JSON,
                                    "route_handle": JSON, "device_id": JSON}),
    st.fixed_dictionaries({}, optional={k: JSON for k in ("scheduled_at", "worker_handle", "metadata",
                                                                 "destination", "events", "scheduled_after")}),
    JSON, st.binary(max_size=48))
ENVELOPES = ({"detail", "message"}, {"code", "title", "detail"})


@pytest.fixture(scope="module")
def sim():
    s = SyncApp(seed=3)
    s.request("POST", f"{BASE}/orders/", json={"plan_mode": "manual", "orders": [order("x")]}, headers=AUTH)
    yield s
    s.close()


def _send(sim, method, path, body, **kw):
    if isinstance(body, bytes):
        return sim.request(method, path, content=body, headers=AUTH, **kw)
    return sim.request(method, path, json=body, headers=AUTH, **kw)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=hostile_bodies, target=st.sampled_from([
    ("POST", "/orders/"), ("POST", "/orders/track"), ("PATCH", "/orders/x"), ("POST", "/orders/x/reschedule"),
    ("POST", "/orders/x/events"), ("POST", "/orders/x/reassign"), ("POST", "/orders/x/cancel"),
    ("POST", "/oauth/token")]))
def test_hostile_bodies_never_5xx(sim, body, target):
    method, path = target
    resp = _send(sim, method, BASE + path, body)
    assert resp.status_code < 500, resp.text
    assert resp.headers["content-type"] == "application/json"
    if resp.status_code >= 400:
        assert set(resp.json()) in ENVELOPES, resp.text
        if resp.status_code == 422:
            detail = resp.json()["detail"]
            assert all(isinstance(msgs, list) for fields in detail.values() for msgs in fields.values())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(["status", "limit", "pagination_token", "sort_direction",
                                               "order_metadata_filter", "created_at_from", "created_at_date",
                                               "fulfillment_attempt", "type", "type_index", "worker_handle"]),
                              st.text(max_size=30), max_size=4),
       handle=st.text(st.characters(blacklist_characters="/?#%", blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)
       .filter(lambda h: h not in (".", "..")))  # a client folds /orders/. into /orders: a different request
def test_hostile_queries_and_handles_never_5xx(sim, params, handle):
    for path in ("/orders/", f"/orders/{handle}", f"/orders/{handle}/webhooks"):
        resp = sim.request("GET", BASE + path, params=params, headers=AUTH)
        assert resp.status_code in (200, 404, 422), resp.text
        if resp.status_code != 200:
            assert set(resp.json()) == {"detail", "message"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.one_of(st.text(max_size=40), st.binary(max_size=30).map(
    lambda b: "Basic " + base64.b64encode(b).decode())))
def test_hostile_authorization_is_a_401_or_a_tenant(sim, header):
    try:
        resp = sim.request("GET", f"{BASE}/orders/", headers={"Authorization": header})
    except (UnicodeEncodeError, httpx.LocalProtocolError):
        return  # not sendable as a header
    assert resp.status_code in (200, 401)
    if resp.status_code == 401:
        assert resp.json() == {"detail": {}, "message": "Unauthorized"}
