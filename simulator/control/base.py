"""What every control-plane module shares: the context it works on, its error envelope and the
lookups by tenant, vendor and order. Talks to the engine, never to vendor internals (except through
the Vendor hooks: render, error)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, overload

from simulator.control.envelope import as_struct, fail, int_param, read_body
from simulator.control.sink import Sinks
from simulator.control.sse import Streams
from simulator.control.subscriptions import Subscriptions
from simulator.engine import Engine, OrderRecord, Tenant
from simulator.http.faults import Faults
from simulator.http.journal import Journal
from simulator.settings import Settings

# Creates the scenario orders of these tenants (None: every tenant that declares some); returns one
# line per problem. The app sets it (simulator/scenarios.py): scenarios go through the vendors' APIs.
Seeder = Callable[[Iterable[str] | None], Awaitable[list[str]]]


async def no_scenarios(names: Iterable[str] | None) -> list[str]:
    return []


__all__ = ["Control", "Seeder", "as_struct", "fail", "int_param", "read_body"]  # handlers import the envelope helpers from here


class Control:
    """The state the control plane works on, and the lookups its handlers share."""

    def __init__(self, engine: Engine, settings: Settings, journal: Journal, faults: Faults, version: str) -> None:
        self.engine, self.settings, self.journal, self.faults, self.version = engine, settings, journal, faults, version
        self.subscriptions = Subscriptions(engine, settings.seed)
        self.sinks = Sinks()
        self.streams = Streams()
        self.seed: Seeder = no_scenarios

    def tenant(self, ref: object, create: bool = False) -> Tenant | None:
        """A tenant by name or credential, or None when `ref` is absent. `create`: set-up calls
        (clock, vendor config) may name a tenant before its first API call; in open mode a
        credential names its own tenant."""
        if ref is None or ref == "":
            return None
        return self.required_tenant(ref, create)

    def required_tenant(self, ref: object, create: bool = False) -> Tenant:
        if ref is None or ref == "":
            raise fail(400, "tenant is required")
        if not isinstance(ref, str):
            raise fail(400, "tenant must be a string")
        tenant = self.engine.tenants.find(ref)
        if tenant is None and create:
            tenant = self.engine.tenants.get_or_create(ref)
        if tenant is None:
            raise fail(404, f"unknown tenant {ref!r} (a tenant name or a credential it has used)")
        return tenant

    def tenants(self, ref: object) -> list[Tenant]:
        tenant = self.tenant(ref)
        return [tenant] if tenant is not None else self.engine.tenants.all()

    @overload
    def vendor(self, name: str) -> str: ...
    @overload
    def vendor(self, name: str | None) -> str | None: ...

    def vendor(self, name: str | None) -> str | None:
        if name is not None and name not in self.engine.vendors:
            raise fail(404, f"unknown vendor {name!r}; known: {', '.join(self.engine.vendors)}")
        return name

    def order_summary(self, record: OrderRecord) -> dict[str, Any]:
        """What a list row needs: everything but the vendor's own representation."""
        return {"vendor": record.vendor, "tenant": record.tenant, "id": record.id, "state": record.state,
                "milestone": record.milestone, "created_at": record.created_at, "updated_at": record.updated_at,
                "version": record.version}

    def order_view(self, tenant: Tenant, record: OrderRecord) -> dict[str, Any]:
        return {**self.order_summary(record), "order": self.engine.vendors[record.vendor].render(tenant, record)}

    def find_order(self, vendor: str, order_id: str, tenant_ref: object) -> tuple[Tenant, OrderRecord]:
        self.vendor(vendor)
        matches = [(t, r) for t in self.tenants(tenant_ref) if (r := t.orders.get(vendor, order_id)) is not None]
        if not matches:
            raise fail(404, f"no {vendor} order {order_id!r}")
        if len(matches) > 1:
            raise fail(409, f"{vendor} order {order_id!r} exists in several tenants; pass ?tenant=")
        return matches[0]
