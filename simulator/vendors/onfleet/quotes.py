"""POST /deliveryServices/quote?clientId= (GET accepted too): every configured delivery service that fits
the shipment, with its price. Services are a tenant setting (fixtures `vendors.onfleet.services`, or
PUT /_sim/vendors/onfleet/config); the response shape is INFERRED (docs/onfleet.md)."""

from __future__ import annotations

from starlette.requests import Request

from simulator.engine import Tenant
from simulator.fixtures.schema import OnfleetService as Service
from simulator.vendors.onfleet import validate
from simulator.vendors.onfleet.auth import Caller, orgs_of
from simulator.vendors.onfleet.errors import invalid
from simulator.vendors.onfleet.schemas import QuoteIn
from simulator.vendors.onfleet.state import config_of

LB_PER_KG = 2.20462


def services(tenant: Tenant) -> list[Service]:
    return config_of(tenant).services


def _checked_weight_kg(req: QuoteIn) -> float:
    """The shipment's weight in kg, after the documented required fields are checked."""
    if req.readyBy is None or not 0 <= req.readyBy <= validate.MAX_MS:
        raise invalid("readyBy is required.", "Unix time in milliseconds.")
    if req.dueBy is not None and not req.readyBy <= req.dueBy <= validate.MAX_MS:
        raise invalid("Invalid time constraints.", "dueBy is earlier than readyBy.", 1009)
    if req.quantity is None or req.quantity < 1:
        raise invalid("quantity is required.", "A positive number of pieces.")
    if req.weight is None or req.weight.value is None or req.weight.value <= 0:
        raise invalid("weight is required.", 'Send {"value": number, "units": "kg" | "lb"}.')
    if req.weight.units not in ("kg", "lb"):
        raise invalid("weight.units must be kg or lb.", f"Got {req.weight.units!r}")
    for where, dest in (("pickup", req.pickup), ("dropoff", req.dropoff)):
        if dest is None:
            raise invalid(f"{where} is required.")
        validate.check_address(where, dest.address)
        validate.check_location(where, dest.location)
    return req.weight.value / LB_PER_KG if req.weight.units == "lb" else req.weight.value


async def quote(request: Request, caller: Caller, req: QuoteIn) -> list[dict]:
    client = request.query_params.get("clientId")
    if caller.role == "courier":
        if not client:
            raise invalid("clientId is required when a courier asks for a quote.")
        if client not in orgs_of(request, caller.tenant).clients:
            raise invalid("clientId is not a client organization of this courier.", f"Unknown client {client!r}.")
    elif client and client != caller.org:
        raise invalid("clientId must be your own organization id.", f"Got {client!r}.")
    kg = _checked_weight_kg(req)
    assert req.quantity is not None and req.readyBy is not None  # _checked_weight_kg refused them missing
    offered = services(caller.tenant)
    if not offered:
        raise invalid("No delivery services are configured for this client.",
                      "ordersim: set vendors.onfleet.services in fixtures or PUT /_sim/vendors/onfleet/config.")
    out = []
    for s in offered:
        if (s.maxWeightKg is not None and kg > s.maxWeightKg) or (s.maxQuantity is not None and req.quantity > s.maxQuantity):
            continue
        weight_part = round(s.pricePerKg * kg, 2)
        out.append({"deliveryServiceId": s.id, "name": s.name, "price": round(s.price + weight_part, 2),
                    "currency": s.currency, "priceBreakdown": {"base": s.price, "weight": weight_part},
                    "readyBy": int(req.readyBy), "dueBy": None if req.dueBy is None else int(req.dueBy)})
    return out
