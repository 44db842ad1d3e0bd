"""The Dockerfile's build and run steps, performed outside Docker (no engine on these machines):
its COPY and RUN instructions run in a directory that stands for each stage's filesystem (absolute
paths mapped into it): the builder's `pip wheel`, then the final stage's `pip install` into a fresh
venv holding nothing else. Then the ENTRYPOINT+CMD start with only the image's ENV (plus PATH to that
venv), with and without a fixtures directory "mounted" at /fixtures, and the exact HEALTHCHECK
command must pass. Not performed: `useradd` (it would add a user to this machine) and the base image
itself; docs/ci.md says so."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.ci.dockerfile import Dockerfile, Instruction, Stage, build_context, parse
from tests.server import free_port

ROOT = Path(__file__).parents[2]
DRIVER = Path(__file__).with_name("container_driver.py")
FIXTURE = {"strict": ["tiramizoo"], "tenants": {"acme": {"credentials": {"tiramizoo": ["acme-token"]}}}}
PROBES = ["/_sim/health", "/tiramizoo/v1/orders?api_token=acme-token", "/tiramizoo/v1/orders?api_token=stranger"]

pytestmark = pytest.mark.e2e


class StageFS:
    """One stage's filesystem as a local directory: image path /a/b is root/a/b."""

    def __init__(self, root: Path, bin_dir: Path):
        self.root, self.bin_dir, self.workdir = root, bin_dir, "/"
        root.mkdir(parents=True)

    def local(self, image_path: str) -> Path:
        return self.root / os.path.normpath(os.path.join(self.workdir, image_path)).lstrip("/")

    def run(self, instruction: Instruction, context: Path, stages: dict[str, StageFS]) -> None:
        if instruction.keyword == "WORKDIR":
            self.workdir = os.path.join(self.workdir, instruction.args)
            self.local(".").mkdir(parents=True, exist_ok=True)
        elif instruction.keyword == "COPY":
            options, rest = instruction.flags()
            *sources, dest = rest.split()
            base = stages[options["from"]] if "from" in options else None
            for source in sources:
                src = base.local(source) if base else context / source
                target = self.local(dest)
                if src.is_dir():  # Docker copies a directory's contents
                    shutil.copytree(src, target, dirs_exist_ok=True)
                else:
                    target.mkdir(parents=True, exist_ok=True) if dest.endswith("/") else target.parent.mkdir(
                        parents=True, exist_ok=True)
                    shutil.copy(src, target / src.name if dest.endswith("/") else target)
        elif instruction.keyword == "RUN":
            command = re.sub(r"(^|\s)/", lambda m: f"{m.group(1)}{self.root}/", instruction.args)
            env = {"PATH": f"{self.bin_dir}:/usr/bin:/bin", "HOME": str(self.root)}
            subprocess.run(["sh", "-ec", command], cwd=self.local("."), env=env, check=True, capture_output=True)


def perform(stage: Stage, fs: StageFS, context: Path, stages: dict[str, StageFS], skip: tuple[str, ...] = ()) -> None:
    for instruction in stage.instructions:
        if instruction.keyword == "RUN" and instruction.args.startswith(skip):
            continue
        fs.run(instruction, context, stages)


@pytest.fixture(scope="module")
def image(tmp_path_factory) -> tuple[Dockerfile, StageFS]:
    """The built 'image': the final stage's filesystem with the wheel installed into a fresh venv."""
    dockerfile = parse(ROOT / "Dockerfile")
    tmp = tmp_path_factory.mktemp("image")
    context = tmp / "context"
    for relative in build_context(ROOT):
        (context / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / relative, context / relative)
    # The builder's pip: any pip will do (`pip wheel --no-deps` builds in an isolated environment).
    builder = StageFS(tmp / "builder", Path(sys.executable).parent)
    perform(dockerfile.stage("builder"), builder, context, {})
    fresh = tmp / "python"
    venv.create(fresh, with_pip=True)  # stands for the base image's Python: nothing but pip
    final = StageFS(tmp / "final", fresh / "bin")
    perform(dockerfile.stages[-1], final, context, {"builder": builder}, skip=("useradd ",))
    return dockerfile, final


