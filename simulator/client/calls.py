"""Every control-plane endpoint, once: each function turns a method's arguments into a `Call` (HTTP
method, path, query, JSON body, and how to read the answer). `SimClient` sends calls with a blocking
httpx client, `AsyncSimClient` with an async one, so the two cannot disagree. Arguments left at None
are not sent (the server's default applies).

List calls without a `limit` follow the server's `next_cursor` to the end, so they never stop at a
page size silently; with `limit` they return that one page (`sort`: oldest|newest first)."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from simulator.client import models as m

T = TypeVar("T")


@dataclass(frozen=True)
class Call(Generic[T]):
    method: str
    path: str  # below /_sim
    answer: Any  # the type the (picked) answer decodes to
    params: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    pick: str | None = None  # decode only this field of the answer object
    timeout: float | None = None  # the server holds the request this long (webhooks/wait)
    paged: bool = False  # a list answer with next_cursor: fetch every page

    def next_page(self, cursor: str) -> Call[T]:
        return Call(self.method, self.path, self.answer, {**self.params, "cursor": cursor}, self.body, self.pick,
                    self.timeout, self.paged)


def _given(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _listing(endpoint: str, answer: Any, pick: str, **params: Any) -> Call[Any]:
    """A paged list: every page unless `limit` is given."""
    return Call("GET", endpoint, answer, params=_given(**params), pick=pick, paged=params.get("limit") is None)


def _seg(value: str) -> str:
    return urllib.parse.quote(value, safe="")


# -- health, reset ---------------------------------------------------------------------------------
def health() -> Call[m.Health]:
    """The server's status, version and vendors."""
    return Call("GET", "/health", m.Health)


def reset(tenant: str | None = None) -> Call[str]:
    """Forget one tenant's orders, clock, webhooks and vendor state (or, without a tenant, everything
    and the request journal). Returns the name reset, or "all"."""
    return Call("POST", "/reset", str, body=_given(tenant=tenant), pick="reset")


# -- tenants ---------------------------------------------------------------------------------------
def put_tenant(name: str, credentials: dict[str, list[Any]] | None = None, clock: dict[str, Any] | None = None,
               vendors: dict[str, dict[str, Any]] | None = None) -> Call[m.TenantInfo]:
    """Create or replace (afresh: no orders survive) a tenant, as one tenant of a fixtures file:
    `credentials` per vendor (a key, or an object with "key" and e.g. "secret" or "role"), `clock`
    ({"mode", "speed", "start"}) and `vendors` config."""
    body = _given(credentials=credentials, clock=clock, vendors=vendors)
    return Call("PUT", f"/tenants/{_seg(name)}", m.TenantInfo, body=body)


def tenant(name: str) -> Call[m.TenantInfo]:
    return Call("GET", f"/tenants/{_seg(name)}", m.TenantInfo)


def tenants() -> Call[list[m.TenantInfo]]:
    """Every tenant that exists or is defined."""
    return Call("GET", "/tenants", list[m.TenantInfo], pick="tenants")


def delete_tenant(name: str) -> Call[str]:
    """Remove a tenant and everything it owns: orders, jobs, webhooks, credentials, subscriptions.
    Returns its name."""
    return Call("DELETE", f"/tenants/{_seg(name)}", str, pick="deleted")


# -- clocks ----------------------------------------------------------------------------------------
def clock(tenant: str) -> Call[m.Clock]:
    """One tenant's clock (by name or a credential it used), with its pending jobs."""
    return Call("GET", "/clock", m.Clock, params={"tenant": tenant})


def clocks() -> Call[m.Clocks]:
    """The default clock for new tenants and every tenant's clock."""
    return Call("GET", "/clock", m.Clocks)


