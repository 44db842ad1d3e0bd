"""Request plumbing shared by the handlers: query parameters, the order lookup, the detail response."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.engine import Engine, OrderRecord, Tenant
from simulator.http.answer_cache import answers_of
from simulator.http.responses import json_response
from simulator.vendors.base import engine_of
from simulator.vendors.hypertrack import errors, render, store
from simulator.vendors.hypertrack.schemas import Entry, Order
from simulator.vendors.hypertrack.validate import TYPES, Problems

MAX_QUERY_INT = 2**31 - 1


def query_int(p: Problems, request: Request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    if not value.isascii() or not value.isdigit() or int(value) > MAX_QUERY_INT:
        p.add(name, errors.NOT_INTEGER)
        return None
    return int(value)


def order_query(request: Request) -> tuple[str | None, int | None, int | None]:
    """`type`, `type_index`, `fulfillment_attempt`: which fulfilment of the handle is meant."""
    if not request.scope["query_string"]:  # the usual read: nothing to parse or check
        return None, None, None
    p = Problems("query")
    type_ = request.query_params.get("type") or None
    p.choice("type", type_, TYPES)
    type_index, attempt = query_int(p, request, "type_index"), query_int(p, request, "fulfillment_attempt")
    p.check()
    return type_, type_index, attempt


def find(request: Request, tenant: Tenant) -> OrderRecord:
    handle = request.path_params["order_handle"]
    record = store.select(tenant, handle, *order_query(request))
    if record is None:
        raise errors.order_not_found(handle)
    return record


def detail_response(request: Request, tenant: Tenant, record: OrderRecord, status: int = 200) -> Response:
    """The order's detail, kept per (version, moment): a read of an unchanged order is a lookup. Every
    change to an entry goes with an engine transition or touch (they bump record.version)."""
    now = tenant.clock.now()
    version = (record.version, render.moment(record.body, now))
    return json_response(answers_of(request).answer(record, version, _detail, (record.body, now)), status)


def _detail(job: tuple[Entry, float]) -> Order:
    return render.detail(*job)


def engine(request: Request) -> Engine:
    return engine_of(request)
