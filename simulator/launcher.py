"""Start `ordersim serve` as a child process and know when it is ready: the pytest plugin's server
(and this repository's e2e tests). The server picks a free port with `--port 0` and its first stdout
line says which ("ordersim serving on http://..."); then /_sim/health must answer 200. Imports
neither Starlette nor uvicorn: the child does."""

from __future__ import annotations

import collections
import os
import re
import select
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Mapping, Sequence

BANNER = re.compile(r"^ordersim serving on (http://\S+) ")
OUTPUT_LINES_KEPT = 200  # of the server's output after the banner, for error reports


class ServerError(RuntimeError):
    """The server did not start or never answered healthy; the message holds what it printed."""


class ServerProcess:
    """A running `ordersim serve`: its base URL, the process, and the last lines it printed (read
    continuously, so a chatty server never blocks on a full pipe)."""

    def __init__(self, proc: subprocess.Popen[bytes], url: str) -> None:
        self.proc, self.url = proc, url
        self.output: collections.deque[str] = collections.deque(maxlen=OUTPUT_LINES_KEPT)
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.output.append(line.decode("utf-8", "replace").rstrip("\n"))

    def stop(self, timeout: float = 5.0) -> int:
        """Terminate (then kill) the server; returns its exit code."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(1.0)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        return self.proc.returncode


def serve_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "simulator", "serve", "--host", "127.0.0.1", "--port", "0", *args]


def start(args: Sequence[str] = (), env: Mapping[str, str] | None = None, timeout: float = 10.0) -> ServerProcess:
    """`ordersim serve --port 0 ARGS` in this Python, ready when it returns."""
    proc = subprocess.Popen(serve_command(*args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, **(env or {})})
    deadline = time.monotonic() + timeout
    url = _read_banner(proc, deadline)
    server = ServerProcess(proc, url)
    try:
        wait_healthy(url, deadline, proc)
    except ServerError as exc:
        server.stop()
        raise ServerError(f"{exc}\n" + "\n".join(server.output)) from None
    return server


def wait_healthy(url: str, deadline: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    """Poll GET /_sim/health until it answers 200 (a server that is still starting, e.g. a CI
    service container, gets until `deadline`, a time.monotonic() value)."""
    while True:
        try:
            with urllib.request.urlopen(url + "/_sim/health", timeout=0.5) as resp:
                if resp.status == 200:
                    return
        except OSError as exc:
            if (proc is not None and proc.poll() is not None) or time.monotonic() > deadline:
                raise ServerError(f"ordersim at {url} never answered healthy ({exc})") from None
            time.sleep(0.05)


def _read_banner(proc: subprocess.Popen[bytes], deadline: float) -> str:
    assert proc.stdout is not None
    seen = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        line = proc.stdout.readline()
        if not line:  # the process ended
            break
        seen += line
        match = BANNER.match(line.decode("utf-8", "replace"))
        if match:
            return match.group(1)
    proc.kill()
    rest = proc.stdout.read()
    proc.stdout.close()
    raise ServerError(f"ordersim serve did not start: {(seen + rest).decode('utf-8', 'replace').strip()}")
