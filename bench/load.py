"""Load generators. Both keep N HTTP/1.1 keep-alive connections busy (one request in flight
per connection, no pipelining) for a fixed time and count completed 2xx answers.

- `python`: raw asyncio sockets (uvloop when installed) sending pre-built request bytes and
  parsing only the status line and Content-Length: far cheaper per request than an HTTP client
  library, so one core of it can outrun one core of server.
- `wrk`: used when the `wrk` binary is on PATH (`apt-get install wrk`); one thread.
Both run on the client core; the caller checks client CPU to show the generator was not the limit.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    rps: float
    requests: int
    errors: int  # non-2xx answers or broken connections
    p50_ms: float | None
    p99_ms: float | None
    client_cpu: float  # share of one core the generator used (0..1)
    server_cpu: float = 0.0  # filled in by the caller from /proc


@dataclass(frozen=True)
class Target:
    """What one load run sends. With `vary`, the body holds one `%d`, filled with a fresh number per
    request (creates whose key must be unique: HyperTrack's order_handle, Pitney Bowes' orderNumber)."""
    method: str
    path: str
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()
    content_type: str = "application/json"
    vary: bool = False

    def numbered(self, number: int) -> Target:
        """The one fixed request a varied target makes with this number (itself when it does not vary)."""
        if not self.vary or self.body is None:
            return self
        return dataclasses.replace(self, body=self.body % number, vary=False)


_numbers = itertools.count(1)  # across runs, so a varied key is never sent twice to one server


def build_request(method: str, path: str, body: bytes | None = None, port: int = 0,
                  headers: tuple[tuple[str, str], ...] = (), content_type: str = "application/json") -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: ordersim-bench\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers)
    if body is not None:
        head += f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + (body or b"")


def request_source(target: Target, port: int) -> Callable[[], bytes]:
    """The next request's bytes: always the same ones, or with the body's number filled in."""
    if not target.vary:
        fixed = _request_bytes(target, port)
        return lambda: fixed
    assert target.body is not None and target.body.count(b"%d") == 1, target
    return lambda: _request_bytes(target.numbered(next(_numbers)), port)


def _request_bytes(target: Target, port: int) -> bytes:
    return build_request(target.method, target.path, target.body, port, target.headers, target.content_type)


# -- the Python generator ---------------------------------------------------------------
class _Stats:
    def __init__(self):
        self.counting = False
        self.running = True
        self.ok = self.errors = 0
        self.lat_ns: list[int] = []


class _Answers(asyncio.Protocol):
    """Reads whole answers off a keep-alive connection: the status line and Content-Length only."""

    buf, need, status = b"", -1, 0  # need: bytes the current answer needs in buf, once its head is parsed

    def answered(self, data: bytes) -> bool:
        """Take in `data`; True when it completed an answer (its status is in self.status)."""
        buf = self.buf + data if self.buf else data
        if self.need < 0:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                self.buf = buf
                return False
            head = buf[:end].lower()
            self.status = int(head[9:12])
            at = head.find(b"\r\ncontent-length:")
            stop = head.find(b"\r\n", at + 2)
            self.need = end + 4 + int(head[at + 17: stop if stop > 0 else len(head)])
        if len(buf) < self.need:
            self.buf = buf
            return False
        self.buf, self.need = buf[self.need:], -1  # no pipelining: nothing should be left over
        return True


class _Conn(_Answers):
    def __init__(self, request: Callable[[], bytes], stats: _Stats, lost: asyncio.Future):
        self.request, self.stats, self.lost = request, stats, lost
        self.sent = 0

    def connection_made(self, transport):
        self.transport = transport
        self._send()

    def _send(self):
        self.sent = time.perf_counter_ns()
        self.transport.write(self.request())

    def data_received(self, data: bytes):
        if not self.answered(data):
            return
        stats = self.stats
        if stats.counting:
            if 200 <= self.status < 300:
                stats.ok += 1
                stats.lat_ns.append(time.perf_counter_ns() - self.sent)
            else:
                stats.errors += 1
        if stats.running:
            self._send()

    def connection_lost(self, exc):
        if self.stats.running and self.stats.counting:
            self.stats.errors += 1
        if not self.lost.done():
            self.lost.set_result(None)


async def _drive(port: int, request: Callable[[], bytes], connections: int, warmup: float, duration: float) -> Result:
    loop = asyncio.get_running_loop()
    stats = _Stats()
    conns = []
    for _ in range(connections):
        lost = loop.create_future()
        transport, _proto = await loop.create_connection(lambda lost=lost: _Conn(request, stats, lost), "127.0.0.1", port)
        conns.append((transport, lost))
    await asyncio.sleep(warmup)
    stats.counting = True
    cpu0, t0 = time.process_time(), time.perf_counter()
    await asyncio.sleep(duration)
    stats.counting = False
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    stats.running = False
    for transport, _ in conns:
        transport.close()
    await asyncio.gather(*(lost for _, lost in conns))
    lat = sorted(stats.lat_ns)
    pct = (lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] / 1e6) if lat else (lambda q: None)
    return Result(rps=stats.ok / elapsed, requests=stats.ok, errors=stats.errors, p50_ms=pct(0.50),
                  p99_ms=pct(0.99), client_cpu=cpu / elapsed)


def _new_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop
        return uvloop.new_event_loop()
    except ImportError:
        return asyncio.new_event_loop()


def python_load(port: int, method: str, path: str, body: bytes | None, *, connections: int,
                warmup: float, duration: float) -> Result:
    return target_load(port, Target(method, path, body), connections=connections, warmup=warmup, duration=duration)


def target_load(port: int, target: Target, *, connections: int, warmup: float, duration: float) -> Result:
    """As many requests as `connections` keep-alive connections can get answered (closed loop)."""
    loop = _new_loop()
    try:
        return loop.run_until_complete(_drive(port, request_source(target, port), connections, warmup, duration))
    finally:
        loop.close()


# -- paced: a fixed rate, latency from when each request was due --------------------------
class _PacedConn(_Answers):
    """One request at a time; `ask` resolves with the answer's status."""

    answer: asyncio.Future | None = None

    def connection_made(self, transport):
        self.transport = transport

    def ask(self, request: bytes) -> asyncio.Future:
        self.answer = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return self.answer

    def data_received(self, data: bytes):
        if self.answered(data) and self.answer is not None and not self.answer.done():
            self.answer.set_result(self.status)

    def connection_lost(self, exc):
        if self.answer is not None and not self.answer.done():
            self.answer.set_result(0)


