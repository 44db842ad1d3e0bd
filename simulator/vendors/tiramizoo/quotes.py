"""Quotes: priced in cents, valid for 10 simulated minutes, signed over their other fields.

The signature is a 40-hex HMAC-SHA1 of the canonical (sorted-key) JSON of every other field,
so any modification — or a quote invented by the client — is "invalid" (INFERRED rule)."""

from __future__ import annotations

import hmac
import math
from collections import OrderedDict
from typing import NamedTuple

import msgspec

from simulator.engine.timefmt import iso_ms, parse_iso
from simulator.http.errors import ApiError
from simulator.vendors.tiramizoo.errors import envelope, field_error, validation
from simulator.vendors.tiramizoo.schemas import ItemIn, PlaceIn, QuoteRequest

QUOTE_TTL_S = 600.0
SIGNING_KEY = b"ordersim-tiramizoo-quotes"  # constant: quotes stay valid across restarts
TAX_RATE = 19
NOW_WINDOW_S = 90 * 60  # "we will try to pick up and deliver your item(s) during the next 90 minutes"
MAX_DIMENSION_CM, MAX_WEIGHT_KG = 150, 50  # INFERRED limits behind "item too big"
INTERVAL_QUOTES = 8  # INFERRED: how many hourly windows `intervals: true` offers

_canonical = msgspec.json.Encoder(order="sorted")
KEPT_QUOTES = 1024  # distinct echoed quotes remembered per tenant (a bound; orders keep theirs anyway)



def sign(fields: dict) -> str:
    body = {k: v for k, v in fields.items() if k != "signature"}
    return hmac.digest(SIGNING_KEY, _canonical.encode(body), "sha1").hex()  # one-shot: no HMAC object


def check_quote(quote: object, now: float) -> tuple[dict | None, float | None]:
    """(the field error for a quote sent back on POST /orders or None when it is good, and the
    quote's creation time whenever it is genuine: signed by us, expired or not)."""
    if quote is None:
        return field_error("quote", "blank", "Quote can't be blank"), None
    if not isinstance(quote, dict) or not isinstance(quote.get("signature"), str):
        return field_error("quote", "invalid", "Quote is invalid"), None
    if not hmac.compare_digest(sign(quote), quote["signature"]):
        return field_error("quote", "invalid", "Quote is invalid"), None
    created = parse_iso(quote.get("created_at"))
    if created is None:
        return field_error("quote", "invalid", "Quote is invalid"), None
    return expiry_error(created, now), created


def expiry_error(created: float, now: float) -> dict | None:
    return field_error("quote", "expired", "Quote has expired") if now > created + QUOTE_TTL_S else None


class KeptQuotes:
    """The quotes orders echoed back, each kept once: every order that sends the same bytes points
    at one msgspec.Raw instead of a copy each (the quote was ~760 of the ~1,800 bytes an order held
    when many orders reuse one quote). A quote sent with other bytes (re-encoded, re-ordered keys)
    is kept as sent, so every order still echoes exactly what its client sent. A cache, not state:
    it remembers the last KEPT_QUOTES distinct quotes, and a snapshot does not hold it.

    It also remembers which bytes already proved genuine and when that quote was made: the same
    bytes sent again need no decode and no signature check (only their age can have changed), which
    was a fifth of a create's time."""

    def __init__(self, size: int = KEPT_QUOTES) -> None:
        self._size = size
        self._raws: OrderedDict[bytes, tuple[msgspec.Raw, float | None]] = OrderedDict()

    def genuine_since(self, sent: msgspec.Raw) -> float | None:
        """The creation time of the quote these bytes are, if they already passed check_quote."""
        found = self._raws.get(bytes(sent))
        return found[1] if found is not None else None

    def keep(self, sent: msgspec.Raw, created: float | None = None) -> msgspec.Raw:
        """The one Raw holding these bytes (a Raw of its own: a decoded one views, and so would
        pin, the whole request body or snapshot document). `created`: check_quote found them genuine."""
        key = bytes(sent)
        found = self._raws.get(key)
        if found is None or (created is not None and found[1] is None):
            kept = found[0] if found is not None else msgspec.Raw(key)
            self._raws[key] = (kept, created)
            if len(self._raws) > self._size:
                self._raws.popitem(last=False)
            return kept
        return found[0]


class ValidQuoteRequest(NamedTuple):
    """A QuoteRequest that passed validate_request: both places and every item dimension present."""
    pickup: PlaceIn
    delivery: PlaceIn
    items: list[ItemIn]


