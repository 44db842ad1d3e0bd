"""An in-process app started with scenario fixtures (prepared as `ordersim serve` prepares it)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx

from simulator.app import create_app
from simulator.fixtures import load_fixtures, parse_fixtures
from simulator.settings import Settings

ROOT = Path(__file__).parents[2]


def shipped(vendor: str) -> dict[str, Any]:
    """The example scenario fixtures/scenario-<vendor>.json, decoded."""
    return json.loads((ROOT / "fixtures" / f"scenario-{vendor}.json").read_text())


@contextlib.asynccontextmanager
async def started(fixtures: dict[str, Any] | str) -> AsyncIterator[httpx.AsyncClient]:
    """A client on an app whose scenario orders have been created (a path: loaded as --fixtures)."""
    loaded = load_fixtures(fixtures) if isinstance(fixtures, str) else parse_fixtures(fixtures)
    app = create_app(Settings(clock="manual", seed=1), fixtures=loaded)
    await app.state.prepare()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sim") as client:
        yield client
    await app.state.engine.outbox.close()


async def sim_orders(client: httpx.AsyncClient, tenant: str) -> list[dict[str, Any]]:
    reply = await client.get("/_sim/orders", params={"tenant": tenant})
    assert reply.status_code == 200
    return reply.json()["orders"]
