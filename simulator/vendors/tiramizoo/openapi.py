"""What /_sim/openapi/tiramizoo.json says about each route in routes.py."""

from __future__ import annotations

from simulator.openapi import ApiDescription, Op, Param, Reply
from simulator.vendors.tiramizoo.schemas import (
    CancelRequest,
    Error,
    Order,
    OrderList,
    OrderQuote,
    OrderRequest,
    QuoteRequest,
    ValidationErrors,
)

INVALID = Reply(ValidationErrors | Error, "validation error (fields at fault), or a quote problem: "
                "`geocoding_failed`, `item_too_big`")
NOT_FOUND = Reply(Error, "no such order for this token")
UNAUTHORIZED = Reply(Error, "missing or unknown api_token")
BODY = {400: Reply(Error, "malformed JSON"), 413: Reply(Error, "body over the size limit"),
        415: Reply(Error, "a content type that is not JSON")}
ORDER = Reply(Order, "the order")
ONE = "/v1/orders/{uuid}"
BY_UUID = {"uuid": "$response.body#/uuid"}
FOLLOW = {"Show": (("GET", ONE), BY_UUID), "Cancel": (("PUT", ONE), BY_UUID)}

API = ApiDescription(
    title="Tiramizoo API v1 (quote era), as ordersim emulates it",
    description="Quotes, orders, listing and cancel. Auth: `api_token` query parameter (`api_key` also accepted). "
                "Injected faults (`POST /_sim/faults`) answer in the `{message, code}` envelope with any status.",
    base="/v1",
    security_schemes={"api_token": {"type": "apiKey", "in": "query", "name": "api_token"}},
    security=("api_token",),
    operations={
        ("POST", "/v1/quotes"): Op("Quote a delivery (no auth; a token puts it on that tenant's clock)", {
            200: Reply(list[OrderQuote], "one quote per pickup window"), 422: INVALID, **BODY},
            body=QuoteRequest, security=()),
        ("POST", "/v1/orders"): Op("Order a quote", {
            201: Reply(Order, "created", headers={"Location": "the order's URL"}, links=FOLLOW), 401: UNAUTHORIZED,
            422: INVALID, **BODY}, body=OrderRequest),
        ("GET", "/v1/orders"): Op("Orders, newest first, 25 a page", {200: Reply(OrderList, "a page"),
                                                                     401: UNAUTHORIZED},
                                  params=(Param("page", type=int), Param("external_id"))),
        ("GET", "/v1/orders/{uuid}"): Op("One order", {200: ORDER, 401: UNAUTHORIZED, 404: NOT_FOUND}),
        **{(method, "/v1/orders/{uuid}"): Op("Cancel: {\"state\": \"cancelled\"} (nothing else is updatable)", {
            200: ORDER, 401: UNAUTHORIZED, 404: NOT_FOUND, 422: INVALID, **BODY}, body=CancelRequest)
           for method in ("PUT", "PATCH")},
    },
)
