"""What /_sim/openapi/wialon.json says about the three routes in routes.py. Wialon has one endpoint,
`ajax.html`; what a call does is its `svc` query parameter and its `params` (a JSON document). The
`svc` values come from routes.SERVICES, so a new service appears here by itself; PARAMS names the
Struct each one decodes its params into."""

from __future__ import annotations

import functools
import operator
from typing import Any, Literal

from simulator.openapi import ApiDescription, Op, Param, Reply
from simulator.vendors.wialon.routes import SERVICES
from simulator.vendors.wialon.schemas import (
    BatchCall,
    CompleteIn,
    DataFlagsIn,
    ErrorOut,
    HistoryIn,
    LoginIn,
    SearchItemIn,
    SearchItemsIn,
    UpdateIn,
)

PARAMS: dict[str, Any] = {
    "token/login": LoginIn,
    "core/logout": dict[str, Any],
    "core/batch": list[BatchCall],
    "core/search_item": SearchItemIn,
    "core/search_items": SearchItemsIn,
    "core/update_data_flags": DataFlagsIn,
    "order/update": UpdateIn,
    "order/get_orders_history": HistoryIn,
    "order/complete_from_history": CompleteIn,
}
SVC = Literal[tuple(SERVICES)]  # type: ignore[valid-type]
ANY_PARAMS = functools.reduce(operator.or_, {PARAMS.get(svc, dict[str, Any]) for svc in SERVICES})
TABLE = "\n".join(f"| `{svc}` | `{getattr(PARAMS.get(svc), '__name__', PARAMS.get(svc))}` | "
                  f"{'yes' if needs else 'no'} |" for svc, (_, needs) in SERVICES.items())
ANSWER = Reply(dict[str, Any] | list[Any] | ErrorOut,
               "always 200: the service's result (an object, or a list for core/batch and core/update_data_flags), "
               "or `{\"error\": N, \"reason\"?}` from Wialon's table (1 session, 2 service, 4 input, 5 performing, "
               "7 access, 8 login, 10 batch aborted)")
FIELDS = (Param("svc", type=SVC, required=True, description="the service", example="token/login"),
          Param("params", type=ANY_PARAMS, json=True, description="the service's parameters, JSON-encoded",
                example={"token": "proof-token"}))
SESSION = ("", "sid")  # token/login needs no session, every other service its `sid`


AJAX = {
    "GET": Op("Call a Wialon service", {200: ANSWER}, params=FIELDS, security=SESSION),
    "POST": Op("Call a Wialon service (fields in the query string, or a form or JSON body: the body wins)",
               {200: ANSWER}, params=FIELDS, security=SESSION),
}

API = ApiDescription(
    title="Wialon Logistics (Remote API over ajax.html), as ordersim emulates it",
    description="One endpoint, `ajax.html`, with `svc`, `params` (JSON) and `sid`. Every answer is HTTP 200 with "
                "JSON; errors are `{\"error\": N}`. Auth: `token/login` with a token opens a session; its `eid` "
                "is the `sid` of every later call. Services:\n\n| svc | params | needs sid |\n|---|---|---|\n"
                + TABLE,
    security_schemes={"sid": {"type": "apiKey", "in": "query", "name": "sid",
                              "description": "the `eid` token/login answered"}},
    security=("sid",),
    operations={
        **{(method, "/wialon/ajax.html"): op for method, op in AJAX.items()},
        **{(method, "/ajax.html"): op for method, op in AJAX.items()},
        **{(method, "/avl_evts"): Op("Poll the session's item events", {200: ANSWER})
           for method in ("GET", "POST")},
    },
)
