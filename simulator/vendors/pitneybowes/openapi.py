"""What /_sim/openapi/pitneybowes.json says about each route in routes.py (both bases)."""

from __future__ import annotations

from simulator.openapi import ApiDescription, Op, Param, Reply
from simulator.vendors.pitneybowes.routes import BASES
from simulator.vendors.pitneybowes.schemas import (
    Acknowledged,
    BulkDone,
    BulkStatusIn,
    BulkTagsIn,
    ErrorOut,
    OrderBody,
    OrderChanged,
    OrderDetails,
    SearchIn,
    SearchOut,
    TagsIn,
    TokenOut,
)

INVALID = Reply(ErrorOut, "bad_request / validation_error (additionalInfo: every field at fault), or a state "
                "that does not allow it")
NOT_FOUND = Reply(ErrorOut, "not_found")
ORDER_ID = Param("orderId", "path", required=True, example="ORDEXAMPLE")
EXAMPLE = {"orderNumber": "ORD-EXAMPLE",
           "fromAddress": {"name": "Warehouse A", "addressLine1": "638 Manitoba Ave", "cityTown": "Winnipeg",
                           "postalCode": "R2W 2H2", "countryCode": "CA"},
           "toAddress": {"name": "Jane Smith", "addressLine1": "1822 Franklin Street", "cityTown": "Vancouver",
                         "postalCode": "V5L 1P8", "countryCode": "CA"},
           "items": [{"itemId": "SKU12345", "quantity": 2, "unitPrice": 25}]}


def order_operations(base: str) -> dict[tuple[str, str], Op]:
    v1 = f"{base}/api/v1/orders"
    one = f"{v1}/{{orderId}}"
    by_id = {"orderId": "$response.body#/orderId"}
    follow = {"Get": (("GET", one), by_id), "Update": (("PATCH", one), by_id), "Tags": (("PUT", one + "/tags"), by_id),
              "Delete": (("DELETE", one), by_id)}
    return {
        ("POST", v1): Op("Create an order", {200: Reply(Acknowledged, "created", links=follow), 400: INVALID},
                         body=OrderBody, body_required=True, example=EXAMPLE),
        ("POST", f"{v1}/search"): Op("Search orders by filters, a page at a time", {
            200: Reply(SearchOut, "a page"), 400: INVALID}, body=SearchIn),
        ("PATCH", f"{v1}/bulk/status"): Op("Change the status of several orders (all or none)", {
            200: Reply(BulkDone, "updated"), 400: INVALID, 404: NOT_FOUND}, body=BulkStatusIn, body_required=True),
        ("PUT", f"{v1}/bulkTags"): Op("Set the tags of several orders", {
            200: Reply(BulkDone, "updated"), 400: INVALID, 404: NOT_FOUND}, body=BulkTagsIn, body_required=True),
        ("GET", one): Op("One order", {200: Reply(OrderDetails, "the order"), 404: NOT_FOUND}, params=(ORDER_ID,)),
        ("PATCH", one): Op("Change parts of an order", {200: Reply(Acknowledged, "updated"), 400: INVALID,
                                                        404: NOT_FOUND}, body=OrderBody, body_required=True,
                           params=(ORDER_ID,)),
        ("DELETE", one): Op("Delete an order", {200: Reply(OrderChanged, "deleted"), 404: NOT_FOUND},
                            params=(ORDER_ID,)),
        ("DELETE", f"{one}/items"): Op("Remove one item (by its SKU)", {
            200: Reply(OrderChanged, "updated"), 400: INVALID, 404: NOT_FOUND},
            params=(ORDER_ID, Param("itemId", required=True))),
        ("PUT", f"{one}/tags"): Op("Set an order's tags", {200: Reply(OrderChanged, "updated"), 400: INVALID,
                                                           404: NOT_FOUND}, body=TagsIn, body_required=True,
                                   params=(ORDER_ID,)),
    }


API = ApiDescription(
    title="Pitney Bowes SendPro360 Order Management, as ordersim emulates it",
    description="Orders under `/ordermanagement` (and the Canadian `/ca/shipping`), and the OAuth token. Auth: a "
                "bearer token from `POST /auth/api/v1/token` (HTTP Basic client id and secret). Injected faults "
                "(`POST /_sim/faults`) answer `{errorCode, message, additionalInfo}` with any status.",
    security_schemes={
        "clientCredentials": {"type": "http", "scheme": "basic", "description": "client id : client secret"},
        "oauth2": {"type": "oauth2", "flows": {"clientCredentials": {
            "tokenUrl": "/pitneybowes/auth/api/v1/token", "scopes": {}}}},
    },
    security=("oauth2",),
    common_replies={401: Reply(ErrorOut, "unauthorized_error: no, unknown or expired token")},
    operations={
        ("POST", "/auth/api/v1/token"): Op("An access token (client credentials grant)", {
            200: Reply(TokenOut, "the token"), 401: Reply(ErrorOut, "no or unknown client credentials")},
            security=("clientCredentials",), common=False),
        **{key: op for base in BASES for key, op in order_operations(base).items()},
    },
)
