"""Fixture loading: JSON files that define tenants, credentials, strict vendors and vendor config."""

from __future__ import annotations

from pathlib import Path

import msgspec


class FixtureError(ValueError):
    """One or more fixture problems; `problems` holds one line each (file and JSON path)."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class ClockFixture(msgspec.Struct, forbid_unknown_fields=True):
    mode: str | None = None
    speed: float | None = None
    start: float | None = None


class TenantFixture(msgspec.Struct, forbid_unknown_fields=True):
    clock: ClockFixture | None = None
    credentials: dict[str, list[str | dict]] = {}
    vendors: dict[str, dict] = {}


class FixtureFile(msgspec.Struct):
    """The shape every fixtures file must have (vendor sections are free-form)."""

    strict: list[str] = []
    tenants: dict[str, TenantFixture] = {}


def load_fixtures(location: str | None) -> dict:
    """One file, or every *.json in a directory merged in name order (tenants merge by name)."""
    if not location:
        return {}
    path = Path(location)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    merged: dict = {"tenants": {}, "strict": []}
    for file in files:
        try:
            data = msgspec.json.decode(file.read_bytes())
            msgspec.convert(data, FixtureFile)
        except (OSError, msgspec.DecodeError, msgspec.ValidationError) as exc:
            raise FixtureError([f"{file}: {exc}"]) from None
        for name, section in data.get("tenants", {}).items():
            _deep_merge(merged["tenants"].setdefault(name, {}), section)
        merged["strict"] += [v for v in data.get("strict", []) if v not in merged["strict"]]
        for key, value in data.items():
            if key not in ("tenants", "strict"):
                merged[key] = value
    return merged


def _deep_merge(into: dict, new: dict) -> None:
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _deep_merge(into[key], value)
        else:
            into[key] = value
