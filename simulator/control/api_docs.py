"""What /_sim/openapi/control.json says about every control-plane route, and the Structs for the
shapes the handlers answer. A route added to the control plane must be described here (key: METHOD
and the path under /_sim), or tests/openapi/test_documents.py fails: see docs/VENDOR_GUIDE.md."""

from __future__ import annotations

from typing import Any, Literal

import msgspec
from msgspec import UNSET, UnsetType

from simulator.engine.snapshot import Snapshot
from simulator.engine.webhooks import Attempt, Delivery
from simulator.fixtures import TenantFixture
from simulator.http.faults import FaultRule
from simulator.http.journal import JournalEntry
from simulator.openapi import ApiDescription, Op, Param, Reply
from simulator.settings import Settings

from simulator.standard_webhooks import Subscription  # isort: skip
# Request bodies: the handlers' own Structs, so the document follows what they decode.
from simulator.control.clock import ClockAdvance  # isort: skip
from simulator.control.health import ResetRequest  # isort: skip
from simulator.control.settings import SettingsChange  # isort: skip
from simulator.control.subscription_routes import NewSubscription  # isort: skip
from simulator.control.webhooks import WaitRequest  # isort: skip


# -- shapes ----------------------------------------------------------------------------------------
class ControlError(msgspec.Struct):
    """The control plane's error envelope."""
    error: str
    status: int


class Health(msgspec.Struct):
    status: str
    version: str
    vendors: list[str]


class ResetOut(msgspec.Struct):
    reset: str  # the tenant, or "all"


class ClockView(msgspec.Struct):
    mode: Literal["realtime", "scaled", "manual"]
    speed: float
    now: float


class TenantClock(ClockView):
    tenant: str
    pending_jobs: int


class PendingClock(ClockView):
    pending_jobs: int


class AllClocks(msgspec.Struct):
    default: dict[str, Any]
    tenants: dict[str, PendingClock]


class ClockIn(msgspec.Struct):
    tenant: str | None = None
    mode: Literal["realtime", "scaled", "manual"] | None = None
    speed: float | None = None


class ClocksOut(msgspec.Struct):
    tenants: dict[str, ClockView]


class AdvancedClock(ClockView):
    jobs_run: int


class AdvanceOut(msgspec.Struct):
    tenants: dict[str, AdvancedClock]


class Page(msgspec.Struct):
    """What every list answer carries (control/paging.py): pass next_cursor back for the next page."""
    count: int
    total: int
    limit: int
    next_cursor: str | None


class OrderSummary(msgspec.Struct):
    vendor: str
    tenant: str
    id: str
    state: str
    milestone: str
    created_at: float
    updated_at: float
    version: int


class OrderView(OrderSummary):
    order: Any  # the order as its vendor's API shows it


class OrderRow(OrderSummary):
    order: Any | UnsetType = UNSET  # absent with view=summary


class OrderList(Page):
    orders: list[OrderRow]
    last_event_id: int | None


class Step(msgspec.Struct):
    at: float
    state: str
    milestone: str
    cause: Any
    previous_state: str | None = None


class OrderDetail(OrderView):
    timeline: list[Step]
    reachable: list[str]


class OrderAdvanceIn(msgspec.Struct):
    to: str  # a vendor state or a canonical milestone
    tenant: str | None = None


class OrderAdvanced(OrderView):
    path: list[str]


class DeliveryRow(msgspec.Struct):
    """A Delivery; with view=summary `attempts` is their number, `status`/`error` the last one's, and
    there is no body or headers."""
    id: str
    tenant: str
    vendor: str
    order_id: str | None
    event: str
    url: str
    state: str
    attempts: list[Attempt] | int
    next_attempt_at: float | None
    channel: str
    created_at: float
    seq: int
    body: str | UnsetType = UNSET
    headers: dict[str, str] | UnsetType = UNSET
    status: int | None | UnsetType = UNSET
    error: str | None | UnsetType = UNSET


class Deliveries(Page):
    deliveries: list[DeliveryRow]
    last_event_id: int | None


class WaitOut(msgspec.Struct):
    matched: int
    deliveries: list[Delivery]
    timed_out: bool


class Subscriptions(Page):
    subscriptions: list[Subscription]


class Deleted(msgspec.Struct):
    deleted: str


class Requests(Page):
    requests: list[JournalEntry]


class Faults(Page):
    faults: list[FaultRule]


class Removed(msgspec.Struct):
    removed: int


class VendorConfig(msgspec.Struct):
    tenant: str
    vendor: str
    config: dict[str, Any]


class VendorConfigIn(msgspec.Struct):
    tenant: str
    config: dict[str, Any]


class SinkCount(msgspec.Struct):
    received: int


class SinkRequest(msgspec.Struct):
    seq: int
    at: float
    method: str
    query: str
    headers: dict[str, str]
    body: str


class SinkList(Page):
    name: str
    requests: list[SinkRequest]


class SinkNames(msgspec.Struct):
    sinks: dict[str, int]  # name -> requests kept


class SinkCleared(msgspec.Struct):
    cleared: str


