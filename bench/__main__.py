"""`python -m bench [--quick]`: ordersim against a bare Starlette + uvicorn + msgspec app,
measured in one run and reported as ratios against the budget in docs/benchmarks.md. Always exits 0."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

from bench import load, servers, vendor_load
from bench.inproc import per_order
from bench.orders import VENDORS
from bench.report import print_report

TARGETS = {"read": 0.9, "create": 0.7}
PACED_RATE, PACED_P99_MS = 1000, 5.0  # p99 under 5 ms at 1 k req/s, every vendor's read and create
STARTUP_BUDGET_S, MEMORY_BUDGET_MIB, BUDGET_ORDERS = 0.5, 1024, 1_000_000


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--quick", action="store_true", help="one short round and 20k orders (about 30 s)")
    p.add_argument("--generator", choices=["auto", "python", "wrk"], default="auto",
                   help="load generator (auto: wrk if on PATH, else the built-in Python one)")
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--duration", type=float, help="seconds measured per run (default 1.5, quick 1)")
    p.add_argument("--rounds", type=int, help="interleaved baseline/ordersim pairs per case; ratios are the "
                                             "median over pairs (default 4, quick 2)")
    p.add_argument("--orders", type=int, help="orders stored for the memory figure (default 100k, quick 20k)")
    p.add_argument("--million", action="store_true", help="store a real 1 M orders (a minute or two)")
    p.add_argument("--vendor-orders", type=int, help="orders stored per vendor for the bytes-per-order lines "
                                                     "(default 20k, quick 12k: more than the 10k the journal keeps)")
    p.add_argument("--json", metavar="PATH", help="also write the raw results as JSON")
    args = p.parse_args(argv)
    # Many short interleaved pairs rather than a few long runs: on a shared, noisy machine the two
    # halves of a pair see similar conditions, and the median over pairs shrugs off a bad moment.
    args.duration = args.duration or (1.0 if args.quick else 1.5)
    args.rounds = args.rounds or (2 if args.quick else 4)
    args.paced_seconds = 1.0 if args.quick else 2.0
    args.orders = BUDGET_ORDERS if args.million else (args.orders or (20_000 if args.quick else 100_000))
    args.vendor_orders = args.vendor_orders or (12_000 if args.quick else 20_000)
    args.warmup = 0.25
    return args


def wrk_or_python(port: int, target: load.Target, **kwargs) -> load.Result:
    """wrk for what its one fixed request can say; the Python generator for headers and varied bodies."""
    if target.vary or target.headers:
        return load.target_load(port, target, **kwargs)
    return load.wrk_load(port, target.method, target.path, target.body, content_type=target.content_type, **kwargs)


def inproc(*argv: str, module: str = "bench.inproc") -> dict:
    out = subprocess.run([sys.executable, "-m", module, *argv], capture_output=True, text=True,
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


def measure(gen, server: servers.Server, target: load.Target, args) -> load.Result:
    cpu0, t0 = server.cpu_seconds(), time.perf_counter()
    result = gen(server.port, target, connections=args.connections, warmup=args.warmup, duration=args.duration)
    # Server CPU share over warm-up + measurement (the warm-up load is the same, so the share is too).
    result.server_cpu = (server.cpu_seconds() - cpu0) / (time.perf_counter() - t0)
    return result


def measure_case(gen, base: servers.Server, sim: servers.Server, case: vendor_load.Case, args, label: str) -> dict:
    """Interleaved closed-loop pairs (baseline, ordersim) for the ratio, then ordersim alone paced
    at PACED_RATE for its p99."""
    runs: dict[str, list[load.Result]] = {"baseline": [], "ordersim": []}
    targets = {"baseline": (base, case.baseline), "ordersim": (sim, case.ordersim)}
    for server, target in targets.values():  # warm both up, untimed
        load.target_load(server.port, target, connections=args.connections, warmup=0, duration=0.3)
    for r in range(args.rounds):
        order = ["baseline", "ordersim"] if r % 2 == 0 else ["ordersim", "baseline"]  # drift within a pair cancels
        for name in order:
            server, target = targets[name]
            res = measure(gen, server, target, args)
            runs[name].append(res)
            print(f"  {label:20} pair {r + 1}: {name:8} {res.rps:8.0f} req/s  server cpu {res.server_cpu:4.0%}  "
                  f"client cpu {res.client_cpu:4.0%}" + (f"  errors {res.errors}" if res.errors else ""), flush=True)
    paced = load.paced_load(sim.port, case.ordersim, rate=PACED_RATE, duration=args.paced_seconds)
    print(f"  {label:20} paced {PACED_RATE} req/s: p99 {paced.p99_ms:.2f} ms" +
          (f"  errors {paced.errors}" if paced.errors else ""), flush=True)
    pairs = list(zip(runs["baseline"], runs["ordersim"], strict=True))
    per_cpu = [(o.rps / o.server_cpu) / (b.rps / b.server_cpu) for b, o in pairs if o.server_cpu and b.server_cpu]
    kind = label.split()[-1]
    return {"target": TARGETS[kind], "ratio": statistics.median(o.rps / b.rps for b, o in pairs),
            "ratio_rounds": [o.rps / b.rps for b, o in pairs],
            "ratio_per_cpu": statistics.median(per_cpu) if per_cpu else None, "body_bytes": case.body_bytes,
            "paced_p99_ms": paced.p99_ms, "paced_errors": paced.errors,
            **{name: _summary(rs) for name, rs in runs.items()}}


def main(argv=None) -> int:
    args = parse_args(argv)
    pinned = servers.pin_self(servers.CLIENT_CPU)
    if args.generator == "auto":
        args.generator = "wrk" if load.wrk_path() else "python"
    gen = wrk_or_python if args.generator == "wrk" else load.target_load
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
        # -- requests: every vendor's read and create against the baseline's same-size body --------
        cases = vendor_load.prepare(vendor_load.Client(sim.base))
        results["load"] = {}
        pressure0 = cpu_pressure()
        for vendor, kinds in cases.items():
            for kind, case in kinds.items():
                results["load"].setdefault(vendor, {})[kind] = measure_case(gen, base, sim, case, args, f"{vendor} {kind}")
        results["cpu_pressure"] = cpu_pressure_share(pressure0)
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
    print("  server CPU per request, in-process through uvicorn's protocol ...", flush=True)
    results["cpu"] = inproc(*(("2", "1000") if args.quick else ("5", "2000")), module="bench.cpu")
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
