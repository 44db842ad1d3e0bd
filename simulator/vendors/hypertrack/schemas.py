"""HyperTrack wire models (msgspec). Requests are lenient about unknown fields (they are ignored);
stored orders are gc-free Structs whose field order follows the seed's cancel response, and whose
None fields are left out of the JSON, as HyperTrack's examples do."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from msgspec import UNSET, Meta, UnsetType

NonNegative = Annotated[int, Meta(ge=0)]


# -- requests ----------------------------------------------------------------------------
class GeometryIn(msgspec.Struct):
    type: str | None = None
    coordinates: Any = None


class DestinationIn(msgspec.Struct):
    geometry: GeometryIn | None = None
    address: str | None = None
    radius: NonNegative | None = None
    geofence_id: str | None = None
    place_handle: str | None = None
    place_id: str | None = None


class OrderIn(msgspec.Struct):
    """An item of POST /orders/ (scheduled_at required there) or of POST /orders/track."""

    order_handle: str
    destination: DestinationIn
    scheduled_at: str | None = None
    scheduled_after: str | None = None
    expected_service_time: NonNegative | None = None
    metadata: dict[str, Any] | None = None
    product_type: list[str] | None = None
    type: str | None = None
    priority: str | None = None
    type_index: NonNegative | None = None
    capacity_used: NonNegative | None = None
    tasks_list: Any = None
    approvals: Any = None
    acceptances: Any = None


class BatchIn(msgspec.Struct):
    orders: list[OrderIn]
    plan_mode: str
    ops_group_handle: str | None = None
    worker_handle: str | None = None
    driver_handle: str | None = None  # deprecated alias of worker_handle
    enable_sync_planning: bool | None = None
    route_solver_matrix_strategy: str | None = None


class TrackIn(msgspec.Struct):
    track_mode: str
    route_handle: str | None = None
    worker_handle: str | None = None
    driver_handle: str | None = None
    device_id: str | None = None
    ops_group_handle: str | None = None
    orders: list[OrderIn] | None = None
    route: dict[str, Any] | None = None
    version: int | None = None
    device_switch_mode: str | None = None
    agent_mode: Any = None


class PatchIn(msgspec.Struct):
    metadata: dict[str, Any] | None | UnsetType = UNSET
    attachments: list[dict[str, Any]] | None | UnsetType = UNSET
    destination: DestinationIn | None | UnsetType = UNSET
    scheduled_at: str | None | UnsetType = UNSET
    scheduled_after: str | None | UnsetType = UNSET
    expected_service_time: NonNegative | None | UnsetType = UNSET
    product_type: list[str] | None | UnsetType = UNSET
    capacity_used: NonNegative | None | UnsetType = UNSET
    ops_group_handle: str | None | UnsetType = UNSET


class ActionIn(msgspec.Struct):
    """Cancel / complete / disable / enable take `{}`; HyperTrack's own examples send metadata on cancel."""

    metadata: dict[str, Any] | None = None


class ReassignIn(msgspec.Struct):
    worker_handle: str | None = None
    driver_handle: str | None = None
    ops_group_handle: str | None = None
    order_type: str | None = None
    type_index: int | None = None


class RescheduleIn(msgspec.Struct):
    scheduled_at: str
    scheduled_after: str | None = None


class EventIn(msgspec.Struct):
    type: Annotated[str, Meta(min_length=1, max_length=64)]
    recorded_at: str
    metadata: dict[str, Any] | None = None
    location: dict[str, Any] | None = None
    address: str | None = None
    attachments: Annotated[list[dict[str, Any]], Meta(min_length=1, max_length=10)] | None = None


class EventsIn(msgspec.Struct):
    events: Annotated[list[EventIn], Meta(min_length=1, max_length=100)]


# -- stored / responses --------------------------------------------------------------------
class Geometry(msgspec.Struct, gc=False):
    type: str
    coordinates: tuple[Any, ...]  # nested tuples, not lists: a stored order's are untracked by the collector


class Destination(msgspec.Struct, omit_defaults=True, gc=False):
    geometry: Geometry | None = None
    address: str | None = None
    radius: int | None = None
    geofence_id: str | None = None
    place_handle: str | None = None
    place_id: str | None = None


