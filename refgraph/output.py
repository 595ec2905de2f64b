"""The generic output of every command: a table (default), titled tables, JSON or CSV.
:mod:`refgraph.view` builds on it (a report's titles and footers) and is what the CLI calls.

CSV cells that a spreadsheet would run as a formula (leading ``=``, ``+``, ``-``, ``@``, tab, CR)
are escaped with a leading apostrophe, so an export is safe to open in Excel or Sheets.

What reaches a terminal (tables, summary lines, error lines) goes through :func:`terminal_text`:
a control character in a name (ESC, BEL, NUL …) would otherwise act on the terminal, and a line
break would split one line in two. JSON stays exact (it escapes them) and CSV keeps them quoted.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from .results import Report, Rows

__all__ = ["Block", "render", "render_blocks", "escape_formula", "terminal_text"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# C0 and C1 control characters and DEL: each becomes U+FFFD; a line break or tab, a space.
_TERMINAL = {c: "\ufffd" for c in [*range(0x20), *range(0x7f, 0xa0)]}
_TERMINAL.update({ord(c): " " for c in "\t\n\v\f\r\x85\u2028\u2029"})


def terminal_text(text: str) -> str:
    r"""*text* made safe to print on a terminal, on one line: a line break or tab becomes a space,
    any other control character U+FFFD (the replacement character).

    >>> terminal_text("Maria\x1b[31m Ortiz\x07\x00") == "Maria\ufffd[31m Ortiz\ufffd\ufffd"
    True
    >>> terminal_text("first\nsecond\tthird")
    'first second third'
    """
    return text if text.isprintable() else text.translate(_TERMINAL)


def escape_formula(value: Any) -> Any:
    """Make a text cell inert in a spreadsheet.

    >>> escape_formula("=HYPERLINK(1)"), escape_formula("Ann"), escape_formula(-0.5)
    ("'=HYPERLINK(1)", 'Ann', -0.5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any, decimals: int = 3) -> Any:
    if type(value) is str:   # most cells: first, and fast
        return value
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


def _column(values: list) -> list[str]:
    """The cells of one column as text (what :func:`_cell` and then ``str`` make of each): a
    column holds one or two kinds of value, so the common kinds are converted in one go."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        return values
    if kinds <= {str, type(None)}:
        return [v if v is not None else "" for v in values]
    if kinds <= {float}:
        return [f"{v:.3f}" for v in values]
    if kinds <= {int}:
        return list(map(str, values))
    return [str(_cell(v)) for v in values]


def _table(rows, columns) -> str:
    columns = columns or (list(rows[0]) if rows else [])
    cells = [_column([r.get(c) for r in rows]) for c in columns]
    cells = [column if all(map(str.isprintable, column)) else list(map(terminal_text, column)) for column in cells]
    if not all(all(map(str.isprintable, column)) for column in cells):   # a no-break space: tabulate's way
        from tabulate import tabulate

        return tabulate([list(row) for row in zip(*cells)], headers=columns, tablefmt="simple",
                        disable_numparse=True)
    return _simple(columns, cells)


def _simple(headers: list[str], columns: list[list[str]]) -> str:
    """tabulate's ``simple`` format of text cells (given column by column), exactly (a test holds it
    to tabulate), at the speed a 30,000-row ``people`` listing needs (tabulate takes seconds there):
    cells stripped, left-aligned, columns at least two wider than their header, two spaces apart,
    wide characters measured with wcwidth, trailing spaces dropped."""
    columns = [list(map(str.strip, column)) for column in columns]
    widths, padded = [], []
    for h, column in zip(headers, columns):
        if all(map(str.isascii, column)):   # the common case: width is length
            w = max(len(h) + 2, max(map(len, column), default=0))
            padded.append([cell.ljust(w) for cell in column])
        else:
            w = max(len(h) + 2, max(map(_width, column), default=0))
            padded.append([cell.ljust(w + len(cell) - _width(cell)) for cell in column])
        widths.append(w)
    lines = ["  ".join(h.ljust(w + len(h) - _width(h)) for h, w in zip(headers, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines.extend("  ".join(row).rstrip() for row in zip(*padded))
    return "\n".join(lines)


def _width(text: str) -> int:
    if text.isascii():
        return len(text)
    try:
        from wcwidth import wcswidth
    except ImportError:   # as tabulate does without it
        return len(text)
    return wcswidth(text)


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


@dataclass
class Block:
    """One titled table of what a terminal shows (:mod:`refgraph.view` makes them of a report)."""

    title: str
    rows: Rows
    footer: str = ""


def render_blocks(blocks) -> str:
    """The text of titled tables, a blank line apart: each title, its table (if it has rows) and
    its footer's lines, every line made safe for a terminal."""
    parts = []
    for block in blocks:
        text = terminal_text(block.title)
        if block.rows:
            text += "\n" + _table(block.rows, block.rows.columns)
        if block.footer:   # its lines kept apart, each made safe
            text += "\n" + "\n".join(map(terminal_text, block.footer.split("\n")))
        parts.append(text)
    return "\n\n".join(parts) + "\n"


def render(result: Any, fmt: str = "table", empty: str = "") -> str:
    """The text of *result* (``Rows``, a ``Report``, a dict or a list of dicts) in *fmt*: a report's
    ``data`` as JSON, its ``rows`` as CSV or a table; given ``blocks`` (titled tables), those as the
    table. :func:`refgraph.view.render` gives a report its titles and footers."""
    blocks = getattr(result, "blocks", None)
    nested = blocks is not None or isinstance(result, Report)
    if fmt == "json":
        data = result.data if nested else result
        if hasattr(data, "as_dict"):
            data = data.as_dict()
        return json.dumps(data if not isinstance(data, list) else list(data), indent=2, ensure_ascii=False,
                          default=str) + "\n"
    rows = result.rows if nested else result
    if isinstance(rows, dict):
        rows = [rows]
    columns = getattr(rows, "columns", None)
    if fmt == "csv":
        return _csv(rows, columns)
    if blocks is not None:
        return render_blocks(blocks)
    if not rows:
        return (empty or "Nothing to show.") + "\n"
    return _table(rows, columns) + "\n"
