"""Start `ordersim serve` as a real subprocess on a free port (for e2e and client-library tests)."""

from __future__ import annotations

import contextlib
import json
import os
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


@contextlib.contextmanager
def running_server(*args: str, fixtures: dict | None = None, env: dict | None = None, timeout: float = 10.0):
    """Yields the base URL, e.g. http://127.0.0.1:PORT. Extra CLI flags go in `args`
    (default clock is manual with seed 1)."""
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "simulator", "serve", "--port", str(port)]
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
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(base + "/_sim/health", timeout=0.5) as resp:
                        if resp.status == 200:
                            break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        out = proc.stdout.read().decode() if proc.stdout else ""
                        raise RuntimeError(f"server did not start: {out}")
                    time.sleep(0.05)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
