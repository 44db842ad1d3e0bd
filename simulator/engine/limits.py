"""The bounds on what input can make the simulator hold (documented in docs/bounds.md).

A request that would go past a cap gets StorageFull, which the HTTP layer answers as the vendor's
own 507 (Insufficient Storage): the simulator refuses to grow rather than slowing down or dying."""

from __future__ import annotations

from dataclasses import dataclass

PENDING_TENANTS = 256  # tenants seen by a credential but holding nothing yet (least recently used go)
LIVE_TOKENS_PER_TENANT = 100  # OAuth tokens per tenant; issuing one more revokes the oldest


@dataclass
class Limits:
    max_tenants: int = 10_000  # tenants that hold something (orders, tokens, sessions, webhooks, ...)
    max_orders: int = 1_000_000  # stored orders per tenant, all vendors together
    max_deliveries: int = 10_000  # finished webhook deliveries kept per tenant (oldest finished go first)


class StorageFull(Exception):
    """A cap was reached; the message says which and how to make room."""

    status = 507
