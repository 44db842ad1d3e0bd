"""Tiramizoo v1 (quote era) endpoints under /tiramizoo/v1."""

from __future__ import annotations

import functools
import math
from typing import TypeVar

import msgspec
from starlette.datastructures import URL
from starlette.requests import Request
from starlette.responses import Response

from simulator.engine import OrderRecord, Tenant
from simulator.http.answer_cache import answers_of
from simulator.http.decode import decode_body, loads
from simulator.http.errors import ApiError
from simulator.http.headers import header
from simulator.http.responses import json_response
from simulator.http.routing import Route
from simulator.vendors.base import bind_tenant, engine_of
from simulator.vendors.tiramizoo import quotes
from simulator.vendors.tiramizoo.errors import envelope, field_error, from_decode_error, validation
from simulator.vendors.tiramizoo.machine import CANCELLABLE
from simulator.vendors.tiramizoo.schemas import CancelRequest, Order, OrderList, OrderRequest, Person, QuoteRequest

T = TypeVar("T")

VENDOR = "tiramizoo"
PER_PAGE = 25


def authenticate(request: Request) -> Tenant:
    """`api_token` query parameter (the 2012 plugins sent `api_key`: accepted too)."""
    token = _token(request)
    tenant = engine_of(request).tenants.resolve(VENDOR, token)
    if tenant is None:
        raise ApiError(envelope(401, "unauthorized", "unauthorized"))
    bind_tenant(request, tenant)
    return tenant


def _token(request: Request) -> str | None:
    return request.query_params.get("api_token") or request.query_params.get("api_key")


@functools.lru_cache(maxsize=256)
def _base_url(scheme: str, server: tuple[str, int] | None, root_path: str, host: str | None) -> str:
    """`str(request.base_url).rstrip("/")`, built from the only scope keys it depends on, once."""
    headers = [] if host is None else [(b"host", host.encode("latin-1"))]
    path = root_path if root_path.endswith("/") else root_path + "/"
    return str(URL(scope={"scheme": scheme, "server": server, "path": path, "query_string": b"",
                          "headers": headers})).rstrip("/")


def base_url(request: Request) -> str:
    scope = request.scope
    host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), None)
    return _base_url(scope.get("scheme", "http"), scope.get("server"),
                     scope.get("app_root_path", scope.get("root_path", "")), host)


async def decode(request: Request, type_: type[T]) -> T:
    content_type = header(request, b"content-type")
    if content_type and "json" not in content_type:
        raise ApiError(envelope(415, f"unsupported content type {content_type!r}; send application/json"))
    return await decode_body(request, type_, from_decode_error)


def sent_quote(raw: msgspec.Raw) -> object:
    """The quote object sent back on create: None when absent; a value that is not a dict (so
    check_quote calls it invalid) when it is not even JSON data (invalid UTF-8, 1e400, ...)."""
    if not len(raw):
        return None
    try:
        return loads(raw)
    except msgspec.DecodeError:
        return "undecodable"


def kept_quotes(tenant: Tenant) -> quotes.KeptQuotes:
    """The tenant's quotes as its orders echo them, each kept once (a cache: Tenant.derived)."""
    kept = tenant.derived.get("tiramizoo.quotes")
    if kept is None:
        kept = tenant.derived["tiramizoo.quotes"] = quotes.KeptQuotes()
    return kept


def find(request: Request, tenant: Tenant) -> OrderRecord:
    record = engine_of(request).get(tenant, VENDOR, request.path_params["uuid"])
    if record is None:
        raise ApiError(envelope(404, "not found", "not_found"))
    return record


async def create_quotes(request: Request) -> Response:
    req = await decode(request, QuoteRequest)
    tenant = None
    token = _token(request)
    engine = engine_of(request)
    if token:  # quotes need no auth, but a token puts them on that tenant's clock
        tenant = engine.tenants.resolve(VENDOR, token)
    now = tenant.clock.now() if tenant else engine.tenants.get_or_create("_public").clock.now()
    return json_response(quotes.make_quotes(req, now), 200)


