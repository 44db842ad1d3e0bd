"""Start a server in a subprocess pinned to one core, time it to its first healthy answer,
read its CPU time from /proc, stop it. Only 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SERVER_CPU, CLIENT_CPU = 0, 1


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def can_pin() -> bool:
    return hasattr(os, "sched_setaffinity") and cpu_count() >= 2 and {0, 1} <= os.sched_getaffinity(0)


def pin_self(cpu: int) -> bool:
    """Pin the calling process (the load generator) to one core; False if we cannot."""
    if not can_pin():
        return False
    os.sched_setaffinity(0, {cpu})
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, name: str, argv: list[str], health_path: str):
        self.name, self.argv, self.health_path = name, argv, health_path
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.startup_s: float | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 15.0) -> Server:
        # `taskset -c 0` done with the stdlib: the child pins itself before exec.
        pin = (lambda: os.sched_setaffinity(0, {SERVER_CPU})) if can_pin() else None
        started = time.perf_counter()
        self.proc = subprocess.Popen([sys.executable, *self.argv, "--port", str(self.port)], preexec_fn=pin, cwd=ROOT,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = started + timeout
        while True:
            try:
                with urllib.request.urlopen(self.base + self.health_path, timeout=1) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                if self.proc.poll() is not None or time.perf_counter() > deadline:
                    err = self.proc.stderr.read().decode(errors="replace") if self.proc.poll() is not None else ""
                    self.stop()
                    raise RuntimeError(f"{self.name} did not start: {err[-2000:]}")
                time.sleep(0.002)
        self.startup_s = time.perf_counter() - started
        return self

    def cpu_seconds(self) -> float:
        """user + system CPU of the server process so far (Linux /proc; 0.0 elsewhere)."""
        try:
            with open(f"/proc/{self.proc.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return 0.0

    def rss_mib(self) -> float:
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def baseline() -> Server:
    return Server("baseline", ["-m", "bench.baseline"], "/health")


def ordersim() -> Server:
    # No rate limits: Onfleet's 20 requests/s would refuse a load test.
    return Server("ordersim", ["-m", "simulator", "serve", "--clock", "manual", "--seed", "1", "--no-rate-limit",
                               "--log-level", "warning"], "/_sim/health")
