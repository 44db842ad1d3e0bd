"""What /_sim/openapi/onfleet.json says about each route in routes.py."""

from __future__ import annotations

from typing import Any

from simulator.openapi import ApiDescription, Op, Param, Reply
from simulator.vendors.onfleet.schemas import (
    AuthTestOut,
    CancelIn,
    CancelOut,
    ErrorOut,
    OrderCreate,
    OrderOut,
    OrderUpdate,
    OrganizationOut,
    QuoteIn,
    QuoteOut,
    RejectIn,
    StatusOut,
    TaskOut,
    WebhookIn,
    WebhookOut,
)

RATE = {"X-RateLimit-Limit": "requests per second allowed (20)", "X-RateLimit-Remaining": "left in this second"}


def ok(type_: Any, text: str = "OK", /, **links: tuple[tuple[str, str], dict[str, str]]) -> Reply:
    return Reply(type_, text, headers=RATE, links=links)


def error(text: str) -> Reply:
    return Reply(ErrorOut, text, headers=RATE)


INVALID = error("InvalidContent: a bad body or value (`message.cause` says which)")
NOT_FOUND = error("ResourceNotFound")
FORBIDDEN = error("Forbidden: the other role's call (client vs courier key)")
ORDER_ID = Param("order", "path", required=True, example="order-example")
ONE = "/api/v2/taskOrders/{order}"
BY_ID = {"order": "$response.body#/id"}
FOLLOW = {"Get": (("GET", ONE), BY_ID), "Update": (("PUT", ONE), BY_ID), "Clone": (("POST", ONE + "/clone"), BY_ID),
          "Reject": (("POST", ONE + "/reject"), BY_ID)}
EXAMPLE = {"pickupTask": {"destination": {"address": {"unparsed": "1 Market St, San Francisco, CA"}},
                          "recipients": [{"name": "Shop", "phone": "+14155550100"}]},
           "dropoffTask": {"destination": {"address": {"unparsed": "500 Howard St, San Francisco, CA"}},
                           "recipients": [{"name": "Jane", "phone": "+14155550101"}]}}

API = ApiDescription(
    title="Onfleet API v2 (task orders), as ordersim emulates it",
    description="Orders (taskOrders) with their pickup and dropoff tasks, quotes, tasks, webhooks. Auth: HTTP Basic "
                "with the API key as the username and an empty password. Every answer carries the rate-limit "
                "headers; injected faults (`POST /_sim/faults`) answer in the same envelope with any status.",
    base="/api/v2",
    security_schemes={"apiKey": {"type": "http", "scheme": "basic", "description": "API key as the username"}},
    security=("apiKey",),
    common_replies={401: error("InvalidCredentials"), 429: error("TooManyRequests (20 requests per second)")},
    operations={
        ("GET", "/api/v2/auth/test"): Op("Check the API key", {200: ok(AuthTestOut)}),
        ("GET", "/api/v2/organization"): Op("The caller's organisation", {200: ok(OrganizationOut)}),
        ("POST", "/api/v2/taskOrders"): Op("Create an order (a pickup and a dropoff task)", {
            200: ok(OrderOut, **FOLLOW), 400: INVALID}, body=OrderCreate, example=EXAMPLE),
        ("POST", "/api/v2/taskOrders/cancel"): Op("Cancel orders by id", {
            200: ok(CancelOut), 400: INVALID, 404: NOT_FOUND}, body=CancelIn),
        ("GET", "/api/v2/taskOrders/{order}"): Op("One order", {200: ok(OrderOut), 400: INVALID, 404: NOT_FOUND},
                                                  params=(ORDER_ID,)),
        ("PUT", "/api/v2/taskOrders/{order}"): Op("Change the tasks of an order not yet started", {
            200: ok(OrderOut), 400: INVALID, 404: NOT_FOUND}, body=OrderUpdate, params=(ORDER_ID,)),
        ("POST", "/api/v2/taskOrders/{order}/clone"): Op("Clone an order (client keys)", {
            200: ok(OrderOut), 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}, params=(ORDER_ID,)),
        ("POST", "/api/v2/taskOrders/{order}/reject"): Op("Reject an order (courier keys)", {
            200: ok(StatusOut), 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND}, body=RejectIn, params=(ORDER_ID,)),
        **{(method, "/api/v2/deliveryServices/quote"): Op("Quotes from the client's delivery services", {
            200: ok(list[QuoteOut]), 400: INVALID}, body=QuoteIn) for method in ("POST", "GET")},
        ("GET", "/api/v2/tasks/shortId/{short}"): Op("A task by its short id", {200: ok(TaskOut), 404: NOT_FOUND}),
        ("GET", "/api/v2/tasks/{task}"): Op("A task by id", {200: ok(TaskOut), 404: NOT_FOUND}),
        ("POST", "/api/v2/webhooks"): Op("Register a webhook (the URL must echo ?check=)", {
            200: ok(WebhookOut), 400: INVALID}, body=WebhookIn),
        ("GET", "/api/v2/webhooks"): Op("The organisation's webhooks", {200: ok(list[WebhookOut])}),
        ("DELETE", "/api/v2/webhooks/{hook}"): Op("Remove a webhook", {
            200: Reply(None, "removed (empty body)", headers=RATE), 404: NOT_FOUND}),
    },
)
