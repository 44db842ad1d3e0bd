"""OAuth-style bearer tokens (Pitney Bowes, HyperTrack): they expire on the issuing tenant's
simulated clock and die with a /_sim/reset of that tenant. Each tenant keeps its own tokens in its
vendor state (so a snapshot holds them); the app keeps one token -> Tenant index for a one-lookup
verify. Reset replaces the Tenant object, so its old tokens no longer match. Expired tokens are
pruned a few at a time as new ones are issued.

Bounded (docs/bounds.md): at most LIVE_TOKENS_PER_TENANT live tokens per tenant; issuing one more
revokes that tenant's oldest (a manual clock never expires any). The index forgets the tokens of
reset tenants whenever it has doubled since it was last swept (amortised O(1) per issue)."""

from __future__ import annotations

import collections
from collections.abc import Callable

import msgspec

from simulator.engine import Tenant
from simulator.engine.limits import LIVE_TOKENS_PER_TENANT

SWEEP_FLOOR = 1024


class IssuedToken(msgspec.Struct):
    subject: str  # the credential it was issued to
    expires: float  # on the tenant's simulated clock


TokenStore = Callable[[Tenant], dict[str, IssuedToken]]  # where a tenant keeps its tokens


class TokenRefused(Exception):
    def __init__(self, reason: str) -> None:  # "invalid" or "expired"
        super().__init__(reason)
        self.reason = reason


class BearerTokens:
    def __init__(self, store: TokenStore, per_tenant: int = LIVE_TOKENS_PER_TENANT) -> None:
        self._store = store
        self.per_tenant = per_tenant
        self._sweep_at = SWEEP_FLOOR
        self._by_token: dict[str, Tenant] = {}  # token -> the tenant that issued it
        self._issued: collections.deque[str] = collections.deque()  # oldest first, for pruning

    def issue(self, tenant: Tenant, subject: str, ttl: float, length: int = 40) -> str:
        self._prune()
        if len(self._by_token) >= self._sweep_at:
            self._sweep()
        token = tenant.ids.chars(length)
        while token in self._by_token:
            token = tenant.ids.chars(length)
        mine = self._store(tenant)  # insertion order: oldest first
        mine[token] = IssuedToken(subject, tenant.clock.now() + ttl)
        self._by_token[token] = tenant
        self._issued.append(token)
        while len(mine) > self.per_tenant:
            self._forget(next(iter(mine)))
        return token

    def count(self) -> int:
        return len(self._by_token)

    def verify(self, token: str, resolve: Callable[[str], Tenant | None]) -> tuple[Tenant, str]:
        """(tenant, subject) for a live token, else TokenRefused. `resolve` maps the subject (the
        credential it was issued to) to its tenant now, so strict mode and resets are honoured."""
        issued_for = self._by_token.get(token)
        entry = self._store(issued_for).get(token) if issued_for is not None else None
        if issued_for is None or entry is None:
            raise TokenRefused("invalid")
        tenant = resolve(entry.subject)
        if tenant is not issued_for:
            self._forget(token)
            raise TokenRefused("invalid")
        if tenant.clock.now() >= entry.expires:
            self._forget(token)
            raise TokenRefused("expired")
        return tenant, entry.subject

    def adopt(self, tenant: Tenant) -> None:
        """Index the tokens a restored tenant brought with it."""
        for token in self._store(tenant):
            self._by_token[token] = tenant
            self._issued.append(token)

    def _forget(self, token: str) -> None:
        tenant = self._by_token.pop(token, None)
        if tenant is not None:
            self._store(tenant).pop(token, None)

    def _sweep(self) -> None:
        """Forget tokens whose tenant was reset or removed, and the index's entries for tokens
        already revoked; the deque of issue order keeps only live tokens."""
        self._by_token = {token: tenant for token, tenant in self._by_token.items()
                          if not tenant.retired and token in self._store(tenant)}
        self._issued = collections.deque(t for t in self._issued if t in self._by_token)
        self._sweep_at = max(SWEEP_FLOOR, 2 * len(self._by_token))

    def _prune(self) -> None:
        """Drop at most two of the oldest tokens if they have expired: amortised O(1) housekeeping."""
        for _ in range(2):
            if not self._issued:
                return
            token = self._issued[0]
            tenant = self._by_token.get(token)
            entry = self._store(tenant).get(token) if tenant is not None else None
            if entry is not None and tenant is not None and tenant.clock.now() < entry.expires:
                return
            self._issued.popleft()
            self._forget(token)
