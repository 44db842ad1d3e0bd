"""Onfleet wire models (msgspec). Requests use UNSET so an update can tell "absent" from `null`;
stored models are compact gc-free Structs, rendered to the full wire shape by render.py."""

from __future__ import annotations

from typing import Any

import msgspec
from msgspec import UNSET, UnsetType

Time = float | None | UnsetType  # Unix ms; null clears


# -- requests ----------------------------------------------------------------------------
class AddressIn(msgspec.Struct):
    unparsed: str | None = None
    number: str | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postalCode: str | None = None
    country: str | None = None
    apartment: str | None = None
    name: str | None = None


class DestinationIn(msgspec.Struct):
    address: AddressIn | None = None
    location: list[float] | None = None  # [lng, lat]
    notes: str | None = None


class RecipientIn(msgspec.Struct):
    name: str | None = None
    phone: str | None = None
    notes: str | None = None
    skipSMSNotifications: bool | None = None


class TaskIn(msgspec.Struct):
    destination: DestinationIn | None | UnsetType = UNSET
    recipients: list[RecipientIn] | None | UnsetType = UNSET
    notes: str | None | UnsetType = UNSET
    completeAfter: Time = UNSET
    completeBefore: Time = UNSET
    requirements: dict | None | UnsetType = UNSET  # accepted, not rendered
    quantity: float | None | UnsetType = UNSET
    serviceTime: float | None | UnsetType = UNSET
    metadata: list[dict] | None | UnsetType = UNSET


class OrderCreate(msgspec.Struct):
    pickupTask: TaskIn | None = None
    dropoffTask: TaskIn | None = None
    deliveryServiceId: str | None = None
    price: float | None = None
    currency: str | None = None
    client: str | None = None


class OrderUpdate(msgspec.Struct):
    pickupTask: TaskIn | None = None
    dropoffTask: TaskIn | None = None


class CancelIn(msgspec.Struct):
    orderIds: list[str] | None = None
    client: str | None = None


class RejectIn(msgspec.Struct):
    reason: str | None = None
    reasons: str | list[str] | None = None  # the older page's name


class WebhookIn(msgspec.Struct):
    url: str | None = None
    name: str | None = None
    trigger: int | None = None
    threshold: int | None = None  # the spec and the vendor: an integer (seconds or meters)
    isEnabled: bool | None = None
    canReceiveConnectionEvents: bool | None = None


class WeightIn(msgspec.Struct):
    value: float | None = None
    units: str | None = None


class QuoteIn(msgspec.Struct):
    readyBy: float | None = None
    dueBy: float | None = None
    quantity: int | None = None
    weight: WeightIn | None = None
    pickup: DestinationIn | None = None
    dropoff: DestinationIn | None = None


# -- stored ------------------------------------------------------------------------------
class Address(msgspec.Struct, gc=False):
    apartment: str
    state: str
    postalCode: str
    country: str
    city: str
    street: str
    number: str
    name: str | None = None
    unparsed: str | None = None


class Destination(msgspec.Struct, gc=False):
    id: str
    time_created: int
    time_modified: int
    location: tuple[float, float]
    address: Address
    notes: str


class Recipient(msgspec.Struct, gc=False):
    id: str
    organization: str
    time_created: int
    time_modified: int
    name: str
    phone: str
    notes: str
    skip_sms: bool


class Task(msgspec.Struct, gc=False):
    id: str
    short_id: str
    pickup: bool
    time_created: int
    time_modified: int
    destination: Destination
    recipients: tuple[Recipient, ...]
    notes: str = ""
    complete_after: int | None = None
    complete_before: int | None = None
    quantity: int | float = 0  # the wire shows an unset quantity as 0; a snapshot keeps it an int
    service_time: int | float = 0
    metadata: msgspec.Raw = msgspec.Raw(b"[]")
    state: int = 0
    worker: str | None = None
    start_time: int | None = None
    completion_time: int | None = None
    success: bool | None = None  # set once completed
    failure_reason: str = "NONE"
    source_task_id: str | None = None  # clones


