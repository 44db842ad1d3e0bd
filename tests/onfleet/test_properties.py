"""Hypothesis: a state machine over create / update / cancel / reject / clone / control-plane moves /
clock moves by both roles, and hostile bodies on every endpoint.

Invariants: an acknowledged order is readable by client and courier until it is cancelled or rejected
(then 404 for both); its task states are the ones its state names; every webhook is signed with the
tenant's secret and each task's events run created/cloned -> ... -> deleted, never backwards."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from simulator.vendors.onfleet.machine import MACHINE, REMOVED, TASK_STATES
from tests.onfleet.helpers import BASE, auth, order_body, verify
from tests.support import SyncApp, json_values

TENANT = "prop"
CLIENT, COURIER = auth(TENANT), auth("courier-" + TENANT, colon=False)
SINK = "http://sim/_sim/sink/onfleet-prop"
TRIGGERS = (0, 3, 4, 6, 7, 8, 9, 13)


class OnfleetLifecycle(RuleBasedStateMachine):
    @initialize()
    def start(self):
        self.sim = SyncApp(rate_limit=False)
        for trigger in TRIGGERS:
            resp = self.sim.request("POST", f"{BASE}/webhooks", headers=CLIENT,
                                    json={"url": SINK, "name": "all", "trigger": trigger})
            assert resp.status_code == 200, resp.text
        self.client_org = self.sim.request("GET", f"{BASE}/organization", headers=CLIENT).json()["id"]
        self.orders: dict[str, dict] = {}  # id -> order as created

    def teardown(self):
        if hasattr(self, "sim"):
            self.sim.close()

    def _pick(self, data):
        return self.orders[data.draw(st.sampled_from(sorted(self.orders)))]

    def _state(self, order) -> str:
        return self.sim.request("GET", f"/_sim/orders/onfleet/{order['id']}?tenant={TENANT}").json()["state"]

    @rule(by_courier=st.booleans(), priced=st.booleans())
    def create(self, by_courier, priced):
        extra = {"client": self.client_org} if by_courier else {}
        if priced:
            extra["price"] = 9.5
        resp = self.sim.request("POST", f"{BASE}/taskOrders", headers=COURIER if by_courier else CLIENT,
                                json=order_body(**extra))
        assert resp.status_code == 200, resp.text
        self.orders[resp.json()["id"]] = resp.json()

    @precondition(lambda self: getattr(self, "orders", None))
    @rule(data=st.data(), goal=st.sampled_from(list(MACHINE.states)))
    def advance(self, data, goal):
        order = self._pick(data)
        resp = self.sim.request("POST", f"/_sim/orders/onfleet/{order['id']}/advance", json={"to": goal})
        assert resp.status_code in (200, 409), resp.text

    @precondition(lambda self: getattr(self, "orders", None))
    @rule(data=st.data(), courier=st.booleans())
    def cancel(self, data, courier):
        order = self._pick(data)
        before = self._state(order)
        body = {"orderIds": [order["shortId"]], **({"client": self.client_org} if courier else {})}
        resp = self.sim.request("POST", f"{BASE}/taskOrders/cancel", headers=COURIER if courier else CLIENT, json=body)
        expected = 404 if before in REMOVED else 400 if MACHINE.is_terminal(before) else 200
        assert resp.status_code == expected, (before, resp.text)

    @precondition(lambda self: getattr(self, "orders", None))
    @rule(data=st.data())
    def reject(self, data):
        order = self._pick(data)
        before = self._state(order)
        resp = self.sim.request("POST", f"{BASE}/taskOrders/{order['id']}/reject", headers=COURIER,
                                json={"reason": "busy"})
        expected = 404 if before in REMOVED else 200 if before in ("unassigned", "assigned") else 400
        assert resp.status_code == expected, (before, resp.text)

    @precondition(lambda self: getattr(self, "orders", None))
    @rule(data=st.data(), notes=st.text(max_size=30))
    def update(self, data, notes):
        order = self._pick(data)
        before = self._state(order)
        resp = self.sim.request("PUT", f"{BASE}/taskOrders/{order['shortId']}", headers=COURIER,
                                json={"pickupTask": {"notes": notes}, "dropoffTask": {}})
        expected = 404 if before in REMOVED else 200 if before in ("unassigned", "assigned") else 400
        assert resp.status_code == expected, (before, resp.text)
        if expected == 200:
            assert resp.json()["pickupTask"]["notes"] == notes

    @precondition(lambda self: getattr(self, "orders", None))
    @rule(data=st.data())
    def clone(self, data):
        order = self._pick(data)
        before = self._state(order)
        resp = self.sim.request("POST", f"{BASE}/taskOrders/{order['id']}/clone", headers=CLIENT)
        expected = 404 if before in REMOVED else 403 if order["price"] is not None else 200
        assert resp.status_code == expected, (before, resp.text)
        if expected == 200:
            self.orders[resp.json()["id"]] = resp.json()

    @rule(seconds=st.sampled_from([1, 30, 60, 90, 150, 600]))
    def move_clock(self, seconds):
        self.sim.request("POST", "/_sim/clock/advance", json={"tenant": TENANT, "seconds": seconds})

    @invariant()
    def orders_readable_with_matching_task_states(self):
        for order in getattr(self, "orders", {}).values():
            state = self._state(order)
            for headers in (CLIENT, COURIER):
                resp = self.sim.request("GET", f"{BASE}/taskOrders/{order['shortId']}", headers=headers, content=b"null")
                if state in REMOVED:
                    assert resp.status_code == 404
                    continue
                assert resp.status_code == 200, resp.text
                body = resp.json()
                assert (body["pickupTask"]["state"], body["dropoffTask"]["state"]) == TASK_STATES[state]
                assert body["dropoffTask"]["dependencies"] == [body["pickupTask"]["id"]]

    @invariant()
    def webhooks_signed_and_monotonic_per_task(self):
        if not getattr(self, "orders", None):
            return
        self.sim.request("POST", "/_sim/webhooks/wait", json={"count": 0, "timeout_s": 1})
        secret = self.sim.request("GET", f"/_sim/vendors/onfleet/config?tenant={TENANT}").json()["config"]["webhook_secret"]
        per_task: dict[str, list] = {}
        for d in self.sim.request("GET", "/_sim/webhooks?vendor=onfleet").json()["deliveries"]:
            assert verify(secret, d["body"].encode(), d["headers"]["x-onfleet-signature"])
            body = json.loads(d["body"])
            per_task.setdefault(body["taskId"], []).append((body["triggerName"], body["data"]["task"]["state"]))
        for events in per_task.values():
            assert events[0][0] in ("taskCreated", "taskCloned")
            states = [s for _, s in events]
            assert states == sorted(states), events
            names = [n for n, _ in events]
            assert "taskDeleted" not in names[:-1], events


TestOnfleetLifecycle = OnfleetLifecycle.TestCase
TestOnfleetLifecycle.settings = settings(max_examples=20, stateful_step_count=15, deadline=None,
                                        suppress_health_check=[HealthCheck.too_slow])

JSON = json_values(20)
TASK_KEYS = ["destination", "recipients", "notes", "completeAfter", "completeBefore", "quantity", "metadata"]
hostile_task = st.fixed_dictionaries({}, optional={k: JSON for k in TASK_KEYS})
hostile_order = st.fixed_dictionaries({}, optional={"pickupTask": hostile_task | JSON,
                                                    "dropoffTask": hostile_task | JSON,
                                                    "client": JSON, "price": JSON,
                                                    "orderIds": JSON, "reason": JSON,
                                                    "url": JSON, "trigger": JSON})
PATHS = ["/taskOrders", "/taskOrders/cancel", "/taskOrders/{o}", "/taskOrders/{o}/clone", "/taskOrders/{o}/reject",
         "/deliveryServices/quote?clientId=x", "/webhooks", "/tasks/{t}", "/tasks/shortId/{o}", "/auth/test"]


@pytest.fixture(scope="module")
def sim():
    s = SyncApp(rate_limit=False)
    s.order = s.request("POST", f"{BASE}/taskOrders", headers=CLIENT, json=order_body()).json()
    yield s
    s.close()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(hostile_order, JSON, st.binary(max_size=64)), path=st.sampled_from(PATHS),
       method=st.sampled_from(["POST", "PUT", "GET", "DELETE"]), courier=st.booleans())
def test_hostile_bodies_never_5xx(sim, body, path, method, courier):
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    url = BASE + path.format(o=sim.order["shortId"], t=sim.order["pickupTask"]["id"])
    resp = sim.request(method, url, content=content, headers={**(COURIER if courier else CLIENT),
                                                               "content-type": "application/json"})
    assert resp.status_code < 500, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    assert resp.headers["x-ratelimit-limit"] == "20"
    if resp.status_code >= 400:
        assert set(resp.json()) == {"code", "message"} and isinstance(resp.json()["message"]["error"], int)
