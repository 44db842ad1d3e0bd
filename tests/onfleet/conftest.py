"""Onfleet tests run with the rate limit off (hundreds of calls a second in one org); the rate-limit
tests switch it on through /_sim/settings, as a user would."""

import pytest

from simulator.settings import Settings


@pytest.fixture
def settings() -> Settings:
    return Settings(clock="manual", seed=1, rate_limit=False)
