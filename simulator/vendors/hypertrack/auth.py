"""Auth: `Basic base64(AccountID:SecretKey)` or `Bearer <token>` from POST /oauth/token
(client credentials: client_id = account id, client_secret = secret key). The account id
selects the tenant. A fixture may give a credential a `secret`; then only that secret works."""

from __future__ import annotations

import functools
import urllib.parse

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from simulator.engine import Tenant
from simulator.engine.tenants import MAGIC_INVALID_PREFIX
from simulator.http.credentials import basic_credentials
from simulator.http.decode import loads, read_body
from simulator.http.headers import header
from simulator.http.responses import json_response
from simulator.http.tokens import TokenRefused
from simulator.vendors.base import bind_tenant, engine_of, issued_tokens
from simulator.vendors.hypertrack import errors
from simulator.vendors.hypertrack.state import state_of
from simulator.vendors.hypertrack.store import VENDOR

TOKEN_TTL_S = 3600


def authenticate(request: Request) -> Tenant:
    credentials = _credentials(header(request, b"authorization"))
    if credentials is None:
        raise errors.unauthorized()
    scheme, account, secret = credentials
    if scheme == "basic":
        tenant = _tenant(request, account, secret)
    else:
        engine = engine_of(request)
        try:
            tenant, account = issued_tokens(request, VENDOR).verify(
                account, lambda sub: engine.tenants.resolve(VENDOR, sub))
        except TokenRefused:
            raise errors.unauthorized()
    state_of(tenant).account_id = account
    bind_tenant(request, tenant)
    return tenant


async def token(request: Request) -> Response:
    """POST /oauth/token: form (or JSON) grant_type=client_credentials, client_id, client_secret;
    the client may instead authenticate with a Basic header, as OAuth allows."""
    raw = await read_body(request)
    if "json" in request.headers.get("content-type", ""):
        try:
            form = loads(raw or b"{}")
        except msgspec.DecodeError:
            form = None
        if not isinstance(form, dict):
            raise errors.field("json", "_schema", "Invalid input type.")
        location = "json"
    else:
        form = {k: v[-1] for k, v in urllib.parse.parse_qs(raw.decode("latin-1")).items()}
        location = "form"
    client_id, client_secret = form.get("client_id"), form.get("client_secret")
    if not client_id and request.headers.get("authorization", "").lower().startswith("basic "):
        client_id, client_secret = _basic(request.headers.get("authorization"))
    p = {}
    grant = form.get("grant_type")
    if grant is None:
        p["grant_type"] = [errors.MISSING]
    elif grant != "client_credentials":
        p["grant_type"] = ["Must be one of: client_credentials."]
    if not isinstance(client_id, str) or not client_id:
        p["client_id"] = [errors.MISSING]
    if not isinstance(client_secret, str) or not client_secret:
        p["client_secret"] = [errors.MISSING]
    if p or not isinstance(client_id, str) or not isinstance(client_secret, str):
        raise errors.validation(location, p)
    tenant = engine_of(request).keep_tenant(_tenant(request, client_id, client_secret))  # it holds a token
    access = issued_tokens(request, VENDOR).issue(tenant, client_id, TOKEN_TTL_S, length=48)
    return json_response({"access_token": access, "token_type": "Bearer", "expires_in": TOKEN_TTL_S})


@functools.lru_cache(maxsize=256)
def _credentials(given: str) -> tuple[str, str, str] | None:
    """The Authorization header read: ("basic", account id, secret key) or ("bearer", token, ""); None
    for anything else (the 401). Pure, so parsed once per distinct header: a client sends its own on
    every call."""
    scheme, _, value = given.strip().partition(" ")
    scheme = scheme.lower()
    if scheme == "bearer":
        return "bearer", value.strip(), ""
    pair = _account_secret(given) if scheme == "basic" else None
    return None if pair is None else ("basic", *pair)


def _account_secret(header: str | None) -> tuple[str, str] | None:
    """Basic AccountID:SecretKey, both required; None otherwise."""
    creds = basic_credentials(header)
    return (creds[0], creds[1]) if creds is not None and creds[0] and creds[1] else None


def _basic(header: str | None) -> tuple[str, str]:
    """AccountID:SecretKey, both required; the HyperTrack 401 otherwise."""
    pair = _account_secret(header)
    if pair is None:
        raise errors.unauthorized()
    return pair


def _tenant(request: Request, account: str, secret: str) -> Tenant:
    engine = engine_of(request)
    if secret.startswith(MAGIC_INVALID_PREFIX):
        raise errors.unauthorized()
    tenant = engine.tenants.resolve(VENDOR, account)
    if tenant is None or not engine.accepts_secret(tenant, VENDOR, account, secret):
        raise errors.unauthorized()
    return tenant
