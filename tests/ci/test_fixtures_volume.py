"""The container's /fixtures volume: loaded when mounted, skipped when not, never silently empty."""

from __future__ import annotations

import subprocess
import sys

from simulator.settings import from_sources


def test_fixtures_if_present_is_used_only_when_the_path_exists(tmp_path):
    mounted = tmp_path / "fixtures"
    settings = from_sources({}, env={"ORDERSIM_FIXTURES_IF_PRESENT": str(mounted)})
    assert settings.fixtures_to_load() is None  # nothing mounted: start without fixtures
    mounted.mkdir()
    assert settings.fixtures_to_load() == str(mounted)  # mounted (even empty): loaded, and checked, like --fixtures


def test_fixtures_wins_over_fixtures_if_present(tmp_path):
    (tmp_path / "mounted").mkdir()
    settings = from_sources({"fixtures": "fixtures/example.json"},
                            env={"ORDERSIM_FIXTURES_IF_PRESENT": str(tmp_path / "mounted")})
    assert settings.fixtures_to_load() == "fixtures/example.json"


def test_a_missing_fixtures_path_is_still_a_start_up_error(tmp_path):
    missing = str(tmp_path / "nowhere.json")
    out = subprocess.run([sys.executable, "-m", "simulator", "serve", "--port", "0", "--fixtures", missing],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 2 and missing in out.stderr
