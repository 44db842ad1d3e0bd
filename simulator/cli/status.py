"""`ordersim status`: is the server up, which version, and every tenant's clock and order count."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from simulator.cli.remote import answer, command, run_with_client
from simulator.cli.table import number, table, when

if TYPE_CHECKING:
    from simulator.client import SimClient


def register(sub: Any) -> None:
    parser = command(sub, "status", "the server's health, version and tenants (clock, orders)", tenant=False)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    def show(sim: SimClient) -> int:
        health, tenants = sim.health(), sim.tenants()
        data = {"url": sim.base_url, "status": health.status, "version": health.version, "vendors": health.vendors,
                "tenants": tenants}
        return answer(args, data, lambda: "\n".join([
            f"ordersim {health.version} at {sim.base_url}: {health.status}", f"vendors: {', '.join(health.vendors)}",
            table(["TENANT", "CLOCK", "SPEED", "NOW", "ORDERS", "PENDING JOBS", "DELIVERIES"],
                  [[t.name, t.clock.mode, number(t.clock.speed), when(t.clock.now), t.orders, t.pending_jobs,
                    t.deliveries] for t in tenants], empty="no tenants yet")]))
    return run_with_client(args, show)
