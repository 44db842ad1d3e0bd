"""OAuth-style bearer tokens (Pitney Bowes, HyperTrack): they expire on the issuing tenant's
simulated clock and die with a /_sim/reset of that tenant. A token remembers the Tenant object it
was issued for; reset replaces the object, so the token no longer matches. Per app, one dict
lookup per request; expired tokens are pruned a few at a time as new ones are issued."""

from __future__ import annotations

import collections
from collections.abc import Callable

from simulator.engine import Tenant


class TokenRefused(Exception):
    def __init__(self, reason: str) -> None:  # "invalid" or "expired"
        super().__init__(reason)
        self.reason = reason


class BearerTokens:
    def __init__(self) -> None:
        self._by_token: dict[str, tuple[Tenant, str, float]] = {}  # token -> (tenant, subject, expiry)
        self._issued: collections.deque[str] = collections.deque()  # oldest first, for pruning

    def issue(self, tenant: Tenant, subject: str, ttl: float, length: int = 40) -> str:
        self._prune()
        token = tenant.ids.chars(length)
        while token in self._by_token:
            token = tenant.ids.chars(length)
        self._by_token[token] = (tenant, subject, tenant.clock.now() + ttl)
        self._issued.append(token)
        return token

    def verify(self, token: str, resolve: Callable[[str], Tenant | None]) -> tuple[Tenant, str]:
        """(tenant, subject) for a live token, else TokenRefused. `resolve` maps the subject (the
        credential it was issued to) to its tenant now, so strict mode and resets are honoured."""
        entry = self._by_token.get(token)
        if entry is None:
            raise TokenRefused("invalid")
        issued_for, subject, expires = entry
        tenant = resolve(subject)
        if tenant is not issued_for:
            self._by_token.pop(token, None)
            raise TokenRefused("invalid")
        if tenant.clock.now() >= expires:
            self._by_token.pop(token, None)
            raise TokenRefused("expired")
        return tenant, subject

    def _prune(self) -> None:
        """Drop at most two of the oldest tokens if they have expired: amortised O(1) housekeeping."""
        for _ in range(2):
            if not self._issued:
                return
            entry = self._by_token.get(self._issued[0])
            if entry is not None and entry[0].clock.now() < entry[2]:
                return
            self._by_token.pop(self._issued.popleft(), None)
