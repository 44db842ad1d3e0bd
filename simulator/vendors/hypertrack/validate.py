"""Checks msgspec cannot express, reported the way HyperTrack's 422s are: every problem at once,
`{"detail": {"json": {"<field>": ["<marshmallow-style message>"]}}}`."""

from __future__ import annotations

import math
from typing import Any

from simulator.engine.timefmt import iso_ms, parse_iso
from simulator.vendors.hypertrack import errors, geo
from simulator.vendors.hypertrack.schemas import Destination, DestinationIn, Geometry, OrderIn

TYPES = ("pick", "drop")
PRIORITIES = ("low", "medium", "high")
PLAN_MODES = ("on_demand", "scheduled", "manual")
TRACK_MODES = ("full_shift", "pre_shift", "on_shift", "on_time", "flex")
MAX_TS = 253402300799.0  # 9999-12-31T23:59:59Z


class Problems:
    def __init__(self, location: str = "json") -> None:
        self.location = location
        self.found: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.found.setdefault(name, []).append(message)

    def check(self) -> None:
        if self.found:
            raise errors.validation(self.location, self.found)

    def choice(self, name: str, value: object, choices: tuple[str, ...]) -> None:
        if value is not None and value not in choices:
            self.add(name, f"Must be one of: {', '.join(choices)}.")

    def text(self, name: str, value: str | None, required: bool = False) -> None:
        if value is None:
            if required:
                self.add(name, errors.MISSING)
        elif not value.strip():
            self.add(name, "Shorter than minimum length 1.")

    def time(self, name: str, value: object, required: bool = False) -> tuple[str | None, float | None]:
        """(normalised ISO string, epoch seconds) of a datetime field."""
        if value is None:
            if required:
                self.add(name, errors.MISSING)
            return None, None
        ts = parse_iso(value)
        if ts is None or not 0 <= ts <= MAX_TS:
            self.add(name, errors.NOT_DATETIME)
            return None, None
        return iso_ms(ts), ts


def destination(p: Problems, name: str, d: DestinationIn, allow_address: bool) -> Destination | None:
    """A stored destination always has a geometry: addresses, places and geofences given without
    one get a stable made-up point (we do not geocode)."""
    g = d.geometry
    if g is not None:
        kind = g.type or "Point"
        if kind not in ("Point", "Polygon"):
            p.add(f"{name}.geometry.type", "Must be one of: Point, Polygon.")
            return None
        coords = _point(g.coordinates) if kind == "Point" else _polygon(g.coordinates)
        if coords is None:
            p.add(f"{name}.geometry.coordinates", "Invalid coordinates." if kind == "Point" else "Invalid polygon.")
            return None
        radius = d.radius if d.radius is not None else (100 if kind == "Point" else None)
        return Destination(geometry=Geometry(kind, _frozen(coords)), address=d.address, radius=radius,
                           geofence_id=d.geofence_id, place_handle=d.place_handle, place_id=d.place_id)
    if d.place_handle or d.geofence_id or (allow_address and d.address and d.address.strip()):
        out = Destination(address=d.address, radius=d.radius if d.radius is not None else 30,
                          geofence_id=d.geofence_id, place_handle=d.place_handle, place_id=d.place_id)
        out.geometry = Geometry("Point", geo.point_of(out))
        return out
    what = "geometry, place_handle, geofence_id" + (" or address" if allow_address else "")
    p.add(name, f"Destination needs {what}.")
    return None


def order_item(p: Problems, name: str, item: OrderIn, batch: bool) -> dict:
    """Normalised fields of one order of a batch (scheduled_at required) or of a track call."""
    p.text(f"{name}.order_handle", item.order_handle, required=True)
    dest = destination(p, f"{name}.destination", item.destination, allow_address=batch)
    scheduled_at, scheduled_ts = p.time(f"{name}.scheduled_at", item.scheduled_at, required=batch)
    scheduled_after, _ = p.time(f"{name}.scheduled_after", item.scheduled_after)
    p.choice(f"{name}.type", item.type, TYPES)
    p.choice(f"{name}.priority", item.priority, PRIORITIES)
    return {"order_handle": item.order_handle, "destination": dest, "scheduled_at": scheduled_at,
            "scheduled_ts": scheduled_ts, "scheduled_after": scheduled_after, "type": item.type or "drop",
            "type_index": item.type_index or 0, "expected_service_time": item.expected_service_time or 0,
            "capacity_used": 1 if item.capacity_used is None else item.capacity_used,
            "metadata": item.metadata, "product_type": item.product_type, "priority": item.priority}


def _number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _frozen(value: Any) -> Any:
    """Lists as tuples, all the way down (coordinates as they are stored)."""
    return tuple(_frozen(v) for v in value) if isinstance(value, list) else value


def _point(c: Any) -> list[float] | None:
    if not isinstance(c, list) or len(c) not in (2, 3):
        return None
    for v in c:  # a loop, not all(...): no generator per point (a third of the cost)
        if not _number(v):
            return None
    if not (-180 <= c[0] <= 180 and -90 <= c[1] <= 90):
        return None
    return [float(c[0]), float(c[1])]


def _polygon(c: Any) -> list | None:
    if not isinstance(c, list) or not c:
        return None
    rings = []
    for ring in c:
        if not isinstance(ring, list) or len(ring) < 4:
            return None
        points = [_point(v) for v in ring]
        if any(pt is None for pt in points):
            return None
        rings.append(points)
    return rings
