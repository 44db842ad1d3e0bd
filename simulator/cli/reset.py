"""`ordersim reset [--tenant T]`: forget one tenant's orders, clock and webhooks, or everything."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from simulator.cli.remote import answer, command, run_with_client

if TYPE_CHECKING:
    from simulator.client import SimClient


def register(sub: Any) -> None:
    parser = command(sub, "reset", "forget a tenant's orders, clock and webhooks (or everything)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    def reset(sim: SimClient) -> int:
        name = sim.reset(args.tenant)
        return answer(args, {"reset": name}, lambda: "reset every tenant" if name == "all" else f"reset tenant {name}")
    return run_with_client(args, reset)