async def create_order(request: Request) -> Response:
    tenant = authenticate(request)
    engine = engine_of(request)
    req = await decode(request, OrderRequest)
    kept, now = kept_quotes(tenant), tenant.clock.now()
    created = kept.genuine_since(req.quote)  # these very bytes passed before: only their age can fail
    if created is not None:
        err = quotes.expiry_error(created, now)
    else:
        err, created = quotes.check_quote(sent_quote(req.quote), now)
    errors = [] if err is None else [err]
    for section in ("pickup", "delivery"):
        person = getattr(req, section)
        if person is None or not (person.name or "").strip():
            errors.append(field_error(f"{section}_name", "blank", f"{section.capitalize()} name can't be blank"))
    if req.web_hook_url is not None and not req.web_hook_url.startswith(("http://", "https://")):
        errors.append(field_error("web_hook_url", "invalid", "Web hook url is invalid"))
    if errors:
        raise validation(errors)
    uuid = tenant.ids.uuid4()
    order = Order(uuid=uuid, state="awaiting_payment",
                  external_id=None if req.external_id is None else str(req.external_id),
                  web_hook_url=req.web_hook_url, description=req.description, items_price=req.items_price,
                  pickup=req.pickup or Person(), delivery=req.delivery or Person(),
                  quote=kept.keep(req.quote, created))
    record = engine.create_order(tenant, VENDOR, uuid, order)
    if order.external_id is not None:
        tenant.orders.index_add(VENDOR, "external_id", order.external_id, uuid)
    location = f"{base_url(request)}/tiramizoo/v1/orders/{uuid}"
    return json_response(record.body, 201, headers={"Location": location})


async def show_order(request: Request) -> Response:
    tenant = authenticate(request)
    record = find(request, tenant)
    return json_response(answers_of(request).answer(record, record.version, _body, record))


def _body(record: OrderRecord) -> Order:
    return record.body


async def list_orders(request: Request) -> Response:
    tenant = authenticate(request)
    external_id = request.query_params.get("external_id")
    try:
        page = max(1, int(request.query_params.get("page") or 1))
    except ValueError:
        page = 1  # Rails-style coercion of a junk page number
    if external_id is not None:
        ids = tenant.orders.index_get(VENDOR, "external_id", external_id)
        records = [r for i in reversed(ids) if (r := tenant.orders.get(VENDOR, i)) is not None]
        total = len(records)
        chosen = records[(page - 1) * PER_PAGE: page * PER_PAGE]
    else:
        total = tenant.orders.count(VENDOR)
        chosen = []
        skip = (page - 1) * PER_PAGE
        for i, record in enumerate(tenant.orders.newest_first(VENDOR)):
            if i >= skip + PER_PAGE:
                break
            if i >= skip:
                chosen.append(record)
    total_pages = max(1, math.ceil(total / PER_PAGE))
    return json_response(OrderList(total_pages=total_pages, per_page=PER_PAGE, page=page,
                                   orders=[r.body for r in chosen]))


async def update_order(request: Request) -> Response:
    """Cancel: PUT {"state": "cancelled"} (documented from 2012-12); nothing else is updatable."""
    tenant = authenticate(request)
    record = find(request, tenant)
    req = await decode(request, CancelRequest)
    if req.state != "cancelled" or record.state not in CANCELLABLE:
        raise validation([field_error("state", "invalid", "State is invalid")])
    engine_of(request).transition(tenant, record, "cancelled",
                                  {"cause": "api", "cancellation_reason": req.cancellation_reason})
    return json_response(record.body)


ROUTES = [
    Route("/v1/quotes", create_quotes, methods=["POST"]),
    Route("/v1/orders", create_order, methods=["POST"]),
    Route("/v1/orders", list_orders, methods=["GET"]),
    Route("/v1/orders/{uuid}", show_order, methods=["GET"]),
    Route("/v1/orders/{uuid}", update_order, methods=["PUT", "PATCH"]),
]
