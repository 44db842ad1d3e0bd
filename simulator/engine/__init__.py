"""The vendor-neutral core: tenants, clocks, scheduler, lifecycle machines, events, webhooks."""

from simulator.engine.core import Engine, VendorHooks
from simulator.engine.events import OrderEvent
from simulator.engine.lifecycle import IllegalTransition, Machine
from simulator.engine.scheduler import AutoMove, RetryDelivery, VendorTimer
from simulator.engine.store import OrderRecord
from simulator.engine.tenants import Tenant, Tenants
from simulator.engine.webhooks import Delivery, Outbox, RetryPolicy

__all__ = ["Engine", "VendorHooks", "OrderEvent", "IllegalTransition", "Machine", "OrderRecord",
           "Tenant", "Tenants", "Delivery", "Outbox", "RetryPolicy", "AutoMove", "RetryDelivery", "VendorTimer"]
