"""POST/GET/DELETE /webhooks. Registration first performs Onfleet's handshake: `GET <url>?check=<random>`
must answer 200 with exactly that value, else 400 / 1008. Webhooks belong to the caller's organisation."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request

from simulator.http.own_url import names_this_server
from simulator.vendors.base import engine_of, settings_of
from simulator.vendors.onfleet import ids, render
from simulator.vendors.onfleet.auth import Caller
from simulator.vendors.onfleet.errors import invalid, not_found
from simulator.vendors.onfleet.schemas import Webhook, WebhookIn
from simulator.vendors.onfleet.state import state_of
from simulator.vendors.onfleet.webhooks import TRIGGERS

VENDOR = "onfleet"
HANDSHAKE_FAILED = "The webhook URL provided did not pass our validation test."
# Onfleet auto-validates Zapier/RequestBin; ordersim trusts its own sink the same way (on this server only).
AUTO_VALIDATED = "/_sim/sink/"


def _registry(caller: Caller) -> tuple[dict[str, Webhook], dict[int, list[str]]]:
    state = state_of(caller.tenant)
    return state.hooks, state.hook_ids_by_trigger


def own_sink(request: Request, url: str) -> bool:
    """A sink of this server: no handshake (a request to ourselves from inside a request)."""
    return (urlsplit(url).path.startswith(AUTO_VALIDATED)
            and names_this_server(url, request, settings_of(request).public_url))


async def handshake(url: str, check: str, timeout: float) -> str | None:
    """None when the receiver echoed `check`, else what went wrong (the error's cause). Redirects
    are not followed, as no webhook delivery follows them."""
    try:
        import httpx  # lazily: ~60 ms of start-up otherwise

        async with httpx.AsyncClient(follow_redirects=False) as http:
            resp = await http.get(url, params={"check": check}, timeout=timeout)
    except Exception as exc:  # refused, timed out, bad host: a failed validation, never a 500
        return f"GET {url}?check=... failed: {type(exc).__name__}"
    if resp.status_code != 200:
        return f"GET {url}?check=... answered HTTP {resp.status_code}, expected 200."
    if resp.text != check:
        return f"GET {url}?check=... answered {resp.text[:80]!r}, expected the check value."
    return None


def validate(req: WebhookIn) -> None:
    if not isinstance(req.url, str) or not req.url.strip():
        raise invalid("url is required.")
    try:
        parts = urlsplit(req.url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        raise invalid("url must be an http(s) URL.", f"Got {req.url!r}")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise invalid("url must be an http(s) URL.", f"Got {req.url!r}")
    if not isinstance(req.name, str) or not req.name.strip():
        raise invalid("name is required.")
    if req.trigger is None:
        raise invalid("trigger is required.", "A trigger id, e.g. 3 for taskCompleted.")
    if req.trigger not in TRIGGERS:
        raise invalid("trigger is invalid.", f"Unknown trigger id {req.trigger}; known: 0-10, 12-29.")
    if req.threshold is not None and req.threshold <= 0:
        raise invalid("threshold must be positive.")


async def create(request: Request, caller: Caller, req: WebhookIn) -> dict:
    validate(req)
    assert req.url is not None and req.name is not None and req.trigger is not None  # validate refused them missing
    timeout = settings_of(request).webhook_timeout
    check = caller.tenant.ids.chars(24)
    problem = None if own_sink(request, req.url) else await handshake(req.url, check, timeout)
    if problem is not None:
        raise invalid(HANDSHAKE_FAILED, problem, 1008)
    engine_of(request).keep_tenant(caller.tenant)  # it holds a webhook from now on
    hooks, by_trigger = _registry(caller)
    hook = Webhook(id=ids.new_id(caller.tenant), organization=caller.org, name=req.name, url=req.url,
                   trigger=req.trigger, threshold=req.threshold,
                   isEnabled=True if req.isEnabled is None else req.isEnabled,
                   canReceiveConnectionEvents=bool(req.canReceiveConnectionEvents))
    hooks[hook.id] = hook
    by_trigger.setdefault(hook.trigger, []).append(hook.id)
    return render.webhook(hook)


def listing(caller: Caller) -> list[dict]:
    hooks, _ = _registry(caller)
    return [render.webhook(h) for h in hooks.values() if h.organization == caller.org]


def delete(caller: Caller, hook_id: str) -> None:
    hooks, by_trigger = _registry(caller)
    hook = hooks.get(hook_id)
    if hook is None or hook.organization != caller.org:
        raise not_found("webhook", hook_id)
    del hooks[hook_id]
    by_trigger[hook.trigger].remove(hook.id)
