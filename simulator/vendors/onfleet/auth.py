"""HTTP Basic with the API key as username (`key:` from pyonfleet, bare `key` from node-onfleet),
and the two roles of the Orders API.

Without fixtures a key names its role and tenant: `courier-<name>` is the courier of tenant `<name>`,
`client-<name>` and any other key `<name>` are its client. A client and its courier share one tenant,
so they see the same orders. Fixtures list keys as `{"key", "role", "organization"}`."""

from __future__ import annotations

from typing import NamedTuple

from starlette.requests import Request

from simulator.engine import Tenant
from simulator.fixtures import Credential
from simulator.fixtures.schema import OnfleetRole
from simulator.http.credentials import basic_credentials
from simulator.http.headers import header
from simulator.vendors.base import bind_tenant, engine_of
from simulator.vendors.onfleet import ids
from simulator.vendors.onfleet.errors import OnfleetError
from simulator.vendors.onfleet.state import Orgs, state_of

VENDOR = "onfleet"
ROLES: tuple[OnfleetRole, ...] = ("client", "courier")


class Caller(NamedTuple):
    tenant: Tenant
    key: str
    role: OnfleetRole
    org: str  # the caller's organisation id

    @property
    def admin(self) -> str:
        return ids.derived_id("admin", self.org)


def api_key(request: Request) -> str | None:
    creds = basic_credentials(header(request, b"authorization"))
    return (creds[0] or None) if creds is not None else None  # "key:" and bare "key" alike


def key_convention(key: str) -> tuple[OnfleetRole, str]:
    """(role, tenant name) of a key not listed in fixtures."""
    for role in ROLES:
        prefix = role + "-"
        if key.startswith(prefix) and len(key) > len(prefix):
            return role, key[len(prefix):]
    return "client", key


def unauthorized(cause: str) -> OnfleetError:
    return OnfleetError(401, "The API key provided is invalid.", cause, 1102)


def authenticate(request: Request) -> Caller:
    key = api_key(request)
    if key is None:
        raise unauthorized("Send the API key as the username of HTTP Basic authentication.")
    tenants = engine_of(request).tenants
    info = tenants.credential_info(VENDOR, key)
    if info is not None:  # the fixture checked the role at start
        role, label = info.role, _label(info)
        tenant = tenants.resolve(VENDOR, key)
    else:
        (role, name), label = key_convention(key), None
        tenant = tenants.resolve(VENDOR, key, name)
    if tenant is None:
        raise unauthorized("This key does not exist or is no longer active.")
    bind_tenant(request, tenant)
    return Caller(tenant, key, role, ids.org_id(tenant.name, role, label))


def _label(info: Credential) -> str | None:
    return info.organization or None


def orgs_of(request: Request, tenant: Tenant) -> Orgs:
    """Built once per tenant from the fixtures (cleared with the tenant on /_sim/reset): the default
    client org, every listed client org, and the first listed courier (else the default courier)."""
    state = state_of(tenant)
    orgs = state.orgs
    if orgs is None:
        listed = engine_of(request).tenants.listed_for(VENDOR, tenant.name)
        clients = {ids.org_id(tenant.name, "client"): tenant.name}
        for info in listed:
            if info.role == "client":
                clients[ids.org_id(tenant.name, "client", _label(info))] = _label(info) or tenant.name
        couriers = [i for i in listed if i.role == "courier"]
        label = _label(couriers[0]) if couriers else None
        orgs = state.orgs = Orgs(clients, ids.org_id(tenant.name, "courier", label),
                                    label or f"{tenant.name} courier")
    return orgs

