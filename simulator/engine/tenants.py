"""Tenants: the namespace a credential selects. Each has its own clock, ids, orders,
scheduled jobs, webhook log and vendor scratch state, so reset costs O(that tenant)."""

from __future__ import annotations

import asyncio
import copy
from collections import deque
from typing import Any, TypeVar

import msgspec

from simulator.engine.clock import FIXED_EPOCH, Clock
from simulator.engine.ids import IdFactory
from simulator.engine.scheduler import Scheduler
from simulator.engine.store import OrderStore

# A credential beginning with this is always refused, so users can test 401 handling.
MAGIC_INVALID_PREFIX = "invalid"

S = TypeVar("S", bound=msgspec.Struct)


class Tenant:
    def __init__(self, name: str, clock: Clock, seed: int | None, config: dict | None = None) -> None:
        self.name = name
        self.clock = clock
        self.ids = IdFactory(seed, name)
        self.orders = OrderStore()
        self.scheduler = Scheduler()
        self.deliveries: list = []  # webhook Delivery records, oldest first
        self.vendor_state: dict[str, msgspec.Struct] = {}  # vendor -> its typed per-tenant state
        self.config: dict = config or {}  # this tenant's fixture section
        self.lock = asyncio.Lock()  # serialises clock moves (advance vs. realtime ticker)
        # Not state: wall-clock rate-limit windows and values derived from config, rebuilt on demand.
        # Neither goes into a snapshot.
        self.rate_windows: dict[str, deque[float]] = {}
        self.derived: dict[str, Any] = {}

    def state(self, vendor: str, type_: type[S]) -> S:
        """What a vendor keeps per tenant (sessions, registered webhooks, ...): one msgspec Struct
        per vendor (its `state_type`), created empty on first use, so a snapshot can hold it."""
        found = self.vendor_state.get(vendor)
        if found is None:
            found = self.vendor_state[vendor] = type_()
        return found  # type: ignore[return-value]  # keyed by vendor: always that vendor's type_

    def vendor_config(self, vendor: str) -> dict:
        return self.config.get("vendors", {}).get(vendor, {})


