"""Following the server: the order-event stream (GET /_sim/events, server-sent events) for `events`
and `listen`, and Ctrl-C as the normal way to stop a command that follows (exit 0)."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.client import SimClient


def server_events(sim: SimClient, tenant: str | None, vendor: str | None, kind: str = "order",
                  on_open: Callable[[], None] = lambda: None) -> Iterator[dict[str, Any]]:
    """Every event of one kind from now on, decoded: "order" (the fields of simulator.engine.OrderEvent)
    or "delivery" (DeliveryEvent: a webhook queued or attempted). `on_open` runs once the server has
    accepted the stream. Raises SimError when the server refuses, httpx.HTTPError when the
    connection is lost or closed."""
    import httpx
    import msgspec

    from simulator.client import SimError

    params = {k: v for k, v in (("tenant", tenant), ("vendor", vendor), ("types", kind)) if v}
    with sim.http.stream("GET", "/_sim/events", params=params, timeout=httpx.Timeout(10.0, read=None)) as resp:
        if resp.status_code >= 400:
            body = resp.read()
            try:
                detail = msgspec.json.decode(body)
            except msgspec.DecodeError:
                detail = body.decode(errors="replace")
            raise SimError(resp.status_code, detail, "GET", "/events")
        on_open()
        name, data = "message", []
        for line in resp.iter_lines():
            if line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
            elif line.startswith("event:"):
                name = line[6:].strip()
            elif not line:  # a blank line ends one event
                if data and name == kind:
                    yield msgspec.json.decode("\n".join(data))
                name, data = "message", []
    raise httpx.RemoteProtocolError("the server closed the event stream")


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
    return lambda: print(f"following {what} at {sim.base_url} (Ctrl-C stops)", file=sys.stderr, flush=True)


def describe_event(event: dict[str, Any]) -> str:
    """One line: simulated time, tenant, vendor, order, what happened."""
    from simulator.cli.table import when

    change = event["state"] if not event.get("previous_state") else f"{event['previous_state']} -> {event['state']}"
    return (f"{when(event['at'])}  {event['tenant']}  {event['vendor']}  {event['order_id']}  {event['kind']}  "
            f"{change} ({event['milestone']})")
