"""What `make bench` sends each vendor: one read of one order by its id and one create, on a
running `ordersim serve`, and the baseline request that answers a body of the same size
(bench/baseline.py's /sized routes). Reads and creates use different tenants, so the creates
piling up during the run never change what a read answers (Wialon's read returns every order of
its resource). Wialon has no call that reads one order: its read is `core/search_item` of a
resource holding one order, as its clients poll it."""

from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request
from dataclasses import dataclass

from bench import orders
from bench.inproc import QUOTE_REQUEST, order_body
from bench.load import Target

VENDORS = ("onfleet", "tiramizoo", "wialon", "hypertrack", "pitneybowes")
FORM = "application/x-www-form-urlencoded"
WIALON = "/wialon/wialon/ajax.html"
PB_ORDERS = "/pitneybowes/ordermanagement/api/v1/orders"

# The typical orders bench/orders.py stores for the memory figures, with one number left to vary.
ONFLEET_ORDER = orders.ONFLEET_ORDER % 0
HYPERTRACK_ORDER = orders.HYPERTRACK_ORDER  # order_handle "order-%d": unique per create
PB_ORDER = orders.PB_ORDER.replace(b'"C%d"', b'"C1"')  # orderNumber "N%d": unique per create


@dataclass(frozen=True)
class Case:
    """One vendor call and its yardstick: the baseline answering as many bytes."""
    ordersim: Target
    baseline: Target
    body_bytes: int  # what ordersim answers


class Client:
    """Calls to a running server (bench/cpu.py has one that calls an app in-process)."""

    def __init__(self, base: str) -> None:
        self.base = base

    def call(self, target: Target) -> tuple[int, bytes]:
        target = target.numbered(0)
        headers = {"content-type": target.content_type, **dict(target.headers)}
        req = urllib.request.Request(self.base + target.path, data=target.body, method=target.method, headers=headers)
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read()

    def json(self, target: Target) -> object:
        return json.loads(self.call(target)[1])


def _basic(user: str, secret: str = "") -> tuple[tuple[str, str], ...]:
    return (("Authorization", "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()),)


def _case(sim: Client, target: Target) -> Case:
    """Send `target` once (a varied one numbered 0: the load runs count from 1) to learn the body size."""
    _, body = sim.call(target)
    method = "GET" if target.method == "GET" else "POST"
    baseline = Target(method, f"/sized/{len(body)}", target.body if method == "POST" else None,
                      content_type=target.content_type, vary=target.vary)
    return Case(target, baseline, len(body))


def onfleet(sim: Client) -> dict[str, Case]:
    reader, creator = _basic("bench-read"), _basic("bench-create")
    order = sim.json(Target("POST", "/onfleet/api/v2/taskOrders", ONFLEET_ORDER, reader))
    assert isinstance(order, dict)
    return {"read": _case(sim, Target("GET", f"/onfleet/api/v2/taskOrders/{order['id']}", None, reader)),
            "create": _case(sim, Target("POST", "/onfleet/api/v2/taskOrders", ONFLEET_ORDER, creator))}


def tiramizoo(sim: Client) -> dict[str, Case]:
    quotes = sim.json(Target("POST", "/tiramizoo/v1/quotes?api_token=bench-read", QUOTE_REQUEST))
    assert isinstance(quotes, list)
    body = order_body(json.dumps(quotes[0], separators=(",", ":")).encode())  # the manual clock keeps it valid
    order = sim.json(Target("POST", "/tiramizoo/v1/orders?api_token=bench-read", body))
    assert isinstance(order, dict)
    return {"read": _case(sim, Target("GET", f"/tiramizoo/v1/orders/{order['uuid']}?api_token=bench-read")),
            "create": _case(sim, Target("POST", "/tiramizoo/v1/orders?api_token=bench-create", body))}


def wialon(sim: Client) -> dict[str, Case]:
    def form(svc: str, params: dict, sid: str | None = None) -> bytes:
        return urllib.parse.urlencode({"svc": svc, "params": json.dumps(params), **({"sid": sid} if sid else {})}).encode()

    def login(token: str) -> str:
        answer = sim.json(Target("POST", WIALON, form("token/login", {"token": token}), content_type=FORM))
        assert isinstance(answer, dict)
        return answer["eid"]

    reader, creator = login("bench-read"), login("bench-create")
    order = {"itemId": 2000, "id": 0, "n": "bench", "p": {"n": "Bob", "a": "Im Dol 1"}, "callMode": "create",
             "tt": 1767229200, "y": 52.5, "x": 13.4, "u": 0}
    sim.call(Target("POST", WIALON, form("order/update", order, reader), content_type=FORM))
    search = urllib.parse.urlencode({"svc": "core/search_item", "sid": reader,
                                     "params": json.dumps({"id": 2000, "flags": 0x80001})})
    return {"read": _case(sim, Target("GET", f"{WIALON}?{search}")),
            "create": _case(sim, Target("POST", WIALON, form("order/update", order, creator), content_type=FORM))}


def hypertrack(sim: Client) -> dict[str, Case]:
    reader, creator = _basic("bench-read", "secret"), _basic("bench-create", "secret")
    sim.call(Target("POST", "/hypertrack/orders/", HYPERTRACK_ORDER % 0, reader))
    create = Target("POST", "/hypertrack/orders/", HYPERTRACK_ORDER, creator, vary=True)
    return {"read": _case(sim, Target("GET", "/hypertrack/orders/order-0", None, reader)),
            "create": _case(sim, create)}


def pitneybowes(sim: Client) -> dict[str, Case]:
    def bearer(client_id: str) -> tuple[tuple[str, str], ...]:
        token = sim.json(Target("POST", "/pitneybowes/auth/api/v1/token", None, _basic(client_id, "secret")))
        assert isinstance(token, dict)
        return (("Authorization", f"Bearer {token['access_token']}"),)

    reader, creator = bearer("bench-read"), bearer("bench-create")
    order = sim.json(Target("POST", PB_ORDERS, PB_ORDER % 0, reader))
    assert isinstance(order, dict)
    create = Target("POST", PB_ORDERS, PB_ORDER, creator, vary=True)
    return {"read": _case(sim, Target("GET", f"{PB_ORDERS}/{order['orderId']}", None, reader)),
            "create": _case(sim, create)}


PREPARE = {"onfleet": onfleet, "tiramizoo": tiramizoo, "wialon": wialon, "hypertrack": hypertrack,
           "pitneybowes": pitneybowes}


def prepare(sim: Client) -> dict[str, dict[str, Case]]:
    """vendor -> {"read": Case, "create": Case}, after logging in and storing the order to read."""
    return {vendor: PREPARE[vendor](sim) for vendor in VENDORS}
