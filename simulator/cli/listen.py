"""`ordersim listen --forward-to URL [--tenant T] [--vendor V]`: follow the order events of a server
(which may run in a container that cannot reach this machine) and POST each one to URL as a
Standard Webhook, signed with a secret printed first; one line per event with the receiver's answer.
The body and headers are those /_sim/subscriptions sends (simulator/standard_webhooks.py)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from simulator.cli.flags import described
from simulator.cli.remote import command, print_json, run_with_client
from simulator.cli.stream import describe_event, following, server_events, until_interrupted

if TYPE_CHECKING:
    from simulator.client import SimClient

FORWARD_TIMEOUT_S = 10.0


def register(sub: Any) -> None:
    parser = command(sub, "listen", "forward every order event to a local URL as a Standard Webhook", vendor=True)
    parser.add_argument("--forward-to", dest="forward_to", metavar="URL", required=True, type=http_url,
                        help=described("where to POST each event, e.g. http://localhost:3000/webhooks",
                                       default="required"))
    parser.add_argument("--secret", metavar="whsec_...", type=secret, help=described(
        "signing secret to use (so a receiver can keep its configuration)", default="a new random one, printed"))
    parser.set_defaults(run=run)


def http_url(text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(f"{text!r} is not an http(s) URL")
    return text


def secret(text: str) -> str:
    import base64
    import binascii

    try:
        if text.startswith("whsec_") and base64.b64decode(text[6:], validate=True):
            return text
    except binascii.Error:
        pass
    raise argparse.ArgumentTypeError("expected whsec_ followed by base64")


def run(args: argparse.Namespace) -> int:
    import httpx
    import msgspec

    from simulator import standard_webhooks
    from simulator.client import SimError

    signing_secret = args.secret or standard_webhooks.new_secret()

    def order_body(sim: SimClient, event: dict[str, Any]) -> Any:
        if event["kind"] == "deleted":
            return None
        try:
            return sim.order(event["vendor"], event["order_id"], tenant=event["tenant"]).order
        except SimError:  # deleted since: the event still goes out, as the server's subscriptions send it
            return None

    def forward(sim: SimClient) -> int:
        if args.json:
            print_json({"secret": signing_secret, "forward_to": args.forward_to}, lines=True)
        else:
            print(f"signing secret: {signing_secret}", flush=True)
        with httpx.Client(timeout=FORWARD_TIMEOUT_S) as receiver:
            ready = following(f"order events, forwarding to {args.forward_to}", sim)
            for event in server_events(sim, args.tenant, args.vendor, on_open=ready):
                payload = standard_webhooks.order_event_payload(event, order_body(sim, event))
                body = msgspec.json.encode(payload)
                msg_id = f"msg_{event['seq']}"
                headers = standard_webhooks.signed_headers(signing_secret, msg_id, body)
                try:
                    status: int | None = receiver.post(args.forward_to, content=body, headers=headers).status_code
                    error = None
                except httpx.HTTPError as exc:
                    status, error = None, str(exc) or type(exc).__name__
                if args.json:
                    print_json({"webhook_id": msg_id, "type": payload["type"], "status": status, "error": error,
                                "event": event}, lines=True)
                else:
                    print(f"{describe_event(event)}  -> {status if status is not None else f'error: {error}'}",
                          flush=True)
        return 0

    return until_interrupted(lambda: run_with_client(args, forward))
