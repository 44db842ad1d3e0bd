"""`ordersim order VENDOR ID [--tenant T]`: one order: its state, timeline, the milestones it can
still reach, and its body as the vendor's API shows it. `--json` prints the server's answer whole."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from simulator.cli.remote import answer, command, run_with_client
from simulator.cli.table import table, when

if TYPE_CHECKING:
    from simulator.client import SimClient


def register(sub: Any) -> None:
    parser = command(sub, "order", "one order: state, timeline, reachable milestones and the vendor's own body")
    parser.add_argument("vendor", metavar="VENDOR", help="onfleet, tiramizoo, wialon, hypertrack or pitneybowes")
    parser.add_argument("order_id", metavar="ID", help="the id the vendor's API shows (or an alias, e.g. Onfleet's shortId)")
    parser.set_defaults(run=run)


def describe(found: dict[str, Any]) -> str:
    fields: list[list[object]] = [[name, found.get(key)] for name, key in (
        ("vendor", "vendor"), ("id", "id"), ("tenant", "tenant"), ("state", "state"), ("milestone", "milestone"))]
    fields += [["created", when(found.get("created_at"))], ["updated", when(found.get("updated_at"))],
               ["version", found.get("version")]]
    if "reachable" in found:
        fields.append(["can reach", ", ".join(found["reachable"]) or "nothing (final)"])
    parts = [table(["FIELD", "VALUE"], fields)]
    if found.get("timeline"):
        parts.append(table(["AT", "FROM", "TO", "CAUSE"], [[when(s.get("at")), s.get("previous"), s.get("state"),
                                                           s.get("cause") or ""] for s in found["timeline"]]))
    parts.append(f"{found.get('vendor')} body:\n{json.dumps(found.get('order'), indent=2)}")
    return "\n".join(parts)


def run(args: argparse.Namespace) -> int:
    from simulator.client import calls

    def order(sim: SimClient) -> int:
        call = calls.order(args.vendor, args.order_id, tenant=args.tenant)
        found: dict[str, Any] = sim.send(calls.Call(call.method, call.path, dict[str, Any], params=call.params))
        return answer(args, found, lambda: describe(found))
    return run_with_client(args, order)
