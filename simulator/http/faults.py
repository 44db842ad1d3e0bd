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

    def match(self, vendor: str | None, method: str, path: str) -> FaultRule | None:
        for rule in self.rules:
            if ((rule.vendor and rule.vendor != vendor) or (rule.method and rule.method.upper() != method)
                    or (rule.path and not path.startswith(rule.path))):
                continue
            if rule.count is not None:
                rule.count -= 1
                if rule.count <= 0:
                    self.rules.remove(rule)
            return rule
        return None
