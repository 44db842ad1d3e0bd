"""Fixture loading: JSON files that define tenants, credentials, strict vendors and vendor config."""

from __future__ import annotations

from pathlib import Path

import msgspec


def load_fixtures(location: str | None) -> dict:
    """One file, or every *.json in a directory merged in name order (tenants merge by name)."""
    if not location:
        return {}
    path = Path(location)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    merged: dict = {"tenants": {}, "strict": []}
    for file in files:
        data = msgspec.json.decode(file.read_bytes())
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
