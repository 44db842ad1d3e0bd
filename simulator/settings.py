"""Settings: one msgspec Struct. Precedence: CLI flags > ORDERSIM_* environment > defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping

import msgspec


class Settings(msgspec.Struct, kw_only=True):
    host: str = "127.0.0.1"
    port: int = 8080
    seed: int | None = None
    clock: str = "realtime"  # realtime | scaled | manual
    speed: float = 1.0  # simulated seconds per wall second when clock == scaled
    fixtures: str | None = None  # a JSON file or a directory of *.json
    body_limit: int = 1_048_576  # bytes; larger bodies get the vendor's 413
    journal_size: int = 10_000
    webhook_timeout: float = 5.0  # seconds per delivery attempt
    rate_limit: bool = True  # vendor rate limits (e.g. Onfleet 20 req/s); switchable at run time
    log_level: str = "warning"
    public_url: str | None = None  # base URL used in Location headers and links; default http://host:port


ENV_PREFIX = "ORDERSIM_"


def from_sources(cli: Mapping[str, object] | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Merge env then CLI values over the defaults, converting strings to the field types."""
    env = os.environ if env is None else env
    raw: dict[str, object] = {}
    for field in Settings.__struct_fields__:
        value = env.get(ENV_PREFIX + field.upper())
        if value is not None and value != "":
            raw[field] = value
    for key, value in (cli or {}).items():
        if value is not None:
            raw[key] = value
    return msgspec.convert(raw, Settings, strict=False)
