"""One Remote API call as every service handler sees it (its own module, so that the handlers
and the transport in routes.py import it without importing each other)."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from simulator.engine import Engine, Tenant
from simulator.vendors.wialon.state import Session


@dataclass
class Call:
    sids: dict[str, str]  # this app's live sessions: sid -> token (finds a sid without scanning tenants)
    engine: Engine
    request: Request
    sid: str | None
    tenant: Tenant | None = None
    session: Session | None = None

    @property
    def live_tenant(self) -> Tenant:
        """The session's tenant, in a service that needs a session (routes.run made sure of one)."""
        assert self.tenant is not None
        return self.tenant

    @property
    def live_session(self) -> Session:
        assert self.session is not None
        return self.session
