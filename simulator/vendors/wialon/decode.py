"""`params` as clients really send it -> Python values -> typed msgspec Structs.

Clients send JSON (urlencoded or raw in the query string) or a Python repr (`True`, `None`,
single quotes: wialon-sdk's `str(params)`). JSON is tried first; a repr is accepted when
`ast.literal_eval` reads it as plain data. Anything else is Wialon error 4, never a 5xx."""

from __future__ import annotations

import ast
import math
from typing import Any, TypeVar

import msgspec

from simulator.http.decode import loads
from simulator.vendors.wialon.errors import from_decode_error, invalid

T = TypeVar("T")
_MISSING = object()


def parse_params(raw: Any) -> Any:
    """A form/query value (str) or an already-decoded JSON body value -> plain data."""
    if raw is None:
        return {}
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    if not text:
        return {}
    try:
        return loads(text)
    except msgspec.DecodeError:
        pass
    try:
        value = ast.literal_eval(text)
    except Exception:  # SyntaxError, ValueError, MemoryError, RecursionError: all just "not data"
        raise invalid("params is neither JSON nor a plain Python literal")
    if _plain(value, 0) is _MISSING:
        raise invalid("params holds values JSON cannot express")
    return value


def _plain(value: Any, depth: int) -> Any:
    """Only what JSON could have said: dict (str keys), list/tuple, str, int, finite float, bool, None."""
    if depth > 64:
        return _MISSING
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else _MISSING
    if isinstance(value, (list, tuple)):
        return value if all(_plain(v, depth + 1) is not _MISSING for v in value) else _MISSING
    if isinstance(value, dict):
        ok = all(isinstance(k, str) and _plain(v, depth + 1) is not _MISSING for k, v in value.items())
        return value if ok else _MISSING
    return _MISSING


_OPAQUE = frozenset({"ej", "data", "params"})  # client data kept exactly as sent
_KEPT = frozenset({str, int, float})  # exactly these types: a bool (an int subclass) is not kept


def _normalize(value: Any) -> Any:
    """`null`/`None` for a field means "not sent" (clients fill unset fields with None), and a
    boolean where Wialon wants a number is 0 or 1 (`"f": False` from a Python repr). Strings and
    numbers stay as they are without a call each (most of a request's values)."""
    if isinstance(value, dict):
        return {k: v if k in _OPAQUE or type(v) in _KEPT else _normalize(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [v if type(v) in _KEPT else _normalize(v) for v in value]
    if isinstance(value, bool):
        return int(value)
    return value


def convert(params: Any, type_: type[T]) -> T:
    if not isinstance(params, dict):
        raise invalid(f"params must be an object, got {type(params).__name__}")
    try:
        return msgspec.convert(_normalize(params), type_, strict=False)
    except msgspec.ValidationError as exc:
        raise from_decode_error(exc)
