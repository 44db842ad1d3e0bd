"""`ordersim advance VENDOR ID TO [--tenant T]`: walk an order along its legal path to a vendor state
or a milestone (every step's events and webhooks fire) and print the path walked."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from simulator.cli.remote import answer, command, run_with_client

if TYPE_CHECKING:
    from simulator.client import SimClient


def register(sub: Any) -> None:
    parser = command(sub, "advance", "move an order to a state or milestone along its legal path")
    parser.add_argument("vendor", metavar="VENDOR", help="onfleet, tiramizoo, wialon, hypertrack or pitneybowes")
    parser.add_argument("order_id", metavar="ID", help="the id the vendor's API shows")
    parser.add_argument("to", metavar="TO", help="a vendor state (e.g. tiramizoo's picked_up) or a milestone "
                                                 "(awaiting_payment, dispatched, picked_up, delivered, cancelled, ...)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    def advance(sim: SimClient) -> int:
        before = sim.order(args.vendor, args.order_id, tenant=args.tenant)
        after = sim.advance_order(args.vendor, args.order_id, args.to, tenant=args.tenant or before.tenant)
        walked = " -> ".join([before.state, *after.path]) if after.path else f"already {after.state}"
        return answer(args, after, lambda: f"{after.vendor} {after.id}: {walked} (milestone {after.milestone})")
    return run_with_client(args, advance)
