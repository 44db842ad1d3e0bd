"""Every Python example of docs/pytest.md runs as written: each block is a test module of a user's
project, run with the plugin (one inner pytest session for all of them)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.plugin.test_pytest_plugin import inner

pytestmark = pytest.mark.e2e
DOC = Path(__file__).parents[2] / "docs" / "pytest.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)


def test_every_python_example_passes(pytester):
    blocks = python_blocks()
    assert len(blocks) >= 5
    pytester.makepyfile(**{f"test_doc_{n}": block for n, block in enumerate(blocks)})
    result = inner(pytester)
    tests = sum(len(re.findall(r"^(?:async )?def test_", b, flags=re.M)) for b in blocks)
    result.assert_outcomes(passed=tests)
