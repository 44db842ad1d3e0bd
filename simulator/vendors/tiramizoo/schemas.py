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
    quote: msgspec.Raw = msgspec.Raw()  # empty when absent (Raw cannot be Optional)
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
