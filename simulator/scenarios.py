"""Scenario fixtures: orders a tenant starts with (`tenants.<t>.orders.<vendor>`, docs in README.md).

Each entry's `create` goes through the vendor's own create path, in-process through the app's whole
stack (simulator/http/inprocess.py) with one of the tenant's listed credentials in the vendor's auth
scheme (each vendor's `scenario.py`), exactly as a client's request would: same validation, ids,
events and webhooks. Then the engine walks every order it created along the legal path to `state`
(a vendor state or a milestone), as `POST /_sim/orders/.../advance` does, with cause "scenario".

Runs when the server starts (before it serves; not for tenants a state file restored: they hold
their orders already), when such a tenant is reset, and when `PUT /_sim/tenants/{name}` defines one.
Every entry is checked (state name, credential) before any order of its tenant is created; every
problem is one line with its JSON path, `tenants.<t>.orders.<vendor>[i].<field>: what is wrong`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from simulator.engine import Engine, IllegalTransition, Tenant
from simulator.engine.lifecycle import ALL_MILESTONES
from simulator.fixtures.schema import Credential, ScenarioOrder, TenantFixture
from simulator.http.inprocess import ASGIApp, InProcessClient
from simulator.vendors.base import ScenarioRefused, Vendor


class Problem(NamedTuple):
    tenant: str
    vendor: str
    path: str  # tenants.<t>.orders.<vendor>[i].<field>
    message: str

    def line(self) -> str:
        return f"{self.path}: {self.message}"


class ScenarioError(Exception):
    """Scenario orders that could not be created or reached; one Problem each."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.line() for p in problems))
        self.problems = problems


class Planned(NamedTuple):
    path: str
    vendor: str
    credential: Credential
    order: ScenarioOrder


class Scenarios:
    def __init__(self, app: ASGIApp, engine: Engine, vendors: Mapping[str, Vendor], host: str) -> None:
        self.engine, self.vendors = engine, vendors
        self.client = InProcessClient(app, host)

    def declared(self) -> list[str]:
        """Every defined tenant that declares scenario orders."""
        tenants = self.engine.tenants
        return [name for name in tenants.names() if (d := tenants.definition(name)) is not None and d.orders]

    async def seed(self, names: Iterable[str] | None = None) -> list[Problem]:
        """Create the scenario orders of these tenants (None: every tenant that declares some)."""
        problems: list[Problem] = []
        for name in self.declared() if names is None else names:
            definition = self.engine.tenants.definition(name)
            if definition is not None and definition.orders:
                problems += await self._seed(name, definition)
        return problems

    async def seed_lines(self, names: Iterable[str] | None = None) -> list[str]:
        """seed(), its problems as lines (what the control plane answers)."""
        return [p.line() for p in await self.seed(names)]

    def _plan(self, name: str, definition: TenantFixture) -> tuple[list[Planned], list[Problem]]:
        plan, problems = [], []
        for vendor, orders in definition.orders.items():
            machine = self.engine.vendors[vendor].machine
            listed = self.engine.tenants.listed_for(vendor, name)
            for i, order in enumerate(orders):
                path = f"tenants.{name}.orders.{vendor}[{i}]"
                if not machine.knows(order.state):
                    problems.append(Problem(name, vendor, f"{path}.state", (
                        f"{order.state!r} is not a {vendor} state ({', '.join(machine.states)}) "
                        f"or a milestone ({', '.join(ALL_MILESTONES)})")))
                credential = next((c for c in listed if c.key == order.credential), None) if order.credential \
                    else (listed[0] if listed else None)
                if credential is None and order.credential:
                    problems.append(Problem(name, vendor, f"{path}.credential",
                                            f"{order.credential!r} is not a {vendor} credential of tenant {name!r}"))
                elif credential is None:
                    problems.append(Problem(name, vendor, path, (
                        f"tenant {name!r} lists no {vendor} credential; scenario orders are sent with one "
                        f"(add it under tenants.{name}.credentials.{vendor})")))
                else:
                    plan.append(Planned(path, vendor, credential, order))
        return plan, problems

    async def _seed(self, name: str, definition: TenantFixture) -> list[Problem]:
        plan, problems = self._plan(name, definition)
        if problems:  # nothing is created for a tenant whose entries are wrong in themselves
            return problems
        for step in plan:
            tenant = self.engine.tenants.get_or_create(name)
            tenant.rate_windows.clear()  # scenario calls do not count against a vendor's rate limit
            try:
                refs = await self.vendors[step.vendor].create_scenario_order(self.client, step.credential,
                                                                              step.order.create)
            except ScenarioRefused as exc:
                problems.append(Problem(name, step.vendor, f"{step.path}.{exc.where}", exc.message))
                continue
            problems += self._advance(self.engine.tenants.get_or_create(name), step, refs)
        self.engine.tenants.get_or_create(name).rate_windows.clear()
        return problems

    def _advance(self, tenant: Tenant, step: Planned, refs: list[str]) -> list[Problem]:
        problems = []
        for ref in refs:
            record = tenant.orders.get(step.vendor, ref)
            if record is None:  # the vendor said it created an order the store does not have
                problems.append(Problem(tenant.name, step.vendor, f"{step.path}.create",
                                        f"{step.vendor} created order {ref!r}, but it is not stored"))
                continue
            try:
                self.engine.advance_order(tenant, record, step.order.state, cause="scenario")
            except IllegalTransition:
                problems.append(Problem(tenant.name, step.vendor, f"{step.path}.state", (
                    f"{step.order.state!r} cannot be reached from {record.state!r} (where {step.vendor} "
                    f"order {ref} is after its create)")))
        return problems
