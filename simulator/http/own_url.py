"""Does a URL a client gave us (a webhook target) name this very server?"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request

_DEFAULT_PORTS = {"http": 80, "https": 443}
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def _authority(url: str) -> tuple[str, int] | None:
    try:
        parts = urlsplit(url)
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme)
    except ValueError:  # a bad port or an unbalanced "[" in the host
        return None
    if not parts.hostname or port is None:
        return None
    return parts.hostname.lower(), port


def names_this_server(url: str, request: Request, public_url: str | None = None) -> bool:
    """True when `url`'s host and port are the ones this request reached us at (its Host header),
    the configured public URL, or a loopback name with the port we listen on. A path alone proves
    nothing: `http://elsewhere/_sim/sink/x` is somebody else's server."""
    target = _authority(url)
    if target is None:
        return False
    scheme = request.url.scheme
    candidates = {_authority(f"{scheme}://{request.headers.get('host', '')}/")}
    if public_url:
        candidates.add(_authority(public_url))
    server = request.scope.get("server")
    if server and target[0] in _LOOPBACK and target[1] == server[1]:
        return True
    return target in candidates