def container_env(dockerfile: Dockerfile, fs: StageFS, port: int | None) -> dict[str, str]:
    """Only the image's ENV (absolute paths mapped into its filesystem), and PATH to its Python."""
    env = {k: str(fs.root / v.lstrip("/")) if v.startswith("/") else v for k, v in dockerfile.stages[-1].env().items()}
    env["PATH"] = f"{fs.bin_dir}:/usr/bin:/bin"
    if port is not None:
        env["ORDERSIM_PORT"] = str(port)
    return env


def private_network() -> list[str] | None:
    """A command prefix that runs in a fresh network namespace with loopback up, if allowed here."""
    prefix = ["unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "sh"]
    if shutil.which("unshare") and shutil.which("ip"):
        if subprocess.run(prefix + ["true"], capture_output=True).returncode == 0:
            return prefix
    return None


def start_container(image, tmp_path: Path) -> dict:
    dockerfile, fs = image
    final = dockerfile.stages[-1]
    prefix = private_network()
    port = None if prefix else free_port()  # without a namespace, 8080 may be taken on a shared machine
    env = container_env(dockerfile, fs, port)
    spec = {"env": env, "cwd": str(fs.local(".")),
            "command": final.one("ENTRYPOINT").exec_form() + final.one("CMD").exec_form(),
            "healthcheck": final.one("HEALTHCHECK").flags()[1].removeprefix("CMD ").strip(),
            "base": f"http://127.0.0.1:{env['ORDERSIM_PORT']}", "get": PROBES}
    spec["healthcheck"] = json.loads(spec["healthcheck"])
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    out = subprocess.run((prefix or []) + [sys.executable, str(DRIVER), str(tmp_path / "spec.json")],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_the_wheel_installs_alone_into_a_fresh_python(image):
    _, fs = image
    listed = subprocess.run([fs.bin_dir / "python", "-m", "pip", "list", "--format=json"],
                            capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin"})
    names = {p["name"].lower() for p in json.loads(listed.stdout)}
    assert {"ordersim", "starlette", "uvicorn", "msgspec", "httpx"} <= names
    assert not names & {"pytest", "hypothesis", "ruff", "mypy", "standardwebhooks"}  # no test extra in the image
    assert not (fs.root / "tmp" / "wheels").exists()  # the RUN removed the copied wheel
    located = subprocess.run([fs.bin_dir / "python", "-c", "import simulator; print(simulator.__file__)"],
                             capture_output=True, text=True, check=True, cwd=fs.root, env={"PATH": "/usr/bin:/bin"})
    assert located.stdout.startswith(str(fs.bin_dir.parent))  # the installed package, not this checkout
    assert (Path(located.stdout.strip()).parent / "control" / "static" / "dashboard.html").is_file()


def test_starts_healthy_with_no_fixtures_volume(image, tmp_path):
    report = start_container(image, tmp_path)
    assert report["healthcheck_exit"] == 0, report
    assert report["get"] == {PROBES[0]: 200, PROBES[1]: 200, PROBES[2]: 200}  # open mode: any token works
    assert report["healthcheck_after_stop"] == 1


def test_loads_fixtures_mounted_at_slash_fixtures(image, tmp_path):
    _, fs = image
    mount = fs.root / "fixtures"
    mount.mkdir()
    try:
        (mount / "acme.json").write_text(json.dumps(FIXTURE))
        report = start_container(image, tmp_path)
    finally:
        shutil.rmtree(mount)
    assert report["healthcheck_exit"] == 0, report
    assert report["get"] == {PROBES[0]: 200, PROBES[1]: 200, PROBES[2]: 401}  # strict: only the listed token


def test_an_empty_fixtures_volume_is_a_start_up_error(image, tmp_path):
    """A volume that is mounted but holds no fixtures (e.g. a mistyped host path, which Docker creates
    empty) stops the container with exit 2 naming /fixtures, instead of running without them."""
    _, fs = image
    mount = fs.root / "fixtures"
    mount.mkdir()
    try:
        report = start_container(image, tmp_path)
    finally:
        shutil.rmtree(mount)
    assert report["ready_after_s"] is None and report["server_exit"] == 2
    assert f"{mount}: no *.json files in this directory" in report["server_output"]
