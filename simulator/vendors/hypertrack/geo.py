"""Just enough geography for plausible orders: a region from a US-style address, a point for
destinations given without coordinates, and a straight-line drive at constant speed that yields
the polyline, distance, duration and driver-activity events HyperTrack reports."""

from __future__ import annotations

import functools
import hashlib
import math
import re

from simulator.engine.ids import IdFactory
from simulator.engine.timefmt import iso_ms
from simulator.vendors.hypertrack.schemas import Destination, Trip

SPEED_MPS = 8.0  # ~29 km/h in town
TRIP_METERS = (2500, 6000)
FIRST_FIX_S = 2.0  # the device's first location comes a moment after tracking starts
POINT_EVERY_S = 60.0
METERS_PER_DEGREE = 111_320.0

US_STATES = dict(p.split(":") for p in (
    "AL:Alabama;AK:Alaska;AZ:Arizona;AR:Arkansas;CA:California;CO:Colorado;CT:Connecticut;DE:Delaware;"
    "DC:District of Columbia;FL:Florida;GA:Georgia;HI:Hawaii;ID:Idaho;IL:Illinois;IN:Indiana;IA:Iowa;"
    "KS:Kansas;KY:Kentucky;LA:Louisiana;ME:Maine;MD:Maryland;MA:Massachusetts;MI:Michigan;MN:Minnesota;"
    "MS:Mississippi;MO:Missouri;MT:Montana;NE:Nebraska;NV:Nevada;NH:New Hampshire;NJ:New Jersey;"
    "NM:New Mexico;NY:New York;NC:North Carolina;ND:North Dakota;OH:Ohio;OK:Oklahoma;OR:Oregon;"
    "PA:Pennsylvania;RI:Rhode Island;SC:South Carolina;SD:South Dakota;TN:Tennessee;TX:Texas;UT:Utah;"
    "VT:Vermont;VA:Virginia;WA:Washington;WV:West Virginia;WI:Wisconsin;WY:Wyoming").split(";"))
_US_TAIL = re.compile(r"^\s*([A-Z]{2})(?:\s+\d{5}(?:-\d{4})?)?\s*$")


def region_of(address: str | None) -> dict | None:
    """"748 Story Rd, San Jose, CA 95112" -> {country, city, state}; None when we cannot tell."""
    if not address:
        return None
    region = _region(address)
    return dict(region) if region is not None else None  # the order's own dict, not the cached one


@functools.lru_cache(maxsize=1024)  # a client sends the same few addresses again and again
def _region(address: str) -> dict | None:
    parts = [p.strip() for p in address.split(",") if p.strip()]
    if parts and parts[-1].lower() in ("usa", "us", "united states", "united states of america"):
        parts = parts[:-1]
    if len(parts) >= 2 and (m := _US_TAIL.match(parts[-1])) and m.group(1) in US_STATES:
        return {"country": "United States", "city": parts[-2], "state": US_STATES[m.group(1)]}
    return None


def point_of(dest: Destination) -> tuple[float, float]:
    """(lng, lat) the driver heads for: the point, a polygon's first-ring centroid, or (for an
    address / place / geofence given without geometry) a stable spot in the SF bay area."""
    geometry = dest.geometry
    if geometry is not None and geometry.type == "Point":
        return float(geometry.coordinates[0]), float(geometry.coordinates[1])
    if geometry is not None and geometry.type == "Polygon":
        ring = geometry.coordinates[0]
        return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    label = dest.address or dest.place_handle or dest.geofence_id or ""
    h = int.from_bytes(hashlib.sha256(label.encode()).digest()[:8], "big")
    return round(-122.45 + (h % 40_000) / 100_000, 6), round(37.30 + (h // 40_000 % 50_000) / 100_000, 6)


def plan_trip(ids: IdFactory, dest: tuple[float, float], now: float) -> Trip:
    meters = ids.integer(*TRIP_METERS)
    bearing = math.radians(ids.uniform(0, 360))
    dlat = meters * math.cos(bearing) / METERS_PER_DEGREE
    dlng = meters * math.sin(bearing) / (METERS_PER_DEGREE * max(0.1, math.cos(math.radians(dest[1]))))
    start = (round(dest[0] - dlng, 6), round(dest[1] - dlat, 6))
    return Trip(start=start, dest=dest, meters=meters, seconds=math.ceil(meters / SPEED_MPS), started=now)


def position(trip: Trip, t: float) -> list[float]:
    f = _fraction(trip, t)
    return [round(trip.start[0] + (trip.dest[0] - trip.start[0]) * f, 6),
            round(trip.start[1] + (trip.dest[1] - trip.start[1]) * f, 6)]


def travelled(trip: Trip, t: float) -> tuple[int, int]:
    """(meters, seconds) since tracking started, as of t."""
    return round(trip.meters * _fraction(trip, t)), max(0, int(t - trip.started))


def polyline(trip: Trip, until: float) -> dict:
    """Fixes every minute from the first one until arrival, then one for `until`: [lng, lat, alt, time]."""
    first = trip.started + FIRST_FIX_S
    if until < first:
        return {"type": "LineString", "coordinates": []}
    stop = min(until, trip.started + trip.seconds)
    times, t = [], first
    while t <= stop:
        times.append(t)
        t += POINT_EVERY_S
    if until > times[-1]:
        times.append(until)
    coords = [[*position(trip, t), _altitude(i), iso_ms(t)] for i, t in enumerate(times)]
    return {"type": "LineString", "coordinates": coords}


def activity_events(trip: Trip, arrived: float | None, until: float, closed: bool) -> list[dict]:
    """driver_activity_started/ended as the timeline shows them: a drive that ends on arrival
    (then a stop); the open activity ends when tracking for the order ends (`closed`)."""
    first = trip.started + FIRST_FIX_S
    if until < first:
        return []
    out = [_started("drive", trip, first)]
    current, since = "drive", first
    if arrived is not None and arrived <= until:
        out += [_ended("drive", trip, first, arrived), _started("stop", trip, arrived)]
        current, since = "stop", arrived
    if closed:
        out.append(_ended(current, trip, since, until))
    return out


def _started(activity: str, trip: Trip, t: float) -> dict:
    return {"type": "driver_activity_started", "recorded_at": iso_ms(t), "driver_handle": None,
            "activity": activity, "location": _fix(trip, t), "address": None}


def _ended(activity: str, trip: Trip, since: float, t: float) -> dict:
    moved = travelled(trip, t)[0] - travelled(trip, since)[0]
    return {"type": "driver_activity_ended", "recorded_at": iso_ms(t), "driver_handle": None,
            "activity": activity, "location": _fix(trip, t), "distance": moved if activity == "drive" else None,
            "duration": int(t - since), "steps": 0}


def _fix(trip: Trip, t: float) -> dict:
    return {"geometry": {"type": "Point", "coordinates": position(trip, t)}, "recorded_at": iso_ms(t)}


def _fraction(trip: Trip, t: float) -> float:
    return min(1.0, max(0.0, (t - trip.started) / trip.seconds)) if trip.seconds else 1.0


def _altitude(i: int) -> float:
    return round(24.0 + (i * 37 % 10) / 10, 2)  # a gently varying, deterministic altitude
