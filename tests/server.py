"""Start `ordersim serve` as a real subprocess on a free port (for e2e and client-library tests)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


BANNER = re.compile(r"^ordersim serving on (http://\S+) ")


def read_banner(proc: subprocess.Popen, timeout: float) -> str:
    """The base URL from the server's first stdout line ("ordersim serving on http://...")."""
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    seen = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        line = proc.stdout.readline()
        if not line:  # the process ended
            break
        seen += line
        match = BANNER.match(line.decode())
        if match:
            return match.group(1)
    proc.kill()
    rest = proc.stdout.read() if proc.stdout else b""
    raise RuntimeError(f"server did not start: {(seen + rest).decode()}")


def wait_healthy(base: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base + "/_sim/health", timeout=0.5) as resp:
                if resp.status == 200:
                    return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server at {base} never answered healthy") from None
            time.sleep(0.05)


@contextlib.contextmanager
def running_server(*args: str, fixtures: dict | None = None, env: dict | None = None, timeout: float = 10.0):
    """Yields the base URL, e.g. http://127.0.0.1:PORT (the server picks a free port and its banner
    says which). Extra CLI flags go in `args` (default clock is manual with seed 1)."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "simulator", "serve", "--port", "0"]
        if fixtures is not None:
            path = os.path.join(tmp, "fixtures.json")
            with open(path, "w") as f:
                json.dump(fixtures, f)
            cmd += ["--fixtures", path]
        if "--clock" not in args:
            cmd += ["--clock", "manual", "--seed", "1"]
        cmd += list(args)
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})})
        try:
            base = read_banner(proc, timeout)
            wait_healthy(base, proc, timeout)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
            if proc.stdout is not None:
                proc.stdout.close()
