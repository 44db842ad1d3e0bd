"""`Ordersim`: one test's own tenant on the simulator, answering to a credential of every vendor, and
the control-plane calls scoped to it. Made by the `ordersim` fixture; `close()` removes the tenant
and what the test left on shared parts of the server (its sinks, its fault rules)."""

from __future__ import annotations

import hashlib
from typing import Any

from simulator.client import SimClient
from simulator.client.models import Clock, Delivery, FaultRule, JournalEntry, Order, Sink, Subscription, TenantInfo
from simulator.server_url import vendor_url

MARKER_OPTIONS = ("clock", "speed", "start", "vendors")


def _secret(tenant: str, what: str, length: int = 24) -> str:
    return hashlib.sha256(f"{tenant}:{what}".encode()).hexdigest()[:length]


class Credentials:
    """Every vendor's credentials for one tenant, derived from its name (unique per test)."""

    def __init__(self, tenant: str) -> None:
        self.tiramizoo_token = f"{tenant}-tiramizoo"
        self.onfleet_client_key = f"{tenant}-onfleet-client"
        self.onfleet_courier_key = f"{tenant}-onfleet-courier"
        self.hypertrack_account_id = f"{tenant}-hypertrack"
        self.hypertrack_secret_key = _secret(tenant, "hypertrack")
        self.pitneybowes_client_id = f"{tenant}-pitneybowes"
        self.pitneybowes_client_secret = _secret(tenant, "pitneybowes")
        self.wialon_token = _secret(tenant, "wialon", 72)  # Wialon tokens are 72 symbols

    def fixture(self) -> dict[str, list[Any]]:
        """The `credentials` section of the tenant's definition."""
        return {
            "tiramizoo": [self.tiramizoo_token],
            "onfleet": [{"key": self.onfleet_client_key, "role": "client"},
                        {"key": self.onfleet_courier_key, "role": "courier"}],
            "hypertrack": [{"key": self.hypertrack_account_id, "secret": self.hypertrack_secret_key}],
            "pitneybowes": [{"key": self.pitneybowes_client_id, "secret": self.pitneybowes_client_secret}],
            "wialon": [self.wialon_token],
        }


def definition(credentials: Credentials, options: dict[str, Any]) -> dict[str, Any]:
    """The tenant's PUT /_sim/tenants body from the marker's options (manual clock by default)."""
    unknown = sorted(set(options) - set(MARKER_OPTIONS))
    if unknown:
        raise TypeError(f"@pytest.mark.ordersim: unknown option(s) {', '.join(unknown)}; "
                        f"known: {', '.join(MARKER_OPTIONS)}")
    clock: dict[str, Any] = {"mode": options.get("clock", "manual")}
    for key in ("speed", "start"):
        if options.get(key) is not None:
            clock[key] = options[key]
    return {"credentials": credentials.fixture(), "clock": clock, "vendors": options.get("vendors") or {}}


