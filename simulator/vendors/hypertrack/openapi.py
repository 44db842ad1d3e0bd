"""What /_sim/openapi/hypertrack.json says about each route in routes.py."""

from __future__ import annotations

from typing import Any

from simulator.openapi import ApiDescription, Op, Param, Reply
from simulator.vendors.hypertrack.schemas import (
    ActionIn,
    BatchIn,
    EventsIn,
    HTTPError,
    Order,
    OrderPage,
    OrdersOut,
    PatchIn,
    PlanStarted,
    Problem,
    ReassignIn,
    RescheduleIn,
    RouteDetail,
    TokenOut,
    TrackIn,
    ValidationError,
    WebhookPage,
)

INVALID = Reply(ValidationError, "validation error: {detail: {location: {field: [messages]}}}")
NOT_FOUND = Reply(HTTPError, "no order with this handle")
ORDER = Reply(Order, "the order (detail view)")
ON_ORDER = {200: ORDER, 404: NOT_FOUND, 422: INVALID}
HANDLE = Param("order_handle", "path", required=True, example="order-1")
# Which fulfilment of the handle is meant (common.order_query): on every per-order call but the webhook log.
WHICH = (Param("type", description="drop or pick"), Param("type_index", type=int),
         Param("fulfillment_attempt", type=int))
ACTION = {"body": ActionIn}
EXAMPLE = {"plan_mode": "manual", "orders": [{
    "order_handle": "order-1", "scheduled_at": "2026-01-01T02:30:00.000Z",
    "destination": {"geometry": {"type": "Point", "coordinates": [-121.861, 37.3263]}, "address": "748 Story Rd"}}]}


def action(summary: str, **kw: Any) -> Op:
    return Op(summary, ON_ORDER, params=(HANDLE, *WHICH), **kw)


API = ApiDescription(
    title="HyperTrack orders v3, as ordersim emulates it",
    description="Orders: batch create and plan, track, read, patch, the order actions and the per-order webhook "
                "log. Auth: HTTP Basic with account id and secret key, or a bearer token from POST /oauth/token. "
                "Injected faults (`POST /_sim/faults`) answer `{detail, message}` with any status.",
    security_schemes={
        "basic": {"type": "http", "scheme": "basic", "description": "account id : secret key"},
        "bearer": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "/hypertrack/oauth/token",
                                                                     "scopes": {}}}},
    },
    security=("basic", "bearer"),
    common_replies={401: Reply(HTTPError, "no or unknown credentials")},
    operations={
        ("POST", "/oauth/token"): Op("A bearer token (client credentials: form or JSON, or a Basic header)", {
            200: Reply(TokenOut, "the token"), 422: INVALID}, body=dict[str, str],
            body_content_type="application/x-www-form-urlencoded", security=()),
        ("GET", "/orders/"): Op("Orders, newest first, with filters and a pagination token", {
            200: Reply(OrderPage, "a page"), 422: INVALID}, params=tuple(Param(n) for n in (
                "status", "worker_handle", "driver_handle", "ops_group_handle", "route_handle", "search_term",
                "order_metadata_filter", "created_at_from", "created_at_to", "created_at_date",
                "scheduled_at_date", "fulfillment_attempt", "sort_direction", "limit", "pagination_token"))),
        ("POST", "/orders/"): Op("Create orders (plan_mode manual: now; on_demand/scheduled: planning starts)", {
            201: Reply(OrdersOut | PlanStarted, "the orders, or the plan that will place them"),
            409: Reply(Problem, "an incomplete order already has this handle"), 422: INVALID},
            body=BatchIn, body_required=True, example=EXAMPLE),
        ("POST", "/orders/track"): Op("Track orders on a worker or device (or an existing route)", {
            201: Reply(RouteDetail, "the route with its orders"), 400: Reply(Problem, "the route cannot be tracked"),
            404: Reply(Problem, "no such worker, device or route"),
            409: Reply(Problem, "an incomplete order already has this handle"), 422: INVALID},
            body=TrackIn, body_required=True),
        ("GET", "/orders/{order_handle}"): Op("One order", {200: ORDER, 404: NOT_FOUND, 422: INVALID},
                                             params=(HANDLE, *WHICH)),
        ("PATCH", "/orders/{order_handle}"): action("Change an order's fields", body=PatchIn),
        ("POST", "/orders/{order_handle}/cancel"): action("Cancel", **ACTION),
        ("POST", "/orders/{order_handle}/complete"): action("Complete", **ACTION),
        ("POST", "/orders/{order_handle}/disable"): action("Disable", **ACTION),
        ("POST", "/orders/{order_handle}/enable"): action("Enable a disabled order", **ACTION),
        ("POST", "/orders/{order_handle}/reassign"): action("Give the order to another worker", body=ReassignIn),
        ("POST", "/orders/{order_handle}/reschedule"): action("Move the order to another time",
                                                              body=RescheduleIn, body_required=True),
        ("POST", "/orders/{order_handle}/events"): Op("Add custom events to the order's timeline", {
            201: Reply(dict[str, Any], "accepted (an empty object)"), 404: NOT_FOUND, 422: INVALID},
            body=EventsIn, body_required=True, params=(HANDLE, *WHICH)),
        ("GET", "/orders/{order_handle}/webhooks"): Op("The webhooks sent for the order, and how each went", {
            200: Reply(WebhookPage, "a page"), 404: NOT_FOUND, 422: INVALID}, params=tuple(Param(n) for n in (
                "fulfillment_attempt", "value", "from_time", "to_time", "sort_direction", "limit",
                "pagination_token"))),
    },
)