async def _paced(port: int, request: Callable[[], bytes], rate: float, duration: float, connections: int) -> Result:
    loop = asyncio.get_running_loop()
    idle: asyncio.Queue[_PacedConn] = asyncio.Queue()
    conns = []
    for _ in range(connections):
        _transport, conn = await loop.create_connection(_PacedConn, "127.0.0.1", port)
        conns.append(conn)
        idle.put_nowait(conn)
    latencies: list[float] = []
    errors = 0

    async def one(due: float) -> None:
        nonlocal errors
        conn = await idle.get()  # waiting for a free connection counts: the request was due already
        status = await conn.ask(request())
        latencies.append(time.perf_counter() - due)
        if not 200 <= status < 300:
            errors += 1
        idle.put_nowait(conn)

    cpu0 = time.process_time()
    # perf_counter, not loop.time(): uvloop's clock ticks in whole milliseconds.
    start, total, tasks = time.perf_counter() + 0.05, int(rate * duration), []
    for i in range(total):
        due = start + i / rate
        if due > time.perf_counter():
            await asyncio.sleep(due - time.perf_counter())
        tasks.append(loop.create_task(one(due)))
    await asyncio.gather(*tasks)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu0
    for conn in conns:
        conn.transport.close()
    lat = sorted(latencies)
    pct = (lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1e3) if lat else (lambda q: None)
    return Result(rps=len(lat) / elapsed, requests=len(lat), errors=errors, p50_ms=pct(0.50), p99_ms=pct(0.99),
                  client_cpu=cpu / elapsed)


def paced_load(port: int, target: Target, *, rate: float, duration: float, connections: int = 16) -> Result:
    """`rate` requests per second for `duration` seconds, each timed from when it was due (so a
    stall shows up in every request it delays, not just the one it hit: no coordinated omission)."""
    loop = _new_loop()
    try:
        return loop.run_until_complete(_paced(port, request_source(target, port), rate, duration, connections))
    finally:
        loop.close()


# -- wrk ----------------------------------------------------------------------------------
def wrk_path() -> str | None:
    return shutil.which("wrk")


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _ms(text: str) -> float:
    num, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(num) * _UNITS[unit]


def wrk_load(port: int, method: str, path: str, body: bytes | None, *, connections: int,
             warmup: float, duration: float, content_type: str = "application/json") -> Result:
    lua = f'wrk.method = "{method}"\nwrk.headers["Content-Type"] = "{content_type}"\n'
    if body is not None:
        lua += f"wrk.body = [==[{body.decode()}]==]\n"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua)
    url = f"http://127.0.0.1:{port}{path}"
    try:
        if warmup >= 1:
            subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(warmup))}s", "-s", f.name, url],
                           capture_output=True, check=True)
        usage0 = os.times()
        out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(duration))}s", "--latency",
                              "-s", f.name, url], capture_output=True, text=True, check=True).stdout
        usage1 = os.times()
    finally:
        os.unlink(f.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(bad.group(1)) if bad else 0) + (sum(map(int, sock.groups())) if sock else 0)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    child_cpu = (usage1.children_user + usage1.children_system) - (usage0.children_user + usage0.children_system)
    return Result(rps=rps, requests=total, errors=errors, p50_ms=_ms(p50.group(1)) if p50 else None,
                  p99_ms=_ms(p99.group(1)) if p99 else None, client_cpu=child_cpu / max(1, round(duration)))