class TenantView(msgspec.Struct):
    name: str
    defined: bool
    clock: ClockView
    credentials: dict[str, Any]
    vendors: dict[str, Any]
    orders: int
    pending_jobs: int
    deliveries: int


class TenantViews(msgspec.Struct):
    tenants: list[TenantView]
    count: int


class RestoredOut(msgspec.Struct):
    restored: list[str]  # the tenants the document replaced
    count: int


class DocumentLink(msgspec.Struct):
    name: str
    url: str
    docs: str


class Documents(msgspec.Struct):
    documents: list[DocumentLink]


# -- operations ------------------------------------------------------------------------------------
def ok(type_: Any, text: str = "OK") -> Reply:
    return Reply(type_, text)


def err(text: str) -> Reply:
    return Reply(ControlError, text)


BAD = err("malformed JSON, or a field of the wrong type or value")
NO_TENANT = err("unknown tenant (a tenant name or a credential it has used)")
TENANT = Param("tenant", description="a tenant name or a credential it has used; default: every tenant")
VENDOR = Param("vendor", description="only this vendor's")
PAGING = (Param("limit", type=int, description="1..10000"), Param("sort", description="oldest | newest"),
          Param("cursor", description="next_cursor of the previous page"))
VIEW = Param("view", description="full | summary (without the heavy parts)")
BAD_PAGE = err("a bad limit, sort, cursor or filter value")

