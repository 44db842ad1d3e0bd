"""Slow and oversized clients against a real server: a head that never completes and a body that
never arrives are answered 408 and closed; an oversized head is 431; many slowloris connections
are all closed; a client leaving mid-body is one debug line, never an ERROR or a traceback."""

from __future__ import annotations

import contextlib
import json
import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from simulator.launcher import BANNER

pytestmark = pytest.mark.e2e
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("ORDERSIM_")}
LIMITS = ("--header-timeout", "0.5", "--body-timeout", "0.5", "--max-header-bytes", "8192", "--max-headers", "50")


@contextlib.contextmanager
def server(*args: str) -> Iterator[tuple[int, list[str]]]:
    """(port, output lines): the output is complete once the block has ended (the server stopped)."""
    proc = subprocess.Popen([sys.executable, "-m", "simulator", "serve", "--port", "0", "--clock", "manual",
                             *LIMITS, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=CLEAN_ENV)
    assert proc.stdout is not None
    lines: list[str] = []
    try:
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if match := BANNER.match(line):
                break
        assert match, lines
        yield int(match.group(1).rsplit(":", 1)[1]), lines
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
        lines += out.splitlines()


def connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    return sock


def answer(sock: socket.socket, wait: float = 5.0) -> tuple[int, dict, bool]:
    """(status, JSON body, closed after it) of what the server sends back, within `wait` seconds."""
    data, deadline = b"", time.monotonic() + wait
    while time.monotonic() < deadline:
        ready, _, _ = select.select([sock], [], [], deadline - time.monotonic())
        if not ready:
            break
        chunk = sock.recv(65536)
        if not chunk:
            head, _, body = data.partition(b"\r\n\r\n")
            return int(head.split(b" ", 2)[1]), json.loads(body), True
        data += chunk
    raise AssertionError(f"no answer and no close within {wait} s: {data[:200]!r}")


def test_a_head_that_never_completes_is_408_and_closed():
    with server() as (port, _):
        sock = connect(port)
        sock.sendall(b"GET /_sim/health HTTP/1.1\r\nHost: x\r\n")  # ... and never the blank line
        status, body, closed = answer(sock)
        assert (status, closed) == (408, True) and body["status"] == 408 and "head" in body["error"]


def test_a_body_that_never_arrives_is_the_vendors_408_and_closed():
    with server() as (port, _):
        sock = connect(port)
        sock.sendall(b"POST /tiramizoo/v1/orders?api_token=slow HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{}")
        status, body, closed = answer(sock)
        assert (status, closed) == (408, True)
        assert set(body) == {"message", "code"} and "body" in body["message"]  # Tiramizoo's envelope


def test_fifty_slowloris_connections_are_all_closed():
    with server() as (port, _):
        socks = [connect(port) for _ in range(50)]
        for sock in socks:
            sock.sendall(b"GET /_sim/health HTTP/1.1\r\nX-a: b\r\n")
        assert all(answer(sock)[2] for sock in socks)
        ok = connect(port)  # and the server still serves
        ok.sendall(b"GET /_sim/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert answer(ok)[0] == 200


@pytest.mark.parametrize("head", [b"X-Big: " + b"a" * 1_048_576 + b"\r\n",
                                  b"".join(b"X-%d: v\r\n" % i for i in range(5000))], ids=["1 MiB value", "5000 headers"])
def test_an_oversized_head_is_431_and_closed(head):
    with server() as (port, _):
        sock = connect(port)
        with contextlib.suppress(OSError):  # the server may close before it has read everything
            sock.sendall(b"GET /_sim/health HTTP/1.1\r\nHost: x\r\n" + head + b"\r\n")
        status, body, closed = answer(sock)
        assert (status, closed) == (431, True) and body["status"] == 431


def test_a_client_leaving_mid_body_is_one_debug_line():
    with server("--log-level", "debug", "--body-timeout", "30") as (port, lines):
        sock = connect(port)
        sock.sendall(b"POST /tiramizoo/v1/orders?api_token=leaver HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"quo")
        time.sleep(0.3)
        sock.close()
        time.sleep(0.5)
    assert [line for line in lines if "client disconnected: POST /tiramizoo/v1/orders" in line] != []
    assert not [line for line in lines if "Traceback" in line or "ERROR" in line], lines
