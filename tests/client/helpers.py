"""A Tiramizoo order created through the vendor API: the quickest way to put an order (and its
webhooks) into a real server."""

from __future__ import annotations

import httpx

from tests.tiramizoo.helpers import QUOTE_REQUEST


def tiramizoo_order(base: str, token: str, web_hook_url: str | None = None) -> str:
    """Creates one order for `token`; returns its uuid."""
    quote = httpx.post(f"{base}/tiramizoo/v1/quotes", json=QUOTE_REQUEST).json()[0]
    body = {"quote": quote, "pickup": {"name": "Alice", "phone_number": "+491234567890"},
            "delivery": {"name": "Bob", "email": "bob@example.com"}, "description": "rubber chickens"}
    if web_hook_url:
        body["web_hook_url"] = web_hook_url
    resp = httpx.post(f"{base}/tiramizoo/v1/orders", params={"api_token": token}, json=body)
    assert resp.status_code == 201, resp.text
    return resp.json()["uuid"]
