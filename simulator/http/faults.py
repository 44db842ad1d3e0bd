"""Fault injection: rules that make matching requests fail in the vendor's own envelope."""

from __future__ import annotations

import itertools

import msgspec


class FaultRule(msgspec.Struct, forbid_unknown_fields=True):
    status: int = 500
    vendor: str | None = None
    method: str | None = None
    path: str | None = None  # prefix of the full path, e.g. /tiramizoo/v1/orders
    count: int | None = None  # how many requests to fail; None = until deleted
    delay_ms: int = 0  # answer late (the status still applies unless status == 0)
    message: str = "injected fault"
    tenant: str | None = None  # only this tenant's requests (given as name or credential; stored as the name)
    id: str = ""


class Faults:
    def __init__(self) -> None:
        self.rules: list[FaultRule] = []
        self._ids = itertools.count(1)

    def add(self, rule: FaultRule) -> FaultRule:
        rule.id = f"fault_{next(self._ids)}"
        self.rules.append(rule)
        return rule

    def remove(self, rule_id: str | None = None) -> int:
        before = len(self.rules)
        self.rules = [] if rule_id is None else [r for r in self.rules if r.id != rule_id]
        return before - len(self.rules)

    @property
    def for_tenants(self) -> bool:
        """Whether any rule names a tenant (then requests must report their tenant once known)."""
        return any(rule.tenant is not None for rule in self.rules)

    def match(self, vendor: str | None, method: str, path: str, tenant: str | None = None) -> FaultRule | None:
        """The first rule for this request. Without `tenant`, rules for every tenant; with it, only
        rules naming that tenant (asked once the vendor has authenticated the caller)."""
        for rule in self.rules:
            if (rule.tenant != tenant or (rule.vendor and rule.vendor != vendor) or (rule.method and rule.method.upper() != method)
                    or (rule.path and not path.startswith(rule.path))):
                continue
            if rule.count is not None:
                rule.count -= 1
                if rule.count <= 0:
                    self.rules.remove(rule)
            return rule
        return None