class Order(msgspec.Struct, gc=False):
    id: str
    short_id: str
    time_created: int
    time_modified: int
    organization: str  # the org whose key created it
    creator: str  # that org's admin
    merchant: str  # client org
    executor: str  # courier org
    pickup: Task
    dropoff: Task
    price: float | None = None
    currency: str | None = None
    delivery_service: str | None = None
    rejection_reason: str | None = None


class Webhook(msgspec.Struct):
    id: str
    organization: str
    name: str
    url: str
    trigger: int
    threshold: int | None
    isEnabled: bool
    canReceiveConnectionEvents: bool
    count: int = 0


# -- answers as the wire shows them (render.py, quotes.py build them as plain data) --------
AddressOut = Address  # what the wire shows is what is stored


class DestinationOut(msgspec.Struct):
    id: str
    timeCreated: int
    timeLastModified: int
    location: list[float]
    address: AddressOut
    notes: str
    metadata: list[Any]
    warnings: list[Any]


class RecipientOut(msgspec.Struct):
    id: str
    organization: str
    timeCreated: int
    timeLastModified: int
    name: str
    phone: str
    notes: str
    skipSMSNotifications: bool
    metadata: list[Any]


class CompletionOut(msgspec.Struct):
    failureNotes: str
    successNotes: str
    failureReason: str
    time: int | None
    events: list[Any]
    actions: list[Any]
    success: bool | None = None  # once completed


class TaskOut(msgspec.Struct):
    """A task as GET /tasks/{id} and the order's pickupTask / dropoffTask show it (main fields; the
    rest of Onfleet's task keys are there too, with their fixed values)."""

    id: str
    timeCreated: int
    timeLastModified: int
    organization: str
    shortId: str
    orderShortId: str
    trackingURL: str
    worker: str | None
    merchant: str
    executor: str
    creator: str
    dependencies: list[str]
    state: int
    completeAfter: int | None
    completeBefore: int | None
    pickupTask: bool
    notes: str
    completionDetails: CompletionOut
    metadata: list[Any]
    quantity: float
    serviceTime: float
    startTime: int | None
    container: dict[str, Any]
    recipients: list[RecipientOut]
    destination: DestinationOut
    scanOnlyRequiredBarcodes: bool | None = None  # omitted in the clone response
    sourceTaskId: str | None = None  # clones


class OrderOut(msgspec.Struct):
    id: str
    shortId: str
    timeCreated: int
    timeLastModified: int
    source: str
    events: list[Any]
    price: float | None
    currency: str | None
    priceBreakdown: Any
    deliveryService: str | None
    pickupTask: TaskOut
    dropoffTask: TaskOut


class AuthTestOut(msgspec.Struct):
    message: str


class OrganizationOut(msgspec.Struct):
    id: str
    timeCreated: int
    timeLastModified: int
    name: str
    email: str | None
    image: str | None
    timezone: str
    country: str
    delegatees: list[str]


class CancelOut(msgspec.Struct):
    status: str
    totalOrdersRemoved: int


class StatusOut(msgspec.Struct):
    status: str


class QuoteOut(msgspec.Struct):
    deliveryServiceId: str
    name: str
    price: float
    currency: str
    priceBreakdown: dict[str, float]
    readyBy: int
    dueBy: int | None


class WebhookOut(msgspec.Struct):
    id: str
    name: str
    count: int
    url: str
    trigger: int
    isEnabled: bool
    threshold: float | None = None


class ErrorDetail(msgspec.Struct):
    error: int
    message: str
    request: str
    cause: Any = None


class ErrorOut(msgspec.Struct):
    """errors.envelope: {"code", "message": {"error", "message", "cause"?, "request"}}."""

    code: str
    message: ErrorDetail
