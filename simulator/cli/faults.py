"""`ordersim faults add --status N [...]`: make matching vendor requests fail (in the vendor's own
error envelope) or answer late; `faults list`; `faults clear [--id ID]`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from simulator.cli.flags import command_parser, described
from simulator.cli.remote import add_common_flags, answer, run_with_client
from simulator.cli.table import table

if TYPE_CHECKING:
    from simulator.client import SimClient


def register(sub: Any) -> None:
    parser = command_parser(sub, "faults", "inject vendor errors and delays: faults add | list | clear")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = command_parser(actions, "add", "make matching vendor requests fail or answer late")
    add.add_argument("--status", type=int, required=True, metavar="N", help=described(
        "HTTP status to answer, 400-599 (0 with --delay-ms: answer normally, but late)", default="required"))
    add.add_argument("--count", type=int, metavar="N", help=described("how many requests to fail", default="until cleared"))
    add.add_argument("--delay-ms", dest="delay_ms", type=int, metavar="N", help=described(
        "milliseconds to wait before answering", default=0))
    add.add_argument("--method", metavar="M", help=described("only this HTTP method, e.g. POST", default="every method"))
    add.add_argument("--path", metavar="P", help=described(
        "only paths starting with this, e.g. /tiramizoo/v1/orders", default="every path"))
    add_common_flags(add, vendor=True)
    add.set_defaults(run=run_add)
    listing = command_parser(actions, "list", "the fault rules in force")
    add_common_flags(listing, tenant=False)
    listing.set_defaults(run=run_list)
    clear = command_parser(actions, "clear", "remove fault rules")
    clear.add_argument("--id", dest="fault_id", metavar="ID", help=described("remove only this rule", default="every rule"))
    add_common_flags(clear, tenant=False)
    clear.set_defaults(run=run_clear)


def run_add(args: argparse.Namespace) -> int:
    def add(sim: SimClient) -> int:
        rule = sim.add_fault(status=args.status, vendor=args.vendor, method=args.method, path=args.path,
                             count=args.count, delay_ms=args.delay_ms, tenant=args.tenant)
        return answer(args, rule, lambda: f"added fault {rule.id}\n{rules_table([rule])}")
    return run_with_client(args, add)


def rules_table(rules: list[Any]) -> str:
    return table(["ID", "STATUS", "COUNT", "DELAY MS", "TENANT", "VENDOR", "METHOD", "PATH"],
                 [[r.id, r.status, "until cleared" if r.count is None else r.count, r.delay_ms, r.tenant or "*",
                   r.vendor or "*", r.method or "*", r.path or "*"] for r in rules], empty="no fault rules")


def run_list(args: argparse.Namespace) -> int:
    def listing(sim: SimClient) -> int:
        rules = sim.faults()
        return answer(args, rules, lambda: rules_table(rules))
    return run_with_client(args, listing)


def run_clear(args: argparse.Namespace) -> int:
    def clear(sim: SimClient) -> int:
        removed = sim.clear_faults(args.fault_id)
        return answer(args, {"removed": removed}, lambda: f"removed {removed} fault rule{'' if removed == 1 else 's'}")
    return run_with_client(args, clear)
