"""create_app(settings) -> Starlette: mounts every vendor at /<name> and the control plane at /_sim."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import Response
from starlette.routing import Mount

from simulator import __version__
from simulator.control import ControlPlane
from simulator.engine import Engine, Outbox, Tenants
from simulator.engine.limits import Limits
from simulator.fixtures import Fixtures, load_fixtures, parse_fixtures
from simulator.http.answer_cache import AnswerCache
from simulator.http.control_lock import ControlLock
from simulator.http.faults import Faults
from simulator.http.journal import Journal
from simulator.http.middleware import SimMiddleware
from simulator.http.responses import json_response
from simulator.http.routing import PrefixRouter
from simulator.http.sim_app import SimApp
from simulator.scenarios import ScenarioError, Scenarios
from simulator.server_url import resolve_base_url
from simulator.settings import Settings
from simulator.state_file import StateFile
from simulator.vendors import discover

if TYPE_CHECKING:
    import httpx


def create_app(settings: Settings | None = None, *, fixtures: Fixtures | dict | None = None,
               webhook_transport: httpx.AsyncBaseTransport | None = None) -> Starlette:
    """`fixtures`: already loaded (ordersim serve), a dict (checked like a file; FixtureError if bad),
    or None to load settings.fixtures."""
    settings = settings or Settings()
    logging.basicConfig(level=settings.log_level.upper())
    if fixtures is None:
        fixtures = load_fixtures(settings.fixtures_to_load())
    elif isinstance(fixtures, dict):
        fixtures = parse_fixtures(fixtures)
    vendors = discover()
    limits = Limits(max_tenants=settings.max_tenants, max_orders=settings.max_orders,
                    max_deliveries=settings.max_deliveries)
    tenants = Tenants(clock_mode=settings.clock, speed=settings.speed, seed=settings.seed, fixtures=fixtures,
                      limits=limits)
    self_url = resolve_base_url(environ={"ORDERSIM_HOST": settings.host, "ORDERSIM_PORT": str(settings.port)})
    engine = Engine(tenants, Outbox(settings.webhook_timeout, webhook_transport, self_url=self_url,
                                      max_deliveries=settings.max_deliveries), vendors)
    journal, faults = Journal(settings.journal_size), Faults()
    control = ControlPlane(engine, settings, journal, faults, version=__version__)
    state = StateFile(settings.state, control, settings.state_interval) if settings.state else None
    if state is not None:
        state.check()  # StateFileError: a corrupt or incompatible file stops the start, untouched

    def render_error(vendor: str | None, status: int, message: str) -> Response:
        if vendor is not None:
            return vendors[vendor].error(status, message)
        return json_response({"error": message, "status": status}, status)

    def render_for_path(path: str, status: int, message: str) -> Response:
        """The error in the envelope of the vendor a path belongs to (for the server's own 408s)."""
        first = path[1:].split("/", 1)[0]
        return render_error(first if first in vendors else None, status, message)

    prepared = False

    async def prepare() -> None:
        """Before serving (once): restore the state file, then create the scenario orders of every
        tenant it did not restore. ScenarioError if one cannot be created; `ordersim serve` calls
        this before it binds the server, so that is exit 2 and a line per problem."""
        nonlocal prepared
        if prepared:
            return
        prepared = True
        restored = set(state.load()) if state is not None else set()
        problems = await scenarios.seed([name for name in scenarios.declared() if name not in restored])
        if problems:
            raise ScenarioError(problems)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        await prepare()
        ticker = loop.create_task(engine.run_ticker())
        writer = loop.create_task(state.run()) if state is not None else None
        try:
            yield
        finally:  # requests have finished; unfinished deliveries stay in the state file
            ticker.cancel()
            if writer is not None:
                writer.cancel()
            if state is not None:
                await state.write(force=True)
            await engine.outbox.close()

    mounts = [Mount("/_sim", routes=control.routes())]
    mounts += [Mount(f"/{name}", routes=vendor.routes()) for name, vendor in vendors.items()]
    app = SimApp(
        lifespan=lifespan,
        middleware=[Middleware(SimMiddleware, journal=journal, faults=faults, body_limit=settings.body_limit,
                               vendor_names=set(vendors), render_error=render_error),
                    # inside SimMiddleware: a refused call still has a request id and is journaled
                    # (SimMiddleware answers every exception: SimApp adds none of Starlette's error layers)
                    *([Middleware(ControlLock, token=settings.control_token)] if settings.control_token else [])],
    )
    # Starlette has no router argument; the stack that wraps app.router is built on first use.
    app.router = PrefixRouter(mounts, lifespan=lifespan)
    app.state.settings, app.state.engine, app.state.control = settings, engine, control
    app.engine, app.vendors, app.settings = engine, vendors, settings  # the mounted instances: handlers reach theirs with vendor_of
    app.answers = AnswerCache()
    app.state.render_for_path = render_for_path
    app.state.prepare = prepare
    scenarios = Scenarios(app, engine, vendors, self_url.partition("://")[2])
    control.seed = scenarios.seed_lines
    for vendor in vendors.values():
        vendor.setup(engine, settings)
    return app