class Ordersim(Credentials):
    """One test's tenant. `.tenant` is its name; the credential attributes (`tiramizoo_token`,
    `onfleet_client_key`, ...) all lead to it; `.sim` is the unscoped SimClient."""

    def __init__(self, sim: SimClient, tenant: str, options: dict[str, Any] | None = None) -> None:
        super().__init__(tenant)
        self.sim, self.tenant = sim, tenant
        self._sinks: set[str] = set()
        self._faults: list[str] = []
        self.info: TenantInfo = sim.put_tenant(tenant, **definition(self, options or {}))
        self._official: Any = None
        self._closed = False

    # -- where things are ------------------------------------------------------------------
    def base_url(self, vendor: str) -> str:
        """The vendor's base URL on this server by the URL rule, e.g. http://…/onfleet/api/v2."""
        return vendor_url(self.sim.base_url, vendor)

    def url(self, path: str = "") -> str:
        return self.sim.url(path)

    def sink_url(self, name: str = "default") -> str:
        """A built-in webhook receiver of this test's own (its name is prefixed with the tenant)."""
        self._sinks.add(name)
        return self.sim.sink_url(f"{self.tenant}.{name}")

    # -- clock and orders ------------------------------------------------------------------
    def clock(self) -> Clock:
        return self.sim.clock(self.tenant)

    def set_clock(self, mode: str | None = None, speed: float | None = None) -> Clock:
        return self.sim.set_clock(tenant=self.tenant, mode=mode, speed=speed)[self.tenant]

    def advance(self, seconds: float) -> Clock:
        """Move this tenant's clock; every due transition and webhook has run when it returns."""
        return self.sim.advance(seconds, tenant=self.tenant)[self.tenant]

    def orders(self, vendor: str | None = None, milestone: str | None = None, state: str | None = None) -> list[Order]:
        return self.sim.orders(tenant=self.tenant, vendor=vendor, milestone=milestone, state=state)

    def order(self, vendor: str, order_id: str) -> Order:
        return self.sim.order(vendor, order_id, tenant=self.tenant)

    def advance_order(self, vendor: str, order_id: str, to: str) -> Order:
        """Walk an order to a vendor state or milestone (every step's webhooks fire)."""
        return self.sim.advance_order(vendor, order_id, to, tenant=self.tenant)

    # -- webhooks --------------------------------------------------------------------------
    def webhooks(self, **filters: Any) -> list[Delivery]:
        """This tenant's delivery log; filters: vendor, order, state, channel, event."""
        return self.sim.webhooks(tenant=self.tenant, **filters)

    def wait_webhooks(self, count: int = 1, timeout: float = 10.0, **filters: Any) -> list[Delivery]:
        """Wait for `count` attempted deliveries (settled=True: delivered or finally failed)."""
        return self.sim.wait_webhooks(count, timeout, tenant=self.tenant, **filters)

    def sink(self, name: str = "default") -> Sink:
        """What this test's sink `name` received (see sink_url)."""
        self._sinks.add(name)
        return self.sim.sink(f"{self.tenant}.{name}")

    def subscribe(self, url: str, vendor: str | None = None, secret: str | None = None) -> Subscription:
        """Standard Webhooks of this tenant's order events (any vendor, or one) to `url`."""
        return self.sim.subscribe(url, vendor=vendor, tenant=self.tenant, secret=secret)

    # -- faults, journal, vendor config ----------------------------------------------------
    def fault(self, status: int = 500, **rule: Any) -> FaultRule:
        """Make this tenant's matching requests fail (vendor, method, path, count, delay_ms, message);
        other tenants are not affected. Removed at teardown."""
        made = self.sim.add_fault(status=status, tenant=self.tenant, **rule)
        self._faults.append(made.id)
        return made

    def requests(self, **filters: Any) -> list[JournalEntry]:
        """This tenant's vendor API calls from the journal; filters: vendor, method, path, status, limit."""
        return self.sim.requests(tenant=self.tenant, **filters)

    def vendor_config(self, vendor: str) -> dict[str, Any]:
        return self.sim.vendor_config(vendor, self.tenant)

    def set_vendor_config(self, vendor: str, config: dict[str, Any]) -> dict[str, Any]:
        return self.sim.set_vendor_config(vendor, self.tenant, config)

    # -- official clients ------------------------------------------------------------------
    def client(self, vendor: str, **options: Any) -> Any:
        """The vendor's official Python client, pointed at this server for this tenant (see
        simulator/pytest_plugin/official.py): onfleet (pyonfleet; role="courier" for the courier
        key), hypertrack, wialon (logged in). Skips the test when the library is not installed."""
        from simulator.pytest_plugin import official

        if self._closed:  # patches made now would never be undone
            raise RuntimeError(f"ordersim tenant {self.tenant} is closed")
        if self._official is None:
            self._official = official.Patches()  # undone in close()
        return official.client(self, vendor, self._official, **options)

    def close(self) -> None:
        """Remove the tenant and everything the test left behind; runs even when the test failed.
        Closing twice does nothing the second time."""
        if self._closed:
            return
        self._closed = True
        try:
            if self._official is not None:
                self._official.undo()
            for fault_id in self._faults:
                self.sim.clear_faults(fault_id)
            for name in self._sinks:
                self.sim.clear_sink(f"{self.tenant}.{name}")
        finally:
            self.sim.delete_tenant(self.tenant)
