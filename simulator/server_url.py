"""Where a client of the control plane finds the server: one rule for the CLI, the healthcheck,
the pytest plugin and the client: `--url`, else ORDERSIM_URL, else
http://$ORDERSIM_HOST:$ORDERSIM_PORT (127.0.0.1 when the host is a wildcard; 8080 by default)."""

from __future__ import annotations

import os
from collections.abc import Mapping

DEFAULT_PORT = 8080
WILDCARD_HOSTS = {"", "0.0.0.0", "::", "[::]"}


def resolve_base_url(url: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    if url:
        return url.rstrip("/")
    if env.get("ORDERSIM_URL"):
        return env["ORDERSIM_URL"].rstrip("/")
    host = env.get("ORDERSIM_HOST", "127.0.0.1").strip()
    if host in WILDCARD_HOSTS:
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 literal
    port = env.get("ORDERSIM_PORT", "").strip() or str(DEFAULT_PORT)
    return f"http://{host}:{port}"


# The URL rule: http://HOST:PORT/<vendor> replaces the vendor's scheme and host; its own path follows.
VENDOR_PATHS = {
    "onfleet": "/onfleet/api/v2",
    "tiramizoo": "/tiramizoo/v1",
    "wialon": "/wialon/wialon/ajax.html",
    "hypertrack": "/hypertrack",
    "pitneybowes": "/pitneybowes/ordermanagement",  # its token endpoint: /pitneybowes/auth/api/v1/token
}


def vendor_url(base_url: str, vendor: str) -> str:
    """Where a vendor's client points on the simulator at `base_url`, e.g. .../onfleet/api/v2."""
    if vendor not in VENDOR_PATHS:
        raise ValueError(f"unknown vendor {vendor!r}; known: {', '.join(VENDOR_PATHS)}")
    return base_url.rstrip("/") + VENDOR_PATHS[vendor]
