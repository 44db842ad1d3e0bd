"""Tenants: the namespace a credential selects. Each has its own clock, ids, orders,
scheduled jobs, webhook log and vendor scratch state, so reset costs O(that tenant)."""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from typing import Any, TypeVar

import msgspec

from simulator.engine.clock import FIXED_EPOCH, Clock
from simulator.engine.ids import IdFactory
from simulator.engine.limits import PENDING_TENANTS, Limits, StorageFull
from simulator.engine.scheduler import Scheduler
from simulator.engine.store import OrderStore
from simulator.fixtures.schema import CONFIG_TYPES, Credential, Fixtures, TenantFixture, VendorConfigs

# A credential beginning with this is always refused, so users can test 401 handling.
MAGIC_INVALID_PREFIX = "invalid"

S = TypeVar("S", bound=msgspec.Struct)


class Tenant:
    def __init__(self, name: str, clock: Clock, seed: int | None, config: VendorConfigs | None = None) -> None:
        self.name = name
        self.clock = clock
        self.ids = IdFactory(seed, name)
        self.orders = OrderStore()
        self.scheduler = Scheduler()
        self.deliveries: list = []  # webhook Delivery records, oldest first
        self.vendor_state: dict[str, msgspec.Struct] = {}  # vendor -> its typed per-tenant state
        # Each vendor's config (fixtures `vendors`, as changed at run time): typed and frozen, read by
        # each vendor as its own field (`tenant.config.onfleet`); a change replaces it (Engine.update_vendor_config).
        self.config: VendorConfigs = config if config is not None else VendorConfigs()
        self.lock = asyncio.Lock()  # serialises clock moves (advance vs. realtime ticker)
        # Not state: wall-clock rate-limit windows, values derived from config and caches, rebuilt on demand.
        # Neither goes into a snapshot.
        self.rate_windows: dict[str, deque[float]] = {}
        self.derived: dict[str, Any] = {}
        self.retired = False  # set when reset or removed: tokens and sessions issued to it stop working
        # Open mode: the first secret used with an id (vendor + id -> secret) is the one it accepts.
        self.secrets: dict[tuple[str, str], str] = {}

    def state(self, vendor: str, type_: type[S]) -> S:
        """What a vendor keeps per tenant (sessions, registered webhooks, ...): one msgspec Struct
        per vendor (its `state_type`), created empty on first use, so a snapshot can hold it."""
        found = self.vendor_state.get(vendor)
        if found is None:
            found = self.vendor_state[vendor] = type_()
        return found  # type: ignore[return-value]  # keyed by vendor: always that vendor's type_

    def vendor_config(self, vendor: str) -> msgspec.Struct | None:
        """One vendor's config by name (for the control plane, which serves every vendor alike), or
        None when none is set. A vendor reads its own typed field instead: `tenant.config.<vendor>`."""
        return getattr(self.config, vendor) if vendor in CONFIG_TYPES else None

    def set_vendor_config(self, vendor: str, config: msgspec.Struct) -> None:
        self.config = msgspec.structs.replace(self.config, **{vendor: config})


