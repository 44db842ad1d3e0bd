"""Scenario orders (fixtures `tenants.<t>.orders.onfleet`): `create` is the body of
POST /taskOrders, sent with the credential's key as HTTP Basic user (a courier key must name its
`client`, as on the API)."""

from __future__ import annotations

from typing import Any

from simulator.fixtures.schema import Credential
from simulator.http.inprocess import InProcessClient, basic
from simulator.vendors.base import ScenarioRefused


async def create(client: InProcessClient, credential: Credential, body: dict[str, Any]) -> list[str]:
    reply = await client.request("POST", "/onfleet/api/v2/taskOrders", json=body, headers=basic(credential.key))
    if not reply.ok:
        raise ScenarioRefused.answered("onfleet", "POST /taskOrders", reply)
    return [reply.json()["id"]]
