"""PB endpoints under /pitneybowes. The URL rule keeps the vendor's path: the order API's base
`…/ordermanagement` (and the Canadian `…/ca/shipping`) and the token at `/auth/api/v1/token`."""

from __future__ import annotations

from simulator.http.routing import Route
from simulator.vendors.pitneybowes import bulk, orders, search
from simulator.vendors.pitneybowes.auth import issue_token

BASES = ("/ordermanagement", "/ca/shipping")


def _order_routes(base: str) -> list[Route]:
    v1 = f"{base}/api/v1/orders"
    return [
        Route(v1, orders.create_order, methods=["POST"]),
        Route(f"{v1}/search", search.search_orders, methods=["POST"]),
        Route(f"{v1}/bulk/status", bulk.bulk_status, methods=["PATCH"]),
        Route(f"{v1}/bulkTags", bulk.bulk_tags, methods=["PUT"]),
        Route(f"{v1}/{{orderId}}", orders.get_order, methods=["GET"]),
        Route(f"{v1}/{{orderId}}", orders.update_order, methods=["PATCH"]),
        Route(f"{v1}/{{orderId}}", orders.delete_order, methods=["DELETE"]),
        Route(f"{v1}/{{orderId}}/items", orders.delete_item, methods=["DELETE"]),
        Route(f"{v1}/{{orderId}}/tags", bulk.update_tags, methods=["PUT"]),
    ]


ROUTES = [Route("/auth/api/v1/token", issue_token, methods=["POST"])]
for _base in BASES:
    ROUTES += _order_routes(_base)
