"""HyperTrack Orders v3 endpoints under /hypertrack (the real base is https://v3.api.hypertrack.com).
Collection paths keep HyperTrack's trailing slash (`/orders/`)."""

from __future__ import annotations

from simulator.http.routing import Route
from simulator.vendors.hypertrack import actions, auth, create, listing

ROUTES = [
    Route("/oauth/token", auth.token, methods=["POST"]),
    Route("/orders/", listing.list_orders, methods=["GET"]),
    Route("/orders/", create.batch, methods=["POST"]),
    Route("/orders/track", create.track, methods=["POST"]),
    Route("/orders/{order_handle}", actions.get_order, methods=["GET"]),
    Route("/orders/{order_handle}", actions.patch, methods=["PATCH"]),
    Route("/orders/{order_handle}/cancel", actions.cancel, methods=["POST"]),
    Route("/orders/{order_handle}/complete", actions.complete, methods=["POST"]),
    Route("/orders/{order_handle}/disable", actions.disable, methods=["POST"]),
    Route("/orders/{order_handle}/enable", actions.enable, methods=["POST"]),
    Route("/orders/{order_handle}/reassign", actions.reassign, methods=["POST"]),
    Route("/orders/{order_handle}/reschedule", actions.reschedule, methods=["POST"]),
    Route("/orders/{order_handle}/events", actions.add_events, methods=["POST"]),
    Route("/orders/{order_handle}/webhooks", listing.order_webhooks, methods=["GET"]),
]
