"""A tenant's Wialon items: its user, the resources that hold orders and the units that carry
them. Seeded from `tenants.<t>.vendors.wialon` in fixtures (or PUT /_sim/vendors/wialon/config);
without that, every tenant gets one resource and three units with fixed ids."""

from __future__ import annotations

from simulator.engine import Tenant
from simulator.fixtures.schema import WialonConfig as Config
from simulator.fixtures.schema import WialonItem as Item
from simulator.vendors.wialon.errors import WialonError

VENDOR = "wialon"

# Wialon superclass ids (token/login `classes`) and full access rights.
CLS_USER, CLS_UNIT, CLS_RESOURCE = 1, 2, 3
CLASSES = {"avl_hw": 4, "avl_resource": CLS_RESOURCE, "avl_retranslator": 7, "avl_unit": CLS_UNIT,
           "avl_unit_group": 5, "user": CLS_USER, "avl_route": 6}
FULL_ACCESS = 0xFFFFFFFFFFFFFFF


class Catalog:
    """Items by id, built once per config object (a run-time config PUT replaces the lists)."""

    def __init__(self, tenant: Tenant, config: Config) -> None:
        self.config = config
        user_name = config.user.nm or tenant.name
        self.user = Item(config.user.id, user_name)
        self.resources = {r.id: r for r in (config.resources or [Item(2000, f"{user_name} orders")])}
        self.units = {u.id: u for u in (config.units or [Item(3001 + i, f"Unit {i + 1}") for i in range(3)])}
        self.timing = config.timing
        self.session_ttl = config.session_ttl
        self.account = next(iter(self.resources))

    def cls_of(self, item_id: int) -> int | None:
        if item_id in self.resources:
            return CLS_RESOURCE
        if item_id in self.units:
            return CLS_UNIT
        if item_id == self.user.id:
            return CLS_USER
        return None

    def name_of(self, item_id: int) -> str:
        item = self.resources.get(item_id) or self.units.get(item_id)
        return item.nm if item is not None else self.user.nm

    def resource(self, item_id: int) -> Item:
        found = self.resources.get(item_id)
        if found is None:
            raise WialonError(7, f"resource {item_id} not found or not accessible")
        return found

    def unit(self, unit_id: int) -> Item:
        found = self.units.get(unit_id)
        if found is None:
            raise WialonError(7, f"unit {unit_id} not found or not accessible")
        return found


NO_CONFIG = Config()


def catalog(tenant: Tenant) -> Catalog:
    config = tenant.config.wialon or NO_CONFIG
    # Built once per config object: a run-time PUT replaces the tenant's (frozen) config, and the
    # catalog is rebuilt from the new one.
    cached = tenant.derived.get("wialon.catalog")
    if cached is not None and cached.config is config:
        return cached
    built = tenant.derived["wialon.catalog"] = Catalog(tenant, config)
    return built
