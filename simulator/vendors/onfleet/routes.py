"""Onfleet API v2 under /onfleet/api/v2. Every endpoint runs through `endpoint()`: Basic auth, the
per-organisation rate limit, body decoding (a `null` or empty body is tolerated), the error envelope
with the request id, and X-RateLimit-Limit / X-RateLimit-Remaining on every response."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from simulator.http.decode import decode_body
from simulator.http.responses import json_response
from simulator.http.routing import Route
from simulator.vendors.onfleet import orders, quotes, render, webhook_routes
from simulator.vendors.onfleet.auth import Caller, authenticate, orgs_of
from simulator.vendors.onfleet.errors import LIMIT, OnfleetError, from_decode_error, not_found
from simulator.vendors.onfleet.machine import REMOVED
from simulator.vendors.onfleet.ratelimit import take
from simulator.vendors.onfleet.schemas import CancelIn, OrderCreate, OrderUpdate, QuoteIn, RejectIn, WebhookIn

Handler = Callable[[Request, Caller, Any], Awaitable[Any]]
ORG_CREATED = 1767225600000  # organisations "exist" from the seeded clock's epoch
_LIMIT = b"%d" % LIMIT


def endpoint(handler: Handler, body_type: type[Any] | None = None) -> Callable[[Request], Awaitable[Response]]:
    async def wrapped(request: Request) -> Response:
        remaining = LIMIT
        try:
            caller = authenticate(request)
            remaining = take(request, caller)
            body = await decode_body(request, body_type, from_decode_error) if body_type is not None else None
            result = await handler(request, caller, body)
        except OnfleetError as exc:
            request_id = request.scope.get("state", {}).get("request_id")
            return exc.response(request_id, 0 if exc.status == 429 else remaining)
        if isinstance(result, Response):
            result.headers.update({"X-RateLimit-Limit": str(LIMIT), "X-RateLimit-Remaining": str(remaining)})
            return result
        return answer(result, remaining)
    return wrapped


def answer(result: Any, remaining: int) -> Response:
    """200 with the rate-limit headers first, byte for byte what json_response(result, 200, headers={...})
    sends, without its generic pass over a headers dict (paid by every request)."""
    response = json_response(result, 200)
    response.raw_headers[:0] = [(b"x-ratelimit-limit", _LIMIT), (b"x-ratelimit-remaining", b"%d" % remaining)]
    return response


# -- small endpoints ---------------------------------------------------------------------
async def auth_test(request: Request, caller: Caller, _: None) -> dict:
    return {"message": f"Hello organization '{caller.org}'! You have successfully authenticated."}


async def organization(request: Request, caller: Caller, _: None) -> dict:
    """The caller's organisation; `delegatees` lists its connected orgs (a courier finds its clients here)."""
    orgs = orgs_of(request, caller.tenant)
    if caller.role == "courier":
        name, delegatees = orgs.courier_name, list(orgs.clients)
    else:
        name, delegatees = orgs.clients.get(caller.org, caller.tenant.name), [orgs.courier]
    return {"id": caller.org, "timeCreated": ORG_CREATED, "timeLastModified": ORG_CREATED, "name": name,
            "email": None, "image": None, "timezone": "America/Los_Angeles", "country": "US",
            "delegatees": delegatees}


def _task(request: Request, caller: Caller, ref: str, by_short: bool) -> dict:
    record = caller.tenant.orders.get("onfleet", ref)
    if record is not None and record.state not in REMOVED and orders.visible(caller, record.body):
        for task in (record.body.pickup, record.body.dropoff):
            if (task.short_id if by_short else task.id) == ref:
                return render.task(record.body, task)
    raise not_found("task", ref)


async def get_task(request: Request, caller: Caller, _: None) -> dict:
    return _task(request, caller, request.path_params["task"], by_short=False)


async def get_task_by_short(request: Request, caller: Caller, _: None) -> dict:
    return _task(request, caller, request.path_params["short"], by_short=True)


async def create_webhook(request: Request, caller: Caller, req: WebhookIn) -> dict:
    return await webhook_routes.create(request, caller, req)


async def list_webhooks(request: Request, caller: Caller, _: None) -> list:
    return webhook_routes.listing(caller)


async def delete_webhook(request: Request, caller: Caller, _: None) -> Response:
    webhook_routes.delete(caller, request.path_params["hook"])
    return Response(b"", 200)


BASE = "/api/v2"
ROUTES = [
    Route(BASE + "/auth/test", endpoint(auth_test), methods=["GET"]),
    Route(BASE + "/organization", endpoint(organization), methods=["GET"]),
    Route(BASE + "/taskOrders", endpoint(orders.create, OrderCreate), methods=["POST"]),
    Route(BASE + "/taskOrders/cancel", endpoint(orders.cancel, CancelIn), methods=["POST"]),
    Route(BASE + "/taskOrders/{order}", endpoint(orders.get), methods=["GET"]),
    Route(BASE + "/taskOrders/{order}", endpoint(orders.update, OrderUpdate), methods=["PUT"]),
    Route(BASE + "/taskOrders/{order}/clone", endpoint(orders.clone), methods=["POST"]),
    Route(BASE + "/taskOrders/{order}/reject", endpoint(orders.reject, RejectIn), methods=["POST"]),
    Route(BASE + "/deliveryServices/quote", endpoint(quotes.quote, QuoteIn), methods=["POST", "GET"]),
    Route(BASE + "/tasks/shortId/{short}", endpoint(get_task_by_short), methods=["GET"]),
    Route(BASE + "/tasks/{task}", endpoint(get_task), methods=["GET"]),
    Route(BASE + "/webhooks", endpoint(create_webhook, WebhookIn), methods=["POST"]),
    Route(BASE + "/webhooks", endpoint(list_webhooks), methods=["GET"]),
    Route(BASE + "/webhooks/{hook}", endpoint(delete_webhook), methods=["DELETE"]),
]
