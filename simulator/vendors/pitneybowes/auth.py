"""OAuth client credentials: `POST /auth/api/v1/token` with HTTP Basic client-id:secret returns a
Bearer token valid for 4 hours of the tenant's simulated clock. The client id selects the tenant.

Tokens live in a per-app dict on the Vendor instance (token -> tenant, client id, expiry), so a
lookup is one dict access. A token remembers the Tenant object it was issued for; after
/_sim/reset that tenant is replaced, so the token no longer matches and is refused."""

from __future__ import annotations

import collections

from starlette.requests import Request

from simulator.engine import Tenant
from simulator.http.errors import json_response
from simulator.http.credentials import basic_credentials
from simulator.vendors.base import bind_tenant, engine_of
from simulator.vendors.pitneybowes import errors

VENDOR = "pitneybowes"
TOKEN_TTL_S = 14400  # "The token expires after 4 hours"
SCOPE = "psapi"


class Tokens:
    def __init__(self) -> None:
        self._by_token: dict[str, tuple[Tenant, str, float]] = {}
        self._issued: collections.deque[str] = collections.deque()  # oldest first, for pruning

    def issue(self, tenant: Tenant, client_id: str, ttl: float) -> str:
        self._prune()
        token = tenant.ids.chars(40)
        while token in self._by_token:
            token = tenant.ids.chars(40)
        self._by_token[token] = (tenant, client_id, tenant.clock.now() + ttl)
        self._issued.append(token)
        return token

    def lookup(self, token: str) -> tuple[Tenant, str, float] | None:
        return self._by_token.get(token)

    def revoke(self, token: str) -> None:
        self._by_token.pop(token, None)

    def _prune(self) -> None:
        """Drop at most two of the oldest tokens if they have expired: amortised O(1) housekeeping."""
        for _ in range(2):
            if not self._issued:
                return
            entry = self._by_token.get(self._issued[0])
            if entry is not None and entry[0].clock.now() < entry[2]:
                return
            self._by_token.pop(self._issued.popleft(), None)


def tokens_of(request: Request) -> Tokens:
    return engine_of(request).vendors[VENDOR].tokens


def _basic(header: str | None) -> tuple[str, str] | None:
    creds = basic_credentials(header)
    return creds if creds is not None and creds[0] and creds[1] else None


async def issue_token(request: Request):
    """POST /auth/api/v1/token. The body (e.g. grant_type=client_credentials) is not required."""
    creds = _basic(request.headers.get("authorization"))
    if creds is None:
        raise errors.unauthorized("Send the client id and secret as HTTP Basic credentials.")
    client_id, secret = creds
    engine = engine_of(request)
    info = engine.tenants.credential_info(VENDOR, client_id)
    tenant = engine.tenants.resolve(VENDOR, client_id)
    if tenant is None or (info is not None and "secret" in info and info["secret"] != secret):
        raise errors.unauthorized("The client id or secret is not valid.")
    bind_tenant(request, tenant)
    ttl = tenant.vendor_config(VENDOR).get("tokenTtl", TOKEN_TTL_S)
    if not isinstance(ttl, (int, float)) or isinstance(ttl, bool) or ttl <= 0:
        ttl = TOKEN_TTL_S  # a bad per-tenant setting falls back to the documented 4 hours
    token = tokens_of(request).issue(tenant, client_id, ttl)
    return json_response({"access_token": token, "expires_in": ttl, "scope": SCOPE, "token_type": "Bearer"})


def authenticate(request: Request) -> tuple[Tenant, str]:
    """(tenant, client id) for a valid, unexpired Bearer token; the PB 401 otherwise."""
    header = request.headers.get("authorization")
    if not header or header[:7].lower() != "bearer ":
        raise errors.unauthorized()
    token = header[7:].strip()
    tokens = tokens_of(request)
    entry = tokens.lookup(token)
    if entry is None:
        raise errors.unauthorized("The access token is not valid.")
    issued_for, client_id, expires = entry
    # Resolving again honours strict mode and fixture changes; a reset tenant is a new object.
    tenant = engine_of(request).tenants.resolve(VENDOR, client_id)
    if tenant is not issued_for:
        tokens.revoke(token)
        raise errors.unauthorized("The access token is not valid.")
    if tenant.clock.now() >= expires:
        tokens.revoke(token)
        raise errors.unauthorized("The access token has expired.")
    bind_tenant(request, tenant)
    return tenant, client_id
