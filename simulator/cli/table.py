"""Human output of the control-plane commands: aligned tables and simulated times."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], empty: str = "(none)") -> str:
    """Columns padded to their widest cell; `empty` when there are no rows."""
    if not rows:
        return empty
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in cells)


def when(seconds: float | None) -> str:
    """Simulated epoch seconds as ISO-8601 UTC to the second."""
    if seconds is None:
        return ""
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def number(value: float) -> str:
    return f"{value:g}"
