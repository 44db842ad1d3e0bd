"""`python -m bench.wialon [SECONDS]`: requests per second of the Wialon endpoint on a real
`ordersim serve` (server pinned to core 0, wrk on core 1), next to Tiramizoo's order read in the same
run: a cheap item read, the full read-back of a 100-order resource, and creates. Needs `wrk` on PATH;
prints JSON."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request

from bench import servers
from bench.inproc import QUOTE_REQUEST


def post(base: str, svc: str, params, sid: str | None = None):
    data = {"svc": svc, "params": json.dumps(params), **({"sid": sid} if sid else {})}
    with urllib.request.urlopen(base + "/wialon/wialon/ajax.html", urllib.parse.urlencode(data).encode()) as resp:
        return json.loads(resp.read())


def wrk(url: str, seconds: float, body: str | None = None) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        if body is not None:
            script.write(f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\n'
                         'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n')
    out = subprocess.run(["taskset", "-c", "1", "wrk", "-t1", "-c32", f"-d{int(seconds)}s", "-s", script.name, url],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    assert non2xx is None, out
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


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
        ajax = base + "/wialon/wialon/ajax.html"
        item = urllib.parse.urlencode({"svc": "core/search_item", "sid": sid, "params": '{"id":3001,"flags":1}'})
        orders = urllib.parse.urlencode({"svc": "core/search_item", "sid": sid,
                                         "params": '{"id":2000,"flags":524289}'})
        create = urllib.parse.urlencode({"svc": "order/update", "sid": sid, "params": json.dumps(
            {"itemId": 2000, "id": 0, "n": "bench", "p": {"n": "Bob", "a": "Im Dol 1"}, "callMode": "create",
             "tt": 1767229200, "y": 52.5, "x": 13.4, "u": 0})})
        result = {
            "tiramizoo_show_rps": wrk(f"{base}/tiramizoo/v1/orders/{uuid}?api_token=bench", seconds),
            "wialon_search_item_unit_rps": wrk(f"{ajax}?{item}", seconds),
            "wialon_search_item_100_orders_rps": wrk(f"{ajax}?{orders}", seconds),
            "wialon_create_rps": wrk(ajax, seconds, body=create),
        }
        print(json.dumps(result))
    finally:
        server.stop()


if __name__ == "__main__":
    if shutil.which("wrk") is None:
        sys.exit("wrk is not on PATH")
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 3.0)
