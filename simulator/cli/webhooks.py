"""`ordersim webhooks [--tenant T] [--vendor V] [--follow]`: the webhook delivery log, one line per
delivery; `--follow` keeps printing a line whenever a delivery appears or gets another attempt."""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING, Any

from simulator.cli.flags import described
from simulator.cli.remote import answer, command, print_json, run_with_client
from simulator.cli.stream import following, until_interrupted
from simulator.cli.table import table, when

if TYPE_CHECKING:
    from simulator.client import SimClient
    from simulator.client.models import Delivery

POLL_S = 0.5
HEADERS = ["ID", "TENANT", "VENDOR", "ORDER", "EVENT", "STATE", "ATTEMPTS", "LAST", "URL"]


def register(sub: Any) -> None:
    parser = command(sub, "webhooks", "the webhook delivery log (--follow: keep watching)", vendor=True)
    parser.add_argument("--follow", action="store_true", help=described(
        "keep running and print each new delivery or attempt until Ctrl-C", default="print once and exit"))
    parser.set_defaults(run=run)


def last_outcome(delivery: Delivery) -> str:
    if not delivery.attempts:
        return ""
    attempt = delivery.attempts[-1]
    return str(attempt.status) if attempt.status is not None else f"error: {attempt.error}"


def row(d: Delivery) -> list[object]:
    return [d.id, d.tenant, d.vendor, d.order_id or "", d.event, d.state, len(d.attempts), last_outcome(d), d.url]


def run(args: argparse.Namespace) -> int:
    def once(sim: SimClient) -> int:
        found = sim.webhooks(tenant=args.tenant, vendor=args.vendor)
        return answer(args, found, lambda: table(HEADERS, [row(d) for d in found], empty="no deliveries"))

    def follow(sim: SimClient) -> int:
        seen: dict[str, tuple[str, int]] = {}
        following("webhook deliveries", sim)()
        while True:
            for d in sim.webhooks(tenant=args.tenant, vendor=args.vendor):
                if seen.get(d.id) == (d.state, len(d.attempts)):
                    continue
                seen[d.id] = (d.state, len(d.attempts))
                if args.json:
                    print_json(d, lines=True)
                else:
                    at = when(d.attempts[-1].at) if d.attempts else when(d.created_at)
                    print("  ".join([at, *(str(c) for c in row(d))]), flush=True)
            time.sleep(POLL_S)

    if args.follow:
        return until_interrupted(lambda: run_with_client(args, follow))
    return run_with_client(args, once)