def validate_request(req: QuoteRequest) -> ValidQuoteRequest:
    errors = []
    for section in ("pickup", "delivery"):
        place: PlaceIn | None = getattr(req, section)
        if place is None:
            errors.append(field_error(section, "blank"))
            continue
        for attr in ("address_line_1", "postal_code", "country_code"):
            if getattr(place, attr) in (None, ""):
                errors.append(field_error(f"{section}_{attr}", "blank",
                                          f"{section.capitalize()} {attr} can't be blank"))
        for window in place.windows or ():
            if parse_iso(window.after) is None or parse_iso(window.before) is None:
                errors.append(field_error(f"{section}_windows", "invalid"))
                break
    if not req.items:
        errors.append(field_error("items", "blank"))
    else:
        for item in req.items:
            dims = (item.width, item.height, item.length, item.weight)
            if any(d is None or d <= 0 for d in dims) or (item.quantity is not None and item.quantity < 1):
                errors.append(field_error("items", "invalid"))
                break
    if errors or req.pickup is None or req.delivery is None or not req.items:
        raise validation(errors)
    valid = ValidQuoteRequest(req.pickup, req.delivery, req.items)
    for place in (valid.pickup, valid.delivery):
        code = str(place.postal_code)
        if not code.isdigit() or not 4 <= len(code) <= 5:
            raise ApiError(envelope(422, "geocoding failed", "geocoding_failed"))
    for item in valid.items:
        if max(_dim(item.width), _dim(item.height), _dim(item.length)) > MAX_DIMENSION_CM \
                or _dim(item.weight) > MAX_WEIGHT_KG:
            raise ApiError(envelope(422, "item too big", "item_too_big"))
    return valid


def _dim(value: float | None) -> float:
    """An item dimension validate_request has seen (present and positive)."""
    assert value is not None
    return value


def _place(place: PlaceIn, after: float, before: float) -> dict:
    out = {"address_line_1": place.address_line_1}
    if place.address_line_2:
        out["address_line_2"] = place.address_line_2
    if place.city:
        out["city"] = place.city
    out.update(postal_code=str(place.postal_code), country_code=place.country_code,
               after=iso_ms(after), before=iso_ms(before))
    return out


def _price(items: list[ItemIn], pickup: PlaceIn, delivery: PlaceIn) -> dict:
    """Deterministic and plausible: base fee + weight + a distance proxy from the postal codes."""
    weight = sum(_dim(i.weight) * (i.quantity or 1) for i in items)
    distance = abs(int(str(pickup.postal_code)) - int(str(delivery.postal_code))) % 97
    net = 490 + 10 * math.ceil(weight) + 5 * distance
    tax = round(net * TAX_RATE / 100)
    return {"net": net, "currency": "EUR", "tax_rate": TAX_RATE, "tax": tax, "gross": net + tax}


def make_quotes(req: QuoteRequest, now: float) -> list[dict]:
    valid = validate_request(req)
    items = [{"width": i.width, "height": i.height, "length": i.length, "weight": i.weight,
              "quantity": i.quantity or 1} for i in valid.items]
    items = [{k: (int(v) if isinstance(v, float) and v.is_integer() else v) for k, v in it.items()} for it in items]
    price = _price(valid.items, valid.pickup, valid.delivery)
    windows = _windows(valid, now)
    quotes = []
    for (p_after, p_before), (d_after, d_before) in windows:
        quote = {"pickup": _place(valid.pickup, p_after, p_before),
                 "delivery": _place(valid.delivery, d_after, d_before),
                 "items": items, "price": price, "created_at": iso_ms(now)}
        quote["signature"] = sign(quote)
        quotes.append(quote)
    return quotes


def _windows(req: ValidQuoteRequest, now: float) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    pickup_w = req.pickup.windows
    if pickup_w:  # validate_request checked that both ends parse
        p_after, p_before = _iso(pickup_w[0].after), _iso(pickup_w[0].before)
    else:
        p_after, p_before = now, now + NOW_WINDOW_S / 3
    delivery_w = req.delivery.windows
    if delivery_w:
        d_after, d_before = _iso(delivery_w[0].after), _iso(delivery_w[0].before)
    else:
        d_after, d_before = p_before, now + NOW_WINDOW_S
    first = ((p_after, p_before), (d_after, d_before))
    if not (req.delivery.intervals or req.pickup.intervals):
        return [first]
    # intervals: the "now" quote, then hourly delivery windows from 2 hours ahead (INFERRED count).
    start = math.ceil((now + 2 * 3600) / 3600) * 3600
    hourly = [((p_after, p_before), (start + h * 3600, start + (h + 1) * 3600)) for h in range(INTERVAL_QUOTES - 1)]
    return [first, *hourly]


def _iso(value: str | None) -> float:
    """A window end validate_request has parsed."""
    parsed = parse_iso(value)
    assert parsed is not None
    return parsed
