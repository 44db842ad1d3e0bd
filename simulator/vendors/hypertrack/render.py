"""The order as the API shows it at a given moment: stored fields plus what the drive implies
now (distance, duration, polyline, locations, risks, driver activity). Terminal orders freeze at
the moment they ended."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import msgspec

from simulator.vendors.hypertrack import geo
from simulator.vendors.hypertrack.schemas import Entry, Geometry, Order

RISK_KEYS = ("moving_away_from_destination", "is_offline", "delayed_from_scheduled_at",
             "deviating_from_expected_route", "moving_too_slow", "in_outage", "delayed_from_initial_eta",
             "in_low_battery")
_DETAIL_ONLY = dict(polyline=None, start_location=None, end_location=None, visited_destination=None,
                    completed_at_destination=None, cancelled_at_destination=None, attachments=None,
                    previous_fulfillments=None, timeline=None)


def detail(entry: Entry, now: float) -> Order:
    """GET /orders/{h} and every per-order action."""
    o, trip = entry.order, entry.trip
    until = entry.ended_ts if entry.ended_ts is not None else now
    changes: dict = {"risks": risks(entry, until)}
    if trip is not None:
        meters, seconds = geo.travelled(trip, until)
        activity = geo.activity_events(trip, entry.arrived_ts, until, closed=entry.ended_ts is not None)
        changes.update(distance=meters, duration=seconds, polyline=geo.polyline(trip, until),
                       start_location=Geometry("Point", tuple(trip.start)),
                       end_location=Geometry("Point", tuple(geo.position(trip, until))),
                       timeline=_merge(o.timeline or (), activity))
    elif o.timeline:
        changes["timeline"] = _merge(o.timeline, [])
    return msgspec.structs.replace(o, **changes)


def moment(entry: Entry, now: float) -> Hashable:
    """What of `now` detail(entry, now) depends on, for the version its kept answer goes by
    (simulator/http/answer_cache.py): nothing once the order ended (it is frozen at ended_ts); the
    moment itself while a drive is on (distance, polyline, ... move); otherwise only whether
    scheduled_at has passed (the schedule risk turns red)."""
    if entry.ended_ts is not None:
        return None
    if entry.trip is not None:
        return now
    return entry.scheduled_ts is not None and now > entry.scheduled_ts


def summary(entry: Entry, now: float) -> Order:
    """An item of GET /orders/ and of batch / track responses (no timeline, polyline, ...)."""
    until = entry.ended_ts if entry.ended_ts is not None else now
    changes: dict[str, Any] = dict(_DETAIL_ONLY, risks=risks(entry, until))
    if entry.trip is not None:
        changes["distance"], changes["duration"] = geo.travelled(entry.trip, until)
    return msgspec.structs.replace(entry.order, **changes)


def risks(entry: Entry, at: float) -> dict[str, str]:
    """All green, except being late for scheduled_at: yellow when the drive's ETA is past it,
    red once the time has passed without a completion (or the completion came after it)."""
    out = dict.fromkeys(RISK_KEYS, "green")
    due = entry.scheduled_ts
    if due is None:
        return out
    status = entry.order.status
    if status == "completed":
        late = (entry.arrived_ts or entry.ended_ts or at) > due
        out["delayed_from_scheduled_at"] = "red" if late else "green"
    elif at > due:
        out["delayed_from_scheduled_at"] = "red"
    elif entry.trip is not None and entry.arrived_ts is None and entry.trip.started + entry.trip.seconds > due:
        out["delayed_from_scheduled_at"] = "yellow"
    return out


def _merge(stored: Sequence[dict], activity: list[dict]) -> list[dict]:
    """Timeline sorted by time; at equal times the driver's activity comes before order events."""
    events = [(e["recorded_at"], 0, i, e) for i, e in enumerate(activity)]
    events += [(e["recorded_at"], 1, i, e) for i, e in enumerate(stored)]
    return [e for *_, e in sorted(events, key=lambda x: x[:3])]
