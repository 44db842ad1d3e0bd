"""`ordersim events [--tenant T] [--vendor V]`: follow the order events as they happen, one line
each, until Ctrl-C (exit 0)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from simulator.cli.remote import command, print_json, run_with_client
from simulator.cli.stream import describe_event, following, server_events, until_interrupted

if TYPE_CHECKING:
    from simulator.client import SimClient


def register(sub: Any) -> None:
    parser = command(sub, "events", "follow order events as they happen, one line each (Ctrl-C stops)", vendor=True)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    def follow(sim: SimClient) -> int:
        for event in server_events(sim, args.tenant, args.vendor, on_open=following("order events", sim)):
            if args.json:
                print_json(event, lines=True)
            else:
                print(describe_event(event), flush=True)
        return 0
    return until_interrupted(lambda: run_with_client(args, follow))
