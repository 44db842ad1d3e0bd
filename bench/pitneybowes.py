"""`python -m bench.pitneybowes [N]`: in-process costs of the PB vendor through the real ASGI
app (middleware, routes, engine; no sockets): create / get / search rates, search latency at N
stored orders, and memory per stored order. Prints JSON."""

from __future__ import annotations

import asyncio
import base64
import gc
import json
import sys
import time

from bench import inproc
from simulator.app import create_app
from simulator.settings import Settings

API = "/pitneybowes/ordermanagement/api/v1/orders"
ORDER = (b'{"orderNumber":"N%d","customerInfo":{"firstName":"John","customerId":"C%d"},'
         b'"fromAddress":{"name":"Warehouse A","addressLine1":"638 Manitoba Ave","cityTown":"Winnipeg",'
         b'"postalCode":"R2W 2H2","countryCode":"CA"},"toAddress":{"name":"Jane Smith","addressLine1":'
         b'"1822 Franklin Street","cityTown":"Vancouver","postalCode":"V5L 1P8","countryCode":"CA"},'
         b'"items":[{"itemId":"SKU12345","quantity":2,"unitPrice":25,"unitWeight":{"unitOfMeasurement":"OZ",'
         b'"weight":12.5}}],"shippingPreferences":{"carrier":"UPS","service":"2DA"}}')


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmRSS:"))


async def call(app, method: str, path: str, body: bytes = b"", headers=()) -> tuple[int, bytes]:
    return await inproc.call(app, method, path, body=body, headers=headers)


async def rate(app, n: int, make) -> float:
    started = time.perf_counter()
    for i in range(n):
        status, body = await call(app, *make(i))
        assert status == 200, body
    return round(n / (time.perf_counter() - started))


async def main(stored: int) -> dict:
    app = create_app(Settings(clock="manual", seed=1), fixtures={})
    basic = base64.b64encode(b"measure:secret")
    _, tok = await call(app, "POST", "/pitneybowes/auth/api/v1/token", headers=[(b"authorization", b"Basic " + basic)])
    auth = [(b"authorization", b"Bearer " + json.loads(tok)["access_token"].encode())]
    gc.collect()
    before = rss_mib()
    ids: list[str] = []

    def create(i):
        return "POST", API, ORDER % (i, i % 1000), auth

    started = time.perf_counter()
    for i in range(stored):
        status, body = await call(app, *create(i))
        ids.append(json.loads(body)["orderId"])
    create_rate = round(stored / (time.perf_counter() - started))
    gc.collect()
    per_order = (rss_mib() - before) * 1024 * 1024 / stored
    result = {"stored_orders": stored, "create_per_s": create_rate, "bytes_per_order": round(per_order)}
    result["get_per_s"] = await rate(app, 5000, lambda i: ("GET", f"{API}/{ids[i % len(ids)]}", b"", auth))
    searches = {
        "by_orderNumber": b'{"filters":[{"name":"orderNumber","value":["N%d"]}]}',
        "by_customerId": b'{"filters":[{"name":"customerId","value":["C%d"]}],"size":5}',
        "no_filter_page0": b'{"page":0,"size":20}',
        "status_and_customer": b'{"filters":[{"name":"status","value":["UNFULFILLED"]},'
                               b'{"name":"customerId","value":["C%d"]}]}',
    }
    for name, template in searches.items():
        body = (lambda t: (lambda i: ("POST", f"{API}/search", t % (i % 1000) if b"%d" in t else t, auth)))(template)
        result[f"search_{name}_per_s"] = await rate(app, 1000, body)
    return result


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))))
