"""Help text that says what a flag means, its default and the env var that also sets it.

Every command uses these, so `ordersim <command> --help` reads the same everywhere:

    from simulator.cli.flags import add_url_flag, described
    parser.add_argument("--timeout", type=float, default=2.0,
                        help=described("seconds to wait for an answer", default=2.0))
    parser.add_argument("--tenant", help=described("tenant name or credential", env="ORDERSIM_TENANT"))
    add_url_flag(parser)  # --url, resolved as every control-plane client resolves it

`described(meaning, default=..., env=...)` gives "meaning (default: 2.0; env ORDERSIM_X)"; leave out
what does not apply. A command's `register(subparsers)` should create its parser with `command_parser`
so the defaults and env vars stay visible in the formatted help."""

from __future__ import annotations

import argparse
from typing import Any

_UNSET: Any = object()


def described(meaning: str, *, default: object = _UNSET, env: str | None = None) -> str:
    parts = []
    if default is not _UNSET:
        parts.append(f"default: {'none' if default is None else default}")
    if env:
        parts.append(f"env {env}")
    text = f"{meaning} ({'; '.join(parts)})" if parts else meaning
    return text.replace("%", "%%")  # argparse formats help with %


def command_parser(sub: Any, name: str, summary: str, description: str | None = None) -> argparse.ArgumentParser:
    """A subcommand parser whose --help keeps line breaks of the description."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=summary, description=description or summary,
                                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    return parser


def add_url_flag(parser: argparse.ArgumentParser) -> None:
    """`--url`: where the server is, by the rule of simulator/server_url.py."""
    parser.add_argument("--url", metavar="URL", help=described(
        "server base URL; unset: $ORDERSIM_URL, else http://$ORDERSIM_HOST:$ORDERSIM_PORT "
        "(127.0.0.1 for 0.0.0.0 or ::)", default="http://127.0.0.1:8080", env="ORDERSIM_URL"))
