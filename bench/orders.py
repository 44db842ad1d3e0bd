"""One typical create per vendor, straight into the ASGI app (bench.inproc.call: middleware, routing,
vendor, engine; no sockets). `make bench`'s bytes-per-order lines (RSS) and
tests/core/test_memory_per_order.py (tracemalloc, bounded) both store these orders.

`await creator(app)` logs in (token, session) and returns `create(i)`, a coroutine that stores the
i-th order and raises if the vendor did not answer with its success status."""

from __future__ import annotations

import base64
import json
import urllib.parse
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec

from bench.inproc import QUOTE_REQUEST, TOKEN, call, order_body

Create = Callable[[int], Awaitable[None]]
# Manual clock: nothing moves while orders are stored (every order keeps its pending automatic move).
# No rate limits: Onfleet's 20 req/s would refuse a bench.
SETTINGS: dict[str, Any] = {"clock": "manual", "seed": 1, "rate_limit": False}
VENDORS = ("onfleet", "tiramizoo", "wialon", "hypertrack", "pitneybowes")


def make_app(**settings: Any) -> Any:
    from simulator.app import create_app
    from simulator.settings import Settings
    return create_app(Settings(**{**SETTINGS, **settings}), fixtures={})


def _basic(user: str, secret: str = "") -> list[tuple[bytes, bytes]]:
    return [(b"authorization", b"Basic " + base64.b64encode(f"{user}:{secret}".encode()))]


async def _expect(app: Any, status: int, method: str, path: str, query: bytes = b"", body: bytes = b"",
                  headers: Any = ()) -> bytes:
    got, answer = await call(app, method, path, query, body, headers)
    if got != status:
        raise RuntimeError(f"{method} {path} answered {got}, expected {status}: {answer[:300]!r}")
    return answer


ONFLEET_ORDER = json.dumps({
    "pickupTask": {"destination": {"address": {"unparsed": "150 Otis St, San Francisco, CA 94103, USA"}},
                   "recipients": [{"name": "Store", "phone": "4155550100"}]},
    "dropoffTask": {"destination": {"address": {"number": "1", "street": "Warriors Way", "city": "San Francisco",
                                                "state": "CA", "postalCode": "94158", "country": "USA"}},
                    "recipients": [{"name": "Jane %d", "phone": "+14155550101"}], "notes": "Gate 3"}}).encode()


async def onfleet(app: Any) -> Create:
    auth = _basic(TOKEN)

    async def create(i: int) -> None:
        await _expect(app, 200, "POST", "/onfleet/api/v2/taskOrders", body=ONFLEET_ORDER % i, headers=auth)
    return create


async def tiramizoo(app: Any) -> Create:
    """The bench's own create: one issued quote echoed back by every order (bench.inproc.order_body)."""
    query = f"api_token={TOKEN}".encode()
    quotes = await _expect(app, 200, "POST", "/tiramizoo/v1/quotes", query, QUOTE_REQUEST)
    template = order_body(msgspec.json.encode(msgspec.json.decode(quotes)[0]))

    async def create(i: int) -> None:
        # A fresh bytes object per request, as a socket would deliver it.
        await _expect(app, 201, "POST", "/tiramizoo/v1/orders", query, bytes(bytearray(template)))
    return create


WIALON = "/wialon/wialon/ajax.html"
FORM = [(b"content-type", b"application/x-www-form-urlencoded")]


async def wialon(app: Any) -> Create:
    login = urllib.parse.urlencode({"svc": "token/login", "params": json.dumps({"token": TOKEN})}).encode()
    sid = json.loads(await _expect(app, 200, "POST", WIALON, body=login, headers=FORM))["eid"]

    async def create(i: int) -> None:
        params = {"itemId": 2000, "id": 0, "n": f"Order {i}", "p": {"n": "Bob", "a": "Im Dol 1"},
                  "callMode": "create", "tt": 1767229200, "y": 52.5, "x": 13.4, "u": 3001}
        form = urllib.parse.urlencode({"svc": "order/update", "sid": sid, "params": json.dumps(params)}).encode()
        await _expect(app, 200, "POST", WIALON, body=form, headers=FORM)
    return create


HYPERTRACK_ORDER = json.dumps({"plan_mode": "on_demand", "ops_group_handle": "store-sf", "orders": [{
    "order_handle": "order-%d", "scheduled_at": "2026-01-01T02:30:00.000Z", "metadata": {"customerID": "12654"},
    "destination": {"geometry": {"type": "Point", "coordinates": [-121.8610066, 37.3263062]},
                    "address": "748 Story Rd, San Jose, CA 95112", "radius": 100}}]}).encode()


async def hypertrack(app: Any) -> Create:
    auth = _basic(TOKEN, "secret")

    async def create(i: int) -> None:
        await _expect(app, 201, "POST", "/hypertrack/orders/", body=HYPERTRACK_ORDER % i, headers=auth)
    return create


PB_ORDER = (b'{"orderNumber":"N%d","customerInfo":{"firstName":"John","customerId":"C%d"},'
            b'"fromAddress":{"name":"Warehouse A","addressLine1":"638 Manitoba Ave","cityTown":"Winnipeg",'
            b'"postalCode":"R2W 2H2","countryCode":"CA"},"toAddress":{"name":"Jane Smith","addressLine1":'
            b'"1822 Franklin Street","cityTown":"Vancouver","postalCode":"V5L 1P8","countryCode":"CA"},'
            b'"items":[{"itemId":"SKU12345","quantity":2,"unitPrice":25,"unitWeight":{"unitOfMeasurement":"OZ",'
            b'"weight":12.5}}],"shippingPreferences":{"carrier":"UPS","service":"2DA"}}')


async def pitneybowes(app: Any) -> Create:
    token = await _expect(app, 200, "POST", "/pitneybowes/auth/api/v1/token", headers=_basic(TOKEN, "secret"))
    auth = [(b"authorization", b"Bearer " + json.loads(token)["access_token"].encode())]

    async def create(i: int) -> None:
        await _expect(app, 200, "POST", "/pitneybowes/ordermanagement/api/v1/orders", body=PB_ORDER % (i, i % 1000),
                      headers=auth)
    return create


CREATORS: dict[str, Callable[[Any], Awaitable[Create]]] = {
    "onfleet": onfleet, "tiramizoo": tiramizoo, "wialon": wialon, "hypertrack": hypertrack,
    "pitneybowes": pitneybowes}