CONTROL_API = ApiDescription(
    title="ordersim control plane",
    description="Clocks, orders, webhooks, faults and settings of the simulator, under /_sim. JSON in, JSON out; "
                "errors are {\"error\": message, \"status\": status}.",
    operations={
        ("GET", "/"): Op("The dashboard (HTML)", {200: Reply(str, "the dashboard page", "text/html")}),
        ("GET", "/static/{name}"): Op("The dashboard's stylesheet and scripts (no control token needed)", {
            200: Reply(str, "the file (text/css or text/javascript)", "text/javascript"),
            404: err("no such dashboard file")}),
        ("GET", "/health"): Op("Liveness, version and vendors", {200: ok(Health)}),
        ("POST", "/reset"): Op("Forget one tenant (or every tenant and the journal); scenario orders are created again",
                               {200: ok(ResetOut), 400: BAD, 404: NO_TENANT,
                                409: err("reset, but its scenario orders could not all be created")}, body=ResetRequest),
        ("GET", "/clock"): Op("Clocks: one tenant's (with ?tenant=) or all", {200: ok(TenantClock | AllClocks),
                              404: NO_TENANT}, params=(TENANT,)),
        ("PUT", "/clock"): Op("Set clock mode and speed (one tenant, or every tenant and the default)",
                              {200: ok(ClocksOut), 400: BAD}, body=ClockIn),
        ("POST", "/clock/advance"): Op("Move simulated time; runs every due transition and webhook retry",
                                       {200: ok(AdvanceOut), 400: BAD, 404: NO_TENANT}, body=ClockAdvance,
                                       body_required=True),
        ("GET", "/orders"): Op("Orders of every vendor, filtered, a page at a time", {200: ok(OrderList),
                                400: BAD_PAGE, 404: err("unknown tenant or vendor")},
                               params=(TENANT, VENDOR, Param("milestone"), Param("state"), VIEW, *PAGING)),
        ("GET", "/orders/{vendor}/{order_id}"): Op("One order, by its vendor id (or an alias), with its timeline", {
            200: ok(OrderDetail), 404: err("no such order, tenant or vendor"),
            409: err("the id exists in several tenants: pass ?tenant=")}, params=(TENANT,)),
        ("POST", "/orders/{vendor}/{order_id}/advance"): Op("Drive an order to a state or milestone", {
            200: ok(OrderAdvanced), 400: BAD, 404: err("no such order, tenant or vendor"),
            409: err("not reachable from the order's state, or the id is in several tenants")},
            body=OrderAdvanceIn, body_required=True, params=(TENANT,)),
        ("GET", "/webhooks"): Op("The webhook delivery log, a page at a time", {
            200: ok(Deliveries), 400: BAD_PAGE, 404: NO_TENANT}, params=(
            TENANT, VENDOR, Param("order"), Param("state"), Param("channel"), Param("event"), VIEW, *PAGING)),
        ("POST", "/webhooks/wait"): Op("Wait until `count` deliveries match (408 with what matched on timeout)", {
            200: ok(WaitOut), 400: BAD, 404: NO_TENANT, 408: ok(WaitOut, "timed out")}, body=WaitRequest),
        ("POST", "/subscriptions"): Op("Subscribe a URL to order events (Standard Webhooks signed)", {
            201: ok(Subscription, "created"), 400: BAD, 404: err("unknown tenant or vendor")},
            body=NewSubscription, body_required=True),
        ("GET", "/subscriptions"): Op("Event subscriptions", {200: ok(Subscriptions), 400: BAD_PAGE}, params=PAGING),
        ("DELETE", "/subscriptions/{sub_id}"): Op("Remove a subscription", {200: ok(Deleted),
                                                                           404: err("no such subscription")}),
        ("GET", "/requests"): Op("The request journal, newest first", {
            200: ok(Requests), 400: BAD_PAGE, 404: NO_TENANT}, params=(
            TENANT, VENDOR, Param("method"), Param("path"), Param("status", type=int), *PAGING)),
        ("GET", "/events"): Op("Events as server-sent events (a stream that stays open; replays after Last-Event-ID)", {
            200: Reply(str, "`event: order` (and delivery, clock, reset, gap) frames with JSON data", "text/event-stream"),
            400: err("bad types, Last-Event-ID or replay"), 404: err("unknown tenant or vendor")},
            params=(TENANT, VENDOR, Param("types", description="comma list, default order"),
                    Param("last_event_id", type=int), Param("replay", type=int),
                    Param("Last-Event-ID", "header", type=int))),
        ("POST", "/faults"): Op("Inject a fault: matching vendor requests fail in the vendor's envelope", {
            201: ok(FaultRule, "created"), 400: BAD, 404: err("unknown vendor")}, body=FaultRule),
        ("GET", "/faults"): Op("Active fault rules", {200: ok(Faults), 400: BAD_PAGE}, params=PAGING),
        ("DELETE", "/faults"): Op("Remove one fault rule (?id=) or all", {200: ok(Removed)}, params=(Param("id"),)),
        ("GET", "/settings"): Op("The settings in force", {200: ok(Settings)}),
        ("PUT", "/settings"): Op("Change run-time settings (rate_limit, webhook_timeout)", {
            200: ok(Settings), 400: BAD}, body=SettingsChange),
        ("PATCH", "/settings"): Op("Same as PUT", {200: ok(Settings), 400: BAD}, body=SettingsChange),
        ("GET", "/vendors/{vendor}/config"): Op("A tenant's settings for a vendor", {
            200: ok(VendorConfig), 400: BAD, 404: err("unknown tenant or vendor")},
            params=(Param("tenant", required=True),)),
        ("PUT", "/vendors/{vendor}/config"): Op("Merge into a tenant's settings for a vendor", {
            200: ok(VendorConfig), 400: BAD, 404: err("unknown vendor")}, body=VendorConfigIn, body_required=True),
        **{(m, "/sink/{name}"): Op("A built-in webhook receiver: records the request", {200: ok(SinkCount)},
                                   body=Any, body_content_type="*/*") for m in ("POST", "PUT", "PATCH")},
        ("GET", "/sink/{name}"): Op("What the sink received (with ?check=: echoes it, as a receiver's handshake)", {
            200: Reply(SinkList, "the recorded requests; with ?check= the value as text/plain",
                       more={"text/plain": str}), 400: BAD_PAGE},
            params=(Param("check"), *PAGING)),
        ("GET", "/sinks"): Op("The sinks that received something, with how many requests each keeps", {
            200: ok(SinkNames)}),
        ("DELETE", "/sink/{name}"): Op("Forget what the sink received", {200: ok(SinkCleared)}),
        ("GET", "/tenants"): Op("Every tenant", {200: ok(TenantViews)}),
        ("GET", "/tenants/{name}"): Op("One tenant", {200: ok(TenantView), 400: BAD, 404: err("no such tenant")}),
        ("PUT", "/tenants/{name}"): Op("Define a tenant (a fixtures tenant section, its scenario orders created); "
                                       "replaces one afresh", {
            200: ok(TenantView, "replaced"), 201: ok(TenantView, "created"), 400: BAD, 404: err("unknown vendor"),
            409: err("a credential already belongs to another tenant")}, body=TenantFixture),
        ("DELETE", "/tenants/{name}"): Op("Remove a tenant and everything it owns", {
            200: ok(Deleted), 400: BAD, 404: err("no such tenant")}),
        ("GET", "/snapshot"): Op("The simulator's state (or one tenant's) as one versioned JSON document", {
            200: ok(Snapshot), 404: NO_TENANT}, params=(Param("tenant", description="only this tenant"),)),
        ("POST", "/snapshot"): Op("Restore a snapshot document (all or nothing)", {
            200: ok(RestoredOut), 400: err("not a snapshot this server can restore (the message says where)")},
            body=Snapshot, body_required=True),
        ("GET", "/openapi"): Op("The OpenAPI documents this server serves", {200: ok(Documents)}),
        ("GET", "/openapi/{document}"): Op("One OpenAPI 3.1 document (`<vendor>.json` or `control.json`)", {
            200: ok(dict[str, Any], "an OpenAPI 3.1 document"), 404: err("no such document")}),
        ("GET", "/docs"): Op("Swagger UI over every document (works offline)", {200: Reply(str, "HTML", "text/html")}),
        ("GET", "/docs/{document}"): Op("Swagger UI opened on one document", {
            200: Reply(str, "HTML", "text/html"), 404: err("no such document")}),
        ("GET", "/docs/assets/{file}"): Op("Swagger UI's own files (from the swagger-ui-bundle package)", {
            200: Reply(str, "the file", "*/*"), 404: err("no such file")}),
    },
)
