"""Task webhooks as Onfleet sends them: POST of `{actionContext, adminId, data:{task}, taskId, time,
triggerId, triggerName, workerId}` signed with `X-Onfleet-Signature` = hex HMAC-SHA512 of the raw body
keyed with the hex-decoded secret. An order's lifecycle shows only through its two tasks."""

from __future__ import annotations

import hashlib
import hmac

import msgspec

from simulator.engine import Engine, OrderEvent, OrderRecord, RetryPolicy, Tenant
from simulator.vendors.onfleet import ids, render
from simulator.vendors.onfleet.schemas import Order, Task, Webhook
from simulator.vendors.onfleet.state import config_of, state_of

VENDOR = "onfleet"
TRIGGERS = {
    0: "taskStarted", 1: "taskEta", 2: "taskArrival", 3: "taskCompleted", 4: "taskFailed", 5: "workerDuty",
    6: "taskCreated", 7: "taskUpdated", 8: "taskDeleted", 9: "taskAssigned", 10: "taskUnassigned",
    12: "taskDelayed", 13: "taskCloned", 14: "smsRecipientResponseMissed", 15: "workerCreated",
    16: "workerDeleted", 17: "SMSRecipientOptOut", 18: "autoDispatchJobCompleted",
    19: "taskBatchCreateJobCompleted", 20: "routeOptimizationJobCompleted", 21: "routePlanCreated",
    22: "routePlanStarted", 23: "routePlanCompleted", 24: "workerUpdated", 25: "routePlanUpdated",
    26: "routePlanUnassigned", 27: "routePlanAssigned", 28: "routePlanDelayed", 29: "predictedTaskDelay",
}
# INFERRED: Onfleet documents no retry policy; 5 retries, 30 s doubling (30 s .. 8 min) on the sim clock.
POLICY = RetryPolicy("onfleet", max_retries=5, delay=lambda n: 30.0 * 2 ** (n - 1))
USER_AGENT = "Onfleet-Webhooks (ordersim)"


class Payload(msgspec.Struct):
    """Field order as in Onfleet's samples (alphabetical)."""

    actionContext: dict
    adminId: str | None
    data: dict
    taskId: str
    time: int
    triggerId: int
    triggerName: str
    workerId: str | None


def webhook_secret(tenant: Tenant) -> str:
    """The tenant's signing secret: `vendors.onfleet.webhook_secret` (fixtures, PUT
    /_sim/vendors/onfleet/config), else one derived from the tenant's name (stable across restarts)."""
    return config_of(tenant).webhook_secret or ids.webhook_secret(tenant.name)


def sign(secret: str, body: bytes) -> str:
    """What a receiver recomputes. A secret that is not hex is used as its UTF-8 bytes (ordersim only)."""
    try:
        key = bytes.fromhex(secret)
    except ValueError:
        key = secret.encode()
    return hmac.new(key, body, hashlib.sha512).hexdigest()


def _tasks_for(event: OrderEvent, order: Order) -> list[tuple[int, Task]]:
    """(trigger, task) pairs an engine event stands for, pickup first."""
    both = [order.pickup, order.dropoff]
    if event.kind == "created":
        trigger = 13 if event.data.get("cause") == "clone" else 6  # clones fire taskCloned, not taskCreated
        return [(trigger, t) for t in both]
    if event.kind == "updated":
        return [(7, t) for t in both]
    if event.kind != "transition":
        return []
    return {
        "assigned": [(9, t) for t in both],
        "pickup_started": [(0, order.pickup)],
        "picked_up": [(3, order.pickup)],
        "pickup_failed": [(4, order.pickup)],
        "dropoff_started": [(0, order.dropoff)],
        "delivered": [(3, order.dropoff)],
        "dropoff_failed": [(4, order.dropoff)],
        "cancelled": [(8, t) for t in both],
        "rejected": [(8, t) for t in both],
    }.get(event.state, [])


def receives(hook: Webhook, order: Order) -> bool:
    """The creating and executing orgs get their tasks' events; the client of a courier-created order
    only with canReceiveConnectionEvents (events of a connected org's task)."""
    if not hook.isEnabled:
        return False
    if hook.organization in (order.organization, order.executor):
        return True
    return hook.canReceiveConnectionEvents and hook.organization == order.merchant


def on_event(engine: Engine, tenant: Tenant, event: OrderEvent, record: OrderRecord | None) -> None:
    state = state_of(tenant)
    by_trigger = state.hook_ids_by_trigger
    if record is None or not by_trigger:
        return
    secret = webhook_secret(tenant)
    order: Order = record.body
    for trigger, task in _tasks_for(event, order):
        targets = [h for h in (state.hooks[i] for i in by_trigger.get(trigger, ())) if receives(h, order)]
        if not targets:
            continue
        by_worker = trigger in (0, 3, 4)  # the worker starts and completes tasks
        actor = task.worker if by_worker else order.creator
        payload = Payload(actionContext={"id": actor, "type": "WORKER" if by_worker else "ADMIN"},
                          adminId=None if by_worker else order.creator, data={"task": render.task(order, task)},
                          taskId=task.id, time=int(round(event.at * 1000)), triggerId=trigger,
                          triggerName=TRIGGERS[trigger], workerId=task.worker)
        body = msgspec.json.encode(payload)
        headers = {"content-type": "application/json", "user-agent": USER_AGENT,
                   "x-onfleet-signature": sign(secret, body)}
        for hook in targets:
            hook.count += 1
            engine.outbox.enqueue(tenant, vendor=VENDOR, order_id=record.id, event=TRIGGERS[trigger],
                                  url=hook.url, body=body, headers=dict(headers), policy=POLICY)
