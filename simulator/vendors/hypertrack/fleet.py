"""Workers, their devices and routes: the bits of HyperTrack's fleet model orders point at.

Workers need no registration unless the tenant's hypertrack config lists `workers`
({"handle": "DEVICE-ID"}); then only those exist. Each worker has one open route that newly
assigned orders join; tracking a route starts its orders."""

from __future__ import annotations

from typing import Any

from simulator.engine import Tenant
from simulator.engine.timefmt import iso_ms
from simulator.vendors.hypertrack.schemas import Route
from simulator.vendors.hypertrack.state import config_of, state_of

DEFAULT_WORKER = "sim-worker-1"  # who gets planned orders when the batch names nobody


def known_workers(tenant: Tenant) -> dict[str, str] | None:
    return config_of(tenant).workers


def worker_exists(tenant: Tenant, handle: str) -> bool:
    workers = known_workers(tenant)
    return workers is None or handle in workers


def default_worker(tenant: Tenant) -> str:
    workers = known_workers(tenant)
    return next(iter(workers)) if workers else DEFAULT_WORKER


def device_of(tenant: Tenant, worker: str) -> str:
    listed = (known_workers(tenant) or {}).get(worker)
    if listed is not None:
        return listed
    devices = state_of(tenant).devices
    if worker not in devices:
        devices[worker] = tenant.ids.uuid4().upper()
    return devices[worker]


def worker_of_device(tenant: Tenant, device_id: str) -> str | None:
    for worker, device in (known_workers(tenant) or {}).items():
        if device == device_id:
            return worker
    for worker, device in state_of(tenant).devices.items():
        if device == device_id:
            return worker
    return None


def routes(tenant: Tenant) -> dict[str, Route]:
    return state_of(tenant).routes


def new_route(tenant: Tenant, now: float, status: str, **fields: Any) -> Route:
    route = Route(route_handle=tenant.ids.uuid4(), status=status, version=0, created_at=now,
                  plan_id=fields.pop("plan_id", None) or tenant.ids.uuid4(), **fields)
    routes(tenant)[route.route_handle] = route
    return route


def open_route(tenant: Tenant, worker: str, now: float, **fields: Any) -> Route:
    """The worker's route that is not yet tracking, or a new assigned one."""
    open_by_worker = state_of(tenant).open_route
    route = routes(tenant).get(open_by_worker.get(worker, ""))
    if route is None or route.status not in ("planned", "assigned"):
        route = new_route(tenant, now, "assigned", worker_handle=worker, device_id=device_of(tenant, worker),
                          assigned_at=now, **fields)
        open_by_worker[worker] = route.route_handle
    return route


def start_route(tenant: Tenant, worker: str, now: float, **fields: Any) -> Route:
    """A new route for the worker (a batch with worker_handle, a track call); it becomes their open one."""
    route = new_route(tenant, now, fields.pop("status", "assigned"), worker_handle=worker,
                      device_id=device_of(tenant, worker), assigned_at=now, **fields)
    state_of(tenant).open_route[worker] = route.route_handle
    return route


def join(route: Route, order_id: str) -> None:
    if order_id not in route.order_ids:
        route.order_ids.append(order_id)
        route.version += 1


def leave(tenant: Tenant, route_handle: str | None, order_id: str) -> None:
    route = routes(tenant).get(route_handle or "")
    if route is not None and order_id in route.order_ids:
        route.order_ids.remove(order_id)
        route.version += 1


def embed_url(tenant: Tenant, route_handle: str) -> str:
    state = state_of(tenant)
    key = state.publishable_key
    if key is None:
        key = state.publishable_key = tenant.ids.chars(40)
    return f"https://embed.hypertrack.com/routes/{route_handle}?publishable_key={key}"


def render(tenant: Tenant, route: Route, orders: list) -> dict:
    """RouteDetail (and TrackOrdersResponse): route fields around the orders' list views."""
    out = {"route_handle": route.route_handle, "status": route.status, "version": route.version,
           "created_at": iso_ms(route.created_at), "embed_url": embed_url(tenant, route.route_handle),
           "orders": orders, "ops_group_handle": route.ops_group_handle, "track_mode": route.track_mode,
           "plan_mode": route.plan_mode, "plan_id": route.plan_id, "device_id": route.device_id,
           "worker_handle": route.worker_handle}
    for name in ("planned_at", "assigned_at", "started_at", "completed_at"):
        if getattr(route, name) is not None:
            out[name] = iso_ms(getattr(route, name))
    return {k: v for k, v in out.items() if v is not None}
