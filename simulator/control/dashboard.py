"""GET /_sim/ (the dashboard page) and GET /_sim/static/{file} (its stylesheet and scripts).

Plain files shipped in the package (simulator/control/static/): no build step, nothing from the
internet. They hold no data, so they need no control token (http/control_lock.py lets them
through): the page asks for one when the API answers 401, and sends it with every request it makes."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from simulator.control.base import Control, fail
from simulator.http.routing import Route

STATIC = Path(__file__).parent / "static"
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}



def asset(name: str) -> Response:
    path = STATIC / name
    kind = TYPES.get(path.suffix)
    if kind is None or "/" in name or name.startswith(".") or not path.is_file():
        raise fail(404, f"no dashboard file {name!r}")
    # no-cache: the browser revalidates, so an upgraded ordersim never runs yesterday's script
    return Response(path.read_bytes(), media_type=kind, headers={"cache-control": "no-cache"})


def routes(ctl: Control) -> list[Route]:
    async def page(request: Request) -> Response:
        return asset("dashboard.html")

    async def static(request: Request) -> Response:
        return asset(request.path_params["name"])

    return [
        Route("/", page, methods=["GET"]),
        Route("/static/{name}", static, methods=["GET"]),
    ]
