"""The ordersim pytest plugin, loaded through the `pytest11` entry point as soon as the package is
installed (`-p no:ordersim` turns it off). docs/pytest.md is the user's page.

- `ordersim_server` (session): the base URL of a simulator. With --ordersim-url or $ORDERSIM_URL it
  uses that server and starts nothing; otherwise it starts `ordersim serve --clock manual` on a free
  port (--ordersim-fixtures passes fixtures) and stops it when the session ends. Under pytest-xdist
  every worker is its own session, so each starts its own server, unless a URL is given: then all
  workers share that one (tenants keep them apart).
- `ordersim_client` (session): a SimClient on that server.
- `ordersim` (function): an `Ordersim` bound to a fresh tenant of its own, deleted at teardown.
- `@pytest.mark.ordersim(clock=, speed=, start=, vendors=)`: that test's tenant set-up.

Importing this module loads neither the server stack nor httpx: the fixtures do, when used."""

from __future__ import annotations

import itertools
import os
import re
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from simulator.client import SimClient
    from simulator.pytest_plugin.tenant import Ordersim

START_WAIT_S = 15.0
_counter = itertools.count(1)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ordersim", "ordersim simulator")
    group.addoption("--ordersim-url", default=None, metavar="URL",
                    help="use the running simulator at URL and start none (default: $ORDERSIM_URL)")
    group.addoption("--ordersim-fixtures", default=None, metavar="PATH",
                    help="fixtures file or directory for the simulator the plugin starts")
    group.addoption("--ordersim-wait", default=30.0, type=float, metavar="SECONDS",
                    help="how long a simulator given by URL (e.g. a CI service container still starting) "
                         "may take to answer healthy (default: 30)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "ordersim(clock='manual', speed=None, start=None, vendors=None): "
                                       "set up this test's ordersim tenant (clock mode and speed, vendor config)")


@pytest.fixture(scope="session")
def ordersim_server(request: pytest.FixtureRequest) -> Iterator[str]:
    """The base URL (http://HOST:PORT) of the simulator this session uses."""
    from simulator import launcher
    from simulator.server_url import resolve_base_url

    given = request.config.getoption("ordersim_url") or os.environ.get("ORDERSIM_URL")
    if given:
        url = resolve_base_url(given)
        launcher.wait_healthy(url, time.monotonic() + request.config.getoption("ordersim_wait"))
        yield url
        return
    args = ["--clock", "manual"]
    fixtures = request.config.getoption("ordersim_fixtures")
    if fixtures:
        args += ["--fixtures", str(fixtures)]
    server = launcher.start(args, timeout=START_WAIT_S)
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def ordersim_client(ordersim_server: str) -> Iterator[SimClient]:
    """A SimClient on the session's simulator (unscoped: every tenant)."""
    from simulator.client import SimClient

    with SimClient(ordersim_server) as client:
        yield client


@pytest.fixture
def ordersim(request: pytest.FixtureRequest, ordersim_client: SimClient) -> Iterator[Ordersim]:
    """This test's own tenant: credentials for every vendor, a manual clock (unless the marker says
    otherwise) and the control-plane calls scoped to it. Deleted at teardown, pass or fail."""
    from simulator.pytest_plugin.tenant import Ordersim

    marker = request.node.get_closest_marker("ordersim")
    if marker is not None and marker.args:
        raise TypeError("@pytest.mark.ordersim takes keyword arguments only")
    sim = Ordersim(ordersim_client, tenant_name(request.node.name), dict(marker.kwargs) if marker else {})
    try:
        yield sim
    finally:
        sim.close()


def tenant_name(test_name: str) -> str:
    """Readable on the dashboard, unique across tests, xdist workers and sessions on one server."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", test_name.removeprefix("test_")).strip("-")[:40] or "test"
    worker = os.environ.get("PYTEST_XDIST_WORKER", "w")
    return f"{slug}-{worker}{next(_counter)}-{uuid.uuid4().hex[:8]}"
