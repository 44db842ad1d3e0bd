"""A server locked with ORDERSIM_CONTROL_TOKEN, used the way users do: the control-plane CLI, the
pytest plugin and SimClient all send the token from the environment; without it they are refused."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.server import running_server

pytestmark = pytest.mark.e2e
TOKEN = "e2e-lock-token"
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("ORDERSIM_")}


@pytest.fixture(scope="module")
def locked_url():
    with running_server(env={"ORDERSIM_CONTROL_TOKEN": TOKEN}) as base:
        yield base


def ordersim(*args: str, token: str | None) -> subprocess.CompletedProcess:
    env = {**CLEAN_ENV, **({"ORDERSIM_CONTROL_TOKEN": token} if token else {})}
    return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True, text=True, env=env,
                          timeout=30)


def test_the_cli_sends_the_token_from_the_environment(locked_url):
    for args in (("status",), ("clock",), ("orders",), ("webhooks",), ("reset",)):
        done = ordersim(*args, "--url", locked_url, token=TOKEN)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    refused = ordersim("orders", "--url", locked_url, token=None)
    assert refused.returncode != 0 and "401" in refused.stderr + refused.stdout
    assert ordersim("healthcheck", "--url", locked_url, token=None).returncode == 0  # health stays open


INNER = '''
import httpx


def test_uses_a_locked_server(ordersim, ordersim_client):
    base = ordersim.base_url("tiramizoo")
    assert httpx.get(base + "/orders", params={"api_token": ordersim.tiramizoo_token}).status_code == 200
    ordersim_client.advance(30, tenant=ordersim.tenant)
    assert ordersim_client.orders(tenant=ordersim.tenant) == []
'''


def test_the_pytest_plugin_sends_the_token_from_the_environment(pytester, monkeypatch, locked_url):
    pytester.makepyfile(test_inner=INNER)
    monkeypatch.setenv("ORDERSIM_CONTROL_TOKEN", TOKEN)
    pytester.runpytest_subprocess("-q", "-p", "no:randomly", f"--ordersim-url={locked_url}").assert_outcomes(passed=1)
    monkeypatch.delenv("ORDERSIM_CONTROL_TOKEN")
    refused = pytester.runpytest_subprocess("-q", "-p", "no:randomly", f"--ordersim-url={locked_url}")
    assert refused.ret != 0 and "401" in refused.stdout.str()


def test_a_plugin_started_server_is_locked_by_the_same_variable(pytester, monkeypatch):
    pytester.makepyfile(test_inner=INNER + '''

def test_the_server_it_started_is_locked(ordersim_server):
    assert httpx.get(ordersim_server + "/_sim/orders").status_code == 401
''')
    monkeypatch.delenv("ORDERSIM_URL", raising=False)
    monkeypatch.setenv("ORDERSIM_CONTROL_TOKEN", TOKEN)
    pytester.runpytest_subprocess("-q", "-p", "no:randomly").assert_outcomes(passed=2)
