"""Request tasks -> stored tasks: the documented checks (destination and its address, recipients'
name and phone, notes length, time window) and a deterministic stand-in for geocoding."""

from __future__ import annotations

import hashlib
import re

import msgspec
from msgspec import UNSET

from simulator.engine import Tenant
from simulator.vendors.onfleet import ids
from simulator.vendors.onfleet.errors import OnfleetError, invalid
from simulator.vendors.onfleet.schemas import (
    Address,
    AddressIn,
    Destination,
    DestinationIn,
    Recipient,
    RecipientIn,
    Task,
    TaskIn,
)

COMPONENTS = ("number", "street", "city", "state", "postalCode", "country")
MAX_NOTES = 10_000
MAX_MS = 253_402_300_799_999  # 9999-12-31: larger "times" are typos, not schedules
_encode = msgspec.json.encode
_NUMBER_STREET = re.compile(r"(\d+[A-Za-z-]*)\s+(.*)")
_PHONE_PUNCTUATION = re.compile(r"[\s().-]")
# geocode's [lng, lat] per hash byte: 256 values each, computed once
_LNG = tuple(round(-122.5 + b / 255 * 0.4, 7) for b in range(256))
_LAT = tuple(round(37.6 + b / 255 * 0.3, 7) for b in range(256))


def check_address(where: str, a: AddressIn | None) -> None:
    if a is None:
        raise invalid(f"{where}.address is required.", "Give address.unparsed or all of " + ", ".join(COMPONENTS))
    if a.unparsed is not None:
        if not a.unparsed.strip():
            raise invalid(f"{where}.address.unparsed must not be empty.")
        return
    missing = [c for c in COMPONENTS if not (getattr(a, c) or "").strip()]
    if missing:
        raise invalid(f"{where}.address is incomplete.", "Missing: " + ", ".join(f"{where}.address.{m}" for m in missing))


def parse_unparsed(text: str) -> dict:
    """'150 Otis St, San Francisco, CA 94103, USA' -> components (best effort, like a geocoder)."""
    parts = [p.strip() for p in text.split(",")]
    match = _NUMBER_STREET.match(parts[0])
    number, street = match.groups() if match else ("", parts[0])
    city = parts[1] if len(parts) > 1 else ""
    state = postal_code = ""
    if len(parts) > 2:
        state_zip = parts[2].rsplit(" ", 1)
        if len(state_zip) == 2 and any(map(str.isdigit, state_zip[1])):
            state, postal_code = state_zip
        else:
            state = parts[2]
    country = parts[-1] if len(parts) > 3 else ""
    return {"number": number, "street": street, "city": city, "state": state, "postalCode": postal_code,
            "country": country}  # COMPONENTS' order


def geocode(text: str) -> tuple[float, float]:
    """A stable [lng, lat] in the San Francisco Bay Area for an address string."""
    h = hashlib.sha256(text.encode()).digest()
    return (_LNG[h[0]], _LAT[h[1]])


def check_location(where: str, location: list[float] | None) -> tuple[float, float] | None:
    if location is None:
        return None
    if len(location) != 2 or not (-180 <= location[0] <= 180 and -90 <= location[1] <= 90):
        raise invalid(f"{where}.location must be [longitude, latitude].", f"Got {location!r}")
    return (float(location[0]), float(location[1]))


def destination(tenant: Tenant, where: str, d: DestinationIn | None, now: int,
                need_location: bool = False) -> Destination:
    if d is None:
        raise invalid(f"{where} is required.")
    check_address(where, d.address)
    location = check_location(where, d.location)
    if need_location and location is None:
        raise invalid(f"{where}.location is required when updating a destination.",
                      "Send location [longitude, latitude] alongside address.")
    a = d.address
    assert a is not None  # check_address refused a missing one
    fields = parse_unparsed(a.unparsed) if a.unparsed is not None else {c: getattr(a, c).strip() for c in COMPONENTS}
    address = Address(apartment=a.apartment or "", name=a.name, unparsed=a.unparsed, **fields)
    if location is None:
        location = geocode(a.unparsed or " ".join(fields.values()))
    return Destination(ids.new_id(tenant), now, now, location, address, d.notes or "")


