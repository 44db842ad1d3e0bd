"""Start `ordersim serve` as a real subprocess on a free port (for e2e and client-library tests),
with the launcher the pytest plugin uses (simulator/launcher.py)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import tempfile
from collections.abc import Iterator

from simulator import launcher


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(*args: str, fixtures: dict | None = None, env: dict | None = None,
                   timeout: float = 10.0) -> Iterator[str]:
    """Yields the base URL, e.g. http://127.0.0.1:PORT (the server picks a free port and its banner
    says which). Extra CLI flags go in `args` (default clock is manual with seed 1)."""
    with tempfile.TemporaryDirectory() as tmp:
        flags: list[str] = []
        if fixtures is not None:
            path = os.path.join(tmp, "fixtures.json")
            with open(path, "w") as f:
                json.dump(fixtures, f)
            flags += ["--fixtures", path]
        if "--clock" not in args:
            flags += ["--clock", "manual", "--seed", "1"]
        server = launcher.start([*flags, *args], env=env, timeout=timeout)
        try:
            yield server.url
        finally:
            server.stop()
