"""What HyperTrack keeps per tenant: the account, devices, routes and each order's webhook log
(plain data, so a snapshot holds it); and how it reads the tenant's config."""

from __future__ import annotations

from typing import Any

import msgspec

from simulator.engine import Tenant
from simulator.fixtures.schema import HyperTrackConfig
from simulator.http.tokens import IssuedToken
from simulator.vendors.hypertrack.schemas import Route

VENDOR = "hypertrack"


class SentWebhook(msgspec.Struct):
    """An entry of GET /orders/{h}/webhooks: the event sent and the delivery that carries it."""

    payload: dict[str, Any]
    delivery_id: str


class HyperTrackState(msgspec.Struct):
    tokens: dict[str, IssuedToken] = {}  # access token -> whom it was issued to, until when
    account_id: str | None = None  # the account of the last authenticated call (webhooks carry it)
    devices: dict[str, str] = {}  # worker handle -> device id (workers not listed in the config)
    routes: dict[str, Route] = {}  # route handle -> route
    open_route: dict[str, str] = {}  # worker handle -> the route handle new assignments join
    plan_routes: dict[str, str] = {}  # plan id -> route handle
    publishable_key: str | None = None
    sent: dict[str, list[SentWebhook]] = {}  # order id -> webhooks sent for it, oldest first


def state_of(tenant: Tenant) -> HyperTrackState:
    return tenant.state(VENDOR, HyperTrackState)


def tokens_of(tenant: Tenant) -> dict[str, IssuedToken]:
    return state_of(tenant).tokens


NO_CONFIG = HyperTrackConfig()


def config_of(tenant: Tenant) -> HyperTrackConfig:
    """The tenant's `vendors.hypertrack` (fixtures, PUT /_sim/vendors/hypertrack/config)."""
    return tenant.config.hypertrack or NO_CONFIG
