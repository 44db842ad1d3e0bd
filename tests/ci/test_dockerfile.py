"""The Dockerfile, read as text (no Docker engine here): every promise of the image, point by point.
Its build and run steps are performed for real in test_image_steps.py."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from simulator.settings import ENV_PREFIX, Settings
from tests.ci.dockerfile import Dockerfile, IgnoreRules, build_context, parse

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def dockerfile() -> Dockerfile:
    return parse(ROOT / "Dockerfile")


def final(dockerfile: Dockerfile):
    return dockerfile.stages[-1]


def test_two_stages_on_a_slim_official_python_base(dockerfile):
    assert [s.name for s in dockerfile.stages] == ["builder", None]
    for stage in dockerfile.stages:
        assert re.fullmatch(r"python:3\.1[1-9]-slim(-\w+)?", dockerfile.expand(stage.base)), stage.base


def test_builder_builds_one_wheel_from_the_package_sources_only(dockerfile):
    builder = dockerfile.stage("builder")
    copied = [word for copy in builder.all("COPY") for word in copy.args.split()[:-1]]
    assert sorted(copied) == ["README.md", "pyproject.toml", "simulator/"]  # no tests, bench, fixtures, docs
    run = builder.one("RUN").args
    assert run.startswith("pip wheel ") and "--no-deps" in run


def test_final_stage_installs_the_wheel_and_nothing_is_compiled(dockerfile):
    stage = final(dockerfile)
    copies = [c.flags() for c in stage.all("COPY")]
    assert copies == [({"from": "builder"}, "/src/dist/ /tmp/wheels/")]  # only the wheel, nothing from the context
    runs = " && ".join(r.args for r in stage.all("RUN"))
    assert "pip install --no-cache-dir /tmp/wheels/*.whl" in runs and "rm -rf /tmp/wheels" in runs
    for tool in ("apt-get", "gcc", "build-essential", "pytest", "tests/"):
        assert tool not in runs


def test_runs_as_a_non_root_user_it_creates(dockerfile):
    stage = final(dockerfile)
    user = stage.one("USER").args
    assert user not in ("root", "0") and not user.startswith("0:")
    assert any(f"--uid {user}" in r.args and r.args.startswith("useradd ") for r in stage.all("RUN"))
    keywords = [i.keyword for i in stage.instructions]
    assert keywords.index("USER") > max(i for i, k in enumerate(keywords) if k == "RUN")  # installs run as root


def test_environment_port_and_fixtures_volume(dockerfile):
    env = final(dockerfile).env()
    assert env["ORDERSIM_HOST"] == "0.0.0.0" and env["ORDERSIM_PORT"] == "8080"
    assert env["ORDERSIM_FIXTURES_IF_PRESENT"] == "/fixtures"
    settings = {ENV_PREFIX + f.upper() for f in Settings.__struct_fields__}
    assert {k for k in env if k.startswith(ENV_PREFIX)} <= settings  # every ORDERSIM_* it sets is a real setting
    assert final(dockerfile).one("EXPOSE").args == "8080"
    # /fixtures must not exist unless mounted: a VOLUME (or a mkdir) would give an empty directory.
    assert not final(dockerfile).all("VOLUME")
    assert not any("/fixtures" in r.args for r in final(dockerfile).all("RUN"))


def test_healthcheck_entrypoint_and_cmd(dockerfile):
    stage = final(dockerfile)
    options, command = stage.one("HEALTHCHECK").flags()
    assert command == 'CMD ["ordersim", "healthcheck"]'
    assert set(options) <= {"interval", "timeout", "start-period", "start-interval", "retries"}
    assert stage.one("ENTRYPOINT").exec_form() == ["ordersim"]
    assert stage.one("CMD").exec_form() == ["serve"]


def test_oci_labels_name_the_source_and_the_package_version(dockerfile):
    labels = {k: dockerfile.expand(v) for k, v in final(dockerfile).labels().items()}
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert labels["org.opencontainers.image.version"] == version
    assert "org.opencontainers.image.source" in labels and "org.opencontainers.image.title" in labels


def test_dockerignore_sends_only_what_the_build_copies():
    context = build_context(ROOT)
    assert {"pyproject.toml", "README.md", "simulator/app.py", "simulator/control/static/dashboard.html"} <= set(context)
    assert all(f in ("pyproject.toml", "README.md") or f.startswith("simulator/") for f in context), context
    assert not [f for f in context if "__pycache__" in f or f.endswith(".pyc")]
    rules = IgnoreRules(ROOT / ".dockerignore")
    for junk in (".venv/bin/python", ".git/HEAD", "tests/conftest.py", "bench/__main__.py", "build/lib/x.py",
                 "ordersim.egg-info/PKG-INFO", "simulator/__pycache__/app.cpython-311.pyc", ".ordersim/state.json"):
        assert rules.ignored(junk), junk
