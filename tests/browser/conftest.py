"""Browser tests: Playwright for Python driving Debian's Chromium (/usr/bin/chromium, never a
browser download). Without it they skip with the reason; `.ci/run` installs it with apt."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.onfleet.helpers import auth as onfleet_auth
from tests.onfleet.helpers import order_body as onfleet_order
from tests.server import running_server
from tests.tiramizoo.helpers import QUOTE_REQUEST

CHROMIUM = os.environ.get("ORDERSIM_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 800}

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
if not shutil.which(CHROMIUM):
    pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does it in CI)", allow_module_level=True)


# Package scope, not session: the sync API keeps an event loop running in this thread while it
# lives, which would break every async test that runs after the browser tests.
@pytest.fixture(scope="package")
def browser() -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: sync_api.Browser) -> Iterator[sync_api.Page]:
    context = browser.new_context(viewport=VIEWPORT)
    pg = context.new_page()
    pg.set_default_timeout(5000)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, f"the page raised: {errors}"


@pytest.fixture(scope="session")
def screens(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $ORDERSIM_SCREENSHOTS, else a temporary directory (never the repository)."""
    chosen = os.environ.get("ORDERSIM_SCREENSHOTS")
    path = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """One real server for the module: manual clocks, seed 1 (tests use their own tenants)."""
    with running_server() as base:
        yield base


def tiramizoo_order(base: str, token: str, webhooks: bool = True) -> str:
    quote = httpx.post(f"{base}/tiramizoo/v1/quotes?api_token={token}", json=QUOTE_REQUEST).json()[0]
    body = {"quote": quote, "pickup": {"name": "Alice"}, "delivery": {"name": "Bob"}}
    if webhooks:
        body["web_hook_url"] = f"{base}/_sim/sink/{token}"
    resp = httpx.post(f"{base}/tiramizoo/v1/orders?api_token={token}", json=body)
    assert resp.status_code == 201, resp.text
    return resp.json()["uuid"]


def onfleet_order_id(base: str, key: str) -> str:
    resp = httpx.post(f"{base}/onfleet/api/v2/taskOrders", headers=onfleet_auth(key), json=onfleet_order())
    assert resp.status_code == 200, resp.text
    return resp.json()["id"]


def open_dashboard(page: sync_api.Page, base: str) -> None:
    page.goto(base + "/_sim/")
    sync_api.expect(page.locator("#connection")).to_have_text("live")


class BusyDemo:
    """50 Tiramizoo orders moving on a scaled clock (x20: each is delivered 15 s after it was
    created) with the dashboard open on them, measured by Chrome. It starts before the first browser
    test and runs beside the others (so the suite does not wait 15 s for it); the traffic test reads
    the first 15 s afterwards, cut by Chrome's own timestamps."""

    ORDERS, SECONDS = 50, 15.0

    def __init__(self, browser: sync_api.Browser, base: str) -> None:
        from bench.dashboard import Traffic, moving_orders

        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.traffic = Traffic()
        self.traffic.attach(self.page)
        moving_orders(base, self.ORDERS)
        self.page.goto(base + "/_sim/")
        self.opened = time.monotonic()

    def wait_for_window(self) -> None:
        """Until the window is over (and Chrome's events for it have been read)."""
        self.page.wait_for_timeout(max(0.0, self.opened + self.SECONDS - time.monotonic()) * 1000 + 300)


@pytest.fixture(scope="package", autouse=True)
def busy_demo(browser: sync_api.Browser) -> Iterator[BusyDemo]:
    with running_server("--clock", "scaled", "--speed", "20", "--seed", "1") as base:
        demo = BusyDemo(browser, base)
        yield demo
        demo.context.close()
