"""A typed client for the ordersim control plane (everything under /_sim).

    from simulator.client import SimClient
    with SimClient() as sim:                 # --url rule: ORDERSIM_URL, else ORDERSIM_HOST/PORT
        sim.advance(60, tenant="acme")
        [order] = sim.orders(tenant="acme", vendor="tiramizoo")

`AsyncSimClient` has the same methods as coroutines. Answers decode to the Structs in
`simulator.client.models`; every error answer raises `SimError` (status and body). The token for a
server started with --control-token comes from `token=` or $ORDERSIM_CONTROL_TOKEN.

This package imports httpx and msgspec only, never the server stack (Starlette, uvicorn)."""

from __future__ import annotations

import functools
import os
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, Concatenate, ParamSpec, TypeVar

import httpx
import msgspec

from simulator.client import calls
from simulator.client.calls import Call
from simulator.server_url import resolve_base_url

__all__ = ["SimClient", "AsyncSimClient", "SimError", "TOKEN_ENV"]

TOKEN_ENV = "ORDERSIM_CONTROL_TOKEN"
DEFAULT_TIMEOUT_S = 10.0
P = ParamSpec("P")
T = TypeVar("T")
Self = TypeVar("Self", bound="_Base")


class SimError(Exception):
    """The control plane refused a call (or answered something the client cannot read).
    `status` is the HTTP status, `body` the decoded JSON answer (or its text)."""

    def __init__(self, status: int, body: Any, method: str, path: str):
        self.status, self.body, self.method, self.path = status, body, method, path
        detail = body.get("error") if isinstance(body, dict) and "error" in body else body
        if isinstance(body, dict) and body.get("timed_out"):
            detail = f"timed out with {body.get('matched')} matching deliveries"
        super().__init__(f"{method} /_sim{path} -> {status}: {detail}")


