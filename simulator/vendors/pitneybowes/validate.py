"""A decoded order request -> its validated parts. Every problem is collected (not just the first) so
the 400 names each bad field; nothing is applied unless the whole body is valid."""

from __future__ import annotations

from dataclasses import dataclass, field

import msgspec
from msgspec import Raw

from simulator.http.decode import loads
from simulator.vendors.pitneybowes import errors
from simulator.vendors.pitneybowes.schemas import PARTS, Address, Item, OrderIn

_NULL = Raw(b"null")  # Raws compare by their bytes: no copy made to compare (bytes(raw) made one)


@dataclass
class ItemIn:
    key: str
    raw: Raw

    def fields(self) -> dict[str, Raw]:
        """The members sent with a non-null value, as sent (a partial item update merges them). Read
        only then, and it cannot fail: the item decoded as an Item, and body_as read every byte."""
        return {k: v for k, v in loads(self.raw, dict[str, Raw]).items() if v != _NULL}


@dataclass
class ValidOrder:
    order_number: str | None = None
    parts: dict[str, Raw] = field(default_factory=dict)  # present, non-null, type-checked parts
    items: list[ItemIn] | None = None


def _present(raw: Raw) -> bool:
    return len(raw) > 0 and raw != _NULL


def validate_order(body: OrderIn, creating: bool) -> ValidOrder:
    """Type-check every part. On create, `orderNumber`, `fromAddress`, `toAddress` and at least one
    item are required; on update every part is optional but, when sent, held to the same rules."""
    problems: list[str] = []
    out = ValidOrder()
    if _present(body.orderNumber):
        try:
            number = loads(body.orderNumber, str)
            if number.strip():
                out.order_number = number
            else:
                problems.append("orderNumber: must not be blank")
        except msgspec.DecodeError as exc:  # a wrong type, or invalid UTF-8 inside the string
            problems.append(errors.field_problem("orderNumber", exc))
    elif creating:
        problems.append("orderNumber: is required")
    for name, type_ in PARTS.items():
        raw = getattr(body, name)
        if not _present(raw):
            if creating and name in ("fromAddress", "toAddress"):
                problems.append(f"{name}: is required")
            continue
        try:
            value = loads(raw, type_)
        except msgspec.DecodeError as exc:
            problems.append(errors.field_problem(name, exc))
            continue
        if isinstance(value, Address):
            problems += _address_problems(name, value)
        out.parts[name] = raw
    if _present(body.items):
        out.items = _items(body.items, problems, creating)
    elif creating:
        problems.append("items: at least one item is required")
    if problems:
        raise errors.validation(problems)
    return out


def _address_problems(name: str, address: Address) -> list[str]:
    # INFERRED: an address needs a first line and a country to be shippable.
    return [f"{name}.{attr}: must not be blank" for attr in ("addressLine1", "countryCode")
            if not (getattr(address, attr) or "").strip()]


def _items(raw: Raw, problems: list[str], creating: bool) -> list[ItemIn]:
    try:
        raws = loads(raw, list[Raw])
    except msgspec.DecodeError as exc:
        problems.append(errors.field_problem("items", exc))
        return []
    if creating and not raws:
        problems.append("items: at least one item is required")
    items, seen = [], set()
    for i, item_raw in enumerate(raws):
        where = f"items[{i}]"
        try:
            item = loads(item_raw, Item)
        except msgspec.DecodeError as exc:
            problems.append(errors.field_problem(where, exc))
            continue
        key = _identity(item)
        if key is None:
            problems.append(f"{where}: itemId (SKU) or customProductId is required")
        elif key in seen:
            problems.append(f"{where}.itemId: duplicate item {key!r} in this request")
        else:
            seen.add(key)
            items.append(ItemIn(key, item_raw))
    return items


def _identity(item: Item) -> str | None:
    """itemId (the SKU), else customProductId: the first one sent and not blank."""
    for key in (item.itemId, item.customProductId):
        if key and key.strip():
            return key
    return None
