"""token/login, core/logout and the sid -> session lookup.

A token selects the tenant (engine.tenants.resolve). The session itself lives in
the tenant's WialonState, so /_sim/reset ends it; the vendor keeps one app-wide
`sid -> token` dict so that a sid is found without scanning tenants."""

from __future__ import annotations

import json
from typing import Any

from simulator.engine import Tenant
from simulator.vendors.base import bind_tenant
from simulator.vendors.wialon.call import Call
from simulator.vendors.wialon.catalog import CLASSES, CLS_USER, FULL_ACCESS, VENDOR, catalog
from simulator.vendors.wialon.decode import convert
from simulator.vendors.wialon.errors import INVALID_INPUT, INVALID_SESSION, LOGIN_FAILED, WialonError
from simulator.vendors.wialon.schemas import LoginIn
from simulator.vendors.wialon.state import Session, state_of

TOKEN_LIFETIME = 2_592_000  # 30 days, as in Wialon's login example
MAX_EVENTS = 10_000  # pending avl_evts per session; the oldest go first beyond this
MAX_SESSIONS = 1_000  # per tenant; beyond this the least recently used session ends (clients that
#                       log in for every call would otherwise grow memory without bound)


def sessions_of(tenant: Tenant) -> dict[str, Session]:
    return state_of(tenant).sessions


def login(call: Call, params: Any) -> dict:
    """`sid` on token/login is ignored: clients send garbage there (a function repr, "None")."""
    req = convert(params, LoginIn)
    if not req.token:
        raise WialonError(INVALID_INPUT, "token is required")
    tenant = call.engine.tenants.resolve(VENDOR, req.token)
    if tenant is None:
        raise WialonError(LOGIN_FAILED, "invalid or expired token")
    tenant = call.engine.keep_tenant(tenant)  # it holds a session from now on
    bind_tenant(call.request, tenant)
    cat = catalog(tenant)
    now = tenant.clock.now()
    sid = tenant.ids.hex(32)
    sessions = sessions_of(tenant)
    sessions[sid] = Session(sid=sid, token=req.token, user_id=cat.user.id, created=now, last=now)
    call.sids[sid] = req.token
    if len(sessions) > MAX_SESSIONS:
        end(call.sids, tenant, next(iter(sessions.values())))
    call.tenant = tenant
    token_info = {"app": req.appName or "Wialon Hosting", "ct": int(now), "at": int(now), "dur": TOKEN_LIFETIME,
                  "fl": -1, "p": "{}", "items": []}
    host = call.request.client.host if call.request.client else "127.0.0.1"
    return {
        "host": host, "eid": sid, "gis_sid": tenant.ids.hex(32), "au": req.operateAs or cat.user.nm, "tm": int(now),
        # wialon-sdk reads `api` and then `<api>_version`; python clients read eid and user.id
        "api": "wsdk", "wsdk_version": "1.0", "base_url": "", "hw_gw_ip": "127.0.0.1", "hw_gw_dns": "localhost",
        "gis_search": "", "gis_render": "", "gis_geocode": "", "gis_routing": "",
        "token": json.dumps(token_info, separators=(",", ":")), "th": tenant.ids.hex(72),
        "user": {"nm": cat.user.nm, "cls": CLS_USER, "id": cat.user.id, "prp": {}, "crt": cat.user.id,
                 "bact": cat.account, "fl": 6, "hm": "", "uacl": FULL_ACCESS, "mu": 0, "ct": int(now), "ld": int(now)},
        "classes": CLASSES,
        "features": {"unlim": 1, "svcs": {"orders": 1}},
    }


def require(call: Call) -> None:
    """Find the session for `call.sid` or answer error 1; refreshes the idle timer."""
    sid = call.sid or ""
    token = call.sids.get(sid)
    tenant = call.engine.tenants.resolve(VENDOR, token) if token is not None else None
    session = sessions_of(tenant).get(sid) if tenant is not None else None
    if tenant is None or session is None:
        call.sids.pop(sid, None)  # a reset or a refused token ended it
        raise WialonError(INVALID_SESSION)
    now = tenant.clock.now()
    ttl = catalog(tenant).session_ttl
    if ttl is not None and now - session.last > ttl:
        end(call.sids, tenant, session)
        raise WialonError(INVALID_SESSION)
    session.last = now
    sessions = sessions_of(tenant)
    del sessions[session.sid]  # most recently used last: eviction takes the first
    sessions[session.sid] = session
    call.tenant, call.session = tenant, session
    bind_tenant(call.request, tenant)


def end(sids: dict[str, str], tenant: Tenant, session: Session) -> None:
    sessions_of(tenant).pop(session.sid, None)
    sids.pop(session.sid, None)
    watchers = state_of(tenant).watchers
    for item_id in session.flags:
        watchers.get(item_id, {}).pop(session.sid, None)


def logout(call: Call, params: Any) -> dict:
    end(call.sids, call.live_tenant, call.live_session)
    call.session = None  # later calls in the same batch find no session
    return {"error": 0}


def push_event(session: Session, event: dict) -> None:
    session.events.append(event)
    if len(session.events) > MAX_EVENTS:
        del session.events[: len(session.events) - MAX_EVENTS]
