"""A small world across all five vendors, driven through their own APIs on a SyncApp, and what a
user can observe of it (vendor reads, /_sim/orders, the webhook log). Snapshot tests drive two apps
the same way and compare what they observe."""

from __future__ import annotations

import json
from typing import Any, Protocol

import httpx

from tests.hypertrack.helpers import basic as ht_basic
from tests.hypertrack.helpers import order as ht_order
from tests.onfleet.helpers import auth as onfleet_auth
from tests.onfleet.helpers import order_body as onfleet_order
from tests.pitneybowes.helpers import MINIMAL as PB_ORDER
from tests.pitneybowes.helpers import basic as pb_basic
from tests.support import SyncApp
from tests.tiramizoo.helpers import QUOTE_REQUEST

VENDORS = ("onfleet", "tiramizoo", "wialon", "hypertrack", "pitneybowes")
ONFLEET_KEY, TIRAMIZOO_TOKEN, WIALON_TOKEN, HT_ACCOUNT, PB_CLIENT = "of-key", "tz-token", "wl-token", "ht-acct", "pb-client"
TENANTS = {"onfleet": ONFLEET_KEY, "tiramizoo": TIRAMIZOO_TOKEN, "wialon": WIALON_TOKEN, "hypertrack": HT_ACCOUNT,
           "pitneybowes": PB_CLIENT}
SINK = "http://sim/_sim/sink/world"
FAILING = "http://sim/_sim/no-such-receiver"  # answers 404: deliveries retry on the clock
ONFLEET = "/onfleet/api/v2"
WIALON = "/wialon/wialon/ajax.html"
PB = "/pitneybowes/ordermanagement/api/v1/orders"


def ok(resp, status: int = 200):
    assert resp.status_code == status, resp.text
    return resp.json()


class App(Protocol):
    def request(self, method: str, url: str, **kw: Any) -> httpx.Response: ...


