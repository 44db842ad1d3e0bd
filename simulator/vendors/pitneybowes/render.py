"""Stored orders -> PB's nested read shape (`orderInfo` / `orderShippingInfo`), and timestamps."""

from __future__ import annotations

import msgspec
from msgspec import Raw

from simulator.engine import OrderRecord
from simulator.engine.timefmt import iso_ms
from simulator.vendors.pitneybowes.machine import shipment_status, workflow_status
from simulator.vendors.pitneybowes.schemas import OrderDetails, OrderInfo, OrderShippingInfo, Parts

INFO_PARTS = ("customerInfo", "orderMessage", "charges", "metadata")
SHIPPING_PARTS = ("shippingReference", "shippingPreferences", "fromAddress", "toAddress", "additionalAddresses")



def _present(parts: Parts, names: tuple[str, ...]) -> dict[str, Raw]:
    # Only parts the client sent: msgspec omits a Raw field only when it *is* the default instance.
    return {name: raw for name in names if len(raw := getattr(parts, name))}


def items_array(items: tuple[Raw, ...]) -> Raw:
    return Raw(msgspec.json.encode(items))


def details(record: OrderRecord) -> OrderDetails:
    order = record.body
    parts = order.parts
    info = OrderInfo(
        orderId=order.order_id, orderNumber=order.order_number, status=workflow_status(record.state),
        orderCreateDate=iso_ms(order.created_at), orderUpdateDate=iso_ms(record.updated_at), sourceFlowType="API",
        createdBy=order.created_by, items=items_array(order.items), tagIds=list(order.tag_ids), deleted=order.deleted,
        **_present(parts, INFO_PARTS))
    shipment = shipment_status(record.state)
    shipping = OrderShippingInfo(
        shipmentStatus=shipment,
        shipmentStatusDate=iso_ms(order.shipment_at) if shipment and order.shipment_at is not None else None,
        **_present(parts, SHIPPING_PARTS))
    return OrderDetails(orderInfo=info, orderShippingInfo=shipping)
