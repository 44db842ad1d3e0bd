"""--control-token: every /_sim route but health (and the dashboard page) answers 401 without the
bearer token; vendor routes keep their own auth; the token is never shown; a server bound beyond
loopback without a token says so in one warning line; SimClient works against a locked server."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from starlette.routing import Mount

from simulator.client import SimClient, SimError
from simulator.launcher import BANNER
from tests.server import running_server
from tests.support import SyncApp

TOKEN = "s3cret-token"
OPEN = {"/_sim/health", "/_sim/"}


@pytest.fixture(scope="module")
def locked():
    sim = SyncApp(rate_limit=False, control_token=TOKEN)
    yield sim
    sim.close()


def control_routes(app) -> list[tuple[str, str]]:
    return [(m.path + r.path, method) for m in app.router.routes if isinstance(m, Mount) and m.path == "/_sim"
            for r in m.routes for method in sorted(r.methods - {"HEAD"})]


def test_every_control_route_but_health_and_the_page_needs_the_token(locked):
    routes = control_routes(locked.app)
    assert len(routes) > 20
    for path, method in routes:
        url = re.sub(r"\{[^}]+\}", "x", path)
        for headers in ({}, {"authorization": "Bearer wrong"}, {"authorization": "Basic " + TOKEN}):
            resp = locked.request(method, url, headers=headers)
            if path in OPEN:
                assert resp.status_code == 200, (method, path)
                continue
            if path == "/_sim/static/{name}":  # the dashboard's files: open, so a missing one is a plain 404
                assert resp.status_code == 404, (method, path)
                continue
            assert resp.status_code == 401, (method, path, headers, resp.text)
            assert resp.json()["status"] == 401 and "token" in resp.json()["error"]
            assert resp.headers["www-authenticate"].startswith("Bearer")


def test_the_right_token_opens_it_as_a_header_or_access_token(locked):
    assert locked.request("GET", "/_sim/orders", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert locked.request("GET", f"/_sim/requests?access_token={TOKEN}").status_code == 200
    assert locked.request("GET", "/_sim/requests?access_token=nope").status_code == 401


def test_vendor_routes_keep_their_own_auth(locked):
    assert locked.request("GET", "/tiramizoo/v1/orders?api_token=t1").status_code == 200
    assert locked.request("GET", "/tiramizoo/v1/orders").status_code == 401  # Tiramizoo's own 401


def test_settings_never_show_the_token(locked):
    resp = locked.request("GET", "/_sim/settings", headers={"authorization": f"Bearer {TOKEN}"})
    assert resp.json()["control_token"] == "(set)" and TOKEN not in resp.text


def test_an_open_server_shows_no_token():
    sim = SyncApp()
    try:
        assert sim.request("GET", "/_sim/settings").json()["control_token"] is None
    finally:
        sim.close()


CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("ORDERSIM_")}


def first_lines(*args: str) -> list[str]:
    """The server's output up to and including its banner (stderr merged), then it is stopped."""
    proc = subprocess.Popen([sys.executable, "-m", "simulator", "serve", "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=CLEAN_ENV)
    lines: list[str] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if BANNER.match(line) or len(lines) > 20:
                break
    finally:
        proc.terminate()
        proc.wait(5)
    return lines


@pytest.mark.e2e
def test_binding_beyond_loopback_without_a_token_warns_once():
    lines = first_lines("--host", "0.0.0.0")
    warnings = [line for line in lines if "warning" in line]
    assert len(warnings) == 1 and "without a control token" in warnings[0]
    assert "ORDERSIM_CONTROL_TOKEN" in warnings[0] and BANNER.match(lines[-1])
    assert not [line for line in first_lines("--host", "0.0.0.0", "--control-token", TOKEN) if "warning" in line]
    assert not [line for line in first_lines("--host", "127.0.0.1") if "warning" in line]


@pytest.mark.e2e
def test_a_bad_token_is_a_start_up_error():
    done = subprocess.run([sys.executable, "-m", "simulator", "serve", "--control-token", "has space"],
                          capture_output=True, text=True, env=CLEAN_ENV, timeout=10)
    assert done.returncode == 2
    assert done.stderr.strip() == ("ordersim serve: --control-token: 'has space' is not allowed; "
                                   "expected printable ASCII without spaces")


@pytest.mark.e2e
def test_sim_client_with_the_token_from_the_environment(monkeypatch):
    with running_server(env={"ORDERSIM_CONTROL_TOKEN": TOKEN}) as base:
        monkeypatch.delenv("ORDERSIM_CONTROL_TOKEN", raising=False)
        with SimClient(base) as anonymous:
            assert anonymous.health().status == "ok"  # health stays open (container HEALTHCHECKs)
            with pytest.raises(SimError) as refused:
                anonymous.orders()
            assert refused.value.status == 401
        monkeypatch.setenv("ORDERSIM_CONTROL_TOKEN", TOKEN)
        with SimClient(base) as client:
            client.set_clock(tenant="lock-e2e", mode="manual")
            assert client.clock("lock-e2e").mode == "manual"
