"""`python -m bench.cpu [ROUNDS] [N]`: server CPU per request, without sockets: each vendor case of
bench/vendor_load.py is fed as raw HTTP bytes into uvicorn's own httptools protocol (ordersim's
guarded subclass, the baseline's plain one) over a fake transport, so the figure is everything the
server process does per request except the kernel's socket work. CPU time (not wall time), the
best of ROUNDS, so it is far steadier than req/s on a shared machine. Also the request journal's
own cost: SimMiddleware (request id, journal entry with headers and the first 2 KiB of both
bodies) around a trivial app, against the trivial app alone. Prints one JSON line."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from bench import vendor_load
from bench.load import Target, request_source


class FakeTransport(asyncio.Transport):
    """Collects what the protocol writes; reports a loopback peer."""

    def __init__(self) -> None:
        super().__init__()
        self.out: list[bytes] = []
        self.closing = False

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}.get(name, default)

    def write(self, data: bytes) -> None:  # type: ignore[override]
        self.out.append(data)

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def can_write_eof(self) -> bool:
        return True

    def write_eof(self) -> None:
        pass


class Connection:
    """One keep-alive connection into an app through a uvicorn protocol class."""

    def __init__(self, app: Any, protocol: type[HttpToolsProtocol]) -> None:
        config = Config(app, log_level="warning", access_log=False, lifespan="off")
        config.load()
        self.state = ServerState()
        self.protocol = protocol(config=config, server_state=self.state, app_state={},
                                 _loop=asyncio.get_event_loop())
        self.transport = FakeTransport()
        self.protocol.connection_made(self.transport)

    async def exchange(self, raw: bytes) -> bytes:
        self.transport.out.clear()
        self.protocol.data_received(raw)
        while self.state.tasks:
            await asyncio.gather(*list(self.state.tasks))
        return b"".join(self.transport.out)


class InProcessClient(vendor_load.Client):
    """vendor_load's calls, answered by an app in this process (to prepare the cases)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def call(self, target: Target) -> tuple[int, bytes]:
        answer = asyncio.get_event_loop().run_until_complete(self.conn.exchange(request_source(target.numbered(0), 0)()))
        head, _, body = answer.partition(b"\r\n\r\n")
        return int(head.split(b" ")[1]), body


def cpu_us(conn: Connection, target: Target, n: int) -> float:
    """CPU µs per request over n requests (all distinct when the target varies)."""
    source = request_source(target, 0)
    requests = [source() for _ in range(n)] if target.vary else [source()] * n

    async def run() -> float:
        status = (await conn.exchange(requests[0]))[9:10]
        if status != b"2":
            raise RuntimeError(f"{target.method} {target.path} answered {status!r}")
        started = time.process_time()
        for raw in requests[1:]:
            await conn.exchange(raw)
        return (time.process_time() - started) / max(1, n - 1) * 1e6

    return asyncio.get_event_loop().run_until_complete(run())


def new_loop() -> asyncio.AbstractEventLoop:
    """uvloop, as `ordersim serve` runs (its timers, which uvicorn sets per response, cost far less)."""
    try:
        import uvloop
        return uvloop.new_event_loop()
    except ImportError:
        return asyncio.new_event_loop()


def journal_cost(rounds: int, n: int) -> dict[str, float]:
    from simulator.http.faults import Faults
    from simulator.http.journal import Journal
    from simulator.http.middleware import SimMiddleware
    from simulator.http.responses import json_response

    async def trivial(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        await send({"type": "http.response.body", "body": b"{}"})

    wrapped = SimMiddleware(trivial, journal=Journal(10_000), faults=Faults(), body_limit=1 << 20,
                            vendor_names={"tiramizoo"}, render_error=lambda v, s, m: json_response({}, s))
    body = b'{"x":"' + b"y" * 2_000 + b'"}'
    target = Target("POST", "/tiramizoo/v1/orders?api_token=t", body)
    best = {"bare_us": 1e9, "journaled_us": 1e9}
    for _ in range(rounds):
        best["bare_us"] = min(best["bare_us"], cpu_us(Connection(trivial, HttpToolsProtocol), target, n))
        best["journaled_us"] = min(best["journaled_us"], cpu_us(Connection(wrapped, HttpToolsProtocol), target, n))
    return best


def measure(rounds: int, n: int) -> dict[str, Any]:
    import bench.baseline as baseline
    from simulator.app import create_app
    from simulator.http.client_limits import ClientLimits, guarded_protocol
    from simulator.settings import Settings

    asyncio.set_event_loop(new_loop())
    app = create_app(Settings(clock="manual", seed=1, rate_limit=False), fixtures={})
    guarded = guarded_protocol(ClientLimits(), app.state.render_for_path)
    sim, base = Connection(app, guarded), Connection(baseline.app, HttpToolsProtocol)
    cases = vendor_load.prepare(InProcessClient(sim))
    out: dict[str, Any] = {}
    for vendor, kinds in cases.items():
        for kind, case in kinds.items():
            best = [1e9, 1e9]
            for _ in range(rounds):  # interleaved, so both see the same moments of a busy machine
                best[0] = min(best[0], cpu_us(base, case.baseline, n))
                best[1] = min(best[1], cpu_us(sim, case.ordersim, n))
            out.setdefault(vendor, {})[kind] = {"baseline_us": best[0], "ordersim_us": best[1],
                                                "ratio": best[0] / best[1], "body_bytes": case.body_bytes}
    return {"vendors": out, "journal": journal_cost(rounds, n)}


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    print(json.dumps(measure(*(args + [5, 2000][len(args):]))))
