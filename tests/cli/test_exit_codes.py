"""Exit codes of the control-plane commands (0 ok, 1 server error or unreachable with the server's
message, 2 bad usage), how they find the server, and that they never import the server stack."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.cli.helpers import CLEAN_ENV, ordersim
from tests.server import free_port

pytestmark = pytest.mark.e2e

EVERY_COMMAND = [["status"], ["reset"], ["clock"], ["clock", "advance", "1"], ["clock", "set", "--mode", "manual"],
                 ["orders"], ["order", "tiramizoo", "x"], ["advance", "tiramizoo", "x", "delivered"], ["webhooks"],
                 ["events"], ["listen", "--forward-to", "http://127.0.0.1:9/"], ["faults", "list"],
                 ["faults", "add", "--status", "503"], ["faults", "clear"]]


@pytest.mark.parametrize("argv", EVERY_COMMAND, ids=" ".join)
def test_server_down_is_one_line_and_exit_1(argv):
    down = f"http://127.0.0.1:{free_port()}"
    done = ordersim(*argv, "--url", down)
    assert done.returncode == 1, (done.stdout, done.stderr)
    [line] = done.stderr.splitlines()
    assert line.startswith(f"ordersim {argv[0]}: cannot reach {down}") and "Traceback" not in done.stderr


@pytest.mark.parametrize("argv, complaint", [
    (["clock", "advance", "soon"], "'soon' is not a duration"),
    (["clock", "set", "--mode", "fast"], "invalid choice: 'fast'"),
    (["clock", "set"], "--mode"),
    (["order", "tiramizoo"], "ID"),
    (["advance", "tiramizoo", "x"], "TO"),
    (["listen"], "--forward-to"),
    (["listen", "--forward-to", "localhost:3000"], "not an http(s) URL"),
    (["listen", "--forward-to", "http://localhost:3000", "--secret", "nope"], "whsec_"),
    (["faults"], "ACTION"),
    (["faults", "add"], "--status"),
    (["faults", "add", "--status", "x"], "invalid int value"),
    (["orders", "--colour", "red"], "unrecognized arguments: --colour"),
])
def test_bad_usage_exits_2(argv, complaint):
    done = ordersim(*argv, "--url", "http://127.0.0.1:9")
    assert done.returncode == 2 and complaint in done.stderr and done.stdout == "", done.stderr


def test_a_refusal_prints_the_servers_message_and_exits_1(server):
    done = ordersim("orders", "--vendor", "nosuch", "--url", server)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (f"ordersim orders: 404 from {server}/_sim/orders: unknown vendor 'nosuch'; "
                           "known: hypertrack, onfleet, pitneybowes, tiramizoo, wialon\n")
    done = ordersim("order", "tiramizoo", "no-such-id", "--url", server)
    assert done.returncode == 1 and "404" in done.stderr and "no tiramizoo order 'no-such-id'" in done.stderr
    done = ordersim("faults", "add", "--status", "200", "--url", server)
    assert done.returncode == 1 and "status must be 400-599" in done.stderr


@pytest.mark.parametrize("how", ["ORDERSIM_URL", "ORDERSIM_HOST/PORT"])
def test_the_server_is_found_as_every_client_finds_it(server, how):
    port = server.rsplit(":", 1)[1]
    env = {"ORDERSIM_URL": server} if how == "ORDERSIM_URL" else {"ORDERSIM_HOST": "0.0.0.0", "ORDERSIM_PORT": port}
    done = ordersim("status", env=env)
    assert done.returncode == 0 and f" at http://127.0.0.1:{port}: ok" in done.stdout.splitlines()[0]


def test_commands_never_import_the_server_stack(server):
    """Every command's module, the parser, and a real run (its import log) in fresh interpreters."""
    modules = "status reset clock orders order advance webhooks events listen faults remote stream table".split()
    probe = ("import sys\n" + "".join(f"import simulator.cli.{m}\n" for m in modules) +
             "import simulator.client, simulator.standard_webhooks\n"
             "from simulator.cli import build_parser\nbuild_parser()\n"
             "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn'))))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=CLEAN_ENV, check=True)
    assert loaded.stdout.strip() == ""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "simulator", "status", "--url", server],
                         capture_output=True, text=True, env=CLEAN_ENV)
    assert run.returncode == 0
    imported = {line.split("|")[-1].strip().split(".")[0] for line in run.stderr.splitlines() if "|" in line}
    assert "httpx" in imported  # the log is real: the client's own import shows up
    assert not imported & {"starlette", "uvicorn"}
