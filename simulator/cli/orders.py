"""`ordersim orders [--vendor V] [--tenant T] [--milestone M]`: the stored orders, one line each."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from simulator.cli.flags import described
from simulator.cli.remote import answer, command, run_with_client
from simulator.cli.table import table, when

if TYPE_CHECKING:
    from simulator.client import SimClient


def register(sub: Any) -> None:
    parser = command(sub, "orders", "list stored orders with their state and milestone", vendor=True)
    parser.add_argument("--milestone", metavar="M", help=described(
        "only orders at this milestone (awaiting_payment, dispatched, picked_up, delivered, or a failure "
        "such as cancelled)", default="every milestone"))
    parser.add_argument("--state", metavar="S", help=described("only orders in this vendor state", default="every state"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    def orders(sim: SimClient) -> int:
        found = sim.orders(tenant=args.tenant, vendor=args.vendor, milestone=args.milestone, state=args.state)
        return answer(args, found, lambda: table(
            ["VENDOR", "TENANT", "ID", "STATE", "MILESTONE", "UPDATED"],
            [[o.vendor, o.tenant, o.id, o.state, o.milestone, when(o.updated_at)] for o in found], empty="no orders"))
    return run_with_client(args, orders)
