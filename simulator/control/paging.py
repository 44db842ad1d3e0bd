"""One way to page every list endpoint: `limit`, `cursor` and `sort`, one answer shape.

    {"<items>": [...], "count": <on this page>, "total": <matching the filters>,
     "limit": <applied>, "next_cursor": <opaque string, or null on the last page>}

The cursor names the last item of the page; pass it back with the same filters and `sort` for the
next page. Items added meanwhile never shift a page (the cursor is a position, not an offset).
"""

from __future__ import annotations

import base64
import binascii
import itertools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import msgspec

from simulator.control.envelope import fail, int_param

MAX_LIMIT = 10_000
SORTS = ("oldest", "newest")

T = TypeVar("T")


class PageParams(msgspec.Struct):
    limit: int
    newest: bool  # sort=newest: newest first
    after: Any = None  # the cursor's key: the page starts after it in the chosen order


def page_params(query: Mapping[str, str], *, default_limit: int, default_sort: str, cursor_type: Any) -> PageParams:
    """Read limit (1..MAX_LIMIT), sort (oldest|newest) and cursor; a bad one is a 400 naming it."""
    limit = int_param(query.get("limit"), default_limit)
    if not 1 <= limit <= MAX_LIMIT:
        raise fail(400, f"limit must be between 1 and {MAX_LIMIT}")
    sort = query.get("sort") or default_sort
    if sort not in SORTS:
        raise fail(400, f"sort must be one of {', '.join(SORTS)}")
    cursor = query.get("cursor")
    after = decode_cursor(cursor, cursor_type) if cursor else None
    return PageParams(limit=limit, newest=sort == "newest", after=after)


def encode_cursor(key: Any) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode(key)).decode().rstrip("=")


def decode_cursor(cursor: str, cursor_type: Any) -> Any:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return msgspec.json.decode(raw, type=cursor_type)
    except (binascii.Error, ValueError, msgspec.DecodeError, msgspec.ValidationError):
        raise fail(400, "cursor is not one this server handed out (pass next_cursor back unchanged)")


def take(items: Iterable[T], key: Callable[[T], Any], params: PageParams) -> tuple[list[T], str | None]:
    """One page from `items`, which come sorted in the requested order: those after the cursor,
    at most `limit`, and the cursor of the next page (None when nothing follows)."""
    it = iter(items)
    if params.after is not None:
        after = params.after
        it = itertools.dropwhile((lambda x: key(x) >= after) if params.newest else (lambda x: key(x) <= after), it)
    page = list(itertools.islice(it, params.limit + 1))
    if len(page) <= params.limit:
        return page, None
    del page[params.limit:]
    return page, encode_cursor(key(page[-1]))


def answer(name: str, page: list[Any], total: int, params: PageParams, next_cursor: str | None,
           **extra: Any) -> dict[str, Any]:
    return {name: page, "count": len(page), "total": total, "limit": params.limit, "next_cursor": next_cursor, **extra}


def paged_list(name: str, query: Mapping[str, str], items: list[T], key: Callable[[T], Any],
               default_limit: int = 1000, cursor_type: Any = int) -> dict[str, Any]:
    """Page a list kept in its natural order, oldest first (subscriptions, faults, sink requests by
    their counter; tenants by name)."""
    params = page_params(query, default_limit=default_limit, default_sort="oldest", cursor_type=cursor_type)
    ordered = reversed(items) if params.newest else items
    page, cursor = take(ordered, key, params)
    return answer(name, page, len(items), params, cursor)


def id_number(item_id: str) -> int:
    """The counter in an id such as sub_3 or fault_12 (their creation order)."""
    return int(item_id.rsplit("_", 1)[-1])
