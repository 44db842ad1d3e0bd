"""Stored order -> Onfleet's wire shape (Order object with its two full Task objects); a registered
webhook -> its Webhook object.
Constant parts are shared module-level values: they are only ever encoded, never mutated."""

from __future__ import annotations

from simulator.vendors.onfleet.schemas import Destination, Order, Recipient, Task, Webhook

TRACKING = "https://onf.lt/"
_EMPTY: list = []
_OVERRIDES: dict = {}
_QUANTITIES = {"quantityA": 0, "quantityB": 0, "quantityC": 0}
_IDENTITY = {"failedScanCount": 0, "checksum": None}
_APPEARANCE = {"triangleColor": None}


def destination(d: Destination) -> dict:
    a = d.address
    address = {"apartment": a.apartment, "state": a.state, "postalCode": a.postalCode, "country": a.country,
               "city": a.city, "street": a.street, "number": a.number}
    if a.name is not None:
        address["name"] = a.name
    if a.unparsed is not None:
        address["unparsed"] = a.unparsed
    return {"id": d.id, "timeCreated": d.time_created, "timeLastModified": d.time_modified,
            "location": list(d.location), "address": address, "notes": d.notes, "metadata": _EMPTY,
            "warnings": _EMPTY}


def recipient(r: Recipient) -> dict:
    return {"id": r.id, "organization": r.organization, "timeCreated": r.time_created,
            "timeLastModified": r.time_modified, "name": r.name, "phone": r.phone, "notes": r.notes,
            "skipSMSNotifications": r.skip_sms, "metadata": _EMPTY}


def completion(t: Task) -> dict:
    out = {"failureNotes": "", "successNotes": "", "failureReason": t.failure_reason, "events": _EMPTY,
           "actions": _EMPTY, "time": t.completion_time, "signatureUploadId": None, "photoUploadId": None,
           "photoUploadIds": None, "firstLocation": _EMPTY, "lastLocation": _EMPTY,
           "unavailableAttachments": _EMPTY}
    if t.success is not None:
        out["success"] = t.success
    return out


def task(order: Order, t: Task) -> dict:
    if t.worker is not None:
        container = {"type": "WORKER", "worker": t.worker}
    else:
        container = {"type": "ORGANIZATION", "organization": order.executor}
    out = {
        "id": t.id, "timeCreated": t.time_created, "timeLastModified": t.time_modified,
        "organization": order.organization, "shortId": t.short_id, "orderShortId": order.short_id,
        "trackingURL": TRACKING + t.short_id, "worker": t.worker, "merchant": order.merchant,
        "executor": order.executor, "creator": order.creator,
        "dependencies": [] if t.pickup else [order.pickup.id],
        "state": t.state, "completeAfter": t.complete_after, "completeBefore": t.complete_before,
        "pickupTask": t.pickup, "type": 0, "notes": t.notes, "completionDetails": completion(t),
        "feedback": _EMPTY, "metadata": t.metadata, "overrides": _OVERRIDES, "quantity": t.quantity,
        "additionalQuantities": _QUANTITIES, "serviceTime": t.service_time, "identity": _IDENTITY,
        "appearance": _APPEARANCE, "scanOnlyRequiredBarcodes": False, "customFieldGroup": None,
        "customRequirements": _EMPTY, "customFields": _EMPTY, "container": container,
        "trackingViewed": False, "packages": _EMPTY, "startTime": t.start_time, "delayTime": None,
        "estimatedCompletionTime": None, "estimatedArrivalTime": None, "eta": None,
        "recipients": [recipient(r) for r in t.recipients], "destination": destination(t.destination),
    }
    if t.source_task_id is not None:
        out["sourceTaskId"] = t.source_task_id
    return out


def order(o: Order) -> dict:
    return {"id": o.id, "shortId": o.short_id, "timeCreated": o.time_created, "timeLastModified": o.time_modified,
            "source": "api", "events": _EMPTY, "price": o.price, "currency": o.currency, "priceBreakdown": None,
            "deliveryService": o.delivery_service, "pickupTask": task(o, o.pickup),
            "dropoffTask": task(o, o.dropoff)}


def webhook(hook: Webhook) -> dict:
    out = {"id": hook.id, "name": hook.name, "count": hook.count, "url": hook.url, "trigger": hook.trigger,
           "isEnabled": hook.isEnabled}
    if hook.threshold is not None:
        out["threshold"] = hook.threshold
    return out
