"""Calling the simulated Wialon Remote API from the in-process tests."""

from __future__ import annotations

import json

from tests.support import advance

AJAX = "/wialon/wialon/ajax.html"
RESOURCE = 2000  # the default resource and units every tenant gets without fixtures
UNITS = (3001, 3002, 3003)
ORDERS_FLAG = 0x80000


class Wialon:
    """A tiny client: form-encoded POSTs like Gurtam's python-wialon."""

    def __init__(self, client, token: str = "tok"):
        self.client, self.token, self.sid = client, token, None

    async def raw(self, svc: str | None, params=None, sid: str | None = None, **extra):
        data = {**({"svc": svc} if svc is not None else {}),
                **({"params": params if isinstance(params, str) else json.dumps(params)} if params is not None else {}),
                **({"sid": sid} if sid is not None else {}), **extra}
        resp = await self.client.post(AJAX, data=data)
        assert resp.status_code == 200, resp.text
        assert resp.headers["content-type"] == "application/json"
        return resp.json()

    async def call(self, svc: str, params=None):
        return await self.raw(svc, {} if params is None else params, self.sid)

    async def login(self) -> dict:
        reply = await self.raw("token/login", {"token": self.token})
        self.sid = reply["eid"]
        return reply

    async def create(self, **fields) -> list:
        params = {"itemId": RESOURCE, "id": 0, "n": "Order", "p": {}, "callMode": "create", **fields}
        return await self.call("order/update", params)

    async def mode(self, order_id: int, call_mode: str, **fields):
        return await self.call("order/update", {"itemId": RESOURCE, "id": order_id, "callMode": call_mode, **fields})

    async def orders(self) -> dict:
        reply = await self.call("core/search_item", {"id": RESOURCE, "flags": ORDERS_FLAG | 1})
        return reply["item"]["orders"]

    async def history(self, **filters) -> dict:
        return await self.call("order/get_orders_history", {"itemId": RESOURCE, **filters})

    async def advance(self, seconds: float) -> None:
        await advance(self.client, self.token, seconds)



async def logged_in(client, token: str = "tok") -> Wialon:
    w = Wialon(client, token)
    await w.login()
    return w
