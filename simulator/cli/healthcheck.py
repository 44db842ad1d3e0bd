"""`ordersim healthcheck`: exit 0 if the server answers healthy, else 1 (a container HEALTHCHECK)."""

from __future__ import annotations

import argparse
import sys
import urllib.request
from typing import Any

from simulator.cli.flags import add_url_flag, command_parser, described
from simulator.server_url import resolve_base_url


def register(sub: Any) -> None:
    parser = command_parser(sub, "healthcheck", "exit 0 if the server answers healthy, else 1",
                            "Ask GET /_sim/health; exit 0 when the server answers healthy, 1 otherwise\n"
                            "(what a container HEALTHCHECK runs).")
    add_url_flag(parser)
    parser.add_argument("--timeout", type=float, default=2.0, metavar="SECONDS",
                        help=described("seconds to wait for an answer", default=2.0))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return healthcheck(resolve_base_url(args.url), args.timeout)


def healthcheck(url: str, timeout: float) -> int:
    target = url.rstrip("/") + "/_sim/health"
    try:
        with urllib.request.urlopen(target, timeout=timeout) as resp:
            ok = resp.status == 200 and b'"ok"' in resp.read()
    except Exception as exc:  # any failure to get an answer is "unhealthy", said in one line
        print(f"unhealthy: {target}: {getattr(exc, 'reason', exc)}", file=sys.stderr)
        return 1
    print(f"healthy: {target}" if ok else f"unhealthy: {target}")
    return 0 if ok else 1
