"""Onfleet's identifier formats: 24-char ids over [A-Za-z0-9*~], 8-hex shortIds. Random ones come from
the tenant's seeded factory; organisation ids, admin ids, workers and webhook secrets are derived from
names, so a user can predict them without asking the server."""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import string

from simulator.engine import Tenant
from simulator.engine.ids import IdFactory

ALPHABET = string.ascii_letters + string.digits + "*~"  # 64 symbols: 6 bits each
ID_RE = re.compile(r"[A-Za-z0-9*~]{24}")
VENDOR = "onfleet"
HEX = "0123456789abcdef"
# byte -> the symbol its top 6 (ALPHABET) or top 4 (HEX) bits pick; see draw()
_BY_TOP6 = bytes(ord(ALPHABET[b >> 2]) for b in range(256))
_BY_TOP4 = bytes(ord(HEX[b >> 4]) for b in range(256))


@functools.lru_cache(maxsize=4096)  # one shared string per org/admin/worker: every order points at it
def derived_id(*parts: str) -> str:
    """A stable 24-char Onfleet id for a name (organisation, admin, worker)."""
    digest = hashlib.sha256(":".join(("onfleet",) + parts).encode()).digest()
    bits = int.from_bytes(digest[:18], "big")  # 144 bits = 24 symbols
    return "".join(ALPHABET[(bits >> (6 * i)) & 63] for i in range(24))


@functools.lru_cache(maxsize=4096)
def org_id(tenant_name: str, role: str, label: str | None = None) -> str:
    """An organisation's id: a label that already is an Onfleet id is kept, anything else is hashed."""
    if label and ID_RE.fullmatch(label):
        return label
    return derived_id("org", tenant_name, role, label or "")


def webhook_secret(tenant_name: str) -> str:
    """The default signing secret of a tenant (hex, like the dashboard's "Show Secret")."""
    return hmac.new(b"ordersim-onfleet-webhook-secret", tenant_name.encode(), hashlib.sha256).hexdigest()


def draw(factory: IdFactory, n: int, table: bytes) -> str:
    """Exactly `factory.chars(n, ALPHABET or HEX)`, same string and same generator state after, at a
    third of the cost. Random.choices takes floor(random() * 64) per symbol, and random() is made of two
    32-bit Mersenne Twister words, the first one's bits on top: so the symbol is the first word's top 6
    bits (4 for HEX). getrandbits(64 * n) draws the same 2n words, the first in the lowest bits, so in its
    little-endian bytes symbol i's word ends at byte 8i + 3 (tests/onfleet/test_ids.py holds the two equal)."""
    words = factory.rng.getrandbits(64 * n).to_bytes(8 * n, "little")
    return words[3::8].translate(table).decode("ascii")


def new_id(tenant: Tenant) -> str:
    while True:
        candidate = draw(tenant.ids, 24, _BY_TOP6)
        if tenant.orders.get(VENDOR, candidate) is None:
            return candidate


def new_short_id(tenant: Tenant) -> str:
    """8 hex, unique in the tenant (order and task shortIds share one namespace of aliases)."""
    while True:
        candidate = draw(tenant.ids, 8, _BY_TOP4)
        if tenant.orders.get(VENDOR, candidate) is None:
            return candidate


def ms(seconds: float) -> int:
    return int(round(seconds * 1000))