class World:
    """Knows the credentials and order references; every call goes through a SyncApp."""

    def __init__(self, sink: str = SINK, failing: str = FAILING) -> None:
        self.sink, self.failing = sink, failing
        self.refs: dict[str, list[str]] = {v: [] for v in VENDORS}
        self.wialon_sid = ""
        self.pb_token = ""
        self.creates = 0

    # -- set-up: webhooks, sessions, tokens (state the snapshot must carry) -----------------------
    def setup(self, sim: App) -> None:
        for trigger in (0, 3, 6, 7):
            ok(sim.request("POST", f"{ONFLEET}/webhooks", headers=onfleet_auth(ONFLEET_KEY),
                           json={"url": self.sink, "name": f"t{trigger}", "trigger": trigger}))
        ok(sim.request("GET", "/hypertrack/orders/", headers=ht_basic(HT_ACCOUNT, "s")))
        ok(sim.request("PUT", "/_sim/vendors/hypertrack/config",
                       json={"tenant": HT_ACCOUNT, "config": {"webhook_url": self.sink, "webhook_secret": "whs"}}))
        login = sim.request("POST", WIALON, data={"svc": "token/login", "params": json.dumps({"token": WIALON_TOKEN})})
        self.wialon_sid = ok(login)["eid"]
        self.pb_token = ok(sim.request("POST", "/pitneybowes/auth/api/v1/token",
                                       headers=pb_basic(PB_CLIENT)))["access_token"]

    # -- vendor calls -----------------------------------------------------------------------------
    def create(self, sim: App, vendor: str) -> object:
        """One order through the vendor's own create call; returns the vendor's answer."""
        self.creates += 1
        n = self.creates
        if vendor == "onfleet":
            body = ok(sim.request("POST", f"{ONFLEET}/taskOrders", headers=onfleet_auth(ONFLEET_KEY),
                                  json=onfleet_order()))
            self.refs[vendor].append(body["id"])
        elif vendor == "tiramizoo":
            quote = ok(sim.request("POST", f"/tiramizoo/v1/quotes?api_token={TIRAMIZOO_TOKEN}",
                                   json=QUOTE_REQUEST))[0]
            body = ok(sim.request("POST", f"/tiramizoo/v1/orders?api_token={TIRAMIZOO_TOKEN}", json={
                "quote": quote, "pickup": {"name": "Alice"}, "delivery": {"name": "Bob"},
                "web_hook_url": self.sink if n % 2 else self.failing}), 201)
            self.refs[vendor].append(body["uuid"])
        elif vendor == "wialon":
            params = {"itemId": 2000, "id": 0, "n": f"Order {n}", "p": {}, "callMode": "create",
                      **({"u": 3001} if n % 2 else {})}
            body = self.wialon(sim, "order/update", params)
            self.refs[vendor].append(str(body[0]))
        elif vendor == "hypertrack":
            handle = f"ht-{n}"
            body = ok(sim.request("POST", "/hypertrack/orders/", headers=ht_basic(HT_ACCOUNT, "s"), json={
                "plan_mode": "on_demand", "ops_group_handle": "g", "orders": [ht_order(handle)]}), 201)
            self.refs[vendor].append(handle)
        else:
            body = ok(sim.request("POST", PB, headers=self.pb_auth(), json={**PB_ORDER, "orderNumber": f"N-{n}"}))
            self.refs[vendor].append(body["orderId"])
        return body

    def wialon(self, sim: App, svc: str, params: dict) -> object:
        resp = sim.request("POST", WIALON, data={"svc": svc, "params": json.dumps(params), "sid": self.wialon_sid})
        return ok(resp)

    def pb_auth(self) -> dict:
        return {"Authorization": f"Bearer {self.pb_token}"}

    def read(self, sim: App, vendor: str, ref: str) -> tuple[int, object]:
        if vendor == "onfleet":
            resp = sim.request("GET", f"{ONFLEET}/taskOrders/{ref}", headers=onfleet_auth(ONFLEET_KEY))
        elif vendor == "tiramizoo":
            resp = sim.request("GET", f"/tiramizoo/v1/orders/{ref}?api_token={TIRAMIZOO_TOKEN}")
        elif vendor == "wialon":
            resp = sim.request("POST", WIALON, data={"svc": "core/search_item", "sid": self.wialon_sid,
                                                     "params": json.dumps({"id": 2000, "flags": 0x80001})})
        elif vendor == "hypertrack":
            resp = sim.request("GET", f"/hypertrack/orders/{ref}", headers=ht_basic(HT_ACCOUNT, "s"))
        else:
            resp = sim.request("GET", f"{PB}/{ref}", headers=self.pb_auth())
        return resp.status_code, resp.json()

    def advance(self, sim: App, vendor: str, seconds: float) -> int:
        """200, or 404 while the vendor's tenant has not been used yet."""
        resp = sim.request("POST", "/_sim/clock/advance", json={"tenant": TENANTS[vendor], "seconds": seconds})
        assert resp.status_code in (200, 404), resp.text
        return resp.status_code

    def move(self, sim: App, vendor: str, ref: str, to: str) -> int:
        tenant = TENANTS[vendor]
        return sim.request("POST", f"/_sim/orders/{vendor}/{ref}/advance?tenant={tenant}", json={"to": to}).status_code

    # -- what a user sees -------------------------------------------------------------------------
    def observe(self, sim: App) -> dict:
        hooks = ok(sim.request("GET", "/_sim/webhooks"))["deliveries"]
        for delivery in hooks:
            for attempt in delivery["attempts"]:
                attempt.pop("duration_ms")  # wall-clock time an attempt took
        orders = ok(sim.request("GET", "/_sim/orders"))
        orders.pop("last_event_id")  # the live stream's position: a restore tells live views it replaced tenants
        return {
            "reads": {v: [self.read(sim, v, ref) for ref in refs] for v, refs in self.refs.items()},
            "orders": orders,
            "webhooks": hooks,
            "clocks": [(r.status_code, r.json()) for t in TENANTS.values()
                       for r in [sim.request("GET", f"/_sim/clock?tenant={t}")]],
        }


def restored_copy(sim: App, seed: int = 7) -> SyncApp:
    """A fresh app with `sim`'s snapshot restored into it."""
    doc = sim.request("GET", "/_sim/snapshot")
    assert doc.status_code == 200, doc.text
    twin = SyncApp(seed=seed, rate_limit=False)
    ok(twin.request("POST", "/_sim/snapshot", content=doc.content))
    return twin