class _Base:
    def __init__(self, base_url: str | None = None, *, token: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self.base_url = resolve_base_url(base_url)
        token = token if token is not None else os.environ.get(TOKEN_ENV, "")
        self.headers = {"authorization": f"Bearer {token}"} if token else {}
        self.timeout = timeout

    def url(self, path: str = "") -> str:
        """The full URL of a path on the server, e.g. url("/onfleet/api/v2")."""
        return self.base_url + path

    def sink_url(self, name: str) -> str:
        """Where to point a vendor's webhooks so that sink(name) sees them."""
        return self.url(f"/_sim/sink/{calls._seg(name)}")

    def _request(self, call: Call[Any]) -> dict[str, Any]:
        timeout = self.timeout if call.timeout is None else call.timeout + self.timeout
        return {"method": call.method, "url": "/_sim" + call.path, "params": call.params,
                "json": call.body, "timeout": timeout}

    def _answer(self, call: Call[T], response: httpx.Response, earlier: Any = None) -> tuple[T, Call[T] | None]:
        """The decoded answer (after the pages `earlier` for a paged list) and the call for the next
        page, if there is one to fetch."""
        data: Any
        try:
            data = msgspec.json.decode(response.content) if response.content else None
        except msgspec.DecodeError:
            data = response.text
        if response.status_code >= 400:
            raise SimError(response.status_code, data, call.method, call.path)
        try:
            # data is any decoded JSON; a non-object answer raises TypeError, caught below
            value: T = msgspec.convert(data[call.pick] if call.pick is not None else data, call.answer)
        except (msgspec.ValidationError, KeyError, TypeError) as exc:
            raise SimError(response.status_code, data, call.method, f"{call.path} (unreadable answer: {exc})")
        if earlier is not None:
            value = earlier + value
        cursor = data.get("next_cursor") if call.paged and isinstance(data, dict) else None
        return value, call.next_page(cursor) if cursor else None


def _blocking(build: Callable[P, Call[T]]) -> Callable[Concatenate[SimClient, P], T]:
    @functools.wraps(build)
    def method(self: SimClient, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return self.send(build(*args, **kwargs))
    return method


def _awaitable(build: Callable[P, Call[T]]) -> Callable[Concatenate[AsyncSimClient, P], Awaitable[T]]:
    @functools.wraps(build)
    async def method(self: AsyncSimClient, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return await self.send(build(*args, **kwargs))
    return method


class SimClient(_Base):
    """Blocking control-plane client. `transport` is any httpx transport (tests, proxies)."""

    def __init__(self, base_url: str | None = None, *, token: str | None = None, timeout: float = DEFAULT_TIMEOUT_S,
                 transport: httpx.BaseTransport | None = None) -> None:
        super().__init__(base_url, token=token, timeout=timeout)
        self.http = httpx.Client(base_url=self.base_url, headers=self.headers, transport=transport)

    def send(self, call: Call[T]) -> T:
        value, following = self._answer(call, self.http.request(**self._request(call)))
        while following is not None:
            value, following = self._answer(following, self.http.request(**self._request(following)), value)
        return value

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> SimClient:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    health = _blocking(calls.health)
    reset = _blocking(calls.reset)
    put_tenant = _blocking(calls.put_tenant)
    tenant = _blocking(calls.tenant)
    tenants = _blocking(calls.tenants)
    delete_tenant = _blocking(calls.delete_tenant)
    clock = _blocking(calls.clock)
    clocks = _blocking(calls.clocks)
    set_clock = _blocking(calls.set_clock)
    advance = _blocking(calls.advance)
    orders = _blocking(calls.orders)
    order = _blocking(calls.order)
    advance_order = _blocking(calls.advance_order)
    webhooks = _blocking(calls.webhooks)
    wait_webhooks = _blocking(calls.wait_webhooks)
    sink = _blocking(calls.sink)
    clear_sink = _blocking(calls.clear_sink)
    sinks = _blocking(calls.sinks)
    subscribe = _blocking(calls.subscribe)
    subscriptions = _blocking(calls.subscriptions)
    unsubscribe = _blocking(calls.unsubscribe)
    add_fault = _blocking(calls.add_fault)
    faults = _blocking(calls.faults)
    clear_faults = _blocking(calls.clear_faults)
    requests = _blocking(calls.requests)
    settings = _blocking(calls.settings)
    update_settings = _blocking(calls.update_settings)
    vendor_config = _blocking(calls.vendor_config)
    set_vendor_config = _blocking(calls.set_vendor_config)
    snapshot = _blocking(calls.snapshot)
    restore = _blocking(calls.restore)


class AsyncSimClient(_Base):
    """The same methods as SimClient, as coroutines. With `transport=httpx.ASGITransport(app)` it
    drives an in-process app (`simulator.app.create_app`) without a socket."""

    def __init__(self, base_url: str | None = None, *, token: str | None = None, timeout: float = DEFAULT_TIMEOUT_S,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        super().__init__(base_url, token=token, timeout=timeout)
        self.http = httpx.AsyncClient(base_url=self.base_url, headers=self.headers, transport=transport)

    async def send(self, call: Call[T]) -> T:
        value, following = self._answer(call, await self.http.request(**self._request(call)))
        while following is not None:
            value, following = self._answer(following, await self.http.request(**self._request(following)), value)
        return value

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> AsyncSimClient:
        return self

    async def __aexit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        await self.aclose()

    health = _awaitable(calls.health)
    reset = _awaitable(calls.reset)
    put_tenant = _awaitable(calls.put_tenant)
    tenant = _awaitable(calls.tenant)
    tenants = _awaitable(calls.tenants)
    delete_tenant = _awaitable(calls.delete_tenant)
    clock = _awaitable(calls.clock)
    clocks = _awaitable(calls.clocks)
    set_clock = _awaitable(calls.set_clock)
    advance = _awaitable(calls.advance)
    orders = _awaitable(calls.orders)
    order = _awaitable(calls.order)
    advance_order = _awaitable(calls.advance_order)
    webhooks = _awaitable(calls.webhooks)
    wait_webhooks = _awaitable(calls.wait_webhooks)
    sink = _awaitable(calls.sink)
    clear_sink = _awaitable(calls.clear_sink)
    sinks = _awaitable(calls.sinks)
    subscribe = _awaitable(calls.subscribe)
    subscriptions = _awaitable(calls.subscriptions)
    unsubscribe = _awaitable(calls.unsubscribe)
    add_fault = _awaitable(calls.add_fault)
    faults = _awaitable(calls.faults)
    clear_faults = _awaitable(calls.clear_faults)
    requests = _awaitable(calls.requests)
    settings = _awaitable(calls.settings)
    update_settings = _awaitable(calls.update_settings)
    vendor_config = _awaitable(calls.vendor_config)
    set_vendor_config = _awaitable(calls.set_vendor_config)
    snapshot = _awaitable(calls.snapshot)
    restore = _awaitable(calls.restore)
