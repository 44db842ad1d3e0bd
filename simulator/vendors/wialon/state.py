"""What Wialon keeps per tenant: sessions, which sessions watch which resource, and the id counters.
Plain data, so a snapshot holds it."""

from __future__ import annotations

from typing import Any

import msgspec

from simulator.engine import Tenant

VENDOR = "wialon"
UID_BASE = 1_000_000_000  # uids are far from ids, so both can be control-plane aliases


class Session(msgspec.Struct):
    sid: str
    token: str
    user_id: int
    created: float
    last: float
    flags: dict[int, int] = {}  # item id -> data flags set with core/update_data_flags
    events: list[Any] = []  # pending avl_evts events (plain JSON), oldest first


class WialonState(msgspec.Struct):
    sessions: dict[str, Session] = {}  # sid -> session, least recently used first
    watchers: dict[int, dict[str, None]] = {}  # resource id -> sids watching its orders
    last_id: int = 0  # the last order id handed out
    last_uid: int = UID_BASE  # the last order uid handed out


def state_of(tenant: Tenant) -> WialonState:
    return tenant.state(VENDOR, WialonState)
