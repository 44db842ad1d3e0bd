"""One real server for every command test (each test works in its own tenant)."""

from __future__ import annotations

import itertools

import pytest

from tests.server import running_server

_names = itertools.count(1)


@pytest.fixture(scope="session")
def server():
    with running_server() as base:
        yield base


@pytest.fixture
def tenant() -> str:
    """A tenant of this test alone (a Tiramizoo api_token names its own tenant)."""
    return f"cli-{next(_names)}"
