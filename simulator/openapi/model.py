"""What a vendor (or the control plane) declares about its operations. Types are Python types
(msgspec Structs, `list[...]`, `dict[str, Any]`, ...): the builder turns them into JSON Schema with
`msgspec.json.schema_components`, so the document follows the Structs the handlers decode and encode."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSON = "application/json"


@dataclass(frozen=True)
class Param:
    """A query, header or path parameter. `json=True`: the value is a JSON document (Wialon's `params`)."""

    name: str
    where: str = "query"
    type: Any = str
    required: bool = False
    description: str = ""
    json: bool = False
    example: Any = None


@dataclass(frozen=True)
class Reply:
    """One response. `type=None`: no body. `headers`: name -> description (always sent).
    `more`: other content types the same status may carry (content type -> Python type).
    `links`: name -> ((METHOD, path) of another operation, {its parameter: runtime expression}), e.g.
    `{"GetOrder": (("GET", "/v1/orders/{uuid}"), {"uuid": "$response.body#/uuid"})}` (OpenAPI links:
    the proof follows them, create -> read -> change)."""

    type: Any
    description: str
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)
    more: dict[str, Any] = field(default_factory=dict)
    links: dict[str, tuple[tuple[str, str], dict[str, str]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Op:
    """One operation (a method on a route). `security=None` means the description's default;
    `()` means no credentials (a public endpoint)."""

    summary: str
    replies: dict[int, Reply]
    body: Any = None
    body_required: bool = False
    body_content_type: str = JSON
    params: tuple[Param, ...] = ()
    description: str = ""
    security: tuple[str, ...] | None = None
    tags: tuple[str, ...] = ()
    common: bool = True  # False: the description's common_replies do not apply
    example: Any = None  # a request body that works (schemathesis sends it first: create -> get -> cancel)


@dataclass(frozen=True)
class ApiDescription:
    """A whole document's worth of description. `operations` is keyed by (METHOD, path) where path is
    the route's path template as mounted under `/<vendor>` (e.g. `/api/v2/taskOrders/{order}`);
    `base` is the part of that path the `servers` URL carries (the URL rule: `/onfleet/api/v2`).
    `security_schemes` are OpenAPI Security Scheme objects; `security` names the default ones
    (alternatives). `common_replies` / `common_params` apply to every operation (401, 429, ...)."""

    title: str
    description: str
    operations: dict[tuple[str, str], Op]
    base: str = ""
    security_schemes: dict[str, dict[str, Any]] = field(default_factory=dict)
    security: tuple[str, ...] = ()
    common_replies: dict[int, Reply] = field(default_factory=dict)
    common_params: tuple[Param, ...] = ()
