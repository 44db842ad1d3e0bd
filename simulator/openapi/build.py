"""Route table + ApiDescription -> an OpenAPI 3.1 document (a plain dict, JSON-ready)."""

from __future__ import annotations

import contextlib
import types as pytypes
import typing
from collections.abc import Iterator, Sequence
from typing import Any

import msgspec
import msgspec._json_schema
from starlette.routing import Route

from simulator.openapi.model import ApiDescription, Op, Param, Reply

REF = "#/components/schemas/{name}"
IGNORED_METHODS = {"HEAD"}  # Starlette adds HEAD to every GET route


def operations(routes: list[Any]) -> list[tuple[str, str]]:
    """(METHOD, path template) for every method of every route, in route order."""
    out = []
    for route in routes:
        if isinstance(route, Route):
            for method in sorted(route.methods or ()):
                if method not in IGNORED_METHODS:
                    out.append((method, route.path_format))
    return out


def undocumented(description: ApiDescription, routes: list[Any]) -> list[tuple[str, str]]:
    """Routes the app serves that the description does not describe."""
    return [key for key in operations(routes) if key not in description.operations]


def unrouted(description: ApiDescription, routes: list[Any]) -> list[tuple[str, str]]:
    """Operations the description describes that the app does not serve."""
    served = set(operations(routes))
    return [key for key in description.operations if key not in served]


class _Slot(int):
    """Where a generated schema goes (an index into the types collected)."""


class _Types:
    """Collects the Python types a document mentions, to turn them all into schemas in one pass.
    A union of Structs (which msgspec only describes when tagged) becomes `anyOf` its members."""

    def __init__(self) -> None:
        self.types: list[Any] = []

    def ref(self, type_: Any) -> Any:
        members = typing.get_args(type_) if isinstance(type_, pytypes.UnionType) else ()
        objects = [m for m in members if _object_like(m)]
        if len(objects) > 1 or len([m for m in members if typing.get_origin(m) in (list, tuple, set)]) > 1:
            return {"anyOf": [self.ref(m) for m in members]}
        self.types.append(type_)
        return _Slot(len(self.types) - 1)


def _object_like(t: Any) -> bool:
    return (isinstance(t, type) and issubclass(t, msgspec.Struct)) or t is dict or typing.get_origin(t) is dict


def document(description: ApiDescription, routes: list[Any], server_url: str, version: str) -> dict[str, Any]:
    """The document for `routes` (as mounted at `server_url` minus `description.base`)."""
    types = _Types()
    paths: dict[str, dict[str, Any]] = {}
    for method, path in operations(routes):
        op = description.operations.get((method, path))
        if op is None:
            op = Op(summary="(undocumented)", replies={}, common=False)
        rel = path[len(description.base):] if path.startswith(description.base) else path
        paths.setdefault(rel or "/", {})[method.lower()] = _operation(description, op, method, path, types)
    with _raw_defaults():
        schemas, components = msgspec.json.schema_components(types.types, ref_template=REF)
    _fill(paths, schemas)
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": description.title, "version": version, "description": description.description},
        "servers": [{"url": server_url + description.base}],
        "paths": paths,
        "components": {"schemas": components},
    }
    if description.security_schemes:
        doc["components"]["securitySchemes"] = description.security_schemes
    return doc


def _operation(description: ApiDescription, op: Op, method: str, path: str, types: _Types) -> dict[str, Any]:
    out: dict[str, Any] = {"summary": op.summary, "operationId": _operation_id(method, path)}
    if op.description:
        out["description"] = op.description
    if op.tags:
        out["tags"] = list(op.tags)
    params = _path_params(path, op.params) + [p for p in (*description.common_params, *op.params)]
    if params:
        out["parameters"] = [_param(p, types) for p in params]
    if op.body is not None:
        media: dict[str, Any] = {"schema": types.ref(op.body)}
        if op.example is not None:
            media["example"] = op.example
        out["requestBody"] = {"required": op.body_required, "content": {op.body_content_type: media}}
    replies = {**(description.common_replies if op.common else {}), **op.replies}
    out["responses"] = {str(status): _reply(reply, types) for status, reply in sorted(replies.items())}
    security = description.security if op.security is None else op.security
    if description.security_schemes:
        out["security"] = [{name: []} if name else {} for name in security]  # "": no credentials also do
    return out


def _operation_id(method: str, path: str) -> str:
    words = [w.strip("{}").replace(":path", "") for w in path.split("/") if w]
    return method.lower() + "".join(w[:1].upper() + w[1:] for w in words if w).replace(".", "_").replace("-", "_")


def _path_params(path: str, declared: tuple[Param, ...]) -> list[Param]:
    """Every `{name}` in the path is a required string parameter unless the operation declares it."""
    named = {p.name for p in declared if p.where == "path"}
    names = [seg[1:-1].split(":")[0] for seg in path.split("/") if seg.startswith("{") and seg.endswith("}")]
    return [Param(n, "path", required=True) for n in names if n not in named]


def _param(p: Param, types: _Types) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name, "in": p.where, "required": p.required or p.where == "path"}
    if p.description:
        out["description"] = p.description
    example = {} if p.example is None else {"example": p.example}
    if p.json:  # a JSON document in a parameter: described as content (the example goes with it)
        out["content"] = {"application/json": {"schema": types.ref(p.type), **example}}
    else:
        out.update(schema=types.ref(p.type), **example)
    return out


def _reply(reply: Reply, types: _Types) -> dict[str, Any]:
    out: dict[str, Any] = {"description": reply.description}
    if reply.type is not None:
        out["content"] = {reply.content_type: {"schema": types.ref(reply.type)}}
        out["content"].update({ct: {"schema": types.ref(t)} for ct, t in reply.more.items()})
    if reply.links:
        out["links"] = {name: {"operationId": _operation_id(*target), "parameters": parameters}
                        for name, (target, parameters) in reply.links.items()}
    if reply.headers:
        out["headers"] = {name: {"description": text, "required": True, "schema": {"type": "string"}}
                          for name, text in reply.headers.items()}
    return out


def _fill(node: Any, schemas: Sequence[Any]) -> None:
    """Replace the integer placeholders left by _Types.ref with the generated schemas."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, _Slot):
                node[key] = schemas[value]
            else:
                _fill(value, schemas)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, _Slot):
                node[i] = schemas[item]
            else:
                _fill(item, schemas)


@contextlib.contextmanager
def _raw_defaults() -> Iterator[None]:
    """msgspec cannot write a field default of type Raw into a schema (it raises TypeError), and stored
    Structs use `Raw()` as "absent" (Pitney Bowes' parts): while generating, such a default is written
    as the JSON it holds, or null for an empty one. The hook point is msgspec's private module, so this
    is the only place that touches it."""
    module: Any = msgspec._json_schema
    original = module.to_builtins

    def to_builtins(obj: Any, **kwargs: Any) -> Any:
        return original(obj, enc_hook=_raw_default, **kwargs)

    module.to_builtins = to_builtins
    try:
        yield
    finally:
        module.to_builtins = original


def _raw_default(obj: Any) -> Any:
    if isinstance(obj, msgspec.Raw):
        return msgspec.json.decode(obj) if len(obj) else None
    raise NotImplementedError(f"no schema default for {type(obj).__name__}")
