"""The control plane under /_sim: JSON in, JSON out. Talks to the engine, never to vendor internals
(except through the Vendor hooks: render, error)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import msgspec
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from simulator.control.sink import Sinks
from simulator.control.sse import event_stream
from simulator.control.subscriptions import Subscriptions
from simulator.engine import Delivery, Engine, IllegalTransition, Tenant
from simulator.engine.clock import MODES
from simulator.engine.lifecycle import ALL_MILESTONES
from simulator.http.errors import ApiError, json_response
from simulator.http.faults import FaultRule, Faults
from simulator.http.journal import Journal

DASHBOARD = Path(__file__).parent / "static" / "dashboard.html"


def fail(status: int, message: str) -> ApiError:
    return ApiError(json_response({"error": message, "status": status}, status))


class ControlPlane:
    def __init__(self, engine: Engine, settings, journal: Journal, faults: Faults, version: str):
        self.engine, self.settings, self.journal, self.faults, self.version = engine, settings, journal, faults, version
        self.subscriptions = Subscriptions(engine, settings.seed)
        self.sinks = Sinks()

    def routes(self) -> list[Route]:
        return [
            Route("/", self.dashboard, methods=["GET"]),
            Route("/health", self.health, methods=["GET"]),
            Route("/reset", self.reset, methods=["POST"]),
            Route("/clock", self.get_clock, methods=["GET"]),
            Route("/clock", self.set_clock, methods=["PUT"]),
            Route("/clock/advance", self.advance_clock, methods=["POST"]),
            Route("/orders", self.list_orders, methods=["GET"]),
            Route("/orders/{vendor}/{order_id:path}/advance", self.advance_order, methods=["POST"]),
            Route("/orders/{vendor}/{order_id:path}", self.get_order, methods=["GET"]),
            Route("/webhooks", self.list_webhooks, methods=["GET"]),
            Route("/webhooks/wait", self.wait_webhooks, methods=["POST"]),
            Route("/sink/{name}", self.sinks.receive, methods=["POST", "PUT", "PATCH"]),
            Route("/sink/{name}", self.sinks.list, methods=["GET"]),
            Route("/sink/{name}", self.sinks.clear, methods=["DELETE"]),
            Route("/subscriptions", self.add_subscription, methods=["POST"]),
            Route("/subscriptions", self.list_subscriptions, methods=["GET"]),
            Route("/subscriptions/{sub_id}", self.delete_subscription, methods=["DELETE"]),
            Route("/requests", self.list_requests, methods=["GET"]),
            Route("/events", self.events, methods=["GET"]),
            Route("/faults", self.add_fault, methods=["POST"]),
            Route("/faults", self.list_faults, methods=["GET"]),
            Route("/faults", self.clear_faults, methods=["DELETE"]),
            Route("/settings", self.get_settings, methods=["GET"]),
            Route("/settings", self.patch_settings, methods=["PUT", "PATCH"]),
            Route("/vendors/{vendor}/config", self.get_vendor_config, methods=["GET"]),
            Route("/vendors/{vendor}/config", self.put_vendor_config, methods=["PUT"]),
        ]

    # -- helpers -----------------------------------------------------------------------
    async def _body(self, request: Request) -> dict:
        raw = await request.body()
        if not raw.strip():
            return {}
        try:
            data = msgspec.json.decode(raw)
        except msgspec.DecodeError as exc:
            raise fail(400, f"malformed JSON: {exc}")
        if not isinstance(data, dict):
            raise fail(400, "body must be a JSON object")
        return data

    def _tenant(self, ref, required: bool = False, create: bool = False) -> Tenant | None:
        """A tenant by name or credential. `create`: set-up calls (clock, vendor config) may name a
        tenant before its first API call; in open mode a credential names its own tenant."""
        if ref is None or ref == "":
            if required:
                raise fail(400, "tenant is required")
            return None
        if not isinstance(ref, str):
            raise fail(400, "tenant must be a string")
        tenant = self.engine.tenants.find(ref)
        if tenant is None and create:
            tenant = self.engine.tenants.get_or_create(ref)
        if tenant is None:
            raise fail(404, f"unknown tenant {ref!r} (a tenant name or a credential it has used)")
        return tenant

    def _tenants(self, ref) -> list[Tenant]:
        tenant = self._tenant(ref)
        return [tenant] if tenant is not None else self.engine.tenants.all()

    def _vendor(self, name):
        if name is not None and name not in self.engine.vendors:
            raise fail(404, f"unknown vendor {name!r}; known: {', '.join(self.engine.vendors)}")
        return name

    def _order_view(self, record) -> dict:
        return {"vendor": record.vendor, "tenant": record.tenant, "id": record.id, "state": record.state,
                "milestone": record.milestone, "created_at": record.created_at, "updated_at": record.updated_at,
                "version": record.version, "order": self.engine.vendors[record.vendor].render(record)}

    def _find_order(self, vendor: str, order_id: str, tenant_ref):
        self._vendor(vendor)
        matches = [(t, r) for t in self._tenants(tenant_ref) if (r := t.orders.get(vendor, order_id)) is not None]
        if not matches:
            raise fail(404, f"no {vendor} order {order_id!r}")
        if len(matches) > 1:
            raise fail(409, f"{vendor} order {order_id!r} exists in several tenants; pass ?tenant=")
        return matches[0]

    # -- endpoints ---------------------------------------------------------------------
    async def dashboard(self, request: Request):
        return HTMLResponse(DASHBOARD.read_bytes())

    async def health(self, request: Request):
        return json_response({"status": "ok", "version": self.version, "vendors": list(self.engine.vendors)})

    async def reset(self, request: Request):
        body = await self._body(request)
        tenant = self._tenant(body.get("tenant"))
        self.engine.reset(tenant.name if tenant else None)
        if tenant is None:
            self.journal.clear()
        return json_response({"reset": tenant.name if tenant else "all"})

    async def get_clock(self, request: Request):
        tenant = self._tenant(request.query_params.get("tenant"))
        if tenant is not None:
            return json_response({"tenant": tenant.name, **tenant.clock.describe(),
                                  "pending_jobs": len(tenant.scheduler)})
        return json_response({"default": {"mode": self.settings.clock, "speed": self.settings.speed},
                              "tenants": {t.name: t.clock.describe() for t in self.engine.tenants.all()}})

    async def set_clock(self, request: Request):
        body = await self._body(request)
        mode, speed = body.get("mode"), body.get("speed")
        if mode is not None and mode not in MODES:
            raise fail(400, f"mode must be one of {', '.join(MODES)}")
        if speed is not None and (not isinstance(speed, (int, float)) or isinstance(speed, bool) or speed <= 0):
            raise fail(400, "speed must be a positive number")
        tenant = self._tenant(body.get("tenant"), create=True)
        targets = [tenant] if tenant else self.engine.tenants.all()
        if tenant is None:  # also the default for tenants created later
            self.engine.tenants.clock_mode = mode or self.engine.tenants.clock_mode
            self.engine.tenants.speed = speed or self.engine.tenants.speed
        for tenant in targets:
            tenant.clock.configure(mode, speed)
        return json_response({"tenants": {t.name: t.clock.describe() for t in targets}})

    async def advance_clock(self, request: Request):
        body = await self._body(request)
        seconds = body.get("seconds")
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or seconds < 0:
            raise fail(400, "seconds must be a non-negative number")
        out = {}
        for tenant in self._tenants(body.get("tenant")):
            ran = await self.engine.advance_clock(tenant, float(seconds))
            out[tenant.name] = {**tenant.clock.describe(), "jobs_run": ran}
        return json_response({"tenants": out})

    async def list_orders(self, request: Request):
        q = request.query_params
        vendor = self._vendor(q.get("vendor"))
        milestone, state = q.get("milestone"), q.get("state")
        if milestone is not None and milestone not in ALL_MILESTONES:
            raise fail(400, f"milestone must be one of {', '.join(ALL_MILESTONES)}")
        limit = _int(q.get("limit"), 1000)
        out = []
        for tenant in self._tenants(q.get("tenant")):
            for record in tenant.orders.all():
                if ((vendor and record.vendor != vendor) or (milestone and record.milestone != milestone)
                        or (state and record.state != state)):
                    continue
                out.append(self._order_view(record))
                if len(out) >= limit:
                    break
        return json_response({"orders": out, "count": len(out)})

    async def get_order(self, request: Request):
        p = request.path_params
        _, record = self._find_order(p["vendor"], p["order_id"], request.query_params.get("tenant"))
        return json_response(self._order_view(record))

    async def advance_order(self, request: Request):
        p = request.path_params
        body = await self._body(request)
        tenant, record = self._find_order(p["vendor"], p["order_id"],
                                          body.get("tenant") or request.query_params.get("tenant"))
        target = body.get("to")
        machine = self.engine.vendors[record.vendor].machine
        if not isinstance(target, str) or not machine.knows(target):
            raise fail(400, f"'to' must be a {record.vendor} state ({', '.join(machine.states)}) "
                            f"or a milestone ({', '.join(ALL_MILESTONES)})")
        try:
            path = self.engine.advance_order(tenant, record, target)
        except IllegalTransition:
            raise fail(409, f"{record.vendor} order {record.id} is {record.state!r}; "
                            f"{target!r} cannot be reached from there")
        await self.engine.outbox.drain(tenant.name)
        return json_response({**self._order_view(record), "path": path})

    def _delivery_filter(self, params) -> tuple[list[Tenant] | None, Callable[[Delivery], bool]]:
        tenant = self._tenant(params.get("tenant"))
        vendor, order = params.get("vendor"), params.get("order")
        state, channel, event = params.get("state"), params.get("channel"), params.get("event")

        def keep(d) -> bool:
            return not ((vendor and d.vendor != vendor) or (order and d.order_id != order)
                        or (state and d.state != state) or (channel and d.channel != channel)
                        or (event and d.event != event))
        tenants = [tenant] if tenant else None
        return tenants, keep

    def _deliveries(self, tenants, keep) -> list:
        found = [d for t in (tenants or self.engine.tenants.all()) for d in t.deliveries if keep(d)]
        found.sort(key=lambda d: d.seq)
        return found

    async def list_webhooks(self, request: Request):
        tenants, keep = self._delivery_filter(request.query_params)
        found = self._deliveries(tenants, keep)
        return json_response({"deliveries": found, "count": len(found)})

    async def wait_webhooks(self, request: Request):
        body = await self._body(request)
        count, timeout = body.get("count", 1), body.get("timeout_s", 10)
        if not isinstance(count, int) or count < 0 or not isinstance(timeout, (int, float)) or timeout < 0:
            raise fail(400, "count must be a non-negative integer and timeout_s a non-negative number")
        settled = body.get("settled", False)  # wait for final outcomes (delivered/failed), not just attempts
        tenants, keep = self._delivery_filter({k: v for k, v in body.items() if isinstance(v, str)})

        def matched() -> list:
            return [d for d in self._deliveries(tenants, keep)
                    if d.attempts and (not settled or d.state in ("delivered", "failed"))]
        ok = await self.engine.outbox.wait_for(lambda: len(matched()) >= count, float(timeout))
        found = matched()
        return json_response({"matched": len(found), "deliveries": found, "timed_out": not ok},
                             200 if ok else 408)

    async def add_subscription(self, request: Request):
        body = await self._body(request)
        url = body.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise fail(400, "url must be an http(s) URL")
        vendor = self._vendor(body.get("vendor"))
        tenant = self._tenant(body.get("tenant"))
        secret = body.get("secret")
        if secret is not None and (not isinstance(secret, str) or not secret.startswith("whsec_")):
            raise fail(400, "secret, if given, must look like whsec_<base64>")
        sub = self.subscriptions.add(url, vendor, tenant.name if tenant else None, secret)
        return json_response(sub, 201)

    async def list_subscriptions(self, request: Request):
        return json_response({"subscriptions": list(self.subscriptions.items.values())})

    async def delete_subscription(self, request: Request):
        if not self.subscriptions.remove(request.path_params["sub_id"]):
            raise fail(404, "no such subscription")
        return json_response({"deleted": request.path_params["sub_id"]})

    async def list_requests(self, request: Request):
        q = request.query_params
        tenant = self._tenant(q.get("tenant"))
        entries = self.journal.query(vendor=q.get("vendor"), tenant=tenant.name if tenant else None,
                                     method=q.get("method"), path=q.get("path"),
                                     status=_int(q.get("status"), 0), limit=_int(q.get("limit"), 100))
        return json_response({"requests": entries, "count": len(entries)})

    async def events(self, request: Request):
        q = request.query_params
        tenant = self._tenant(q.get("tenant"))
        return event_stream(self.engine, request, tenant.name if tenant else None, self._vendor(q.get("vendor")))

    async def add_fault(self, request: Request):
        try:
            rule = msgspec.json.decode(await request.body() or b"{}", type=FaultRule)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            raise fail(400, f"invalid fault rule: {exc}")
        if rule.status and not 400 <= rule.status <= 599:
            raise fail(400, "status must be 400-599 (or 0 with delay_ms for a slow answer)")
        self._vendor(rule.vendor)
        return json_response(self.faults.add(rule), 201)

    async def list_faults(self, request: Request):
        return json_response({"faults": self.faults.rules})

    async def clear_faults(self, request: Request):
        return json_response({"removed": self.faults.remove(request.query_params.get("id"))})

    async def get_settings(self, request: Request):
        return json_response(self.settings)

    async def patch_settings(self, request: Request):
        """Run-time switches (rate_limit, webhook_timeout); everything else is fixed at start-up."""
        body = await self._body(request)
        allowed = {"rate_limit": bool, "webhook_timeout": (int, float)}
        for key, value in body.items():
            if key not in allowed:
                raise fail(400, f"{key!r} cannot be changed at run time; changeable: {', '.join(allowed)}")
            if not isinstance(value, allowed[key]):
                raise fail(400, f"{key!r} has the wrong type")
            setattr(self.settings, key, value)
        self.engine.outbox.timeout = self.settings.webhook_timeout
        return json_response(self.settings)

    async def get_vendor_config(self, request: Request):
        vendor = self._vendor(request.path_params["vendor"])
        tenant = self._tenant(request.query_params.get("tenant"), required=True)
        return json_response({"tenant": tenant.name, "vendor": vendor, "config": tenant.vendor_config(vendor)})

    async def put_vendor_config(self, request: Request):
        """Per-tenant vendor settings (e.g. the HyperTrack webhook URL a dashboard would hold)."""
        vendor = self._vendor(request.path_params["vendor"])
        body = await self._body(request)
        tenant = self._tenant(body.get("tenant"), required=True, create=True)
        config = body.get("config")
        if not isinstance(config, dict):
            raise fail(400, "config must be an object")
        tenant.config.setdefault("vendors", {}).setdefault(vendor, {}).update(config)
        return json_response({"tenant": tenant.name, "vendor": vendor, "config": tenant.vendor_config(vendor)})


def _int(value, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        raise fail(400, f"expected an integer, got {value!r}")
