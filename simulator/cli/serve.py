"""`ordersim serve`: validate every setting and fixture, bind the port, then say where it listens.

Order matters: nothing starts until settings (simulator/settings.py) and fixtures
(simulator/fixtures/) are valid and the state file is restored and every scenario order created
(exit 2, one line per problem); the socket is bound before the banner, so the banner's address is
real (`--port 0` prints the port it got) and a busy port is one line and exit 1."""

from __future__ import annotations

import argparse
import asyncio
import gc
import ipaddress
import socket
import sys
from types import FrameType
from typing import Any

from simulator.cli.flags import command_parser, described
from simulator.settings import OPTIONS, Settings, SettingsError, default_of, from_sources

DESCRIPTION = """Start the simulator: every vendor under /<vendor>, the control plane and dashboard under /_sim.
Each flag can also be set by the environment variable shown; a flag wins over the variable.
Exit codes: 2 for a bad setting or fixture (one line per problem), 1 if the port cannot be bound."""


def register(sub: Any) -> None:
    parser = command_parser(sub, "serve", "start the simulator (flags also read from ORDERSIM_* env vars)",
                            DESCRIPTION)
    for option in OPTIONS:
        if option.flag is not None:  # values stay text here: from_sources checks them all at once
            parser.add_argument(option.flag, dest=option.field, metavar=option.metavar, help=described(
                option.meaning, default=default_of(option.field), env=option.env))
    parser.add_argument("--no-rate-limit", dest="rate_limit", action="store_const", const=False, help=described(
        "turn off vendor rate limits (Onfleet's 20 requests/s)", default="limits on",
        env="ORDERSIM_RATE_LIMIT=false"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    values = {option.field: getattr(args, option.field, None) for option in OPTIONS}
    return serve_forever(values)


def fail(lines: list[str], code: int) -> int:
    for line in lines:
        print(f"ordersim serve: {line}", file=sys.stderr)
    return code


def serve_forever(cli_values: dict[str, object]) -> int:
    from simulator.fixtures import FixtureError, load_fixtures

    try:
        settings = from_sources(cli_values)
    except SettingsError as exc:
        return fail(exc.problems, 2)
    try:
        fixtures = load_fixtures(settings.fixtures_to_load())
    except FixtureError as exc:
        return fail(exc.problems, 2)
    try:
        sock = listen(settings.host, settings.port)
    except socket.gaierror as exc:
        return fail([f"--host/ORDERSIM_HOST: {settings.host!r} does not resolve ({exc.strerror}); "
                     "expected a host name or IP address"], 2)
    except OSError as exc:
        return fail([f"cannot listen on {settings.host} port {settings.port}: {exc.strerror or exc}"], 1)
    settings.port = sock.getsockname()[1]  # the real one when --port 0

    import uvicorn

    from simulator.app import create_app
    from simulator.fixtures.load import source_of
    from simulator.http.client_limits import ClientLimits, uvicorn_options
    from simulator.scenarios import ScenarioError
    from simulator.state_file import StateFileError

    try:
        app = create_app(settings, fixtures=fixtures)
    except StateFileError as exc:
        sock.close()
        return fail([f"--state/ORDERSIM_STATE: {exc}"], 2)
    limits = ClientLimits(header_timeout=settings.header_timeout, body_timeout=settings.body_timeout,
                          max_header_bytes=settings.max_header_bytes, max_headers=settings.max_headers)
    config = uvicorn.Config(app, log_level=settings.log_level, access_log=False, lifespan="on",
                            **uvicorn_options(limits, app.state.render_for_path))

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            app.state.control.streams.end_all()  # open event streams end, so shutdown need not wait for them
            super().handle_exit(sig, frame)

    server = Server(config)

    async def main() -> int:
        try:  # the state file and scenario orders, on the loop that will serve
            await app.state.prepare()
        except ScenarioError as exc:
            sock.close()
            return fail([f"{source_of(settings.fixtures_to_load(), p.tenant, p.vendor)}: {p.line()}"
                         for p in exc.problems], 2)
        if not settings.control_token and not is_loopback(sock.getsockname()[0]):
            print(UNLOCKED_WARNING.format(host=settings.host), file=sys.stderr, flush=True)
        # What start-up built lives as long as the server: out of the collector's sight, a full
        # collection no longer walks ~30k objects (a ~5 ms pause, above the p99 a load test sees).
        gc.collect()
        gc.freeze()
        print(banner(settings), flush=True)
        await server.serve(sockets=[sock])
        return 0

    with asyncio.Runner(loop_factory=config.get_loop_factory()) as runner:
        return runner.run(main())


UNLOCKED_WARNING = ("ordersim serve: warning: listening on {host}, beyond this machine, without a control token: "
                    "anyone who reaches the port can read and change every tenant via /_sim "
                    "(set ORDERSIM_CONTROL_TOKEN or --control-token)")


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port (IPv4 or IPv6, as the host resolves)."""
    family, kind, proto, _, address = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM,
                                                         flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)  # connections queue here until uvicorn accepts (after the app's start-up)
    except OSError:
        sock.close()
        raise
    return sock


def banner(settings: Settings) -> str:
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    base = f"http://{host}:{settings.port}"
    clock = settings.clock + (f" x{settings.speed:g}" if settings.clock == "scaled" else "")
    return (f"ordersim serving on {base} (clock {clock}, seed {settings.seed}); "
            f"vendors under {base}/<vendor>, dashboard at {base}/_sim/")
