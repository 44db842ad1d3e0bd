"""`ordersim.client(vendor)`: the official Python client libraries, pointed at the simulator the way
docs/<vendor>.md says, imported only when asked for. Patches to module state are undone when the
test ends. Tiramizoo and Pitney Bowes have no official Python client."""

from __future__ import annotations

import importlib
import inspect
from types import ModuleType
from typing import Any, Protocol

import pytest


class Ordersim(Protocol):
    """What the clients need of the `ordersim` fixture (tenant.py's Ordersim; a Protocol, so that
    module and this one do not import each other)."""

    onfleet_client_key: str
    onfleet_courier_key: str
    hypertrack_account_id: str
    hypertrack_secret_key: str
    wialon_token: str

    def base_url(self, vendor: str) -> str: ...
    def url(self, path: str) -> str: ...


Patches = pytest.MonkeyPatch  # setattr now, undo() at teardown
NO_CLIENT = {
    "tiramizoo": "Tiramizoo has no official Python client: call ordersim.base_url('tiramizoo') with httpx and "
                 "params={'api_token': ordersim.tiramizoo_token}",
    "pitneybowes": "Pitney Bowes has no official Python client: get a token at "
                   "ordersim.url('/pitneybowes/auth/api/v1/token') with HTTP Basic (pitneybowes_client_id, "
                   "pitneybowes_client_secret), then call ordersim.base_url('pitneybowes') with httpx",
}


def _library(module: str, distribution: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError:
        pytest.skip(f"ordersim.client() needs the {distribution!r} package (pip install {distribution})")


def onfleet(sim: Ordersim, patches: Patches, role: str = "client") -> Any:
    """pyonfleet's `Onfleet`, authenticated with the tenant's client (or courier) key. It has no
    base-URL argument: both modules that copied API_BASE_URL are patched. Its session is class-level,
    so the last Onfleet constructed decides the key. pyonfleet raises on its 21st call within a
    second; tests drop that client-side limiter (the server keeps its own, /_sim/settings)."""
    if role not in ("client", "courier"):
        raise ValueError("ordersim.client('onfleet', role=...): role is 'client' or 'courier'")
    library = _library("onfleet", "pyonfleet")
    request, module = importlib.import_module("onfleet.request"), importlib.import_module("onfleet.onfleet")
    base = sim.base_url("onfleet")
    patches.setattr(request, "API_BASE_URL", base)
    patches.setattr(module, "API_BASE_URL", base)
    limited = request.Request.__call__
    unlimited = getattr(getattr(limited, "__wrapped__", None), "__wrapped__", None)
    if unlimited is not None:
        patches.setattr(request.Request, "__call__", unlimited)
    patches.setattr(library.Onfleet._session, "auth", library.Onfleet._session.auth)
    return library.Onfleet(api_key=sim.onfleet_courier_key if role == "courier" else sim.onfleet_client_key)


def hypertrack(sim: Ordersim, patches: Patches) -> Any:
    """hypertrack.rest.Client with the tenant's account id and secret key; its session joins
    relative paths onto base_url, which must end with '/'."""
    rest = _library("hypertrack.rest", "hypertrack")
    client = rest.Client(sim.hypertrack_account_id, sim.hypertrack_secret_key)
    client.requests.base_url = sim.base_url("hypertrack") + "/"
    return client


def wialon(sim: Ordersim, patches: Patches, login: bool = True) -> Any:
    """Golden M's WialonSdk at /wialon, logged in with the tenant's token (login=False: not yet).
    1.2.x takes url=; 1.1.x builds scheme://host:port, so host carries the /wialon prefix."""
    sdk = _library("wialon.sdk", "wialon")
    if not hasattr(sdk, "WialonSdk"):
        pytest.skip("the installed 'wialon' package is not Golden M's (pip install wialon)")
    base = sim.url("/wialon")
    if "url" in inspect.signature(sdk.WialonSdk).parameters:
        client = sdk.WialonSdk(url=base)
    else:
        client = sdk.WialonSdk(scheme="http", host=base.removeprefix("http://"), port=0)
    if login:
        client.login(sim.wialon_token)
    return client


CLIENTS = {"onfleet": onfleet, "hypertrack": hypertrack, "wialon": wialon}


def client(sim: Ordersim, vendor: str, patches: Patches, **options: Any) -> Any:
    if vendor in NO_CLIENT:
        raise LookupError(NO_CLIENT[vendor])
    if vendor not in CLIENTS:
        raise ValueError(f"ordersim.client({vendor!r}): known vendors are {', '.join([*CLIENTS, *NO_CLIENT])}")
    return CLIENTS[vendor](sim, patches, **options)
