"""Tiramizoo wire models (msgspec). Stored orders are gc-free Structs; the quote is kept as the
exact bytes the client sent (msgspec.Raw), so it is echoed unmodified and costs no dict."""

from __future__ import annotations

import msgspec


# -- requests ----------------------------------------------------------------------------
class Window(msgspec.Struct):
    after: str | None = None
    before: str | None = None


class PlaceIn(msgspec.Struct):
    address_line_1: str | None = None
    address_line_2: str | None = None
    city: str | None = None
    postal_code: str | int | None = None
    country_code: str | None = None
    delay: int | None = None
    windows: list[Window] | None = None
    intervals: bool | None = None


class ItemIn(msgspec.Struct):
    width: float | None = None
    height: float | None = None
    length: float | None = None
    weight: float | None = None
    quantity: int | None = None


class QuoteRequest(msgspec.Struct):
    pickup: PlaceIn | None = None
    delivery: PlaceIn | None = None
    items: list[ItemIn] | None = None


class Person(msgspec.Struct, omit_defaults=True, gc=False):
    name: str | None = None
    phone_number: str | None = None
    email: str | None = None
    company: str | None = None


class OrderRequest(msgspec.Struct):
    quote: msgspec.Raw = msgspec.field(default_factory=msgspec.Raw)  # empty when absent (Raw cannot be Optional)
    pickup: Person | None = None
    delivery: Person | None = None
    description: str | None = None
    web_hook_url: str | None = None
    external_id: str | int | None = None
    items_price: int | None = None


class CancelRequest(msgspec.Struct):
    state: str | None = None
    cancellation_reason: str | None = None


# -- stored / responses --------------------------------------------------------------------
class Order(msgspec.Struct, gc=False):
    """Exactly the fields of `GET /orders/:uuid` in the seed document, in its order."""

    uuid: str
    state: str
    external_id: str | None
    web_hook_url: str | None
    description: str | None
    items_price: int | None
    pickup: Person
    delivery: Person
    quote: msgspec.Raw


class OrderList(msgspec.Struct):
    total_pages: int
    per_page: int
    page: int
    orders: list[Order]


class OrderQuote(msgspec.Struct):
    """What POST /v1/quotes answers (built as plain data: the signature is over exactly these keys)."""

    pickup: QuotePlace
    delivery: QuotePlace
    items: list[QuoteItem]
    price: Price
    created_at: str
    signature: str


class QuotePlace(msgspec.Struct):
    address_line_1: str | None
    postal_code: str
    country_code: str | None
    after: str
    before: str
    address_line_2: str | None = None
    city: str | None = None


class QuoteItem(msgspec.Struct):
    width: float
    height: float
    length: float
    weight: float
    quantity: int


class Price(msgspec.Struct):
    net: int
    currency: str
    tax_rate: float
    tax: int
    gross: int


# -- errors --------------------------------------------------------------------------------
class Error(msgspec.Struct):
    """Tiramizoo's envelope (errors.envelope)."""

    message: str
    code: str


class FieldError(msgspec.Struct):
    field: str
    code: str
    message: str


class ValidationErrors(msgspec.Struct):
    """422 with the fields at fault (errors.validation)."""

    message: str
    code: str
    errors: list[FieldError]
