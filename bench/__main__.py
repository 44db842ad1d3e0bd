"""`python -m bench [--quick]`: ordersim against a bare Starlette + uvicorn + msgspec app,
measured in one run and reported as ratios against the budget in docs/benchmarks.md. Always exits 0."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import urllib.request

from bench import load, servers
from bench.inproc import QUOTE_REQUEST, TOKEN, order_body, per_order
from bench.orders import VENDORS
from bench.report import print_report

TARGETS = {"read": 0.8, "create": 0.6}
STARTUP_BUDGET_S, MEMORY_BUDGET_MIB, BUDGET_ORDERS = 0.5, 1024, 1_000_000


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--quick", action="store_true", help="one short round and 20k orders (about 30 s)")
    p.add_argument("--generator", choices=["auto", "python", "wrk"], default="auto",
                   help="load generator (auto: wrk if on PATH, else the built-in Python one)")
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--duration", type=float, help="seconds measured per run (default 1.5, quick 1)")
    p.add_argument("--rounds", type=int, help="interleaved baseline/ordersim pairs per case; ratios are the "
                                             "median over pairs (default 8, quick 3)")
    p.add_argument("--orders", type=int, help="orders stored for the memory figure (default 100k, quick 20k)")
    p.add_argument("--million", action="store_true", help="store a real 1 M orders (a minute or two)")
    p.add_argument("--vendor-orders", type=int, help="orders stored per vendor for the bytes-per-order lines "
                                                     "(default 20k, quick 12k: more than the 10k the journal keeps)")
    p.add_argument("--json", metavar="PATH", help="also write the raw results as JSON")
    args = p.parse_args(argv)
    # Many short interleaved pairs rather than a few long runs: on a shared, noisy machine the two
    # halves of a pair see similar conditions, and the median over pairs shrugs off a bad moment.
    args.duration = args.duration or (1.0 if args.quick else 1.5)
    args.rounds = args.rounds or (3 if args.quick else 8)
    args.orders = BUDGET_ORDERS if args.million else (args.orders or (20_000 if args.quick else 100_000))
    args.vendor_orders = args.vendor_orders or (12_000 if args.quick else 20_000)
    args.warmup = 0.25
    return args


def http(method: str, url: str, body: bytes | None = None) -> bytes:
    req = urllib.request.Request(url, data=body, method=method, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.read()


def inproc(*argv: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.inproc", *argv], capture_output=True, text=True,
                         cwd=servers.ROOT, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def cpu_pressure() -> tuple[float, int] | None:
    """(wall time, total µs some task waited for a CPU) from Linux PSI, to show how busy the machine was."""
    try:
        with open("/proc/pressure/cpu") as f:
            return time.perf_counter(), int(f.readline().rsplit("total=", 1)[1])
    except (OSError, IndexError, ValueError):
        return None


def cpu_pressure_share(start) -> float | None:
    end = cpu_pressure()
    if start is None or end is None:
        return None
    return (end[1] - start[1]) / 1e6 / (end[0] - start[0])


def measure(gen, server: servers.Server, method, path, body, args) -> load.Result:
    cpu0, t0 = server.cpu_seconds(), time.perf_counter()
    result = gen(server.port, method, path, body, connections=args.connections, warmup=args.warmup,
                 duration=args.duration)
    # Server CPU share over warm-up + measurement (the warm-up load is the same, so the share is too).
    result.server_cpu = (server.cpu_seconds() - cpu0) / (time.perf_counter() - t0)
    return result


def main(argv=None) -> int:
    args = parse_args(argv)
    pinned = servers.pin_self(servers.CLIENT_CPU)
    if args.generator == "auto":
        args.generator = "wrk" if load.wrk_path() else "python"
    gen = load.wrk_load if args.generator == "wrk" else load.python_load
    results: dict = {"generator": args.generator, "pinned": pinned, "connections": args.connections,
                     "duration_s": args.duration, "rounds": args.rounds, "python": sys.version.split()[0]}
    print(f"ordersim bench: generator={args.generator} connections={args.connections} "
          f"{args.rounds}x{args.duration:g}s runs, server on cpu {servers.SERVER_CPU}, "
          f"client on cpu {servers.CLIENT_CPU}" + ("" if pinned else " (NOT pinned: fewer than 2 cores)"),
          flush=True)

    # -- start-up -----------------------------------------------------------------------
    spawns = 1 if args.quick else 3
    startup = []
    for i in range(spawns):
        server = servers.ordersim().start()
        startup.append(server.startup_s)
        if i < spawns - 1:
            server.stop()
    sim = server
    base = servers.baseline().start()
    results["startup"] = {"spawn_to_healthy_s": statistics.median(startup), "baseline_spawn_s": base.startup_s,
                          **{k: statistics.median(v) for k, v in
                             zip(("import_s", "create_app_s"),
                                 zip(*[inproc("startup").values() for _ in range(spawns)], strict=False), strict=False)}}
    try:
        # -- requests -------------------------------------------------------------------
        q = f"?api_token={TOKEN}"
        quote = json.loads(http("POST", f"{sim.base}/tiramizoo/v1/quotes{q}", QUOTE_REQUEST))[0]
        create_body = order_body(json.dumps(quote, separators=(",", ":")).encode())
        uuid = json.loads(http("POST", f"{sim.base}/tiramizoo/v1/orders{q}", create_body))["uuid"]
        http("POST", f"{base.base}/orders", create_body)
        cases = {
            "read": {"baseline": ("GET", "/orders/00000000-0000-4000-8000-000000000000", None),
                     "ordersim": ("GET", f"/tiramizoo/v1/orders/{uuid}{q}", None)},
            "create": {"baseline": ("POST", "/orders", create_body),
                       "ordersim": ("POST", f"/tiramizoo/v1/orders{q}", create_body)},
        }
        runs = {kind: {"baseline": [], "ordersim": []} for kind in cases}
        pressure0 = cpu_pressure()
        for kind, targets in cases.items():
            for name, server in (("baseline", base), ("ordersim", sim)):  # warm both up, untimed
                load.python_load(server.port, *targets[name], connections=args.connections, warmup=0, duration=0.5)
            for r in range(args.rounds):
                order = [("baseline", base), ("ordersim", sim)]
                if r % 2:
                    order.reverse()  # alternate who goes first, so drift within a pair cancels out
                for name, server in order:
                    res = measure(gen, server, *targets[name], args)
                    runs[kind][name].append(res)
                    print(f"  {kind:6} pair {r + 1}: {name:8} {res.rps:8.0f} req/s  p99 {res.p99_ms or 0:6.2f} ms  "
                          f"server cpu {res.server_cpu:4.0%}  client cpu {res.client_cpu:4.0%}"
                          + (f"  errors {res.errors}" if res.errors else ""), flush=True)
        results["cpu_pressure"] = cpu_pressure_share(pressure0)
        results["load"] = {}
        for kind, by_server in runs.items():
            per_round = [o.rps / b.rps for b, o in zip(by_server["baseline"], by_server["ordersim"], strict=False)]
            per_cpu = [(o.rps / o.server_cpu) / (b.rps / b.server_cpu)
                       for b, o in zip(by_server["baseline"], by_server["ordersim"], strict=False) if o.server_cpu and b.server_cpu]
            results["load"][kind] = {
                "target": TARGETS[kind], "ratio": statistics.median(per_round), "ratio_rounds": per_round,
                "ratio_per_cpu": statistics.median(per_cpu) if per_cpu else None,
                **{name: _summary(rs) for name, rs in by_server.items()}}
        results["server_after_load"] = {"ordersim_rss_mib": sim.rss_mib(), "baseline_rss_mib": base.rss_mib()}
    finally:
        sim.stop()
        base.stop()

    # -- memory -----------------------------------------------------------------------------
    print(f"  storing {args.orders:,} Tiramizoo orders in-process ...", flush=True)
    mem = inproc("memory", str(args.orders))
    mem["bytes_per_order"], mem["projected_1m_mib"] = per_order(mem, BUDGET_ORDERS)
    results["memory"] = mem
    print(f"  storing {args.vendor_orders:,} orders of each vendor in-process ...", flush=True)
    results["memory_per_vendor"] = {}
    for vendor in VENDORS:
        vm = inproc("vendor", vendor, str(args.vendor_orders))
        vm["bytes_per_order"], vm["projected_1m_mib"] = per_order(vm, BUDGET_ORDERS)
        results["memory_per_vendor"][vendor] = vm
    results["budgets"] = {"startup_s": STARTUP_BUDGET_S, "memory_mib": MEMORY_BUDGET_MIB}
    print_report(results)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2, default=vars)
    return 0


def _summary(rs: list[load.Result]) -> dict:
    med = lambda xs: statistics.median(xs) if xs else None  # noqa: E731
    return {"rps": med([r.rps for r in rs]), "p50_ms": med([r.p50_ms for r in rs if r.p50_ms is not None]),
            "p99_ms": med([r.p99_ms for r in rs if r.p99_ms is not None]), "errors": sum(r.errors for r in rs),
            "server_cpu": med([r.server_cpu for r in rs]), "client_cpu": max(r.client_cpu for r in rs)}


if __name__ == "__main__":
    sys.exit(main())
