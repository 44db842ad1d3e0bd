"""OAuth client credentials: `POST /auth/api/v1/token` with HTTP Basic client-id:secret returns a
Bearer token valid for 4 hours of the tenant's simulated clock. The client id selects the tenant.

Tokens are the shared BearerTokens (simulator/http/tokens.py): one per app, on the Vendor instance."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.engine import Tenant
from simulator.http.credentials import basic_credentials
from simulator.http.headers import header as header_of
from simulator.http.responses import json_response
from simulator.http.tokens import TokenRefused
from simulator.vendors.base import bind_tenant, engine_of, issued_tokens
from simulator.vendors.pitneybowes import errors
from simulator.vendors.pitneybowes.state import config_of

VENDOR = "pitneybowes"
TOKEN_TTL_S = 14400  # "The token expires after 4 hours"
SCOPE = "psapi"


def _basic(header: str | None) -> tuple[str, str] | None:
    creds = basic_credentials(header)
    if creds is None or not creds[0] or not creds[1]:
        return None
    return creds[0], creds[1]


async def issue_token(request: Request) -> Response:
    """POST /auth/api/v1/token. The body (e.g. grant_type=client_credentials) is not required."""
    creds = _basic(header_of(request, b"authorization"))
    if creds is None:
        raise errors.unauthorized("Send the client id and secret as HTTP Basic credentials.")
    client_id, secret = creds
    engine = engine_of(request)
    tenant = engine.tenants.resolve(VENDOR, client_id)
    if tenant is None or not engine.accepts_secret(tenant, VENDOR, client_id, secret or ""):
        raise errors.unauthorized("The client id or secret is not valid.")
    tenant = engine.keep_tenant(tenant)  # it holds a token from now on
    bind_tenant(request, tenant)
    configured = config_of(tenant).tokenTtl
    # Seconds as PB writes them (an integer) unless the setting has a fraction.
    ttl = TOKEN_TTL_S if configured is None else int(configured) if configured.is_integer() else configured
    token = issued_tokens(request, VENDOR).issue(tenant, client_id, ttl)
    return json_response({"access_token": token, "expires_in": ttl, "scope": SCOPE, "token_type": "Bearer"})


def authenticate(request: Request) -> tuple[Tenant, str]:
    """(tenant, client id) for a valid, unexpired Bearer token; the PB 401 otherwise."""
    header = header_of(request, b"authorization")
    if not header or header[:7].lower() != "bearer ":
        raise errors.unauthorized()
    token = header[7:].strip()
    engine = engine_of(request)
    try:
        tenant, client_id = issued_tokens(request, VENDOR).verify(token, lambda sub: engine.tenants.resolve(VENDOR, sub))
    except TokenRefused as exc:
        raise errors.unauthorized("The access token has expired." if exc.reason == "expired"
                                  else "The access token is not valid.")
    bind_tenant(request, tenant)
    return tenant, client_id