class Order(msgspec.Struct, omit_defaults=True, gc=False):
    """GET /orders/{h} and every per-order action answer this (fields in the seed's order;
    detail-only fields are None in list views)."""

    order_handle: str
    fulfillment_attempt: int
    status: str
    destination: Destination
    ops_group_handle: str | None = None
    track_mode: str | None = None
    plan_mode: str | None = None
    risks: dict[str, str] | None = None
    scheduled_at: str | None = None
    scheduled_after: str | None = None
    started_at: str | None = None
    type: str | None = None
    type_index: int | None = None
    expected_service_time: int | None = None
    actual_service_time: int | None = None
    tracked_service_time: int | None = None
    capacity_used: int | None = None
    metadata: dict[str, Any] | None = None
    product_type: list[str] | None = None
    priority: str | None = None
    region: dict[str, str] | None = None
    share_url: str | None = None
    planned_at: str | None = None
    completed_at: str | None = None
    cancelled_at: str | None = None
    disabled_at: str | None = None
    enabled_at: str | None = None
    arrived_at: str | None = None
    rescheduled_marked_at: str | None = None
    device_id: str | None = None
    worker_handle: str | None = None
    created_at: str | None = None
    assigned_at: str | None = None
    route_handle: str | None = None
    plan_id: str | None = None
    distance: int | None = None
    duration: int | None = None
    polyline: dict[str, Any] | None = None
    start_location: Geometry | None = None
    end_location: Geometry | None = None
    visited_destination: bool | None = None
    completed_at_destination: bool | None = None
    cancelled_at_destination: bool | None = None
    attachments: list[dict[str, Any]] | None = None
    previous_fulfillments: list[dict[str, Any]] | None = None
    timeline: tuple[dict[str, Any], ...] | None = None  # stored as a tuple (store.log); answered as an array


class Trip(msgspec.Struct, gc=False):
    """The simulated drive to the destination: straight line at constant speed."""

    start: tuple[float, float]  # (lng, lat); tuples, untracked by the collector
    dest: tuple[float, float]
    meters: int
    seconds: int
    started: float  # epoch seconds


class Entry(msgspec.Struct, gc=False):
    """What the engine stores as a record's body: the order plus simulation-only state."""

    order: Order
    dest: tuple[float, float]  # (lng, lat) the driver heads for; a tuple, untracked by the collector
    scheduled_ts: float | None = None
    trip: Trip | None = None
    arrived_ts: float | None = None
    ended_ts: float | None = None  # completed or cancelled
    before_disable: str | None = None
    worker_hint: str | None = None  # who a planned order goes to (the batch's worker_handle, a reassign)


class Route(msgspec.Struct, gc=False):
    route_handle: str
    status: str  # planned | assigned | tracking | completed
    version: int
    created_at: float
    plan_id: str
    ops_group_handle: str | None = None
    plan_mode: str | None = None
    track_mode: str | None = None
    worker_handle: str | None = None
    device_id: str | None = None
    planned_at: float | None = None
    assigned_at: float | None = None
    started_at: float | None = None
    completed_at: float | None = None
    order_ids: list[str] = []


# -- answers built as plain data, and the error envelopes (errors.py) -------------------------------
class TokenOut(msgspec.Struct):
    access_token: str
    token_type: str
    expires_in: int


class OrderPage(msgspec.Struct):
    orders: list[Order]
    pagination_token: str | None


class OrdersOut(msgspec.Struct):
    orders: list[Order]


class PlanLink(msgspec.Struct):
    id: str
    href: str


class PlanStarted(msgspec.Struct):
    route_handle: str
    version: int
    status: str
    message: str
    plan: PlanLink


class RouteDetail(msgspec.Struct):
    """fleet.render: the route around its orders' list views (absent fields are omitted)."""

    route_handle: str
    status: str
    version: int
    created_at: str
    embed_url: str
    orders: list[Order]
    plan_id: str
    ops_group_handle: str | None = None
    track_mode: str | None = None
    plan_mode: str | None = None
    device_id: str | None = None
    worker_handle: str | None = None
    planned_at: str | None = None
    assigned_at: str | None = None
    started_at: str | None = None
    completed_at: str | None = None


class WebhookPage(msgspec.Struct):
    """Each item is the webhook payload plus delivery_http_status, retry_count, delivery_http_response_text."""

    webhooks: list[dict[str, Any]]
    pagination_token: str | None


class HTTPError(msgspec.Struct):
    detail: dict[str, Any]
    message: str


class ValidationError(msgspec.Struct):
    """detail: {location: {field: [message, ...]}}."""

    detail: dict[str, dict[str, list[str]]]
    message: str


class Problem(msgspec.Struct):
    code: str
    title: str
    detail: Any
