"""The transport: `/wialon/ajax.html?svc=...&params=...&sid=...` (GET or POST; query string,
form body or JSON body; the body wins) and `/avl_evts?sid=...`. Every answer is HTTP 200 + JSON;
errors are `{"error": N}` from Wialon's table. Paths are relative to the /wialon mount, so the
URL rule gives /wialon/wialon/ajax.html; /wialon/ajax.html is accepted too (see docs/wialon.md)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from simulator.http.decode import loads, read_body
from simulator.http.headers import header
from simulator.http.routing import Route
from simulator.vendors.base import engine_of
from simulator.vendors.wialon import events, orders, reads, sessions
from simulator.vendors.wialon.call import Call
from simulator.vendors.wialon.decode import convert, parse_params
from simulator.vendors.wialon.errors import (
    BATCH_ABORTED,
    INVALID_SERVICE,
    INVALID_SESSION,
    WialonError,
    invalid,
    respond,
)
from simulator.vendors.wialon.schemas import BatchCall


def batch(call: Call, params: Any) -> list:
    """`[{svc, params}, ...]` or `{"params": [...], "flags": 1}` (1: stop at the first error,
    the rest answer error 10). Each call answers on its own; errors do not fail the batch."""
    stop_on_error = False
    if isinstance(params, dict):
        stop_on_error = params.get("flags") == 1
        params = params.get("params")
    if not isinstance(params, list):
        raise invalid("batch params must be a list of {svc, params}")
    results, failed = [], False
    for item in params:
        if failed:
            results.append({"error": BATCH_ABORTED})
            continue
        try:
            one = convert(item, BatchCall)
            if one.svc == "core/batch":
                raise invalid("a batch cannot contain a batch")
            result = run(call, one.svc, parse_params(one.params))
        except WialonError as exc:
            result = exc.body()
        results.append(result)
        failed = stop_on_error and isinstance(result, dict) and result.get("error", 0) != 0
    return results


# svc -> (handler, needs a session)
SERVICES: dict[str, tuple[Callable[[Call, Any], Any], bool]] = {
    "token/login": (sessions.login, False),
    "core/logout": (sessions.logout, True),
    "core/batch": (batch, True),
    "core/search_item": (reads.search_item, True),
    "core/search_items": (reads.search_items, True),
    "core/update_data_flags": (events.update_data_flags, True),
    "order/update": (orders.update, True),
    "order/get_orders_history": (reads.orders_history, True),
    "order/complete_from_history": (reads.complete_from_history, True),
}


def run(call: Call, svc: str | None, params: Any) -> Any:
    if not svc:
        raise WialonError(INVALID_SESSION, "svc is required")
    entry = SERVICES.get(svc)
    if entry is None:
        raise WialonError(INVALID_SERVICE, f"unknown service {svc!r}")
    handler, needs_session = entry
    if needs_session and call.session is None:
        sessions.require(call)
    return handler(call, params)


_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def unquote_plus(text: str) -> str:
    """urllib's `unquote_plus`, the same result, in C for the usual text (ASCII, every `%` starting
    an escape): `%XX` becomes `\\xXX` (the text's own backslashes doubled first) for the
    unicode_escape codec, whose latin-1 text holds the escaped bytes, read as UTF-8 as urllib does.
    urllib's loop over every escape cost ~9 us per create's params (~50 escapes); this ~3 us."""
    text = text.replace("+", " ")
    if "%" not in text:
        return text
    if not text.isascii() or _LONE_PERCENT.search(text):
        return unquote(text)  # non-ASCII runs and stray `%` keep urllib's own handling
    escaped = text.replace("\\", "\\\\").replace("%", "\\x").encode("ascii")
    return escaped.decode("unicode_escape").encode("latin-1").decode("utf-8", "replace")


def parse_form(text: str) -> dict[str, str]:
    """`a=1&b=%7B...%7D` -> dict, last value wins, `+` is a space (what parse_qsl does, without its
    per-field overhead: a Wialon query string is mostly one long URL-encoded JSON value)."""
    out: dict[str, str] = {}
    for part in text.split("&"):
        if part:
            key, _, value = part.partition("=")
            out[unquote_plus(key) if "%" in key or "+" in key else key] = \
                unquote_plus(value) if "%" in value or "+" in value else value
    return out


@functools.lru_cache(maxsize=256)  # a poller sends the same query string again and again
def _query_fields(query: bytes) -> tuple[tuple[str, str], ...]:
    return tuple(parse_form(query.decode("utf-8", "replace")).items())


def _may_have_body(headers: list[tuple[bytes, bytes]]) -> bool:
    """A request has a body only with Content-Length or Transfer-Encoding (RFC 9112 6.3; the server
    and SimMiddleware go by the same rule), so a poll without either awaits no receive (~0.9 us)."""
    for name, _ in headers:
        if name == b"content-length" or name == b"transfer-encoding":
            return True
    return False


async def read_fields(request: Request) -> dict[str, Any]:
    """svc, params and sid from the query string, overridden by a form or JSON body."""
    fields: dict[str, Any] = dict(_query_fields(request.scope["query_string"]))
    if not _may_have_body(request.scope["headers"]):
        return fields  # a GET poll: nothing to receive
    body = await read_body(request)
    if not body.strip():
        return fields
    ctype = header(request, b"content-type").split(";")[0].strip().lower()
    if ctype == "application/json":
        try:
            data = loads(body)
        except msgspec.DecodeError:
            raise invalid("the JSON body is malformed")
        if not isinstance(data, dict):
            raise invalid("a JSON body must be an object with svc, params and sid")
        fields.update(data)
    elif ctype in ("application/x-www-form-urlencoded", "text/plain", ""):
        fields.update(parse_form(body.decode("utf-8", "replace")))
    return fields  # other bodies (multipart uploads) are not emulated: the query string counts


def routes(sids: dict[str, str]) -> list:
    def call_for(request: Request, fields: dict) -> Call:
        sid = fields.get("sid")
        return Call(sids, engine_of(request), request, sid if isinstance(sid, str) else None)

    async def ajax(request: Request) -> Response:
        try:
            fields = await read_fields(request)
            svc = fields.get("svc")
            if svc is not None and not isinstance(svc, str):
                raise invalid("svc must be a string")
            result = run(call_for(request, fields), svc, parse_params(fields.get("params")))
        except WialonError as exc:
            result = exc.body()
        return respond(result)

    async def avl_evts(request: Request) -> Response:
        try:
            call = call_for(request, await read_fields(request))
            sessions.require(call)
            result = events.poll(call)
        except WialonError as exc:
            result = exc.body()
        return respond(result)

    return [
        Route("/wialon/ajax.html", ajax, methods=["GET", "POST"]),
        Route("/ajax.html", ajax, methods=["GET", "POST"]),
        Route("/avl_evts", avl_evts, methods=["GET", "POST"]),
    ]
