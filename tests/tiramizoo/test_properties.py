"""Hypothesis: a state machine over create / advance / cancel / clock moves, and hostile bodies.

Invariants: no illegal state, no lost order, exactly one webhook delivery record per state change
(and each delivery's body is the order as it was at that change)."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from simulator.vendors.tiramizoo.machine import MACHINE
from tests.support import SyncApp, json_values
from tests.tiramizoo.helpers import QUOTE_REQUEST

TOKEN = "prop"
SINK = "http://sim/_sim/sink/prop"  # webhooks go back into the app itself, in process


class TiramizooLifecycle(RuleBasedStateMachine):
    @initialize()
    def start(self):
        self.sim = SyncApp()
        self.quote = self.sim.request("POST", f"/tiramizoo/v1/quotes?api_token={TOKEN}", json=QUOTE_REQUEST).json()[0]
        self.known: dict[str, str] = {}  # uuid -> last state we saw
        self.changes: dict[str, int] = {}  # uuid -> state changes we caused (the clock adds more)
        self.hooked: set[str] = set()  # orders created with a web_hook_url

    def teardown(self):
        if hasattr(self, "sim"):
            self.sim.close()

    def _refresh_quote(self):
        self.quote = self.sim.request("POST", f"/tiramizoo/v1/quotes?api_token={TOKEN}", json=QUOTE_REQUEST).json()[0]

    @rule(hook=st.booleans())
    def create(self, hook):
        self._refresh_quote()
        body = {"quote": self.quote, "pickup": {"name": "A"}, "delivery": {"name": "B"}}
        if hook:
            body["web_hook_url"] = SINK
        resp = self.sim.request("POST", f"/tiramizoo/v1/orders?api_token={TOKEN}", json=body)
        assert resp.status_code == 201, resp.text
        uuid = resp.json()["uuid"]
        self.known[uuid] = "awaiting_payment"
        self.changes[uuid] = 0
        if hook:
            self.hooked.add(uuid)

    @precondition(lambda self: getattr(self, "known", None))
    @rule(data=st.data(), goal=st.sampled_from(list(MACHINE.states)))
    def advance(self, data, goal):
        uuid = data.draw(st.sampled_from(sorted(self.known)))
        resp = self.sim.request("POST", f"/_sim/orders/tiramizoo/{uuid}/advance", json={"to": goal})
        assert resp.status_code in (200, 409), resp.text
        if resp.status_code == 200:
            self.changes[uuid] += len(resp.json()["path"])
            self.known[uuid] = resp.json()["state"]

    @precondition(lambda self: getattr(self, "known", None))
    @rule(data=st.data())
    def cancel(self, data):
        uuid = data.draw(st.sampled_from(sorted(self.known)))
        before = self.sim.request("GET", f"/tiramizoo/v1/orders/{uuid}?api_token={TOKEN}").json()["state"]
        resp = self.sim.request("PUT", f"/tiramizoo/v1/orders/{uuid}?api_token={TOKEN}", json={"state": "cancelled"})
        if before in ("awaiting_payment", "dispatched"):
            assert resp.status_code == 200 and resp.json()["state"] == "cancelled"
            self.changes[uuid] += 1
        else:
            assert resp.status_code == 422

    @rule(seconds=st.sampled_from([1, 29, 30, 90, 150, 600]))
    def move_clock(self, seconds):
        self.sim.request("POST", "/_sim/clock/advance", json={"tenant": TOKEN, "seconds": seconds})

    @invariant()
    def no_lost_order_and_no_illegal_state(self):
        if not getattr(self, "known", None):
            return
        listed = self.sim.request("GET", f"/_sim/orders?vendor=tiramizoo&tenant={TOKEN}").json()["orders"]
        by_id = {o["id"]: o for o in listed}
        assert set(by_id) == set(self.known)
        for uuid, order in by_id.items():
            assert order["state"] in MACHINE.states
            shown = self.sim.request("GET", f"/tiramizoo/v1/orders/{uuid}?api_token={TOKEN}")
            assert shown.status_code == 200 and shown.json()["state"] == order["state"]

    @invariant()
    def one_delivery_per_state_change(self):
        if not getattr(self, "known", None):
            return
        deliveries = self.sim.request("GET", "/_sim/webhooks?vendor=tiramizoo").json()["deliveries"]
        for uuid in self.hooked:
            mine = [d for d in deliveries if d["order_id"] == uuid]
            steps = self.sim.app.state.engine.tenants.find(TOKEN).orders.get("tiramizoo", uuid).steps
            assert len(mine) == steps
            states = [json.loads(d["body"])["state"] for d in mine]
            for prev, nxt in zip(["awaiting_payment"] + states, states, strict=False):
                assert MACHINE.can(prev, nxt), (prev, nxt)
            assert all(d["state"] == "delivered" for d in mine)


TestTiramizooLifecycle = TiramizooLifecycle.TestCase
TestTiramizooLifecycle.settings = settings(max_examples=25, stateful_step_count=20, deadline=None,
                                          suppress_health_check=[HealthCheck.too_slow])

JSON = json_values(20)
ORDER_KEYS = ["quote", "pickup", "delivery", "description", "web_hook_url", "external_id", "items_price"]
hostile_orders = st.fixed_dictionaries({}, optional={k: JSON for k in ORDER_KEYS})
hostile_quotes = st.fixed_dictionaries({}, optional={k: JSON for k in ("pickup", "delivery", "items")})


@pytest.fixture(scope="module")
def sim():
    s = SyncApp()
    yield s
    s.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(hostile_orders, JSON, st.binary(max_size=64)),
       path=st.sampled_from(["/tiramizoo/v1/orders", "/tiramizoo/v1/quotes", "/tiramizoo/v1/orders/x"]),
       method=st.sampled_from(["POST", "PUT", "GET"]))
def test_hostile_bodies_never_5xx(sim, body, path, method):
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    resp = sim.request(method, f"{path}?api_token=hostile", content=content,
                       headers={"content-type": "application/json"})
    assert resp.status_code < 500, resp.text
    assert resp.headers["content-type"].startswith("application/json")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=hostile_quotes)
def test_hostile_quote_requests_never_5xx(sim, body):
    resp = sim.request("POST", "/tiramizoo/v1/quotes", json=body)
    assert resp.status_code in (200, 422), resp.text