class Tenants:
    """Resolves credentials to tenants. Default: every well-formed credential is accepted and
    names its own tenant. Fixtures may list credentials (mapping them to named tenants) and make
    a vendor strict, so that only listed credentials work. Fixture tenants exist from the start."""

    def __init__(self, *, clock_mode: str, speed: float, seed: int | None, fixtures: Fixtures | None = None,
                 limits: Limits | None = None) -> None:
        self.clock_mode, self.speed, self.seed = clock_mode, speed, seed
        self.limits = limits or Limits()
        self._tenants: dict[str, Tenant] = {}
        self._credential_tenant: dict[str, str] = {}  # credentials of kept tenants -> tenant name
        # A credential that has only read (or failed) holds nothing: its tenant waits here, bounded,
        # until something is stored (keep) or newer ones push it out. Same object for concurrent calls.
        self._pending: OrderedDict[str, Tenant] = OrderedDict()
        self._pending_credentials: OrderedDict[str, str] = OrderedDict()
        self._listed: dict[str, dict[str, tuple[str, Credential]]] = {}  # vendor -> key -> (tenant, credential)
        self._strict: set[str] = set()
        self._fixture_tenants: dict[str, TenantFixture] = {}
        if fixtures is not None:
            self.load(fixtures)

    def load(self, fixtures: Fixtures) -> None:
        self._strict.update(fixtures.strict)
        for name, section in fixtures.tenants.items():
            self._define(name, section)
            self.get_or_create(name)  # fixture tenants exist from the start (listed in /_sim/clock)

    def _define(self, name: str, section: TenantFixture) -> None:
        self._fixture_tenants[name] = section
        for vendor, cred in section.listed():
            self._listed.setdefault(vendor, {})[cred.key] = (name, cred)
            self._credential_tenant[cred.key] = name

    # -- tenants defined at run time (PUT|DELETE /_sim/tenants/{name}) --------------------
    def define(self, name: str, section: TenantFixture) -> Tenant:
        """(Re)define a tenant as one fixtures section would: whatever it held before is gone."""
        self.remove(name)
        self._define(name, section)
        return self.get_or_create(name)

    def remove(self, name: str) -> bool:
        """Forget a tenant, its definition and every credential that maps to it. Tokens and
        sessions issued to it stop working (they hold the old Tenant object)."""
        existed = name in self._tenants or name in self._fixture_tenants
        self._retire(self._tenants.pop(name, None))
        self._retire(self._pending.pop(name, None))
        self._fixture_tenants.pop(name, None)
        for listed in self._listed.values():
            for key in [k for k, (owner, _) in listed.items() if owner == name]:
                del listed[key]
        self._credential_tenant = {k: v for k, v in self._credential_tenant.items() if v != name}
        return existed

    def definition(self, name: str) -> TenantFixture | None:
        """The fixtures section that defines this tenant (from fixtures or PUT /_sim/tenants), if any."""
        return self._fixture_tenants.get(name)

    def seen_credentials(self, name: str) -> list[str]:
        return [cred for cred, owner in self._credential_tenant.items() if owner == name]

    def replace(self, tenant: Tenant, definition: TenantFixture | None, credentials: list[str]) -> None:
        """Put a tenant restored from a snapshot in place of whatever had its name."""
        self.remove(tenant.name)
        if definition is not None:
            self._define(tenant.name, definition)
        self._tenants[tenant.name] = tenant
        for cred in credentials:
            self._credential_tenant[cred] = tenant.name

    def defined(self, name: str) -> bool:
        return name in self._fixture_tenants

    def owner(self, vendor: str, credential: str) -> str | None:
        """The tenant a fixture or a run-time definition lists this credential for."""
        found = self._listed.get(vendor, {}).get(credential)
        return found[0] if found is not None else None

    def credentials_of(self, name: str) -> dict[str, list[dict]]:
        """The listed credentials of one tenant, by vendor (as fixtures give them, plus `tenant`)."""
        out: dict[str, list[dict]] = {}
        for vendor, listed in self._listed.items():
            mine = [{**msgspec.to_builtins(cred), "tenant": owner} for owner, cred in listed.values() if owner == name]
            if mine:
                out[vendor] = mine
        return out

    def names(self) -> list[str]:
        """Every tenant that exists or is defined (a defined tenant is created on first use)."""
        return list(dict.fromkeys([*self._tenants, *self._fixture_tenants]))

    # -- credentials ------------------------------------------------------------------


    def credential_info(self, vendor: str, credential: str) -> Credential | None:
        """The fixture entry for a listed credential (secret, role, organization), else None."""
        found = self._listed.get(vendor, {}).get(credential)
        return found[1] if found is not None else None

    def listed_for(self, vendor: str, tenant_name: str) -> list[Credential]:
        """The credentials the fixtures list for this vendor and tenant, in file order."""
        return [cred for name, cred in self._listed.get(vendor, {}).values() if name == tenant_name]

    def resolve(self, vendor: str, credential: str | None, tenant_name: str | None = None) -> Tenant | None:
        """The tenant for a credential, or None if it must be refused (401).
        `tenant_name` lets a vendor group several credentials into one tenant."""
        if not credential or credential.startswith(MAGIC_INVALID_PREFIX):
            return None
        listed = self._listed.get(vendor, {}).get(credential)
        if listed is not None:
            name = listed[0]
        elif vendor in self._strict:
            return None
        else:
            name = tenant_name or credential
        tenant = self._tenants.get(name)
        if tenant is not None:
            if credential not in self._credential_tenant:
                self._credential_tenant[credential] = name
            return tenant
        return self._pending_tenant(name, credential)

    # -- tenants ----------------------------------------------------------------------
    def _build(self, name: str) -> Tenant:
        section = self._fixture_tenants.get(name) or TenantFixture()
        clock_cfg = section.clock
        mode = clock_cfg.mode or self.clock_mode
        start = FIXED_EPOCH if (self.seed is not None and mode == "manual") else None
        speed = clock_cfg.speed if clock_cfg.speed is not None else self.speed
        clock = Clock(mode, speed, start=clock_cfg.start if clock_cfg.start is not None else start)
        # Starts from the fixture's (frozen) config: a run-time change replaces it, so reset restores it.
        return Tenant(name, clock, self.seed, section.vendors)

    def _pending_tenant(self, name: str, credential: str) -> Tenant:
        tenant = self._pending.get(name)
        if tenant is None:
            tenant = self._pending[name] = self._build(name)
            if len(self._pending) > PENDING_TENANTS:
                self._pending.popitem(last=False)
        else:
            self._pending.move_to_end(name)
        self._pending_credentials[credential] = name
        self._pending_credentials.move_to_end(credential)
        if len(self._pending_credentials) > PENDING_TENANTS:
            self._pending_credentials.popitem(last=False)
        return tenant

    def keep(self, tenant: Tenant) -> Tenant:
        """Something is about to be stored in this tenant: keep it from now on (until reset).
        StorageFull when --max-tenants tenants are kept already."""
        kept = self._tenants.get(tenant.name)
        if kept is not None:
            return kept
        if len(self._tenants) >= self.limits.max_tenants:
            raise StorageFull(f"ordersim holds {len(self._tenants)} tenants, its limit (--max-tenants): "
                              "reset or delete tenants to make room")
        self._tenants[tenant.name] = tenant
        self._pending.pop(tenant.name, None)
        for credential in [c for c, n in self._pending_credentials.items() if n == tenant.name]:
            self._credential_tenant[credential] = tenant.name
            del self._pending_credentials[credential]
        return tenant

    def is_kept(self, tenant: Tenant) -> bool:
        return self._tenants.get(tenant.name) is tenant

    def get_or_create(self, name: str) -> Tenant:
        """A tenant by name, kept (the control plane names tenants to set them up)."""
        tenant = self._tenants.get(name)
        if tenant is None:
            tenant = self.keep(self._pending.get(name) or self._build(name))
        return tenant

    def find(self, name_or_credential: str) -> Tenant | None:
        """Control-plane lookup: a tenant name or any credential that maps to one (a tenant still
        pending is kept: the control plane is setting it up)."""
        if name_or_credential in self._tenants:
            return self._tenants[name_or_credential]
        name = self._credential_tenant.get(name_or_credential) or self._pending_credentials.get(name_or_credential)
        if name is None and (name_or_credential in self._fixture_tenants or name_or_credential in self._pending):
            name = name_or_credential
        return self.get_or_create(name) if name is not None else None

    def all(self) -> list[Tenant]:
        return list(self._tenants.values())

    def count(self) -> int:
        return len(self._tenants)

    @staticmethod
    def _retire(tenant: Tenant | None) -> None:
        if tenant is not None:
            tenant.retired = True

    def reset(self, name: str | None = None) -> None:
        """Forget one tenant (or all). Fixture-defined tenants come back fresh at once."""
        if name is None:
            for tenant in [*self._tenants.values(), *self._pending.values()]:
                self._retire(tenant)
            self._tenants.clear()
            self._pending.clear()
            self._pending_credentials.clear()
        else:
            self._retire(self._tenants.pop(name, None))
            self._retire(self._pending.pop(name, None))
        for fixture_name in self._fixture_tenants if name is None else [name]:
            if fixture_name in self._fixture_tenants:
                self.get_or_create(fixture_name)