def set_clock(tenant: str | None = None, mode: str | None = None, speed: float | None = None) -> Call[dict[str, m.Clock]]:
    """Switch a tenant's clock (or, without a tenant, every clock and the default) to `mode`
    (realtime | scaled | manual) and/or `speed`. Returns the clocks changed, by tenant."""
    return Call("PUT", "/clock", dict[str, m.Clock], body=_given(tenant=tenant, mode=mode, speed=speed), pick="tenants")


def advance(seconds: float, tenant: str | None = None) -> Call[dict[str, m.Clock]]:
    """Move a tenant's clock (or every tenant's) forward, running every due transition and webhook in
    time order. Returns the clocks after the move, by tenant, with `jobs_run`."""
    return Call("POST", "/clock/advance", dict[str, m.Clock], body=_given(seconds=seconds, tenant=tenant),
                pick="tenants")


# -- orders ----------------------------------------------------------------------------------------
def orders(tenant: str | None = None, vendor: str | None = None, milestone: str | None = None,
           state: str | None = None, limit: int | None = None, sort: str | None = None) -> Call[list[m.Order]]:
    """Stored orders (oldest first), filtered by tenant, vendor, milestone or vendor state."""
    return _listing("/orders", list[m.Order], "orders", tenant=tenant, vendor=vendor, milestone=milestone, state=state,
                    limit=limit, sort=sort)


def order(vendor: str, order_id: str, tenant: str | None = None) -> Call[m.Order]:
    """One order by vendor and id."""
    return Call("GET", f"/orders/{_seg(vendor)}/{_seg(order_id)}", m.Order, params=_given(tenant=tenant))


def advance_order(vendor: str, order_id: str, to: str, tenant: str | None = None) -> Call[m.Order]:
    """Walk an order along its legal path to a vendor state or a milestone, firing every step's
    webhooks. Returns the order, with the states walked in `path`."""
    return Call("POST", f"/orders/{_seg(vendor)}/{_seg(order_id)}/advance", m.Order, body=_given(to=to, tenant=tenant))


# -- webhooks, sinks, subscriptions ----------------------------------------------------------------
def webhooks(tenant: str | None = None, vendor: str | None = None, order: str | None = None, state: str | None = None,
             channel: str | None = None, event: str | None = None, limit: int | None = None,
             sort: str | None = None) -> Call[list[m.Delivery]]:
    """The webhook delivery log (oldest first): every delivery with its attempts."""
    return _listing("/webhooks", list[m.Delivery], "deliveries", tenant=tenant, vendor=vendor, order=order, state=state,
                    channel=channel, event=event, limit=limit, sort=sort)


def wait_webhooks(count: int = 1, timeout: float = 10.0, settled: bool = False, tenant: str | None = None,
                  vendor: str | None = None, order: str | None = None, state: str | None = None,
                  channel: str | None = None, event: str | None = None) -> Call[list[m.Delivery]]:
    """Wait until at least `count` matching deliveries have been attempted (`settled`: delivered or
    finally failed), for at most `timeout` seconds of wall time. Returns the matching deliveries;
    raises SimError with status 408 on time-out (its body holds what did match)."""
    body = _given(count=count, timeout_s=timeout, settled=settled, tenant=tenant, vendor=vendor, order=order,
                  state=state, channel=channel, event=event)
    return Call("POST", "/webhooks/wait", list[m.Delivery], body=body, pick="deliveries", timeout=timeout)


def sink(name: str) -> Call[m.Sink]:
    """What the built-in webhook receiver `name` (/_sim/sink/<name>) has received, oldest first."""
    return Call("GET", f"/sink/{_seg(name)}", m.Sink)


def clear_sink(name: str) -> Call[str]:
    """Empty a built-in sink. Returns its name."""
    return Call("DELETE", f"/sink/{_seg(name)}", str, pick="cleared")


def sinks() -> Call[dict[str, int]]:
    """Every built-in sink that has received something, with how many requests it holds."""
    return Call("GET", "/sinks", dict[str, int], pick="sinks")


