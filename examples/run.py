"""Run the example project (examples/pytest) the two ways a user would, with the Python of a venv
that has ordersim installed as a package (`make examples` builds a throw-away one):

1. the plugin starts its own simulator (one per xdist worker);
2. ORDERSIM_URL points at a simulator started separately, as a CI service container would be.

Usage: python examples/run.py [pytest args...]   (default: -n 2). Exits non-zero if either run fails."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from simulator import launcher

PROJECT = Path(__file__).parent / "pytest"


def run(label: str, args: list[str], env: dict[str, str]) -> int:
    started = time.monotonic()
    code = subprocess.call([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args], cwd=PROJECT, env=env)
    print(f"examples/pytest, {label}: exit {code} in {time.monotonic() - started:.1f} s", flush=True)
    return code


def main(argv: list[str]) -> int:
    args = argv or ["-n", "2"]
    env = {k: v for k, v in os.environ.items() if k != "ORDERSIM_URL"}
    failed = run("plugin-started server", args, env) != 0
    server = launcher.start(["--clock", "manual"])
    try:
        failed |= run(f"ORDERSIM_URL={server.url}", args, {**env, "ORDERSIM_URL": server.url}) != 0
    finally:
        server.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
