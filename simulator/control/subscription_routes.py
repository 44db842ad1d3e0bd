"""POST|GET /_sim/subscriptions and DELETE /_sim/subscriptions/{id}: Standard Webhooks receivers
of order events (the store and its signing live in subscriptions.py)."""

from __future__ import annotations

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from simulator.control.base import Control, fail, read_body
from simulator.control.paging import id_number, paged_list
from simulator.http.responses import json_response
from simulator.http.routing import Route


class NewSubscription(msgspec.Struct, forbid_unknown_fields=True):
    """POST /_sim/subscriptions: where to send, which events (vendor, tenant) and, optionally, the secret."""
    url: str
    vendor: str | None = None
    tenant: str | None = None
    secret: str | None = None


def routes(ctl: Control) -> list[Route]:
    async def add_subscription(request: Request) -> Response:
        body = await read_body(request, NewSubscription)
        url, secret = body.url, body.secret
        if not url.startswith(("http://", "https://")):
            raise fail(400, "url must be an http(s) URL")
        vendor = ctl.vendor(body.vendor)
        tenant = ctl.tenant(body.tenant)
        if secret is not None and not secret.startswith("whsec_"):
            raise fail(400, "secret, if given, must look like whsec_<base64>")
        sub = ctl.subscriptions.add(url, vendor, tenant.name if tenant else None, secret)
        return json_response(sub, 201)

    async def list_subscriptions(request: Request) -> Response:
        items = list(ctl.subscriptions.items.values())
        return json_response(paged_list("subscriptions", request.query_params, items, key=lambda s: id_number(s.id)))

    async def delete_subscription(request: Request) -> Response:
        if not ctl.subscriptions.remove(request.path_params["sub_id"]):
            raise fail(404, "no such subscription")
        return json_response({"deleted": request.path_params["sub_id"]})

    return [
        Route("/subscriptions", add_subscription, methods=["POST"]),
        Route("/subscriptions", list_subscriptions, methods=["GET"]),
        Route("/subscriptions/{sub_id}", delete_subscription, methods=["DELETE"]),
    ]
