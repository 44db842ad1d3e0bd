"""The compact table `python -m bench` prints."""

from __future__ import annotations


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _ms(x) -> str:
    return f"{x:.2f}" if x is not None else "-"


SNAPSHOT_BUDGET_S, RESTORE_BUDGET_S = 2.0, 3.0  # issue 14: 100 k stored orders


def print_report(r: dict) -> None:
    print()
    print(f"{'':22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'srv cpu':>9}{'cli cpu':>9}")
    labels = {"read": ("baseline GET", "tiramizoo read"), "create": ("baseline POST", "tiramizoo create")}
    for kind, res in r.get("load", {}).items():
        for name, label in zip(("baseline", "ordersim"), labels[kind], strict=False):
            s = res[name]
            print(f"{label:22}{s['rps']:9.0f}{_ms(s['p50_ms']):>9}{_ms(s['p99_ms']):>9}"
                  f"{s['server_cpu']:9.0%}{s['client_cpu']:9.0%}" + (f"  errors {s['errors']}" if s["errors"] else ""))
    print()
    print(f"{'budget':34}{'measured':>12}{'target':>10}")
    for kind, res in r.get("load", {}).items():
        pairs = sorted(res["ratio_rounds"])
        print(f"{kind + ' ratio, req/s':34}{res['ratio']:11.2f}x{'>= ' + str(res['target']):>10}  "
              f"{_verdict(res['ratio'] >= res['target'])}  (median of {len(pairs)} pairs, "
              f"range {pairs[0]:.2f}-{pairs[-1]:.2f})")
        if res["ratio_per_cpu"]:
            print(f"{kind + ' ratio, req per server CPU-s':34}{res['ratio_per_cpu']:11.2f}x"
                  f"{'>= ' + str(res['target']):>10}  {_verdict(res['ratio_per_cpu'] >= res['target'])}  "
                  "(the better estimate when the server got less than its whole core)")
    st, b = r["startup"], r["budgets"]
    print(f"{'start-up: spawn to healthy':34}{st['spawn_to_healthy_s']:11.3f}s{'< ' + str(b['startup_s']):>10}  "
          f"{_verdict(st['spawn_to_healthy_s'] < b['startup_s'])}  (bare app {st['baseline_spawn_s']:.3f} s; "
          f"imports {st['import_s']:.3f} s, create_app() {st['create_app_s']:.3f} s)")
    m = r["memory"]
    label = "RSS with 1 M orders" + (" (projected)" if m["orders"] < 1_000_000 else "")
    print(f"{label:34}{m['projected_1m_mib']:9.0f} MiB{'< ' + str(b['memory_mib']):>10}  "
          f"{_verdict(m['projected_1m_mib'] < b['memory_mib'])}  ({m['orders']:,} stored: +{m['rss_growth_mib']:.0f} MiB, "
          f"{m['bytes_per_order']:.0f} B/order, create body {m['body_bytes']} B)")
    print(f"{'in-process (ASGI, no sockets)':34}  create {m['create_us']:.0f} us, read {m['read_us']:.0f} us, "
          f"full gc.collect() {m['full_gc_ms']:.1f} ms with {m['orders']:,} orders "
          f"({m['gc_tracked_objects']:,} gc-tracked objects)")
    for vendor, vm in r.get("memory_per_vendor", {}).items():
        print(f"{'RSS with 1 M ' + vendor + ' (proj.)':34}{vm['projected_1m_mib']:9.0f} MiB{'< ' + str(b['memory_mib']):>10}  "
              f"{_verdict(vm['projected_1m_mib'] < b['memory_mib'])}  ({vm['orders']:,} stored: "
              f"+{vm['rss_growth_mib']:.0f} MiB, {vm['bytes_per_order']:.0f} B/order)")
    if "snapshot_s" in m:
        scale = 100_000 / max(1, m["orders"])  # the budget is for 100 k orders; linear in the store
        for what, seconds, budget in (("take", m["snapshot_s"], SNAPSHOT_BUDGET_S),
                                      ("restore", m["restore_s"], RESTORE_BUDGET_S)):
            at_100k = seconds * scale
            print(f"{'snapshot ' + what + ', 100 k orders':34}{at_100k:11.2f}s{'< ' + str(budget):>10}  "
                  f"{_verdict(at_100k < budget)}  ({m['orders']:,} stored: {seconds:.2f} s, "
                  f"document {m['snapshot_mib']:.0f} MiB)")
    after = r.get("server_after_load")
    if after:
        print(f"{'server RSS after load runs':34}  ordersim {after['ordersim_rss_mib']:.0f} MiB, "
              f"baseline {after['baseline_rss_mib']:.0f} MiB")
    client = max((res[n]["client_cpu"] for res in r.get("load", {}).values() for n in ("baseline", "ordersim")),
                 default=0)
    if r.get("cpu_pressure") is not None:
        print(f"\nmachine: some task waited for a CPU {r['cpu_pressure']:.0%} of the load phase (Linux PSI); "
              "other work on the box makes absolute req/s noisy, ratios less so")
    print(f"load generator: {r['generator']}, peak client CPU {client:.0%} of its core "
          f"({'not the bottleneck' if client < 0.8 else 'MAY BE THE BOTTLENECK: ratios are suspect'})")