class Tenants:
    """Resolves credentials to tenants. Default: every well-formed credential is accepted and
    names its own tenant. Fixtures may list credentials (mapping them to named tenants) and make
    a vendor strict, so that only listed credentials work."""

    def __init__(self, *, clock_mode: str, speed: float, seed: int | None, fixtures: dict | None = None) -> None:
        self.clock_mode, self.speed, self.seed = clock_mode, speed, seed
        self._tenants: dict[str, Tenant] = {}
        self._credential_tenant: dict[str, str] = {}  # any credential ever seen -> tenant name
        self._listed: dict[str, dict[str, dict]] = {}  # vendor -> credential -> info from fixtures
        self._strict: set[str] = set()
        self._fixture_tenants: dict[str, dict] = {}
        if fixtures:
            self.load(fixtures)

    def load(self, fixtures: dict) -> None:
        self._strict.update(fixtures.get("strict", []))
        for name, section in fixtures.get("tenants", {}).items():
            self._define(name, section)

    def _define(self, name: str, section: dict) -> None:
        self._fixture_tenants[name] = section
        for vendor, creds in section.get("credentials", {}).items():
            for cred in creds:
                info = {"key": cred} if isinstance(cred, str) else dict(cred)
                info["tenant"] = name
                self._listed.setdefault(vendor, {})[info["key"]] = info
                self._credential_tenant[info["key"]] = name

    # -- tenants defined at run time (PUT|DELETE /_sim/tenants/{name}) --------------------
    def define(self, name: str, section: dict) -> Tenant:
        """(Re)define a tenant as one fixtures section would: whatever it held before is gone."""
        self.remove(name)
        self._define(name, section)
        return self.get_or_create(name)

    def remove(self, name: str) -> bool:
        """Forget a tenant, its definition and every credential that maps to it. Tokens and
        sessions issued to it stop working (they hold the old Tenant object)."""
        existed = name in self._tenants or name in self._fixture_tenants
        self._tenants.pop(name, None)
        self._fixture_tenants.pop(name, None)
        for listed in self._listed.values():
            for key in [k for k, info in listed.items() if info["tenant"] == name]:
                del listed[key]
        self._credential_tenant = {k: v for k, v in self._credential_tenant.items() if v != name}
        return existed

    def defined(self, name: str) -> bool:
        return name in self._fixture_tenants

    def owner(self, vendor: str, credential: str) -> str | None:
        """The tenant a fixture or a run-time definition lists this credential for."""
        info = self.credential_info(vendor, credential)
        return info["tenant"] if info is not None else None

    def credentials_of(self, name: str) -> dict[str, list[dict]]:
        """The listed credentials of one tenant, by vendor (as fixtures give them, plus `tenant`)."""
        out: dict[str, list[dict]] = {}
        for vendor, listed in self._listed.items():
            mine = [info for info in listed.values() if info["tenant"] == name]
            if mine:
                out[vendor] = mine
        return out

    def names(self) -> list[str]:
        """Every tenant that exists or is defined (a defined tenant is created on first use)."""
        return list(dict.fromkeys([*self._tenants, *self._fixture_tenants]))

    # -- credentials ------------------------------------------------------------------
    def is_strict(self, vendor: str) -> bool:
        return vendor in self._strict

    def set_strict(self, vendor: str, strict: bool) -> None:
        (self._strict.add if strict else self._strict.discard)(vendor)

    def credential_info(self, vendor: str, credential: str) -> dict | None:
        """The fixture entry for a listed credential (role, tenant, ...), else None."""
        return self._listed.get(vendor, {}).get(credential)

    def listed(self, vendor: str) -> dict[str, dict]:
        return self._listed.get(vendor, {})

    def resolve(self, vendor: str, credential: str | None, tenant_name: str | None = None) -> Tenant | None:
        """The tenant for a credential, or None if it must be refused (401).
        `tenant_name` lets a vendor group several credentials into one tenant."""
        if not credential or credential.startswith(MAGIC_INVALID_PREFIX):
            return None
        info = self.credential_info(vendor, credential)
        if info is not None:
            name = info["tenant"]
        elif vendor in self._strict:
            return None
        else:
            name = tenant_name or credential
        self._credential_tenant[credential] = name
        return self.get_or_create(name)

    # -- tenants ----------------------------------------------------------------------
    def get_or_create(self, name: str) -> Tenant:
        tenant = self._tenants.get(name)
        if tenant is None:
            section = self._fixture_tenants.get(name, {})
            clock_cfg = section.get("clock", {})
            mode = clock_cfg.get("mode", self.clock_mode)
            start = FIXED_EPOCH if (self.seed is not None and mode == "manual") else None
            clock = Clock(mode, clock_cfg.get("speed", self.speed), start=clock_cfg.get("start", start))
            # A copy: run-time config changes must not leak into the fixture, so reset restores it.
            tenant = self._tenants[name] = Tenant(name, clock, self.seed, copy.deepcopy(section))
        return tenant

    def find(self, name_or_credential: str) -> Tenant | None:
        """Control-plane lookup: a tenant name or any credential that maps to one."""
        if name_or_credential in self._tenants:
            return self._tenants[name_or_credential]
        name = self._credential_tenant.get(name_or_credential)
        if name is None and name_or_credential in self._fixture_tenants:
            name = name_or_credential
        return self.get_or_create(name) if name is not None else None

    def all(self) -> list[Tenant]:
        return list(self._tenants.values())

    def reset(self, name: str | None = None) -> None:
        """Forget one tenant (or all). Fixture-defined tenants come back fresh on next use."""
        if name is None:
            self._tenants.clear()
        else:
            self._tenants.pop(name, None)
