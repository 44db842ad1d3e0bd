"""`ordersim clock [--tenant T]`: show clocks; `clock advance DURATION`: move them forward, running
every due transition and webhook; `clock set --mode M [--speed X]`: switch mode or speed."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING, Any

from simulator.cli.flags import command_parser, described
from simulator.cli.remote import add_common_flags, answer, command, run_with_client
from simulator.cli.table import number, table, when
from simulator.settings import CLOCK_MODES

if TYPE_CHECKING:
    from simulator.client import SimClient
    from simulator.client.models import Clock

UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
DURATION = re.compile(r"(\d+(?:\.\d+)?)([smhd]?)")


def duration(text: str) -> float:
    """`300`, `90s`, `5m`, `2h`, `1d` -> seconds."""
    match = DURATION.fullmatch(text.strip().lower())
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration; expected e.g. 300, 90s, 5m, 2h or 1d")
    return float(match.group(1)) * UNITS[match.group(2)]


def register(sub: Any) -> None:
    parser = command(sub, "clock", "show, advance or set the simulated clocks",
                     "Without an action: show the clocks (one tenant's with --tenant, else the default for\n"
                     "new tenants and every tenant's). Actions: advance DURATION, set --mode M [--speed X].")
    parser.set_defaults(run=show)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    advance = command_parser(actions, "advance", "move clocks forward, running every due transition and webhook")
    advance.add_argument("seconds", metavar="DURATION", type=duration,
                         help="how far: 300 (seconds), 90s, 5m, 2h or 1d")
    add_common_flags(advance, nested=True)
    advance.set_defaults(run=run_advance)
    change = command_parser(actions, "set", "switch clocks to another mode or speed")
    change.add_argument("--mode", required=True, choices=CLOCK_MODES, help=described(
        "manual (moves only when advanced), realtime, or scaled (--speed simulated seconds per second)",
        default="required"))
    change.add_argument("--speed", type=float, metavar="X", help=described(
        "simulated seconds per wall second", default="unchanged"))
    add_common_flags(change, nested=True)
    change.set_defaults(run=run_set)


def rows(clocks: dict[str, Clock], *extra: str) -> list[list[object]]:
    return [[name, c.mode, number(c.speed), when(c.now)] + [getattr(c, field) for field in extra]
            for name, c in clocks.items()]


def show(args: argparse.Namespace) -> int:
    def clocks(sim: SimClient) -> int:
        if args.tenant:
            one = sim.clock(args.tenant)
            return answer(args, one, lambda: table(["TENANT", "MODE", "SPEED", "NOW", "PENDING JOBS"],
                                                   rows({one.tenant or args.tenant: one}, "pending_jobs")))
        every = sim.clocks()
        scaled = f" x{number(every.default.speed)}" if every.default.mode == "scaled" else ""
        return answer(args, every, lambda: f"default for new tenants: {every.default.mode}{scaled}\n"
                      + table(["TENANT", "MODE", "SPEED", "NOW"], rows(every.tenants), empty="no tenants yet"))
    return run_with_client(args, clocks)


def run_advance(args: argparse.Namespace) -> int:
    def advance(sim: SimClient) -> int:
        moved = sim.advance(args.seconds, tenant=args.tenant)
        return answer(args, moved, lambda: f"advanced {number(args.seconds)} s\n" + table(
            ["TENANT", "MODE", "SPEED", "NOW", "JOBS RUN"], rows(moved, "jobs_run"), empty="no tenants yet"))
    return run_with_client(args, advance)


def run_set(args: argparse.Namespace) -> int:
    def change(sim: SimClient) -> int:
        changed = sim.set_clock(tenant=args.tenant, mode=args.mode, speed=args.speed)
        default = "" if args.tenant else f"new tenants start with a {args.mode} clock\n"
        return answer(args, changed, lambda: default + table(["TENANT", "MODE", "SPEED", "NOW"], rows(changed),
                                                             empty="no tenants yet"))
    return run_with_client(args, change)
