"""docs/ci.md: every YAML block parses, each recipe has what the issue promises, and every `ordersim`
command line, container command and ORDERSIM_* variable in any block exists (parsed by the real
argument parser and settings), so a renamed flag breaks this test rather than a user's CI."""

from __future__ import annotations

import ast
import contextlib
import io
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from simulator.cli import build_parser
from simulator.client import TOKEN_ENV
from simulator.settings import OPTIONS, SettingsError, from_sources

DOC = Path(__file__).parents[2] / "docs" / "ci.md"
CLIENT_VARIABLES = {"ORDERSIM_URL", TOKEN_ENV}  # read by the clients (server_url.py, simulator.client)
SETTING_VARIABLES = {option.env for option in OPTIONS}


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", DOC.read_text(), flags=re.S | re.M)


def yaml_documents() -> list[Any]:
    return [yaml.safe_load(block) for block in blocks("yaml")]


def check_ordersim_args(argv: list[str]) -> None:
    """The arguments after `ordersim` (or given to the image's ENTRYPOINT) parse as a real command."""
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        try:
            build_parser().parse_args(argv)
        except SystemExit as exc:
            if exc.code:
                pytest.fail(f"ordersim {shlex.join(argv)}: {stderr.getvalue().strip()}")


def check_variables(variables: dict[str, str]) -> None:
    ours = {k: str(v) for k, v in variables.items() if k.startswith("ORDERSIM_")}
    assert set(ours) <= SETTING_VARIABLES | CLIENT_VARIABLES, set(ours) - SETTING_VARIABLES - CLIENT_VARIABLES
    try:
        from_sources({}, env=ours)
    except SettingsError as exc:
        pytest.fail(f"{ours}: {exc}")


def commands_in_words(words: list[str]) -> list[list[str]]:
    """`ordersim ARGS` inside a shell command line, up to the next shell operator (a bare `ordersim` is
    a name: a service, an alias, a container)."""
    found = []
    for i, word in enumerate(words):
        if " " in word:  # a quoted command, e.g. --health-cmd "ordersim healthcheck"
            found += commands_in_words(shlex.split(word))
        elif (word == "ordersim" or word.endswith("/ordersim")) and i + 1 < len(words) and (
                i == 0 or words[i - 1] != "--name"):  # not a container's name
            rest = []
            for arg in words[i + 1:]:
                if arg in ("&&", "||", ";", "|"):
                    break
                rest.append(arg)
            found.append(rest)
    return found


DOCKER_RUN_VALUE_OPTIONS = {"--name", "-p", "--publish", "-v", "--volume", "-e", "--env", "--network", "-w"}


def docker_run_arguments(words: list[str]) -> list[str]:
    """What `docker run [OPTIONS] IMAGE ARGS...` passes to the image's ENTRYPOINT (no ARGS: its CMD)."""
    i = 2
    while words[i].startswith("-"):
        i += 2 if words[i] in DOCKER_RUN_VALUE_OPTIONS else 1
    return words[i + 1:] or ["serve"]


def walk(node: Any, commands: list[list[str]], variables: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("ORDERSIM_"):
                variables[key] = value
        image = str(node.get("image") or node.get("name") or "")
        if "ordersim" in image and "command" in node:  # arguments to the image's ENTRYPOINT ["ordersim"]
            command = node["command"]
            commands.append(command if isinstance(command, list) else shlex.split(command))
        for value in node.values():
            walk(value, commands, variables)
    elif isinstance(node, list):
        if node and all(isinstance(v, str) for v in node) and "ordersim" in node:  # ["CMD", "ordersim", ...]
            commands.append(node[node.index("ordersim") + 1:])
        else:
            for value in node:
                walk(value, commands, variables)
    elif isinstance(node, str):
        variables.update(re.findall(r"\b(ORDERSIM_\w+)=(\S*)", node))
        for name in re.findall(r"\b(ORDERSIM_\w+)", node):
            variables.setdefault(name, "")
        with contextlib.suppress(ValueError):
            commands += commands_in_words(shlex.split(node))


def test_every_yaml_block_parses_and_names_only_real_flags_and_variables():
    documents = yaml_documents()
    assert len(documents) >= 3
    for document in documents:
        assert isinstance(document, dict) and document
        commands: list[list[str]] = []
        variables: dict[str, str] = {}
        walk(document, commands, variables)
        assert commands, f"no ordersim command found in {document}"
        for argv in commands:
            check_ordersim_args(argv)
        check_variables(variables)


def test_shell_and_python_blocks_name_only_real_flags_and_variables():
    commands: list[list[str]] = []
    variables: dict[str, str] = {}
    for block in blocks("sh"):
        for line in block.replace("\\\n", " ").splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            words = shlex.split(line, comments=True)
            walk(line, commands, variables)
            if words[:2] == ["docker", "run"]:
                commands.append(docker_run_arguments(words))
    for block in blocks("python"):
        for node in ast.walk(ast.parse(block)):
            if isinstance(node, ast.List) and all(isinstance(e, ast.Constant) for e in node.elts):
                words = [e.value for e in node.elts]
                if words and words[0] in ("ordersim", "serve"):
                    commands.append(words[1:] if words[0] == "ordersim" else words)
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                walk(node.value, [], variables)
    assert len(commands) >= 4
    for argv in commands:
        check_ordersim_args(argv)
    check_variables(variables)


def test_each_recipe_has_what_it_promises():
    text = DOC.read_text()
    github, gitlab, compose = yaml_documents()[:3]
    service = github["jobs"]["test"]["services"]["ordersim"]
    assert '--health-cmd "ordersim healthcheck"' in service["options"]
    assert github["jobs"]["test"]["env"]["ORDERSIM_URL"] == "http://localhost:8080"
    [gitlab_service] = gitlab["integration"]["services"]
    assert gitlab_service["alias"] == "ordersim"
    assert gitlab["integration"]["variables"]["ORDERSIM_URL"] == "http://ordersim:8080"
    assert compose["services"]["tests"]["depends_on"]["ordersim"]["condition"] == "service_healthy"
    assert any(v.endswith(":/fixtures:ro") for v in compose["services"]["ordersim"]["volumes"])
    [testcontainers, switch] = blocks("python")
    assert 'HttpWaitStrategy(8080, "/_sim/health")' in testcontainers
    assert 'os.environ.get("ORDERSIM_URL")' in switch
    assert "docker run -d --name ordersim -p 8080:8080" in text
