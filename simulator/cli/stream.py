"""Following the server: its event stream (GET /_sim/events, server-sent events) for `events`,
`listen` and `webhooks --follow`, and Ctrl-C as the normal way to stop a command that follows (exit 0).
What the command prints about the stream itself goes to stderr; stdout stays data."""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.client import SimClient


RECONNECT_S = 1.0


def server_events(sim: SimClient, tenant: str | None, vendor: str | None, kind: str = "order",
                  on_open: Callable[[], None] = lambda: None) -> Iterator[dict[str, Any]]:
    """Every event of one kind from now on, decoded: "order" (the fields of simulator.engine.OrderEvent)
    or "delivery" (DeliveryEvent: a webhook queued or attempted). `on_open` runs once the server has
    first accepted the stream. A lost connection is retried every second with Last-Event-ID, so the
    server replays what was missed (and says so on stderr when it cannot, e.g. after a restart).
    Raises SimError when the server refuses, httpx.HTTPError when the first connection fails."""
    import httpx

    params = {k: v for k, v in (("tenant", tenant), ("vendor", vendor), ("types", kind)) if v}
    last_id: list[str] = []  # the id of the last event seen, once there is one
    opened = lost = False
    while True:
        try:
            headers = {"last-event-id": last_id[0]} if last_id else {}
            with sim.http.stream("GET", "/_sim/events", params=params, headers=headers,
                                 timeout=httpx.Timeout(10.0, read=None)) as resp:
                _refused(resp)
                if not opened:
                    opened = True
                    on_open()
                elif lost:
                    note(f"reconnected to {sim.base_url}")
                lost = False
                yield from _decode(resp.iter_lines(), kind, last_id)
        except httpx.TransportError:
            if not opened:
                raise
        if not lost:
            note(f"lost the event stream of {sim.base_url}; reconnecting every {RECONNECT_S:g} s (Ctrl-C stops)")
            lost = True
        time.sleep(RECONNECT_S)


def _refused(resp: Any) -> None:
    import msgspec

    from simulator.client import SimError

    if resp.status_code >= 400:
        body = resp.read()
        try:
            detail = msgspec.json.decode(body)
        except msgspec.DecodeError:
            detail = body.decode(errors="replace")
        raise SimError(resp.status_code, detail, "GET", "/events")


def _decode(lines: Iterator[str], kind: str, last_id: list[str]) -> Iterator[dict[str, Any]]:
    """Server-sent events of one name, decoded; keeps the last `id:` seen in last_id."""
    import msgspec

    name, data = "message", []
    for line in lines:
        if line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("id:"):
            last_id[:] = [line[3:].strip()]
        elif not line:  # a blank line ends one event
            if name == "gap":
                note("the server could not replay every event since the last one seen (restarted?); "
                     "some may be missing")
            elif data and name == kind:
                yield msgspec.json.decode("\n".join(data))
            name, data = "message", []


def note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def until_interrupted(follow: Callable[[], int]) -> int:
    """Run a command that follows the server until Ctrl-C (SIGINT) or SIGTERM, which end it with exit 0."""
    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, stop)
    # Also when started with SIGINT ignored (a background job of a script): Python then installs no
    # KeyboardInterrupt handler, and Ctrl-C / kill -INT would do nothing.
    signal.signal(signal.SIGINT, stop)
    try:
        return follow()
    except KeyboardInterrupt:
        return 0


def following(what: str, sim: SimClient) -> Callable[[], None]:
    """Says on stderr (stdout stays data) that the stream is live."""
    return lambda: note(f"following {what} at {sim.base_url} (Ctrl-C stops)")


def describe_event(event: dict[str, Any]) -> str:
    """One line: simulated time, tenant, vendor, order, what happened."""
    from simulator.cli.table import when

    change = event["state"] if not event.get("previous_state") else f"{event['previous_state']} -> {event['state']}"
    return (f"{when(event['at'])}  {event['tenant']}  {event['vendor']}  {event['order_id']}  {event['kind']}  "
            f"{change} ({event['milestone']})")