def phone_e164(where: str, phone: str | None) -> str:
    if not isinstance(phone, str) or not phone.strip():
        raise invalid(f"{where}.phone is required.")
    digits = _PHONE_PUNCTUATION.sub("", phone)
    plus = digits.startswith("+")
    digits = digits.lstrip("+")
    if not digits.isdigit():
        raise invalid("Invalid phone number.", f"{where}.phone {phone!r}", 1010)
    if plus and 8 <= len(digits) <= 15:
        return "+" + digits
    if not plus and len(digits) == 10:  # no country code: the organisation's country (US)
        return "+1" + digits
    if not plus and len(digits) == 11 and digits.startswith("1"):
        return "+" + digits
    raise invalid("Invalid phone number.", f"{where}.phone {phone!r}", 1010)


def recipients(tenant: Tenant, where: str, items: list[RecipientIn] | None, org: str, now: int) -> tuple:
    out = []
    for i, r in enumerate(items or ()):
        at = f"{where}.recipients[{i}]"
        if not isinstance(r.name, str) or not r.name.strip():
            raise invalid(f"{at}.name is required.")
        out.append(Recipient(ids.new_id(tenant), org, now, now, r.name, phone_e164(at, r.phone),
                             r.notes or "", bool(r.skipSMSNotifications)))
    return tuple(out)


def _ms(where: str, name: str, value: float | None) -> int | None:
    if value is None:
        return None
    if not 0 <= value <= MAX_MS:
        raise invalid(f"{where}.{name} must be a Unix time in milliseconds.", f"Got {value!r}")
    return int(value)


def window(where: str, after: int | None, before: int | None) -> None:
    if after is not None and before is not None and after > before:
        raise invalid("Invalid time constraints.", f"{where}.completeAfter is later than completeBefore.", 1009)


def new_task(tenant: Tenant, where: str, req: TaskIn | None, pickup: bool, org: str, now: int) -> Task:
    if req is None:
        raise invalid(f"{where} is required.", "An order needs both pickupTask and dropoffTask.")
    dest = destination(tenant, f"{where}.destination", req.destination or None, now)
    task = Task(id=ids.new_id(tenant), short_id="", pickup=pickup, time_created=now, time_modified=now,
                destination=dest, recipients=recipients(tenant, where, req.recipients or None, org, now))
    return apply(tenant, where, task, req, org, now, creating=True)


def apply(tenant: Tenant, where: str, task: Task, req: TaskIn, org: str, now: int, creating: bool = False) -> Task:
    """A copy of `task` with the fields present in `req` (create and update share the checks)."""
    changes: dict = {"time_modified": now}
    if req.notes is not UNSET:
        if req.notes is not None and len(req.notes) > MAX_NOTES:
            raise invalid(f"{where}.notes is longer than {MAX_NOTES} characters.")
        changes["notes"] = req.notes or ""
    for name, attr in (("completeAfter", "complete_after"), ("completeBefore", "complete_before")):
        value = getattr(req, name)
        if value is not UNSET:
            changes[attr] = _ms(where, name, value)
    window(where, changes.get("complete_after", task.complete_after),
           changes.get("complete_before", task.complete_before))
    if not creating:
        if req.destination is not UNSET:
            changes["destination"] = destination(tenant, f"{where}.destination", req.destination, now, True)
        if req.recipients is not UNSET:
            changes["recipients"] = recipients(tenant, where, req.recipients, org, now)
    for name, attr in (("quantity", "quantity"), ("serviceTime", "service_time")):
        value = getattr(req, name)
        if value is not UNSET:
            if value is not None and value < 0:
                raise invalid(f"{where}.{name} must not be negative.")
            changes[attr] = value or 0
    if req.metadata is not UNSET:
        changes["metadata"] = msgspec.Raw(_encode(req.metadata or []))
    return msgspec.structs.replace(task, **changes)


def require_task(where: str, value: TaskIn | None) -> TaskIn:
    if value is None:
        raise OnfleetError(400, f"{where} is required.", "Send both pickupTask and dropoffTask (they are a pair).")
    return value
