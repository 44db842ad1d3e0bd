"""Scenario orders (fixtures `tenants.<t>.orders.wialon`): `create` is the `params` of
`svc=order/update` (`itemId`, `callMode: "create"`, ...), sent in a session opened with
`token/login` with the credential's token and closed again with `core/logout`."""

from __future__ import annotations

import json
from typing import Any

from simulator.fixtures.schema import Credential
from simulator.http.inprocess import InProcessClient, Reply
from simulator.vendors.base import ScenarioRefused

ENDPOINT = "/wialon/wialon/ajax.html"


def _refused(reply: Reply) -> bool:
    """Wialon answers HTTP 200 to everything: an error is `{"error": N}` (N != 0) in the body."""
    answer = reply.json()
    return not reply.ok or (isinstance(answer, dict) and answer.get("error", 0) != 0)


async def create(client: InProcessClient, credential: Credential, body: dict[str, Any]) -> list[str]:
    login = await client.request("POST", ENDPOINT, form={"svc": "token/login",
                                                         "params": json.dumps({"token": credential.key})})
    if _refused(login):
        raise ScenarioRefused.answered("wialon", "token/login", login, "credential")
    sid = login.json()["eid"]
    try:
        reply = await client.request("POST", ENDPOINT, form={"svc": "order/update", "sid": sid,
                                                             "params": json.dumps(body)})
        answer = reply.json()
        if _refused(reply) or not isinstance(answer, list) or not answer:
            raise ScenarioRefused.answered("wialon", "order/update", reply)
        return [str(answer[0])]
    finally:
        await client.request("POST", ENDPOINT, form={"svc": "core/logout", "sid": sid, "params": "{}"})
