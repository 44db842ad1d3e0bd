"""One pure-ASGI middleware (cheap on the hot path): request id, body-size limit, fault
injection (a rule for one tenant fires when the vendor binds the caller's tenant: bind_tenant in
simulator/vendors/base.py), the journal (with the first bytes of both bodies), and the last line
of defence that turns any escape into the vendor's 500. What one request needs on its way (its id,
the wrapped `send` and `receive`, a tenant fault's delay) is one Exchange (simulator/http/exchange.py),
which is then the request's journal record as it is."""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import time
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from simulator.engine.ids import uuid4_bits
from simulator.engine.limits import StorageFull
from simulator.http.errors import ApiError, BodyTooLarge
from simulator.http.exchange import Exchange
from simulator.http.faults import Faults
from simulator.http.journal import Journal

log = logging.getLogger("ordersim")

# (vendor or None, status, message) -> Response in that vendor's envelope
ErrorRenderer = Callable[[str | None, int, str], Response]


class SimMiddleware:
    def __init__(self, app: ASGIApp, *, journal: Journal, faults: Faults, body_limit: int,
                 vendor_names: set[str], render_error: ErrorRenderer) -> None:
        self.app = app
        self.journal = journal
        self.faults = faults
        self.body_limit = body_limit
        self.vendor_names = vendor_names
        self.render_error = render_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        path = scope["path"]
        end = path.find("/", 1)
        first = path[1:end] if end > 0 else path[1:]
        vendor = first if first in self.vendor_names else None
        rid = declared = chunked = None
        for key, value in scope["headers"]:  # one pass over the request headers
            if key == b"x-request-id":
                rid = value
            elif key == b"content-length":
                declared = value
            elif key == b"transfer-encoding":
                chunked = value
        rid = rid or _new_request_id()
        exchange = Exchange(rid.decode("latin-1"), scope["method"], path, scope["query_string"], vendor, started,
                            tuple(scope["headers"]), rid, send, receive)
        state = scope.setdefault("state", {})
        state["request_id"], state["vendor"] = exchange.request_id, vendor
        try:
            if declared is not None and declared.isdigit() and int(declared) > self.body_limit:
                raise BodyTooLarge()
            # Faults hit vendor APIs only: a rule without a vendor must not lock out /_sim (and its own removal).
            if self.faults.rules and vendor is not None:
                rule = self.faults.match(vendor, scope["method"], path)
                if rule is not None:
                    if rule.delay_ms:
                        await asyncio.sleep(rule.delay_ms / 1000)
                    if rule.status:
                        await exchange.respond(self.render_error(vendor, rule.status, rule.message), scope, receive)
                        return
                if self.faults.for_tenants:
                    state["on_tenant"] = functools.partial(self._on_tenant, exchange)
            # The server enforces a declared Content-Length; only a chunked body must be counted.
            # Without either there is no body to capture (a GET), so `receive` goes unwrapped.
            await self.app(scope, exchange.limit(self.body_limit) if chunked else
                           exchange.receive if declared is not None else receive, exchange.send)
        except ClientDisconnect:  # the client left mid-request: nothing to answer, nothing broken
            log.debug("client disconnected: %s %s", scope["method"], path)
        except Exception as exc:  # the contract: never a traceback on the wire
            if exchange.status:
                log.exception("error after response started: %s %s", scope["method"], path)
            else:
                if isinstance(exc, ApiError):
                    response = exc.response
                elif isinstance(exc, HTTPException):  # Starlette's routing: 404, 405 (with Allow), ...
                    response = self.render_error(vendor, exc.status_code, str(exc.detail))
                    if exc.headers:
                        response.headers.update(exc.headers)
                elif isinstance(exc, BodyTooLarge):
                    response = self.render_error(vendor, 413, f"request body exceeds {self.body_limit} bytes")
                elif isinstance(exc, StorageFull):  # a documented cap (docs/bounds.md), not a crash
                    response = self.render_error(vendor, StorageFull.status, str(exc))
                else:
                    log.exception("unhandled error: %s %s", scope["method"], path)
                    response = self.render_error(vendor, 500, "internal error")
                await exchange.respond(response, scope, receive)
        finally:
            exchange.finish(state.get("tenant"), time.time(), time.perf_counter())
            self.journal.add(exchange)

    def _on_tenant(self, exchange: Exchange, tenant: str) -> None:
        """Called once the vendor knows the caller's tenant (bind_tenant): faults aimed at it."""
        rule = self.faults.match(exchange.vendor, exchange.method, exchange.path, tenant)
        if rule is not None:
            exchange.delay = rule.delay_ms / 1000
            if rule.status:
                raise ApiError(self.render_error(exchange.vendor, rule.status, rule.message))


_request_ids = random.Random()  # seeded from os.urandom; not the tenants' seeded id streams


def _new_request_id() -> bytes:
    """Shaped like `uuid.uuid4().hex` (version 4, RFC 4122 variant), without a getrandom system
    call per request: a request id must be unique, not unguessable."""
    return b"%032x" % uuid4_bits(_request_ids.getrandbits(128))
