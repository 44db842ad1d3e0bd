"""What every control-plane command shares: the `--url`, `--json` and `--tenant` flags, one client
(simulator.client.SimClient, which sends $ORDERSIM_CONTROL_TOKEN when set), and the exit codes:
0 on success, 1 when the server refuses or cannot be reached (its message printed), 2 for bad usage
(argparse). The client and httpx are imported only when a command runs, so `--help` and the
healthcheck stay fast; nothing here imports Starlette or uvicorn."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from simulator.cli.flags import add_url_flag, command_parser, described

if TYPE_CHECKING:
    from simulator.client import SimClient


def command(sub: Any, name: str, summary: str, description: str | None = None, *,
            tenant: bool = True, vendor: bool = False) -> argparse.ArgumentParser:
    """A control-plane command's parser with the shared flags."""
    parser = command_parser(sub, name, summary, description)
    add_common_flags(parser, tenant=tenant, vendor=vendor)
    return parser


def add_common_flags(parser: argparse.ArgumentParser, *, tenant: bool = True, vendor: bool = False,
                     nested: bool = False) -> None:
    """`nested`: the parser of a sub-subcommand (`clock advance`), whose flags must not reset what its
    parent parsed (`ordersim clock --tenant a advance 60` and `ordersim clock advance 60 --tenant a`)."""
    keep: dict[str, Any] = {"default": argparse.SUPPRESS} if nested else {}
    if nested:
        parser.add_argument("--url", metavar="URL", help=described(
            "server base URL", default="$ORDERSIM_URL, else http://$ORDERSIM_HOST:$ORDERSIM_PORT", env="ORDERSIM_URL"),
            **keep)
    else:
        add_url_flag(parser)
    parser.add_argument("--json", action="store_true", help=described(
        "print the answer as JSON instead of a table", default="a table"), **keep)
    if tenant:
        parser.add_argument("--tenant", metavar="T", help=described(
            "a tenant name, or a credential the tenant has used", default="every tenant"), **keep)
    if vendor:
        parser.add_argument("--vendor", metavar="V", help=described(
            "only this vendor: onfleet, tiramizoo, wialon, hypertrack or pitneybowes", default="every vendor"), **keep)


def run_with_client(args: argparse.Namespace, action: Callable[[SimClient], int]) -> int:
    """Run `action` with a connected client; turn every refusal or network error into one line and exit 1."""
    import httpx

    from simulator.client import SimClient, SimError

    client = SimClient(getattr(args, "url", None))
    try:
        with client:
            return action(client)
    except SimError as exc:
        detail = exc.body.get("error", exc.body) if isinstance(exc.body, dict) else exc.body
        return fail(args, f"{exc.status} from {client.base_url}/_sim{exc.path}: {detail}")
    except httpx.HTTPError as exc:
        return fail(args, f"cannot reach {client.base_url}: {exc or type(exc).__name__}")


def fail(args: argparse.Namespace, message: str) -> int:
    print(f"ordersim {args.command}: {message}", file=sys.stderr)
    return 1


def answer(args: argparse.Namespace, value: Any, human: Callable[[], str]) -> int:
    """Print `value` as JSON with --json, else the human text; exit 0."""
    if args.json:
        print_json(value)
    else:
        print(human())
    return 0


def print_json(value: Any, *, lines: bool = False) -> None:
    """Indented JSON, or one compact JSON document per line (`lines`, for followed streams)."""
    import msgspec

    encoded = msgspec.json.encode(value)
    print((encoded if lines else msgspec.json.format(encoded, indent=2)).decode(), flush=True)
