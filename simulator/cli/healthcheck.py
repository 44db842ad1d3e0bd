"""`ordersim healthcheck`: exit 0 if the server answers healthy, else 1 (a container HEALTHCHECK)."""

from __future__ import annotations

import argparse
import sys
import urllib.request

from simulator.server_url import resolve_base_url


def register(sub) -> None:
    parser = sub.add_parser("healthcheck", help="exit 0 if the server answers healthy, else 1")
    parser.add_argument("--url", help="server base URL (default: $ORDERSIM_URL, else "
                                      "http://$ORDERSIM_HOST:$ORDERSIM_PORT, else http://127.0.0.1:8080)")
    parser.add_argument("--timeout", type=float, default=2.0, help="seconds to wait for an answer (default 2)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return healthcheck(resolve_base_url(args.url), args.timeout)


def healthcheck(url: str, timeout: float) -> int:
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/_sim/health", timeout=timeout) as resp:
            ok = resp.status == 200 and b'"ok"' in resp.read()
    except Exception as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    print("healthy" if ok else "unhealthy")
    return 0 if ok else 1
