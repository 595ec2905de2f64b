"""One output helper for every command: a table (default), JSON or CSV.

CSV cells that a spreadsheet would run as a formula (leading ``=``, ``+``, ``-``, ``@``, tab, CR)
are escaped with a leading apostrophe, so an export is safe to open in Excel or Sheets.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any, TextIO

__all__ = ["emit", "render", "escape_formula"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: Any) -> Any:
    """Make a text cell inert in a spreadsheet.

    >>> escape_formula("=HYPERLINK(1)"), escape_formula("Ann"), escape_formula(-0.5)
    ("'=HYPERLINK(1)", 'Ann', -0.5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any, decimals: int = 3) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{decimals}f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _table(rows, columns) -> str:
    from tabulate import tabulate

    columns = columns or (list(rows[0]) if rows else [])
    body = [[_cell(r.get(c)) for c in columns] for r in rows]
    return tabulate(body, headers=columns, tablefmt="simple", disable_numparse=True)


def _csv(rows, columns) -> str:
    columns = columns or (list(rows[0]) if rows else [])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([escape_formula(c) for c in columns])
    for r in rows:
        writer.writerow([escape_formula(_csv_cell(r.get(c))) for c in columns])
    return buf.getvalue()


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value


def render(result: Any, fmt: str = "table", empty: str = "") -> str:
    """The text of *result* (``Rows``, ``Report``, a dict or a list of dicts) in *fmt*."""
    blocks = getattr(result, "blocks", None)
    if fmt == "json":
        data = result.data if blocks is not None else result
        if hasattr(data, "as_dict"):
            data = data.as_dict()
        return json.dumps(data if not isinstance(data, list) else list(data), indent=2, ensure_ascii=False,
                          default=str) + "\n"
    rows = result.rows if blocks is not None else result
    if isinstance(rows, dict):
        rows = [rows]
    columns = getattr(rows, "columns", None)
    if fmt == "csv":
        return _csv(rows, columns)
    if blocks is not None:
        parts = []
        for block in blocks:
            text = block.title
            if block.rows:
                text += "\n" + _table(block.rows, block.rows.columns)
            if block.footer:
                text += "\n" + block.footer
            parts.append(text)
        return "\n\n".join(parts) + "\n"
    if not rows:
        return (empty or "Nothing to show.") + "\n"
    return _table(rows, columns) + "\n"


def emit(result: Any, fmt: str = "table", out: TextIO | None = None, empty: str = "") -> None:
    """Write *result* to *out* (standard output by default)."""
    import sys

    (out or sys.stdout).write(render(result, fmt, empty))
