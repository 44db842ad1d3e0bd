"""Scenario orders (fixtures `tenants.<t>.orders.hypertrack`): `create` is the body of POST /orders/
(a batch: `plan_mode` and `orders`), sent with Basic `account id:secret`. Every order of the batch is
then walked to the scenario's state; they are found by their `order_handle`."""

from __future__ import annotations

from typing import Any

from simulator.fixtures.schema import Credential
from simulator.http.inprocess import InProcessClient, basic
from simulator.vendors.base import ScenarioRefused


async def create(client: InProcessClient, credential: Credential, body: dict[str, Any]) -> list[str]:
    if not credential.secret:
        raise ScenarioRefused("credential", f"hypertrack account {credential.key!r} lists no secret; "
                                            "scenario orders are created with the secret the fixtures give it")
    reply = await client.request("POST", "/hypertrack/orders/", json=body,
                                 headers=basic(credential.key, credential.secret))
    if not reply.ok:
        raise ScenarioRefused.answered("hypertrack", "POST /orders/", reply)
    return [order["order_handle"] for order in body["orders"]]  # the batch was accepted: it has them all
