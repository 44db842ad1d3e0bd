"""`ordersim order VENDOR ID [--tenant T]`: one order, with its body as the vendor's API shows it."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from simulator.cli.remote import answer, command, run_with_client
from simulator.cli.table import table, when

if TYPE_CHECKING:
    from simulator.client import SimClient


def register(sub: Any) -> None:
    parser = command(sub, "order", "one order: state, milestone, times and the vendor's own body")
    parser.add_argument("vendor", metavar="VENDOR", help="onfleet, tiramizoo, wialon, hypertrack or pitneybowes")
    parser.add_argument("order_id", metavar="ID", help="the id the vendor's API shows (or an alias, e.g. Onfleet's shortId)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    def order(sim: SimClient) -> int:
        found = sim.order(args.vendor, args.order_id, tenant=args.tenant)
        fields: list[list[object]] = [["vendor", found.vendor], ["id", found.id], ["tenant", found.tenant], ["state", found.state],
                  ["milestone", found.milestone], ["created", when(found.created_at)],
                  ["updated", when(found.updated_at)], ["version", found.version]]
        return answer(args, found, lambda: f"{table(['FIELD', 'VALUE'], fields)}\n{found.vendor} body:\n"
                      + json.dumps(found.order, indent=2))
    return run_with_client(args, order)
