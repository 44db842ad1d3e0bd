"""Hypothesis: a state machine over every order/update call mode, the clock and the control
plane, and hostile `params`.

Invariants: the resource shows exactly the live orders and history exactly the registered ones;
each order's `s` is its machine state; `avl_evts` ends on the order as read back (null once gone);
every reply is a documented shape or a Wialon error code; never a 5xx."""

import asyncio
import json
from urllib.parse import quote_plus

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from simulator.app import create_app
from simulator.settings import Settings
from simulator.vendors.wialon.machine import MACHINE, S
from tests.support import json_values
from tests.wialon.helpers import AJAX, ORDERS_FLAG, RESOURCE, UNITS

TOKEN = "prop"
NOW = 1767225600
KNOWN_CODES = {1, 2, 4, 6, 7, 8, 10}


class SyncWialon:
    """The ASGI app driven from sync hypothesis code on a private event loop."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.app = create_app(Settings(clock="manual", seed=7), fixtures={})
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://sim")
        self.sid = None

    def request(self, method, url, **kw) -> httpx.Response:
        resp = self.loop.run_until_complete(self.client.request(method, url, **kw))
        assert resp.status_code == 200 or not url.startswith("/wialon"), resp.text
        return resp

    def call(self, svc, params, raw=False):
        data = {"svc": svc, "params": params if raw else json.dumps(params)}
        if self.sid:
            data["sid"] = self.sid
        resp = self.request("POST", AJAX, data=data)
        assert resp.headers["content-type"] == "application/json"
        return resp.json()

    def close(self):
        self.loop.run_until_complete(self.client.aclose())
        self.loop.run_until_complete(self.app.state.engine.outbox.close())
        self.loop.close()


def is_error(reply, *codes) -> bool:
    return isinstance(reply, dict) and "error" in reply and reply["error"] in codes


class WialonOrders(RuleBasedStateMachine):
    @initialize()
    def start(self):
        self.sim = SyncWialon()
        self.sim.sid = self.sim.call("token/login", {"token": TOKEN})["eid"]
        self.sim.call("core/update_data_flags", {"spec": [{"type": "id", "data": RESOURCE,
                                                           "flags": ORDERS_FLAG | 1, "mode": 0}]})
        self.live: set[int] = set()
        self.history: set[int] = set()
        self.gone: set[int] = set()
        self.last_event: dict[str, dict | None] = {}

    def teardown(self):
        if hasattr(self, "sim"):
            self.sim.close()

    def _orders(self) -> dict:
        return self.sim.call("core/search_item", {"id": RESOURCE, "flags": ORDERS_FLAG})["item"]["orders"]

    def _any_id(self, data) -> int:
        known = sorted(self.live | self.history | self.gone) or [1]
        return data.draw(st.sampled_from(known + [max(known) + 1]), label="id")

    def _mode(self, order_id, call_mode, **fields):
        return self.sim.call("order/update", {"itemId": RESOURCE, "id": order_id, "callMode": call_mode, **fields})

    @rule(unit=st.sampled_from([0, *UNITS, 999]), deadline=st.sampled_from([0, 60, 250, 400]),
          ut=st.sampled_from([0, 30]))
    def create(self, unit, deadline, ut):
        reply = self.sim.call("order/update", {"itemId": RESOURCE, "id": 0, "n": "o", "p": {"ut": ut},
                                               "callMode": "create", "u": unit, "tt": NOW + deadline if deadline else 0})
        if unit == 999:
            assert is_error(reply, 7)
            return
        order_id, order = reply
        assert order["id"] == order_id and order["s"] == (1 if unit else 0) and order["u"] == unit
        assert order_id not in self.live | self.history | self.gone
        self.live.add(order_id)

    @rule(data=st.data(), unit=st.sampled_from([0, *UNITS, 999]))
    def assign(self, data, unit):
        order_id = self._any_id(data)
        before = self._orders().get(str(order_id))
        reply = self._mode(order_id, "assign", u=unit)
        if before is None:
            assert is_error(reply, 4)
        elif before["s"] not in (0, 1, 5):
            assert is_error(reply, 4)
        elif unit == 999:
            assert is_error(reply, 7)
        else:
            assert reply == {}
            after = self._orders()[str(order_id)]
            assert after["u"] == unit and after["s"] == (0 if unit == 0 else 5 if unit == before["u"] and before["s"] == 5
                                                         else 1)

    @rule(data=st.data(), call_mode=st.sampled_from(["reject", "confirm"]))
    def finish(self, data, call_mode):
        order_id = self._any_id(data)
        before = self._orders().get(str(order_id))
        reply = self._mode(order_id, call_mode)
        allowed = {"reject": (0, 1, 5), "confirm": (1, 2, 3, 5)}[call_mode]
        if before is None or before["s"] not in allowed:
            assert is_error(reply, 4)
            return
        assert reply == {}
        after = self._orders()[str(order_id)]
        if call_mode == "reject":
            assert after["s"] == 4 and after["sf"] & 0x100
        else:
            assert after["s"] in (2, 3) and after["sf"] & 0x200

    @rule(data=st.data(), name=st.text(max_size=8))
    def update(self, data, name):
        order_id = self._any_id(data)
        before = self._orders().get(str(order_id))
        reply = self._mode(order_id, "update", n=name)
        if before is None:
            assert is_error(reply, 4)
        else:
            assert reply == [order_id] and self._orders()[str(order_id)] == {**before, "n": name}

    @rule(data=st.data(), force=st.booleans())
    def delete(self, data, force):
        order_id = self._any_id(data)
        reply = self._mode(order_id, "delete", force=int(force))
        if order_id in self.live:
            assert reply == [order_id, None]
            self.live.discard(order_id)
            self.gone.add(order_id)
        else:
            assert is_error(reply, 4)

    @rule(data=st.data())
    def register(self, data):
        order_id = self._any_id(data)
        reply = self._mode(order_id, "register")
        if order_id in self.live:
            assert reply == {}
            self.live.discard(order_id)
            self.history.add(order_id)
        else:
            assert is_error(reply, 4)

    @precondition(lambda self: getattr(self, "live", None))
    @rule(data=st.data(), goal=st.sampled_from(sorted(MACHINE.states) + ["delivered", "picked_up"]))
    def force(self, data, goal):
        order_id = data.draw(st.sampled_from(sorted(self.live)))
        resp = self.sim.request("POST", f"/_sim/orders/wialon/{order_id}/advance", json={"tenant": TOKEN, "to": goal})
        assert resp.status_code in (200, 409), resp.text

    @rule(seconds=st.sampled_from([1, 60, 180, 300, 3600]))
    def move_clock(self, seconds):
        self.sim.request("POST", "/_sim/clock/advance", json={"tenant": TOKEN, "seconds": seconds})

    @invariant()
    def read_back_matches_the_model(self):
        if not hasattr(self, "live"):
            return
        orders = self._orders()
        assert set(orders) == {str(i) for i in self.live}
        history = self.sim.call("order/get_orders_history", {"itemId": RESOURCE})
        assert sorted(o["id"] for o in history["orders"]) == sorted(self.history)
        listed = self.sim.request("GET", f"/_sim/orders?vendor=wialon&tenant={TOKEN}").json()["orders"]
        for view in listed:
            assert view["order"]["s"] == S[view["state"]]
            assert (view["order"]["u"] == 0) == (view["state"] == "inactive") or view["state"] in ("rejected",
                                                                                                  "completed_on_time",
                                                                                                  "completed_late")
        events = self.sim.request("GET", "/wialon/avl_evts", params={"sid": self.sim.sid}).json()["events"]
        for event in events:
            self.last_event.update(event["d"]["orders"])
        for order_id, order in orders.items():
            assert self.last_event[order_id] == order
        for order_id in self.history | self.gone:
            assert self.last_event[str(order_id)] is None


TestWialonOrders = WialonOrders.TestCase
TestWialonOrders.settings = settings(max_examples=25, stateful_step_count=20, deadline=None,
                                     suppress_health_check=[HealthCheck.too_slow])


JSON = json_values(20)
UPDATE_KEYS = ["itemId", "id", "n", "p", "rp", "f", "tf", "tt", "trt", "r", "y", "x", "u", "ej", "tz", "dp", "force",
               "callMode", "if", "ds"]
hostile_updates = st.fixed_dictionaries(
    {"itemId": st.sampled_from([RESOURCE, RESOURCE, 1, "2000"]), "callMode": st.sampled_from(
        ["create", "update", "delete", "assign", "register", "reject", "confirm", "x"])},
    optional={k: JSON for k in UPDATE_KEYS if k not in ("itemId", "callMode")})
SERVICES = ["order/update", "core/search_item", "core/search_items", "core/batch", "core/update_data_flags",
            "order/get_orders_history", "order/complete_from_history", "token/login", "core/logout", "x/y"]


@pytest.fixture(scope="module")
def sim():
    s = SyncWialon()
    s.sid = s.call("token/login", {"token": "hostile"})["eid"]
    yield s
    s.close()


def check_reply(reply) -> None:
    if isinstance(reply, dict) and "error" in reply:
        assert reply["error"] in KNOWN_CODES | {0}, reply


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=hostile_updates)
def test_hostile_order_updates_answer_wialon_codes(sim, params):
    reply = sim.call("order/update", params)
    check_reply(reply)
    if isinstance(reply, list) and len(reply) == 2 and isinstance(reply[1], dict):  # created: readable back
        orders = sim.call("core/search_item", {"id": RESOURCE, "flags": ORDERS_FLAG})["item"]["orders"]
        assert orders[str(reply[0])] == reply[1]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(svc=st.sampled_from(SERVICES), params=st.one_of(JSON, st.text(max_size=40)),
       as_text=st.booleans())
def test_hostile_params_for_every_service_never_fail_the_transport(sim, svc, params, as_text):
    if svc == "core/logout":
        return  # would end the shared session
    reply = sim.call(svc, params if as_text and isinstance(params, str) else json.dumps(params), raw=True)
    check_reply(reply)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=80), ctype=st.sampled_from(["application/json", "application/x-www-form-urlencoded",
                                                           "text/plain", "multipart/form-data", ""]),
       query=st.text(max_size=40))
def test_hostile_bodies_and_query_strings(sim, body, ctype, query):
    resp = sim.request("POST", AJAX, content=body, headers={"content-type": ctype}, params={"svc": query})
    assert resp.headers["content-type"] == "application/json"
    check_reply(resp.json())


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab=&%+2F7B{}\"' é"), max_size=30))
def test_form_parsing_matches_the_standard_library(text):
    from urllib.parse import parse_qsl

    from simulator.vendors.wialon.routes import parse_form
    assert parse_form(text) == dict(parse_qsl(text, keep_blank_values=True))


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(st.text(alphabet=st.sampled_from("%+\\xXNu{}aAfF09 é\x00"), max_size=30),
                      st.binary(max_size=20).map(quote_plus), st.text(max_size=10).map(quote_plus)))
def test_unquote_matches_the_standard_library(text):
    from urllib.parse import unquote_plus as standard

    from simulator.vendors.wialon.routes import unquote_plus
    assert unquote_plus(text) == standard(text)
