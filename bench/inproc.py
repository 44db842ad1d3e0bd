"""In-process measurements, each run in a fresh interpreter (`python -m bench.inproc ...`) that
prints one JSON line: import + create_app() time (`startup`), memory for N stored Tiramizoo orders
created through the real ASGI app (middleware, route, engine) without sockets (`memory N`), and the
same for any vendor's typical order from bench/orders.py (`vendor NAME N`)."""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import time

T0 = time.perf_counter()

TOKEN = "bench"
QUOTE_REQUEST = (b'{"pickup":{"address_line_1":"Im Dol 1","city":"Berlin","postal_code":"14195","country_code":"de"},'
                 b'"delivery":{"address_line_1":"Thujaweg 1","address_line_2":"Ground floor","city":"Berlin",'
                 b'"postal_code":"12437","country_code":"de"},'
                 b'"items":[{"width":2,"height":8.2,"length":5,"weight":2},'
                 b'{"width":20.5,"height":82,"length":50,"weight":7.9,"quantity":42}]}')


def order_body(quote: bytes) -> bytes:
    """The create body every benchmark sends: the quote echoed back plus the usual people."""
    return (b'{"quote":' + quote + b',"pickup":{"name":"Alice Icealay","phone_number":"+491234567890"},'
            b'"delivery":{"name":"Bob Obbay","email":"bob@obbay.de"},"description":"rubber chickens"}')


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def call(app, method: str, path: str, query: bytes = b"", body: bytes = b"",
               headers=()) -> tuple[int, bytes]:
    """One request straight into the ASGI app."""
    out = {"status": 0, "body": []}
    sent = False

    async def receive():
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
        elif message["type"] == "http.response.body":
            out["body"].append(message.get("body", b""))

    headers = [(b"host", b"127.0.0.1"), *headers]
    if not any(key == b"content-type" for key, _ in headers):
        headers.append((b"content-type", b"application/json"))
    if body:
        headers.append((b"content-length", str(len(body)).encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": query, "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 8080)}
    await app(scope, receive, send)
    return out["status"], b"".join(out["body"])


def startup() -> dict:
    from simulator.app import create_app
    from simulator.settings import Settings
    imported = time.perf_counter()
    create_app(Settings(clock="manual", seed=1))
    built = time.perf_counter()
    return {"import_s": imported - T0, "create_app_s": built - imported}


async def _memory(n: int, checkpoints: int) -> dict:
    import msgspec

    from simulator.app import create_app
    from simulator.settings import Settings

    # Room for the warm-up order too (--max-orders is 1 M per tenant by default).
    app = create_app(Settings(clock="manual", seed=1, max_orders=max(n + 1, 1_000_000)))
    query = f"api_token={TOKEN}".encode()
    status, quotes = await call(app, "POST", "/tiramizoo/v1/quotes", query, QUOTE_REQUEST)
    assert status == 200, quotes
    template = order_body(msgspec.json.encode(msgspec.json.decode(quotes)[0]))
    # Warm the path (first tenant, first order) before the baseline reading.
    status, first = await call(app, "POST", "/tiramizoo/v1/orders", query, bytes(bytearray(template)))
    assert status == 201, first
    gc.collect()
    gc.freeze()  # what `ordersim serve` does before serving (simulator/cli/serve.py): start-up is out of the GC's sight
    rss0, points = rss_mib(), []
    started = time.perf_counter()
    step = max(1, n // checkpoints)
    for i in range(1, n + 1):
        # A fresh bytes object per request, as a socket would deliver it.
        status, _ = await call(app, "POST", "/tiramizoo/v1/orders", query, bytes(bytearray(template)))
        if status != 201:
            raise RuntimeError(f"create {i} answered {status}")
        if i % step == 0:
            points.append((i, rss_mib() - rss0))
    create_s = time.perf_counter() - started
    gc_started = time.perf_counter()
    gc.collect()
    full_gc_ms = (time.perf_counter() - gc_started) * 1000
    engine = app.state.engine
    tenant = engine.tenants.find(TOKEN)
    stored = tenant.orders.count("tiramizoo")
    uuid = msgspec.json.decode(first)["uuid"]
    reads, started = 20_000, time.perf_counter()
    for _ in range(reads):
        await call(app, "GET", f"/tiramizoo/v1/orders/{uuid}", query)
    read_s = time.perf_counter() - started
    snap = _snapshot_cost(app)
    return {**snap, "orders": stored, "base_rss_mib": rss0, "rss_growth_mib": points[-1][1], "points": points,
            "body_bytes": len(template),
            "create_us": create_s / n * 1e6, "read_us": read_s / reads * 1e6, "full_gc_ms": full_gc_ms,
            "gc_tracked_objects": len(gc.get_objects())}


def _snapshot_cost(app) -> dict:
    """Take the whole snapshot (GET /_sim/snapshot's work) and restore it into a fresh app (POST's)."""
    from simulator.app import create_app
    from simulator.control import snapshot
    from simulator.settings import Settings

    started = time.perf_counter()
    doc = snapshot.take(app.state.control)
    take_s = time.perf_counter() - started
    fresh = create_app(Settings(clock="manual", seed=1))
    started = time.perf_counter()
    restored = snapshot.restore(fresh.state.control, doc)
    restore_s = time.perf_counter() - started
    assert restored and fresh.state.engine.tenants.find(TOKEN).orders.count("tiramizoo") > 0
    return {"snapshot_s": take_s, "restore_s": restore_s, "snapshot_mib": len(doc) / 2**20}


def memory(n: int, checkpoints: int = 10) -> dict:
    return asyncio.run(_memory(n, checkpoints))


async def _vendor_memory(vendor: str, n: int, checkpoints: int) -> dict:
    from bench.orders import CREATORS, make_app

    app = make_app(max_orders=max(n + 1, 1_000_000))
    create = await CREATORS[vendor](app)
    await create(0)  # warm the path (first tenant, first order) before the baseline reading
    gc.collect()
    rss0, points, step = rss_mib(), [], max(1, n // checkpoints)
    for i in range(1, n + 1):
        await create(i)
        if i % step == 0:
            points.append((i, rss_mib() - rss0))
    return {"vendor": vendor, "orders": n + 1, "base_rss_mib": rss0, "rss_growth_mib": points[-1][1],
            "points": points}


def vendor_memory(vendor: str, n: int, checkpoints: int = 10) -> dict:
    return asyncio.run(_vendor_memory(vendor, n, checkpoints))


def per_order(mem: dict, budget_orders: int = 1_000_000) -> tuple[float, float]:
    """(bytes per order, projected MiB at budget_orders) from a memory run's checkpoints: the slope
    once the bounded request journal (10,000 entries by default) and event ring are full (and over
    the second half at least), extrapolated."""
    from simulator.settings import Settings

    points = mem["points"]
    full = Settings().journal_size
    half = [p for p in points[len(points) // 2:] if p[0] >= full] or points[len(points) // 2:]
    if len(half) > 1:
        slope = (half[-1][1] - half[0][1]) / max(1, half[-1][0] - half[0][0])
    else:
        slope = mem["rss_growth_mib"] / mem["orders"]
    projected = mem["base_rss_mib"] + mem["rss_growth_mib"] + slope * max(0, budget_orders - mem["orders"])
    return slope * 1024 * 1024, projected


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "startup":
        result = startup()
    elif what == "vendor":
        result = vendor_memory(sys.argv[2], int(sys.argv[3]))
    else:
        result = memory(int(sys.argv[2]))
    print(json.dumps(result))
