"""Scenario orders (fixtures `tenants.<t>.orders.tiramizoo`): `create` is the body of POST /v1/orders,
except `quote`: a quote lives 10 simulated minutes, so a fixture cannot hold one. `create.quote` is the
quote *request* (`pickup`, `delivery`, `items`, as POST /v1/quotes takes it); ordersim asks for quotes
with it and sends the order with the first one, both with the credential as `api_token`."""

from __future__ import annotations

from typing import Any

from simulator.fixtures.schema import Credential
from simulator.http.inprocess import InProcessClient
from simulator.vendors.base import ScenarioRefused


async def create(client: InProcessClient, credential: Credential, body: dict[str, Any]) -> list[str]:
    auth = {"api_token": credential.key}
    wanted = body.get("quote")
    if not isinstance(wanted, dict):
        raise ScenarioRefused("create.quote", "required: the quote request (pickup, delivery, items, as "
                                              "POST /v1/quotes takes it); ordersim gets the quote with it")
    reply = await client.request("POST", "/tiramizoo/v1/quotes", query=auth, json=wanted)
    quotes = reply.json()
    if not reply.ok or not isinstance(quotes, list) or not quotes:
        raise ScenarioRefused.answered("tiramizoo", "POST /v1/quotes", reply, "create.quote")
    reply = await client.request("POST", "/tiramizoo/v1/orders", query=auth, json={**body, "quote": quotes[0]})
    if not reply.ok:
        raise ScenarioRefused.answered("tiramizoo", "POST /v1/orders", reply)
    return [reply.json()["uuid"]]
