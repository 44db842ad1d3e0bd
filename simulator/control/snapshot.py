"""GET /_sim/snapshot[?tenant=T] and POST /_sim/snapshot: the simulator's state as one versioned JSON
document, and back (docs/snapshots.md). The whole-simulator document also carries the control
plane's own state: subscriptions and sinks."""

from __future__ import annotations

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from simulator.control.base import Control, fail
from simulator.engine import snapshot
from simulator.http.responses import json_response
from simulator.http.routing import Route
from simulator.standard_webhooks import Subscription


class ControlState(msgspec.Struct):
    subscriptions: list[Subscription]
    last_subscription: int
    last_message: int
    sinks: dict[str, list[dict]]


def take(ctl: Control, tenant_ref: str | None = None) -> bytes:
    """The document for one tenant (by name or credential), or for everything."""
    if tenant_ref:
        tenant = ctl.tenant(tenant_ref)
        assert tenant is not None
        return snapshot.encode(snapshot.take(ctl.engine, [tenant], "tenants"))
    subs = ctl.subscriptions
    control = ControlState(list(subs.items.values()), subs.last_id, subs.last_msg, ctl.sinks.received)
    return snapshot.encode(snapshot.take(ctl.engine, ctl.engine.tenants.all(), "all", control))


def restore(ctl: Control, raw: bytes) -> list[str]:
    """Apply a document (raises SnapshotError and changes nothing when it cannot be applied)."""
    restored = snapshot.decode(ctl.engine, raw)
    control = None
    if restored.scope == "all" and restored.control is not None:
        try:
            control = msgspec.json.decode(restored.control, type=ControlState)
        except msgspec.ValidationError as exc:
            raise snapshot.SnapshotError(f"invalid snapshot: $.control: {exc}") from None
    names = snapshot.apply(ctl.engine, restored)
    if control is not None:
        subs = ctl.subscriptions
        subs.items = {sub.id: sub for sub in control.subscriptions}
        subs.last_id, subs.last_msg = control.last_subscription, control.last_message
        ctl.sinks.load(control.sinks)
    return names


def routes(ctl: Control) -> list[Route]:
    async def get_snapshot(request: Request) -> Response:
        return Response(take(ctl, request.query_params.get("tenant")), media_type="application/json")

    async def post_snapshot(request: Request) -> Response:
        try:
            names = restore(ctl, await request.body())  # no await inside: nothing runs half-way
        except snapshot.SnapshotError as exc:
            raise fail(400, str(exc))
        return json_response({"restored": names, "count": len(names)})

    return [
        Route("/snapshot", get_snapshot, methods=["GET"]),
        Route("/snapshot", post_snapshot, methods=["POST"]),
    ]
