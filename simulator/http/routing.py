"""Top-level dispatch on the first path segment: one dict lookup picks the vendor (or /_sim)
Mount, instead of Starlette trying each Mount's regex in turn (a cost that grew per vendor)."""

from __future__ import annotations

from typing import Any

from starlette.routing import Match, Mount, Router
from starlette.types import Receive, Scope, Send


class PrefixRouter(Router):
    def __init__(self, mounts: list[Mount], **kwargs: Any) -> None:
        super().__init__(routes=mounts, **kwargs)
        self._by_segment = {mount.path.strip("/"): mount for mount in mounts}

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            mount = self._by_segment.get(scope["path"][1:].split("/", 1)[0])
            if mount is not None:
                match, child_scope = mount.matches(scope)
                if match is Match.FULL:
                    scope.setdefault("router", self)
                    scope["route"] = mount
                    scope.update(child_scope)
                    await mount.handle(scope, receive, send)
                    return
        await super().app(scope, receive, send)  # lifespan, slash redirects, 404s: Starlette's rules
