"""Every example in the README and the docs pages runs as written, against a real server.

How it works: each page in PAGES gets its own `ordersim serve` (with the flags the page tells its
reader to use) on a free port. Its fenced blocks run top to bottom, so a block may use what an
earlier block of the same page created:
  ```sh / ```bash   run by `bash -euo pipefail`; `curl` fails on any HTTP status >= 400
                    (`--fail-with-body`) and gives up after 10 s
  ```python         run by this venv's Python (the official vendor clients are installed in it)
Before a block runs, `127.0.0.1:8080` and `localhost:8080` are replaced by the test server's address.
```json, ```text and blocks without a language are not run.

To mark a block, put an HTML comment on the line right before its opening fence:
  <!-- docs-test: skip: <why it cannot run here> -->   e.g. it starts a server, needs Docker, streams forever
  <!-- docs-test: fixture -->                           a ```json fixtures example: checked with the schema
  <!-- docs-test: same-as fixtures/onfleet.json -->     a ```json block that must equal that file
A ```js block (or any language not run here) must carry a skip marker with its reason.

To add a page: append a Page(path, serve_flags) to PAGES; say on the page how its server is started."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from simulator.fixtures import parse_fixtures
from tests.server import running_server

ROOT = Path(__file__).parents[2]
RUN_FLAGS = ("--clock", "scaled", "--speed", "5")  # what `make run` starts (Makefile RUN_FLAGS)


class Page(NamedTuple):
    path: str
    serve: tuple[str, ...] = RUN_FLAGS  # flags for this page's server, as the page tells its reader


PAGES = [
    Page("README.md"),
    Page("docs/onfleet.md", ("--clock", "manual", "--fixtures", "fixtures/onfleet.json")),
    Page("docs/tiramizoo.md", ("--clock", "manual")),
    Page("docs/wialon.md", ("--clock", "manual", "--fixtures", "fixtures/wialon.json")),
    Page("docs/hypertrack.md", ("--clock", "manual", "--fixtures", "fixtures/hypertrack.json")),
    Page("docs/pitneybowes.md", ("--clock", "manual", "--fixtures", "fixtures/pitneybowes.json")),
    Page("docs/snapshots.md", ("--clock", "manual")),
    Page("docs/pytest.md", ("--clock", "manual")),  # its Python blocks are test modules: tests/plugin/test_docs_pytest.py runs them
]
RUN = {"sh": "bash", "bash": "bash", "python": "python"}
NOT_CODE = {"", "json", "text"}
MARK = re.compile(r"<!--\s*docs-test:\s*(.*?)\s*-->")
SH_PRELUDE = 'curl() { command curl --silent --show-error --fail-with-body --max-time 10 "$@"; }\n'


class Block(NamedTuple):
    line: int  # of the opening fence
    lang: str
    code: str
    mark: str  # the docs-test marker before it, or ""


def blocks(text: str) -> list[Block]:
    out, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        if lines[i].startswith("```"):
            lang, start = lines[i][3:].strip(), i
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
            before = lines[i - 1] if i > 0 else ""
            mark = MARK.search(before)
            out.append(Block(start + 1, lang, "\n".join(lines[i + 1:end]) + "\n", mark.group(1) if mark else ""))
            i = end
        i += 1
    return out


def run_block(block: Block, base: str, page: str) -> None:
    code = block.code.replace("127.0.0.1:8080", base.split("//", 1)[1]).replace("localhost:8080", base.split("//", 1)[1])
    env = {**os.environ, "ORDERSIM_URL": base, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    if RUN[block.lang] == "bash":
        cmd = ["bash", "-euo", "pipefail", "-c", SH_PRELUDE + code]
    else:
        cmd = [sys.executable, "-c", code]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, (f"{page}:{block.line}: the {block.lang} block failed (exit {done.returncode})\n"
                                  f"--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}")


def check_json(block: Block, page: str) -> None:
    where = f"{page}:{block.line}"
    if block.mark == "fixture":
        parse_fixtures(json.loads(block.code), where)
    elif block.mark.startswith("same-as "):
        path = block.mark.split(" ", 1)[1]
        assert json.loads(block.code) == json.loads((ROOT / path).read_text()), f"{where}: not what {path} contains"


@pytest.mark.e2e
@pytest.mark.parametrize("page", PAGES, ids=[p.path for p in PAGES])
def test_every_example_on_the_page_runs_as_written(page: Page):
    found = blocks((ROOT / page.path).read_text())
    for block in found:
        if block.lang not in RUN and block.lang not in NOT_CODE:
            assert block.mark.startswith("skip:"), f"{page.path}:{block.line}: a ```{block.lang} block needs a skip marker"
    with running_server(*page.serve) as base:
        for block in found:
            if block.mark.startswith("skip:"):
                assert block.mark[5:].strip(), f"{page.path}:{block.line}: say why the block is skipped"
            elif block.lang == "json":
                check_json(block, page.path)
            elif block.lang in RUN:
                run_block(block, base, page.path)


def test_markers_are_ones_this_test_knows():
    for page in PAGES:
        for block in blocks((ROOT / page.path).read_text()):
            assert block.mark == "" or block.mark == "fixture" or block.mark.startswith(("skip:", "same-as ")), \
                f"{page.path}:{block.line}: unknown marker {block.mark!r}"


def test_no_file_refers_to_the_private_design_notes():
    """Users get the repository only: nothing in it may send them to shared/... or DESIGN.md."""
    offenders = []
    for path in [*ROOT.glob("*.md"), *ROOT.glob("docs/*.md"), *ROOT.glob("simulator/**/*.py"), *ROOT.glob("tests/**/*.py"),
                 *ROOT.glob("bench/*.py"), *ROOT.glob("fixtures/*.json")]:
        text = path.read_text()
        if path.name == "test_examples.py":
            continue
        offenders += [f"{path.relative_to(ROOT)}:{n}" for n, line in enumerate(text.splitlines(), 1)
                      if "shared/" in line or "DESIGN.md" in line]
    assert offenders == []
