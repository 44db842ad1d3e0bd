"""--control-token: every /_sim route needs `Authorization: Bearer <token>`, except the health
check (container HEALTHCHECKs and `ordersim healthcheck` carry no secret) and the dashboard page
itself with its files (they hold no data; it asks for the token and sends it on every call it makes). Vendor routes
are untouched: they keep their own auth. Added to the app only when a token is set."""

from __future__ import annotations

import hmac
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Receive, Scope, Send

from simulator.http.responses import json_response

OPEN_PATHS = frozenset({"/_sim/health", "/_sim/", "/_sim"})
OPEN_PREFIX = "/_sim/static/"  # the dashboard's stylesheet and scripts (no data either)
CHALLENGE = 'Bearer realm="ordersim control plane"'


def presented_token(scope: Scope) -> str | None:
    """The bearer token of a request, or its `access_token` query parameter (RFC 6750 section 2.3:
    a browser's EventSource, which the dashboard's event stream uses, cannot set headers)."""
    for key, value in scope["headers"]:
        if key == b"authorization":
            scheme, _, token = value.decode("latin-1").strip().partition(" ")
            return token.strip() if scheme.lower() == "bearer" else None  # latin-1: the bytes sent
    query = scope.get("query_string", b"")
    if b"access_token=" in query:
        found = parse_qs(query.decode("latin-1"), encoding="latin-1").get("access_token")
        return found[-1] if found else None
    return None


class ControlLock:
    def __init__(self, app: ASGIApp, *, token: str) -> None:
        self.app = app
        self.token = token.encode("utf-8")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and path.startswith("/_sim") and path[5:6] in ("", "/") \
                and path not in OPEN_PATHS and not path.startswith(OPEN_PREFIX):
            token = presented_token(scope)
            if token is None or not hmac.compare_digest(token.encode("latin-1"), self.token):
                message = ("this server was started with --control-token: send Authorization: Bearer <token>"
                           if token is None else "wrong control token")
                response = json_response({"error": message, "status": 401}, 401,
                                         headers={"WWW-Authenticate": CHALLENGE})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
