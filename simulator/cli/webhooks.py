"""`ordersim webhooks [--tenant T] [--vendor V] [--follow]`: the webhook delivery log, one line per
delivery; `--follow` then keeps printing a line whenever a delivery is queued or attempted (the
server's `delivery` events), until Ctrl-C."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from simulator.cli.flags import described
from simulator.cli.remote import answer, command, print_json, run_with_client
from simulator.cli.stream import following, server_events, until_interrupted
from simulator.cli.table import table, when

if TYPE_CHECKING:
    from simulator.client import SimClient
    from simulator.client.models import Delivery

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


def as_change(d: Delivery) -> dict[str, Any]:
    """A logged delivery in the shape of the server's `delivery` event (its latest change)."""
    last = d.attempts[-1] if d.attempts else None
    return {"delivery_id": d.id, "tenant": d.tenant, "vendor": d.vendor, "order_id": d.order_id, "event": d.event,
            "url": d.url, "state": d.state, "attempts": len(d.attempts), "status": last.status if last else None,
            "error": last.error if last else None, "next_attempt_at": d.next_attempt_at, "channel": d.channel,
            "at": last.at if last else d.created_at}


def run(args: argparse.Namespace) -> int:
    def once(sim: SimClient) -> int:
        found = sim.webhooks(tenant=args.tenant, vendor=args.vendor)
        return answer(args, found, lambda: table(HEADERS, [row(d) for d in found], empty="no deliveries"))

    def follow(sim: SimClient) -> int:
        seen: set[tuple[str, str, int]] = set()  # (delivery, state, attempts): the log and the stream overlap

        def show(change: dict[str, Any]) -> None:
            key = (change["delivery_id"], change["state"], change["attempts"])
            if key in seen:
                return
            seen.add(key)
            if args.json:
                print_json(change, lines=True)
                return
            last = "" if not change["attempts"] else change["status"] or f"error: {change['error']}"
            print("  ".join(str(c) for c in [when(change["at"]), change["delivery_id"], change["tenant"], change["vendor"],
                                             change["order_id"] or "", change["event"], change["state"],
                                             change["attempts"], last, change["url"]]), flush=True)

        def replay_log() -> None:
            following("webhook deliveries", sim)()
            for d in sim.webhooks(tenant=args.tenant, vendor=args.vendor):
                show(as_change(d))

        for change in server_events(sim, args.tenant, args.vendor, "delivery", on_open=replay_log):
            show(change)
        return 0

    if args.follow:
        return until_interrupted(lambda: run_with_client(args, follow))
    return run_with_client(args, once)
