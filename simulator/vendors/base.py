"""What every vendor folder provides. A vendor is one package `simulator/vendors/<name>/`
whose `__init__.py` exposes `VENDOR_CLASS`, a `Vendor` subclass; each app makes its own instance
(so per-app state may live on `self`), mounts it at `/<name>` (the URL rule) and finds it automatically."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from simulator.engine import Engine, Machine, OrderEvent, OrderRecord, RetryPolicy, Tenant, VendorTimer
from simulator.fixtures.schema import Credential
from simulator.http.inprocess import InProcessClient, Reply
from simulator.http.responses import json_response
from simulator.http.tokens import BearerTokens
from simulator.settings import Settings

if TYPE_CHECKING:
    from simulator.openapi import ApiDescription


class ScenarioRefused(Exception):
    """A scenario order could not be created: `where` is the part of the scenario entry at fault
    (`create`, `create.quote`, ...), the message says why (the vendor's own answer when it refused)."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where, self.message = where, message

    @classmethod
    def answered(cls, vendor: str, what: str, reply: Reply, where: str = "create") -> ScenarioRefused:
        return cls(where, f"{vendor} answered {reply.status} to {what}: {reply.text()}")


class Vendor:
    name: str = ""
    machine: Machine
    body_type: type = object  # what it stores as OrderRecord.body (a msgspec Struct)
    webhook_policy: RetryPolicy | None = None
    state_type: type[msgspec.Struct] | None = None  # what it keeps per tenant (tenant.state(name, state_type))
    tokens: BearerTokens | None = None  # OAuth bearer tokens it issued (per app), for vendors with a token login

    # -- wiring ------------------------------------------------------------------------
    def routes(self) -> list:
        """Starlette routes, with paths relative to `/<name>`."""
        raise NotImplementedError

    def setup(self, engine: Engine, settings: Settings) -> None:
        """Called once when the app is built."""

    def restored(self, engine: Engine, tenant: Tenant) -> None:
        """A snapshot replaced this tenant: rebuild whatever the vendor indexes app-wide from its state."""

    def api(self) -> ApiDescription | None:
        """What `/_sim/openapi/<name>.json` says about every route: by default `API` from the vendor
        package's `openapi.py`, imported on first use (start-up does not pay for it). Every route in
        routes() must be described (tests/openapi/test_documents.py)."""
        module = self._module("openapi")
        return module.API if module is not None else None

    async def create_scenario_order(self, client: InProcessClient, credential: Credential,
                                    create: dict[str, Any]) -> list[str]:
        """Send a scenario's `create` (the vendor's own create request) through the vendor's own API
        with `credential`, in the vendor's auth scheme; returns the ids of the orders it created (any
        id or alias the store resolves). ScenarioRefused when the vendor refuses it. By default
        `create` of the vendor package's `scenario.py`, imported on first use."""
        module = self._module("scenario")
        if module is None:
            raise ScenarioRefused("create", f"{self.name} cannot create scenario orders")
        ids: list[str] = await module.create(client, credential, create)
        return ids

    def _module(self, name: str) -> ModuleType | None:
        """The vendor package's submodule `name`, imported on first use; None if it has none."""
        package = type(self).__module__
        try:
            return importlib.import_module(f"{package}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.{name}":
                raise
            return None

    # -- errors ------------------------------------------------------------------------
    def error(self, status: int, message: str) -> Response:
        """This vendor's envelope for errors raised outside its handlers: 404/405 routing,
        401, 413 body too large, injected faults, unexpected exceptions (500)."""
        return json_response({"error": message}, status)

    # -- engine hooks ------------------------------------------------------------------
    def render(self, tenant: Tenant, record: OrderRecord) -> Any:
        """The order as this vendor's API shows it (used by the control plane)."""
        return record.body

    def effective_config(self, tenant: Tenant) -> msgspec.Struct | None:
        """The tenant's config for this vendor as it applies it (GET|PUT /_sim/vendors/<name>/config
        show this): by default as set by fixtures and PUT (None: nothing set); a vendor may fill in
        what it derives when unset (Onfleet's webhook secret)."""
        return tenant.vendor_config(self.name)

    def on_transition(self, engine: Engine, tenant: Tenant, record: OrderRecord, previous: str) -> None:
        """Update the vendor body for the new state (timestamps, task states, ...)."""

    def on_event(self, engine: Engine, tenant: Tenant, event: OrderEvent, record: OrderRecord | None) -> None:
        """Enqueue this vendor's webhooks for an event, if it has any."""

    def auto_next(self, tenant: Tenant, record: OrderRecord) -> tuple[str, float] | None:
        """The automatic next move and its delay in simulated seconds (default: the machine's table)."""
        return self.machine.auto.get(record.state)

    async def on_job(self, engine: Engine, tenant: Tenant, timer: VendorTimer) -> None:
        """A timer set with engine.schedule(tenant, delay, VendorTimer(...)) fell due."""


def engine_of(request: Request) -> Engine:
    return request.scope["app"].engine  # SimApp's attribute (simulator/http/sim_app.py)


def settings_of(request: Request) -> Settings:
    return request.scope["app"].settings  # SimApp's attribute: app.state.settings costs a State lookup


def vendor_of(request: Request, name: str) -> Vendor:
    """The app's instance of a vendor, where its per-app state lives (e.g. `tokens`): the one way a
    handler reaches its own vendor. Its tenant comes from its auth, which also binds it to the request."""
    return request.scope["app"].vendors[name]


def issued_tokens(request: Request, name: str) -> BearerTokens:
    """The bearer tokens a vendor with a token login keeps (Pitney Bowes, HyperTrack)."""
    tokens = vendor_of(request, name).tokens
    if tokens is None:
        raise TypeError(f"{name} issues no bearer tokens")
    return tokens


def bind_tenant(request: Request, tenant: Tenant) -> None:
    """Record the tenant on the request (the journal shows it). A fault injected for this tenant
    (POST /_sim/faults {"tenant": ...}) fires here, in the vendor's envelope, before the handler acts."""
    state = request.scope.setdefault("state", {})
    state["tenant"] = tenant.name
    on_tenant = state.pop("on_tenant", None)
    if on_tenant is not None:
        on_tenant(tenant.name)
