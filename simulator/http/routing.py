"""Routing without a linear regex scan: the first path segment picks the vendor (or /_sim) with one
dict lookup, and that vendor's routes are indexed by their literal segments, so the route for
`/tiramizoo/v1/orders/<uuid>` is a second dict lookup and one regex match, however many routes the
vendor has; the last ROUTES_KEPT matches are remembered, so a path a client repeats is one lookup.
Starlette's own rules (slash redirects, 404, 405, lifespan) still answer everything the index does not
match outright."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from starlette import routing
from starlette.convertors import StringConvertor
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from simulator.http.exchange import sender

Endpoint = Callable[[Request], Awaitable[Response]]
Numbered = tuple[int, routing.BaseRoute]  # a route and its place in the mount's list


class Route(routing.Route):
    """Starlette's Route without its per-request exception layer: SimMiddleware already turns every
    exception into the vendor's answer (simulator/http/middleware.py), so a handler's exception goes
    straight there; and a plain Response goes to the request's Exchange whole (see _answer_with).
    Every vendor and control-plane route is one of these."""

    def __init__(self, path: str, endpoint: Endpoint, **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        if inspect.iscoroutinefunction(endpoint) and not kwargs.get("middleware"):
            self.app = _answer_with(endpoint)


class SimRequest(Request):
    """Starlette's Request whose query parameters are parsed once per distinct query string (a
    client sends its own again on every call, and an empty one costs a parse too). QueryParams is
    immutable, so one can be shared."""

    @property
    def query_params(self) -> QueryParams:
        return _query_params(self.scope["query_string"])


@functools.lru_cache(maxsize=256)
def _query_params(query_string: bytes) -> QueryParams:
    return QueryParams(query_string)


def _answer_with(endpoint: Endpoint) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        response = await endpoint(SimRequest(scope, receive, send))
        exchange = sender(send)
        # Through the request's Exchange (a plain Response goes whole, not as two messages through
        # its `send`), but only when `send` is that exchange's own: no layer in between is skipped.
        await (exchange.respond(response, scope, receive) if exchange is not None else response(scope, receive, send))

    return app


class RouteIndex:
    """A mount's routes by the literal segments of their paths. A path's candidates are the routes
    whose literal segments equal its own, plus any route the index cannot split into segments (a
    `{x:path}` parameter, or a parameter inside a segment); tried in declaration order, as Starlette
    tries them, so the first full match is the one Starlette would pick."""

    def __init__(self, routes: list[routing.BaseRoute]) -> None:
        # segment count -> [(positions of literal segments, {those segments: [(order, route)]})]
        self._shapes: dict[int, list[tuple[tuple[int, ...], dict[tuple[str, ...], list[Numbered]]]]] = {}
        self._irregular: list[Numbered] = []
        # Routes whose parameters are all plain text: the regex's groups are their values as they are.
        self._plain = {id(r) for r in routes if isinstance(r, routing.Route)
                       and all(isinstance(c, StringConvertor) for c in r.param_convertors.values())}
        for order, route in enumerate(routes):
            if not isinstance(route, routing.Route):
                self._irregular.append((order, route))  # never a fast match: see find()
                continue
            segments = route.path.split("/")
            params = [s.startswith("{") and s.endswith("}") and s.count("{") == 1 for s in segments]
            if any(("{" in s) != is_param or ":path}" in s for s, is_param in zip(segments, params, strict=True)):
                self._irregular.append((order, route))
                continue
            literal = tuple(i for i, is_param in enumerate(params) if not is_param)
            shapes = self._shapes.setdefault(len(segments), [])
            table = next((t for positions, t in shapes if positions == literal), None)
            if table is None:
                table = {}
                shapes.append((literal, table))
            table.setdefault(tuple(segments[i] for i in literal), []).append((order, route))

    def find(self, route_path: str, method: str) -> tuple[routing.Route, dict[str, Any]] | None:
        """The route that fully matches (path and method) and its path parameters, or None when
        there is none or it takes more than the index knows (Starlette's router then decides)."""
        segments = route_path.split("/")
        candidates: list[Numbered] = []
        for literal, table in self._shapes.get(len(segments), ()):
            found = table.get(tuple([segments[i] for i in literal]))
            if found:
                candidates = [*candidates, *found] if candidates else found
        if self._irregular:
            candidates = [*self._irregular, *candidates]
        if len(candidates) > 1:
            candidates = sorted(candidates, key=_place)
        for _, route in candidates:
            if not isinstance(route, routing.Route):
                return None  # a mount or host inside a mount: let Starlette walk it
            match = route.path_regex.match(route_path)
            if match is None:
                continue
            if route.methods and method not in route.methods:
                continue  # a partial match: a later route may still match fully, as in Starlette
            params = match.groupdict()
            if id(route) not in self._plain:  # a convertor that changes the text (int, float, uuid)
                params = {key: route.param_convertors[key].convert(value) for key, value in params.items()}
            return route, params
        return None


def _place(numbered: Numbered) -> int:
    return numbered[0]


ROUTES_KEPT = 1024  # (path, method) -> route matches remembered: a client repeats its paths (a poll, a create)


class PrefixRouter(routing.Router):
    def __init__(self, mounts: list[routing.Mount], **kwargs: Any) -> None:
        super().__init__(routes=mounts, **kwargs)
        self._by_segment = {mount.path.strip("/"): (mount, RouteIndex(mount.routes)) for mount in mounts}
        self._match = functools.lru_cache(maxsize=ROUTES_KEPT)(self._find)

    def _find(self, path: str, method: str) -> tuple[routing.Route, dict[str, Any], str] | None:
        """The route for a whole path, its parameters and its mount's prefix, or None for Starlette."""
        end = path.find("/", 1)
        found = self._by_segment.get(path[1:end] if end > 0 else path[1:])
        if found is None or end <= 0:
            return None
        hit = found[1].find(path[end:], method)
        return None if hit is None else (*hit, path[:end])

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope.get("root_path"):
            hit = self._match(scope["path"], scope["method"])
            if hit is not None:
                route, params, prefix = hit
                # What Mount.matches and Router.app would have put in the scope on their way here
                # (the parameters copied: the remembered match is shared by every request of that path).
                scope.update(router=self, route=route, endpoint=route.endpoint, path_params=dict(params),
                             app_root_path="", root_path=prefix)
                await route.app(scope, receive, send)
                return
        await super().app(scope, receive, send)  # lifespan, slash redirects, 404s, 405s: Starlette's rules
