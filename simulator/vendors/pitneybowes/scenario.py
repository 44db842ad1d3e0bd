"""Scenario orders (fixtures `tenants.<t>.orders.pitneybowes`): `create` is the body of
POST /ordermanagement/api/v1/orders, sent with a Bearer token the credential (client id and secret,
HTTP Basic) gets from POST /auth/api/v1/token first."""

from __future__ import annotations

from typing import Any

from simulator.fixtures.schema import Credential
from simulator.http.inprocess import InProcessClient, basic
from simulator.vendors.base import ScenarioRefused


async def create(client: InProcessClient, credential: Credential, body: dict[str, Any]) -> list[str]:
    if not credential.secret:
        raise ScenarioRefused("credential", f"pitneybowes client id {credential.key!r} lists no secret; "
                                            "scenario orders are created with the secret the fixtures give it")
    token = await client.request("POST", "/pitneybowes/auth/api/v1/token", form={"grant_type": "client_credentials"},
                                 headers=basic(credential.key, credential.secret))
    if not token.ok:
        raise ScenarioRefused.answered("pitneybowes", "POST /auth/api/v1/token", token, "credential")
    reply = await client.request("POST", "/pitneybowes/ordermanagement/api/v1/orders", json=body,
                                 headers={"authorization": f"Bearer {token.json()['access_token']}"})
    if not reply.ok:
        raise ScenarioRefused.answered("pitneybowes", "POST /orders", reply)
    return [reply.json()["orderId"]]
