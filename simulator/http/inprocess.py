"""Call this app's own HTTP API in-process, through its whole ASGI stack (middleware, auth, the
vendor's handler), without a socket: what scenario fixtures use to create their orders the way a
client would. A plain ASGI call, so start-up does not pay for importing an HTTP client."""

from __future__ import annotations

import asyncio
import base64
import urllib.parse
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import msgspec

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]


class Reply(msgspec.Struct, frozen=True):
    status: int
    body: bytes

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def json(self) -> Any:
        """The decoded body, or None when it is not JSON."""
        try:
            return msgspec.json.decode(self.body)
        except msgspec.DecodeError:
            return None

    def text(self, limit: int = 300) -> str:
        """The body as text, cut at `limit` characters (for an error message)."""
        text = self.body.decode("utf-8", "replace").strip()
        return text if len(text) <= limit else text[:limit - 3] + "..."


def basic(user: str, password: str = "") -> dict[str, str]:
    """An HTTP Basic Authorization header."""
    return {"authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


class InProcessClient:
    """Requests to `app` as if sent to `host` (the Host header: what links in answers are built from)."""

    def __init__(self, app: ASGIApp, host: str = "127.0.0.1:8080") -> None:
        self.app, self.host = app, host

    def _server(self) -> tuple[str, int] | None:
        name, _, port = self.host.rpartition(":")
        return (name.strip("[]"), int(port)) if port.isdigit() else None

    async def request(self, method: str, path: str, *, query: dict[str, str] | None = None,
                      json: Any = None, form: dict[str, str] | None = None,
                      headers: dict[str, str] | None = None) -> Reply:
        head = {"host": self.host, **(headers or {})}
        body = b""
        if json is not None:
            body, head["content-type"] = msgspec.json.encode(json), "application/json"
        elif form is not None:
            body = urllib.parse.urlencode(form).encode()
            head["content-type"] = "application/x-www-form-urlencoded"
        head["content-length"] = str(len(body))
        scope: Scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
            "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
            "query_string": urllib.parse.urlencode(query or {}).encode(),
            "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in head.items()],
            "client": ("127.0.0.1", 0), "server": self._server(),
            "state": {},
        }
        done = asyncio.Event()
        sent = False
        status, chunks = 500, []

        async def receive() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await done.wait()  # a handler listening for a disconnect hears one once its answer is out
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    done.set()

        await self.app(scope, receive, send)
        done.set()
        return Reply(status, b"".join(chunks))
