"""PUT|GET|DELETE /_sim/tenants/{name} and GET /_sim/tenants: tenants defined at run time.

The body of a PUT is one tenant of the fixtures schema (`clock`, `credentials` per vendor, `vendors`
config, scenario `orders`), validated by the same Structs as a fixtures file; its scenario orders are
created before it answers (a scenario that fails: 400, and the tenant is not defined). PUT creates the tenant (201) or replaces
it afresh (200: its orders, jobs and webhooks are gone); DELETE removes it and everything it owns,
its subscriptions and fault rules included."""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from simulator.control.base import Control, fail
from simulator.control.paging import paged_list
from simulator.fixtures import FixtureError, TenantFixture, parse_tenant
from simulator.http.decode import loads
from simulator.http.responses import json_response
from simulator.http.routing import Route


def routes(ctl: Control) -> list[Route]:
    def view(name: str) -> dict[str, Any]:
        tenant = ctl.tenant(name)
        assert tenant is not None
        return {"name": tenant.name, "defined": ctl.engine.tenants.defined(tenant.name),
                "clock": tenant.clock.describe(), "credentials": ctl.engine.tenants.credentials_of(tenant.name),
                "vendors": tenant.config, "orders": sum(tenant.orders.count(v) for v in tenant.orders.vendors()),
                "pending_jobs": len(tenant.scheduler), "deliveries": len(tenant.deliveries)}

    def named(request: Request) -> str:
        name: str = request.path_params["name"]
        if not name.strip():
            raise fail(400, "a tenant name must not be blank")
        return name

    async def list_tenants(request: Request) -> Response:
        names = sorted(ctl.engine.tenants.names())
        page = paged_list("tenants", request.query_params, names, key=lambda name: name, cursor_type=str)
        return json_response({**page, "tenants": [view(name) for name in page["tenants"]]})

    async def get_tenant(request: Request) -> Response:
        name = named(request)
        if name not in ctl.engine.tenants.names():
            raise fail(404, f"no tenant {name!r}")
        return json_response(view(name))

    async def put_tenant(request: Request) -> Response:
        name = named(request)
        section = decode_section(await request.body())
        for vendor, cred in section.listed():
            owner = ctl.engine.tenants.owner(vendor, cred.key)
            if owner not in (None, name):
                raise fail(409, f"{vendor} credential {cred.key!r} already belongs to tenant {owner!r}")
        drop_owned(name)
        _, created = ctl.engine.define_tenant(name, section)
        problems = await ctl.seed([name])  # its scenario orders, through the vendors' own APIs
        await ctl.engine.outbox.drain(name)
        if problems:  # not half a tenant: it is gone again
            ctl.engine.delete_tenant(name)
            prefix = f"tenants.{name}."
            raise fail(400, "invalid tenant: " + "; ".join(p.removeprefix(prefix) for p in problems))
        return json_response(view(name), 201 if created else 200)

    async def delete_tenant(request: Request) -> Response:
        name = named(request)
        drop_owned(name)
        if not ctl.engine.delete_tenant(name):
            raise fail(404, f"no tenant {name!r}")
        return json_response({"deleted": name})

    def drop_owned(name: str) -> None:
        """What the control plane keeps for the tenant: its subscriptions and fault rules."""
        for sub in [s for s in ctl.subscriptions.items.values() if s.tenant == name]:
            ctl.subscriptions.remove(sub.id)
        for rule in [r for r in ctl.faults.rules if r.tenant == name]:
            ctl.faults.remove(rule.id)

    return [
        Route("/tenants", list_tenants, methods=["GET"]),
        Route("/tenants/{name}", get_tenant, methods=["GET"]),
        Route("/tenants/{name}", put_tenant, methods=["PUT"]),
        Route("/tenants/{name}", delete_tenant, methods=["DELETE"]),
    ]


def decode_section(raw: bytes) -> TenantFixture:
    """The body as one fixtures tenant, checked exactly as a fixtures file is (every problem named
    by its JSON path)."""
    try:
        data = loads(raw or b"{}")
    except msgspec.DecodeError as exc:
        raise fail(400, f"invalid tenant: {exc}")
    try:
        return parse_tenant(data)
    except FixtureError as exc:
        raise fail(400, "invalid tenant: " + "; ".join(exc.problems))
