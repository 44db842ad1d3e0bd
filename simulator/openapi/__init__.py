"""OpenAPI 3.1 documents generated from the route tables and the msgspec Structs.

Each vendor describes its operations in its own `openapi.py` (an `ApiDescription`, returned by the
`Vendor.api()` hook); the control plane describes its routes in `simulator/control/api_docs.py`.
`build.document()` walks the routes an app really serves and looks each one up in the description,
so a route nobody described shows up in `undocumented()` (a test failure) instead of silently missing."""

from simulator.openapi.model import ApiDescription, Op, Param, Reply

__all__ = ["ApiDescription", "Op", "Param", "Reply"]
