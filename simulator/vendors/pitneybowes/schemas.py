"""PB wire models (msgspec). Request fields are first captured as the exact JSON the client sent
(msgspec.Raw) and then type-checked against the Structs below; the stored order keeps the client's
bytes, so a read returns exactly what was acknowledged (including fields these Structs do not know:
the vendor's schema was only partly captured)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from msgspec import Meta, Raw

NonNegative = Annotated[float, Meta(ge=0)]


# -- type checks for the parts of an order (camelCase: they are the wire names) ------------------
class OrderMessage(msgspec.Struct):
    type: str | None = None
    message: str | None = None


class MetadataEntry(msgspec.Struct):
    name: str | None = None
    value: str | None = None


class Charges(msgspec.Struct):
    currency: str | None = None
    billingStatus: str | None = None
    gmv: float | None = None
    subTotal: float | None = None
    totalPaid: float | None = None
    paymentType: str | None = None


class ShippingReference(msgspec.Struct):
    reference1: str | None = None
    reference2: str | None = None
    reference3: str | None = None
    reference4: str | None = None
    shipperReference: str | None = None
    transportationReference: str | None = None
    shippingNotes: str | None = None


class CustomerInfo(msgspec.Struct):
    firstName: str | None = None
    lastName: str | None = None
    email: str | None = None
    customerId: str | None = None


class Address(msgspec.Struct):
    name: str | None = None
    company: str | None = None
    addressLine1: str | None = None
    addressLine2: str | None = None
    addressLine3: str | None = None
    cityTown: str | None = None
    stateProvince: str | None = None
    postalCode: str | None = None
    countryCode: str | None = None
    phone: str | None = None
    email: str | None = None
    residential: bool | None = None


class UnitWeight(msgspec.Struct):
    unitOfMeasurement: str | None = None
    weight: NonNegative | None = None


class Item(msgspec.Struct):
    customProductId: str | None = None
    itemId: str | None = None
    description: str | None = None
    hSTariffCode: str | None = None
    hSTariffCodeCountry: str | None = None
    originCountryCode: str | None = None
    originStateProvince: str | None = None
    quantity: Annotated[int, Meta(ge=1)] | None = None
    unitPrice: NonNegative | None = None
    unitWeight: UnitWeight | None = None


class Parcel(msgspec.Struct):
    length: NonNegative | None = None
    width: NonNegative | None = None
    height: NonNegative | None = None
    dimUnit: str | None = None
    weightUnit: str | None = None
    weight: NonNegative | None = None


class InputParameter(msgspec.Struct):
    name: str | None = None
    value: str | None = None


class SpecialService(msgspec.Struct):
    inputParameters: list[InputParameter] | None = None
    specialserviceId: str | None = None


class Customs(msgspec.Struct):
    customsInfo: dict[str, Any] | None = None


class ShippingPreferences(msgspec.Struct):
    customCarrierCode: str | None = None
    carrier: str | None = None
    parcelId: str | None = None
    parcelType: str | None = None
    service: str | None = None
    parcel: Parcel | None = None
    specialServices: list[SpecialService] | None = None
    customs: Customs | None = None


# Every updatable top-level part of an order and the type it must have.
PARTS: dict[str, Any] = {
    "orderMessage": OrderMessage,
    "metadata": list[MetadataEntry],
    "charges": Charges,
    "shippingReference": ShippingReference,
    "customerInfo": CustomerInfo,
    "fromAddress": Address,
    "toAddress": Address,
    "additionalAddresses": list[dict[str, Any]],
    "shippingPreferences": ShippingPreferences,
}


class OrderIn(msgspec.Struct):
    """Create and partial-update bodies, each part as the bytes sent (empty Raw: absent)."""

    orderNumber: Raw = Raw()
    orderMessage: Raw = Raw()
    metadata: Raw = Raw()
    charges: Raw = Raw()
    shippingReference: Raw = Raw()
    customerInfo: Raw = Raw()
    fromAddress: Raw = Raw()
    toAddress: Raw = Raw()
    items: Raw = Raw()
    additionalAddresses: Raw = Raw()
    shippingPreferences: Raw = Raw()


# -- other requests ---------------------------------------------------------------------------
class OrderRef(msgspec.Struct):
    orderId: str | None = None


class BulkStatusIn(msgspec.Struct):
    orders: list[OrderRef | str] | None = None  # objects per the docs; bare ids accepted too
    reason: str | None = None
    status: str | None = None


class TagsIn(msgspec.Struct):
    tagIds: list[str] | None = None


class OrderTags(msgspec.Struct):
    orderId: str | None = None
    tagIds: list[str] | None = None


class BulkTagsIn(msgspec.Struct):
    tags: list[OrderTags] | None = None


class Filter(msgspec.Struct):
    name: str | None = None
    value: list[str] | None = None


class SearchIn(msgspec.Struct):
    filters: list[Filter] | None = None
    page: int | None = None
    size: int | None = None


# -- stored -----------------------------------------------------------------------------------
class Parts(msgspec.Struct, gc=False, omit_defaults=True):
    """The parts of a stored order as the client sent them (an empty Raw: never sent). Raw values are
    kept verbatim, so a read returns exactly what was acknowledged, unknown members included, and a
    snapshot holds them as plain JSON. Raw is not tracked by the GC, so neither is this."""

    orderMessage: Raw = Raw()
    metadata: Raw = Raw()
    charges: Raw = Raw()
    shippingReference: Raw = Raw()
    customerInfo: Raw = Raw()
    fromAddress: Raw = Raw()
    toAddress: Raw = Raw()
    additionalAddresses: Raw = Raw()
    shippingPreferences: Raw = Raw()


class Order(msgspec.Struct, gc=False):
    """One order as kept in the engine: its parts, its items as the client sent them (`item_keys`
    are their identities: itemId, else customProductId). Only untracked objects inside (str, Raw,
    tuples of those), so millions of orders stay out of the GC's way."""

    order_id: str
    order_number: str
    created_by: str
    created_at: float
    parts: Parts
    items: tuple[Raw, ...]
    item_keys: tuple[str, ...]
    tag_ids: tuple[str, ...] = ()
    deleted: bool = False
    shipment_at: float | None = None  # when shipmentStatus last changed


