"""`ordersim` run as a process: bad settings exit 2 with one line each, the banner after bind,
a busy port, --version, --help on every command, and the healthcheck's target."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from simulator import __version__
from simulator.cli import build_parser
from tests.server import running_server

pytestmark = pytest.mark.e2e

CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("ORDERSIM_")}


def ordersim(*args: str, env: dict[str, str] | None = None, timeout: float = 10.0) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True, text=True,
                          env={**CLEAN_ENV, **(env or {})}, timeout=timeout)


def test_every_bad_setting_is_one_line_naming_flag_or_variable_value_and_allowed():
    done = ordersim("serve", "--log-level", "loud", "--speed", "-1", "--body-limit", "-5", "--port", "99999",
                    "--seed", "x", env={"ORDERSIM_CLOCK": "fast", "ORDERSIM_JOURNAL_SIZE": "0"})
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "ordersim serve: --port: '99999' is not allowed; expected an integer from 1 to 65535, or 0 for any free port",
        "ordersim serve: --seed: 'x' is not allowed; expected an integer",
        "ordersim serve: ORDERSIM_CLOCK: 'fast' is not allowed; expected one of realtime, scaled, manual",
        "ordersim serve: --speed: '-1' is not allowed; expected a number greater than 0",
        "ordersim serve: --body-limit: '-5' is not allowed; expected an integer greater than 0",
        "ordersim serve: ORDERSIM_JOURNAL_SIZE: '0' is not allowed; expected an integer greater than 0",
        "ordersim serve: --log-level: 'loud' is not allowed; expected one of critical, error, warning, info, debug",
    ]


@pytest.mark.parametrize(("args", "env", "named"), [
    (("--clock", "scaled", "--speed", "0"), {}, "--speed: '0'"),
    ((), {"ORDERSIM_SPEED": "nan"}, "ORDERSIM_SPEED: 'nan'"),
    ((), {"ORDERSIM_PORT": "http"}, "ORDERSIM_PORT: 'http'"),
    ((), {"ORDERSIM_RATE_LIMIT": "maybe"}, "ORDERSIM_RATE_LIMIT: 'maybe'"),
    (("--webhook-timeout", "-1"), {}, "--webhook-timeout: '-1'"),
    (("--host", "no-such-host.invalid"), {}, "'no-such-host.invalid' does not resolve"),
])
def test_a_bad_setting_exits_2_without_traceback(args, env, named):
    done = ordersim("serve", *args, env=env)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and named in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_a_flag_wins_over_its_variable_and_a_good_flag_hides_a_bad_variable():
    with running_server("--body-limit", "100", env={"ORDERSIM_BODY_LIMIT": "-1", "ORDERSIM_SPEED": "3"}) as base:
        import httpx
        settings = httpx.get(base + "/_sim/settings").json()
        assert settings["body_limit"] == 100 and settings["speed"] == 3


def test_port_0_banner_names_the_port_it_got_and_the_server_answers_there():
    with running_server() as base:  # running_server passes --port 0 and reads the banner
        port = int(base.rsplit(":", 1)[1])
        assert port != 0
        assert ordersim("healthcheck", "--url", base).returncode == 0


def test_a_busy_port_is_one_line_and_exit_1_with_no_banner():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = ordersim("serve", "--port", str(port))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == f"ordersim serve: cannot listen on 127.0.0.1 port {port}: Address already in use\n"


def test_version():
    done = ordersim("--version")
    assert (done.returncode, done.stdout) == (0, f"ordersim {__version__}\n")


def _subparsers() -> dict:
    parser = build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return dict(action.choices)


def test_every_flag_of_every_command_says_its_default_in_help():
    """The convention of simulator/cli/flags.py: help text from described(meaning, default=, env=)."""
    for name, sub in _subparsers().items():
        for action in sub._actions:
            if action.option_strings and action.dest != "help":
                assert action.help and "default:" in action.help, f"ordersim {name} {action.option_strings[0]}"


def test_serve_help_shows_meaning_default_and_env_var_of_each_flag():
    done = ordersim("serve", "--help")
    assert done.returncode == 0
    text = " ".join(done.stdout.split())  # argparse wraps lines
    for flag, default, env in [("--port N port to listen on", "8080", "ORDERSIM_PORT"),
                               ("--clock MODE default clock", "realtime", "ORDERSIM_CLOCK"),
                               ("--body-limit BYTES", "1048576", "ORDERSIM_BODY_LIMIT"),
                               ("--log-level LEVEL", "warning", "ORDERSIM_LOG_LEVEL")]:
        assert flag in text
        assert f"(default: {default}; env {env})" in text
    assert ordersim("healthcheck", "--help").returncode == 0


@pytest.mark.parametrize("how", ["port", "url", "wildcard-host"])
def test_healthcheck_resolves_its_target_from_the_environment(how):
    with running_server() as base:
        port = base.rsplit(":", 1)[1]
        env = {"port": {"ORDERSIM_PORT": port},
               "url": {"ORDERSIM_URL": base, "ORDERSIM_PORT": "1"},
               "wildcard-host": {"ORDERSIM_HOST": "0.0.0.0", "ORDERSIM_PORT": port}}[how]
        done = ordersim("healthcheck", env=env)
        assert done.returncode == 0, done.stderr
        assert done.stdout == f"healthy: http://127.0.0.1:{port}/_sim/health\n"
        flag = ordersim("healthcheck", "--url", base, env={"ORDERSIM_URL": "http://127.0.0.1:1"})
        assert flag.returncode == 0  # --url wins over ORDERSIM_URL


def test_healthcheck_against_nothing_is_one_line_and_exit_1():
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    done = ordersim("healthcheck", "--timeout", "0.5", env={"ORDERSIM_PORT": str(port)})
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"unhealthy: http://127.0.0.1:{port}/_sim/health: ") and done.stderr.count("\n") == 1
