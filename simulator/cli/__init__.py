"""`ordersim <command>`; also `python -m simulator`. One module per command: each has
`register(subparsers)`, which adds its parser and sets `run(args) -> exit code`. Only `serve`
imports the server stack (Starlette, uvicorn), and only when it runs; the control-plane commands
(status ... faults) share simulator/cli/remote.py and import the client only when they run."""

from __future__ import annotations

import argparse
import os
import sys

from simulator import __version__
from simulator.cli import (
    advance,
    clock,
    events,
    faults,
    healthcheck,
    listen,
    order,
    orders,
    reset,
    serve,
    status,
    webhooks,
)

COMMANDS = (serve, healthcheck, status, reset, clock, orders, order, advance, webhooks, events, listen, faults)


def build_parser() -> argparse.ArgumentParser:
    """Every command: its module's `register` builds its parser with the helpers of
    simulator/cli/flags.py, so --help shows each flag's meaning, default and env var."""
    parser = argparse.ArgumentParser(prog="ordersim", description="Local stateful simulator of order APIs.")
    parser.add_argument("--version", action="version", version=f"ordersim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:  # Ctrl-C is how a user stops a command: no traceback
        return 130
    except BrokenPipeError:  # output piped into a reader that stopped early (`ordersim orders | head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush cannot fail again
        return 0
