"""GET /_sim/openapi (the list), /_sim/openapi/{name}.json (one OpenAPI 3.1 document per vendor, plus
`control` for /_sim itself) and /_sim/docs[/{name}] (Swagger UI, served from the installed
swagger-ui-bundle package: no internet needed). Documents are generated from the routes the app
serves and the descriptions their owners declare (`Vendor.api()`, control/api_docs.py)."""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from simulator.control.base import Control, fail
from simulator.http.responses import encode, json_response
from simulator.http.routing import Route

if TYPE_CHECKING:  # the generator loads on the first document request, not at start-up
    from simulator.openapi import ApiDescription

PLACEHOLDER = "http://ordersim.invalid"  # replaced by the request's own base on every answer
ASSET_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".map": "application/json"}


def host_base(request: Request) -> str:
    """`http://host:port` as the client reached us (the Host header), so `servers` works from anywhere."""
    host = request.headers.get("host") or "{}:{}".format(*(request.scope.get("server") or ("127.0.0.1", 80)))
    return f"{request.url.scheme}://{host}"


class Described(Protocol):
    """What the documents need of a vendor (simulator.vendors.base.Vendor has both)."""

    def api(self) -> ApiDescription | None: ...
    def routes(self) -> list[Any]: ...


@functools.cache
def asset_dir() -> Path:
    """Swagger UI's folder in the swagger-ui-bundle package (vendor/swagger-ui-<version>), found on first
    use: importing the package is left out of start-up (which stays under 0.5 s)."""
    package = Path(str(importlib.resources.files("swagger_ui_bundle")))
    return max(package.glob("vendor/swagger-ui-*"))


def routes(ctl: Control, served: list[Route]) -> list[Route]:
    """`served`: the control plane's complete route list (filled by the caller after this returns)."""

    def descriptions() -> dict[str, tuple[ApiDescription, list[Any], str]]:
        from simulator.control.api_docs import CONTROL_API
        out = {}
        for name, hooks in ctl.engine.vendors.items():
            vendor = cast(Described, hooks)
            api = vendor.api()
            if api is not None:
                out[name] = (api, vendor.routes(), f"/{name}")
        out["control"] = (CONTROL_API, served, "/_sim")
        return out

    @functools.cache
    def generated(name: str) -> dict[str, Any] | None:
        entry = descriptions().get(name)
        if entry is None:
            return None
        from simulator.openapi.build import document
        api, table, mount = entry
        return document(api, table, PLACEHOLDER + mount, ctl.version)

    def names() -> list[str]:
        return list(descriptions())

    async def list_documents(request: Request) -> Response:
        base = host_base(request)
        return json_response({"documents": [
            {"name": n, "url": f"{base}/_sim/openapi/{n}.json", "docs": f"{base}/_sim/docs/{n}"} for n in names()]})

    async def one_document(request: Request) -> Response:
        name = request.path_params["document"]
        doc = generated(name.removesuffix(".json")) if name.endswith(".json") else None
        if doc is None:
            raise fail(404, f"no document {name!r}; known: {', '.join(n + '.json' for n in names())}")
        servers = [{"url": s["url"].replace(PLACEHOLDER, host_base(request))} for s in doc["servers"]]
        return Response(encode({**doc, "servers": servers}), media_type="application/json")

    async def docs(request: Request) -> Response:
        name = request.path_params.get("document", names()[0])
        if name not in names():
            raise fail(404, f"no document {name!r}; known: {', '.join(names())}")
        return HTMLResponse(page(names(), name))

    async def asset(request: Request) -> Response:
        filename = request.path_params["file"]
        path = asset_dir() / filename
        if "/" in filename or filename.startswith(".") or path.suffix not in ASSET_TYPES or not path.is_file():
            raise fail(404, f"no asset {filename!r}")
        return FileResponse(path, media_type=ASSET_TYPES[path.suffix])

    return [
        Route("/openapi", list_documents, methods=["GET"]),
        Route("/openapi/{document}", one_document, methods=["GET"]),
        Route("/docs", docs, methods=["GET"]),
        Route("/docs/assets/{file}", asset, methods=["GET"]),
        Route("/docs/{document}", docs, methods=["GET"]),
    ]


def page(names: list[str], primary: str) -> str:
    """Swagger UI with every document in its selector; every URL is a path on this server."""
    urls = [{"name": n, "url": f"/_sim/openapi/{n}.json"} for n in names]
    config = {"urls": urls, "urls.primaryName": primary, "dom_id": "#swagger-ui", "deepLinking": True,
              "validatorUrl": None, "layout": "StandaloneLayout"}
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ordersim API documents</title>
<link rel="stylesheet" href="/_sim/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/_sim/docs/assets/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/_sim/docs/assets/swagger-ui-bundle.js"></script>
<script src="/_sim/docs/assets/swagger-ui-standalone-preset.js"></script>
<script>
const config = {encode(config).decode()};
config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset];
window.ui = SwaggerUIBundle(config);
</script>
</body>
</html>
"""