def subscribe(url: str, vendor: str | None = None, tenant: str | None = None,
              secret: str | None = None) -> Call[m.Subscription]:
    """Send every order event (of one vendor and/or tenant) to `url` as a Standard Webhook, signed with
    `secret` (whsec_<base64>; generated when not given)."""
    return Call("POST", "/subscriptions", m.Subscription, body=_given(url=url, vendor=vendor, tenant=tenant, secret=secret))


def subscriptions() -> Call[list[m.Subscription]]:
    return _listing("/subscriptions", list[m.Subscription], "subscriptions")


def unsubscribe(subscription_id: str) -> Call[str]:
    """Remove a subscription. Returns its id."""
    return Call("DELETE", f"/subscriptions/{_seg(subscription_id)}", str, pick="deleted")


# -- faults, journal, settings, vendor config ------------------------------------------------------
def add_fault(status: int | None = None, vendor: str | None = None, method: str | None = None, path: str | None = None,
              count: int | None = None, delay_ms: int | None = None, message: str | None = None,
              tenant: str | None = None) -> Call[m.FaultRule]:
    """Make matching vendor requests (of one tenant, or anyone's) fail with `status` in the vendor's
    envelope (or, with status=0 and `delay_ms`, answer late): `path` is a prefix of the full path,
    `count` how many requests (until removed by default). Returns the rule with its id."""
    body = _given(status=status, vendor=vendor, method=method, path=path, count=count, delay_ms=delay_ms, message=message,
                  tenant=tenant)
    return Call("POST", "/faults", m.FaultRule, body=body)


def faults() -> Call[list[m.FaultRule]]:
    return _listing("/faults", list[m.FaultRule], "faults")


def clear_faults(fault_id: str | None = None) -> Call[int]:
    """Remove one fault rule (or all). Returns how many were removed."""
    return Call("DELETE", "/faults", int, params=_given(id=fault_id), pick="removed")


def requests(tenant: str | None = None, vendor: str | None = None, method: str | None = None, path: str | None = None,
             status: int | None = None, limit: int | None = None, sort: str | None = None) -> Call[list[m.JournalEntry]]:
    """The request journal (vendor API calls, newest first), filtered."""
    return _listing("/requests", list[m.JournalEntry], "requests", tenant=tenant, vendor=vendor, method=method, path=path,
                    status=status, limit=limit, sort=sort)


def settings() -> Call[m.Settings]:
    """The server's settings."""
    return Call("GET", "/settings", m.Settings)


def update_settings(rate_limit: bool | None = None, webhook_timeout: float | None = None) -> Call[m.Settings]:
    """Change the run-time switches. Returns the settings after the change."""
    return Call("PUT", "/settings", m.Settings, body=_given(rate_limit=rate_limit, webhook_timeout=webhook_timeout))


def vendor_config(vendor: str, tenant: str) -> Call[dict[str, Any]]:
    """A tenant's settings for one vendor (webhook URL and secret, ...)."""
    return Call("GET", f"/vendors/{_seg(vendor)}/config", dict[str, Any], params={"tenant": tenant}, pick="config")


def set_vendor_config(vendor: str, tenant: str, config: dict[str, Any]) -> Call[dict[str, Any]]:
    """Merge `config` into a tenant's settings for one vendor. Returns the whole config after."""
    return Call("PUT", f"/vendors/{_seg(vendor)}/config", dict[str, Any], body={"tenant": tenant, "config": config},
                pick="config")


# -- snapshots -------------------------------------------------------------------------------------
def snapshot(tenant: str | None = None) -> Call[dict[str, Any]]:
    """The simulator's state (or one tenant's) as one versioned JSON document (docs/snapshots.md)."""
    return Call("GET", "/snapshot", dict[str, Any], params=_given(tenant=tenant))


def restore(document: dict[str, Any]) -> Call[list[str]]:
    """Apply a snapshot document (all or nothing). Returns the tenants restored."""
    return Call("POST", "/snapshot", list[str], body=document, pick="restored")
