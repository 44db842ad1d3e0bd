"""Running `ordersim <command>` as a process against a real server, and making orders to look at."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from queue import Empty, Queue

import httpx

from tests.tiramizoo.helpers import QUOTE_REQUEST

CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("ORDERSIM_")}


def ordersim(*args: str, env: dict[str, str] | None = None, timeout: float = 20.0) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True, text=True,
                          env={**CLEAN_ENV, **(env or {})}, timeout=timeout)


def tiramizoo_order(base: str, token: str, **extra: object) -> str:
    """A new Tiramizoo order of tenant `token`; its uuid."""
    quote = httpx.post(base + "/tiramizoo/v1/quotes", json=QUOTE_REQUEST).json()[0]
    resp = httpx.post(f"{base}/tiramizoo/v1/orders?api_token={token}",
                      json={"quote": quote, "pickup": {"name": "A"}, "delivery": {"name": "B"}, **extra})
    assert resp.status_code == 201, resp.text
    return resp.json()["uuid"]


def make_tenant(base: str, name: str) -> None:
    """Create a tenant with no orders (a followed stream names an existing tenant)."""
    assert httpx.put(base + "/_sim/clock", json={"tenant": name, "mode": "manual"}).status_code == 200


class Running:
    """A command that follows the server, started in the background; its stdout and stderr lines
    arrive in queues so a test can wait for the next one."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None):
        self.proc = subprocess.Popen([sys.executable, "-m", "simulator", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env={**CLEAN_ENV, **(env or {})})
        self.out: Queue[str] = Queue()
        self.err: Queue[str] = Queue()
        for stream, queue in ((self.proc.stdout, self.out), (self.proc.stderr, self.err)):
            threading.Thread(target=self._pump, args=(stream, queue), daemon=True).start()

    @staticmethod
    def _pump(stream, queue: Queue[str]) -> None:
        for line in stream:
            queue.put(line.rstrip("\n"))

    def next_line(self, queue: Queue[str] | None = None, timeout: float = 15.0) -> str:
        try:
            return (queue or self.out).get(timeout=timeout)
        except Empty:
            raise AssertionError(f"no line within {timeout} s; stderr so far: {self.drain(self.err)}") from None

    def lines_until(self, predicate, timeout: float = 15.0, queue: Queue[str] | None = None) -> list[str]:
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        while not seen or not predicate(seen[-1]):
            seen.append(self.next_line(queue, timeout=max(0.1, deadline - time.monotonic())))
        return seen

    @staticmethod
    def drain(queue: Queue[str]) -> list[str]:
        out = []
        while not queue.empty():
            out.append(queue.get_nowait())
        return out

    def interrupt(self, timeout: float = 10.0) -> int:
        """Ctrl-C: SIGINT, as a terminal sends it; the exit code."""
        self.proc.send_signal(2)
        return self.proc.wait(timeout)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@contextmanager
def running(*args: str, env: dict[str, str] | None = None) -> Iterator[Running]:
    command = Running(list(args), env)
    try:
        yield command
    finally:
        command.kill()
