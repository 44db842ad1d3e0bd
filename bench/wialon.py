"""`python -m bench.wialon [SECONDS]`: requests per second of the Wialon endpoint on a real
`ordersim serve` (server pinned to core 0, wrk on core 1, via bench.servers and bench.load), next to Tiramizoo's order read in the same
run: a cheap item read, the full read-back of a 100-order resource, and creates. Needs `wrk` on PATH;
prints JSON."""

from __future__ import annotations

import json
import sys
import urllib.parse
import urllib.request

from bench import load, servers
from bench.inproc import QUOTE_REQUEST


def post(base: str, svc: str, params, sid: str | None = None):
    data = {"svc": svc, "params": json.dumps(params), **({"sid": sid} if sid else {})}
    with urllib.request.urlopen(base + "/wialon/wialon/ajax.html", urllib.parse.urlencode(data).encode()) as resp:
        return json.loads(resp.read())


def rps(server, method: str, path: str, seconds: float, body: str | None = None) -> float:
    """wrk from bench.load (client pinned to core 1 by the caller's affinity); fails on any non-2xx."""
    result = load.wrk_load(server.port, method, path, body.encode() if body else None, connections=32, warmup=0,
                           duration=seconds, content_type="application/x-www-form-urlencoded")
    assert result.errors == 0, result
    return result.rps


def main(seconds: float) -> None:
    server = servers.ordersim().start()  # pinned to core 0, like `make bench`
    base = server.base
    try:
        sid = post(base, "token/login", {"token": "bench"})["eid"]
        for i in range(100):
            post(base, "order/update", {"itemId": 2000, "id": 0, "n": f"o{i}", "p": {"n": "Bob"}, "callMode": "create",
                                        "y": 52.5, "x": 13.4, "u": 3001}, sid)
        req = urllib.request.Request(base + "/tiramizoo/v1/quotes", QUOTE_REQUEST,
                                     {"content-type": "application/json"})
        q = json.loads(urllib.request.urlopen(req).read())[0]
        req = urllib.request.Request(base + "/tiramizoo/v1/orders?api_token=bench",
                                     json.dumps({"quote": q, "pickup": {"name": "A"}, "delivery": {"name": "B"}}).encode(),
                                     {"content-type": "application/json"})
        uuid = json.loads(urllib.request.urlopen(req).read())["uuid"]
        ajax = "/wialon/wialon/ajax.html"
        item = urllib.parse.urlencode({"svc": "core/search_item", "sid": sid, "params": '{"id":3001,"flags":1}'})
        orders = urllib.parse.urlencode({"svc": "core/search_item", "sid": sid,
                                         "params": '{"id":2000,"flags":524289}'})
        create = urllib.parse.urlencode({"svc": "order/update", "sid": sid, "params": json.dumps(
            {"itemId": 2000, "id": 0, "n": "bench", "p": {"n": "Bob", "a": "Im Dol 1"}, "callMode": "create",
             "tt": 1767229200, "y": 52.5, "x": 13.4, "u": 0})})
        result = {
            "tiramizoo_show_rps": rps(server, "GET", f"/tiramizoo/v1/orders/{uuid}?api_token=bench", seconds),
            "wialon_search_item_unit_rps": rps(server, "GET", f"{ajax}?{item}", seconds),
            "wialon_search_item_100_orders_rps": rps(server, "GET", f"{ajax}?{orders}", seconds),
            "wialon_create_rps": rps(server, "POST", ajax, seconds, body=create),
        }
        print(json.dumps(result))
    finally:
        server.stop()


if __name__ == "__main__":
    if load.wrk_path() is None:
        sys.exit("wrk is not on PATH")
    servers.pin_self(servers.CLIENT_CPU)
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 3.0)