# -- responses --------------------------------------------------------------------------------
class OrderInfo(msgspec.Struct, kw_only=True, omit_defaults=True):
    orderId: str
    orderNumber: str
    status: str
    orderCreateDate: str
    orderUpdateDate: str
    sourceFlowType: str
    createdBy: str
    customerInfo: Raw = Raw()
    orderMessage: Raw = Raw()
    items: Raw
    charges: Raw = Raw()
    metadata: Raw = Raw()
    tagIds: list[str]
    deleted: bool = False  # ours: only ever true in /_sim views and events of a soft-deleted order


class OrderShippingInfo(msgspec.Struct, kw_only=True, omit_defaults=True):
    shippingReference: Raw = Raw()
    shippingPreferences: Raw = Raw()
    fromAddress: Raw = Raw()
    toAddress: Raw = Raw()
    additionalAddresses: Raw = Raw()
    shipmentStatus: str | None = None
    shipmentStatusDate: str | None = None


class OrderDetails(msgspec.Struct):
    orderInfo: OrderInfo
    orderShippingInfo: OrderShippingInfo


class SearchOut(msgspec.Struct):
    orders: list[OrderDetails]
    page: int
    size: int
    totalElements: int
    totalPages: int


# -- what the documents say (the handlers decode OrderIn's parts one by one with the types above) -----
class OrderBody(msgspec.Struct):
    """The create / partial-update body, part by part (PARTS); on create orderNumber, fromAddress,
    toAddress and one item are required (checked by validate.validate_order, answered as 400s)."""

    orderNumber: str | None = None
    orderMessage: OrderMessage | None = None
    metadata: list[MetadataEntry] | None = None
    charges: Charges | None = None
    shippingReference: ShippingReference | None = None
    customerInfo: CustomerInfo | None = None
    fromAddress: Address | None = None
    toAddress: Address | None = None
    items: list[Item] | None = None
    additionalAddresses: list[dict[str, Any]] | None = None
    shippingPreferences: ShippingPreferences | None = None


class Acknowledged(msgspec.Struct):
    """Create and update answers."""

    orderId: str
    orderNumber: str
    status: str
    transactionCreateDate: str


class OrderChanged(msgspec.Struct):
    """Delete, delete-item and per-order tags answers."""

    orderId: str
    status: str
    transactionDateTime: str


class BulkDone(msgspec.Struct):
    status: str
    message: str
    transactionDateTime: str


class TokenOut(msgspec.Struct):
    access_token: str
    expires_in: int
    scope: str
    token_type: str


class ErrorOut(msgspec.Struct):
    """errors.envelope."""

    errorCode: str
    message: str
    additionalInfo: str
