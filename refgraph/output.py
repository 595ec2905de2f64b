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


def _table(rows, columns, width: int | None = None) -> str:
    columns = columns or (list(rows[0]) if rows else [])
    cells = [_column([r.get(c) for r in rows]) for c in columns]
    cells = [column if all(map(str.isprintable, column)) else list(map(terminal_text, column)) for column in cells]
    maxcol = maxhead = None
    if width:
        maxcol, maxhead = fit_widths(columns, [list(map(str.strip, column)) for column in cells], width)
    if not all(all(map(str.isprintable, column)) for column in cells):   # a no-break space: tabulate's way
        from tabulate import tabulate

        return tabulate([list(row) for row in zip(*cells)], headers=columns, tablefmt="simple",
                        disable_numparse=True, maxcolwidths=maxcol, maxheadercolwidths=maxhead)
    return _simple(columns, cells, maxcol, maxhead)


# columns of prose: the first to wrap when a table is wider than the terminal
PROSE = frozenset({"reason", "next_action", "subject", "company", "title", "evidence", "best_path", "risks",
                   "aliases", "near_misses", "domains"})


def fit_widths(headers: list[str], columns: list[list[str]], width: int) -> tuple[list | None, list | None]:
    """tabulate's ``maxcolwidths`` and ``maxheadercolwidths`` that make a ``simple`` table of these
    (stripped) cells at most *width* wide, or ``None`` where it fits as it is. The widest columns
    wrap first, to one common width: the prose columns (:data:`PROSE`) down to 12 characters,
    then any column down to 10 (never under its header), then, only if still too wide, headers
    wrap too (columns down to 8, or 5 where their cells are narrower). A table that cannot fit even so is as narrow as it can be.

    >>> fit_widths(["name", "reason"], [["Ann Lee"], ["x " * 60]], 40)
    ([None, 31], None)
    """
    heads = [_width(h) for h in headers]
    cells = [max(map(_width, column), default=0) for column in columns]
    natural = [max(h + 2, c) for h, c in zip(heads, cells)]
    budget = width - 2 * (len(headers) - 1)
    if sum(natural) <= budget:
        return None, None
    prose = [h in PROSE for h in headers]
    stages = [([p for p in prose], [min(n, max(h + 2, 12)) for n, h in zip(natural, heads)]),
              ([True] * len(headers), [min(n, max(h + 2, 10)) for n, h in zip(natural, heads)]),
              ([True] * len(headers), [min(n, max(min(c, 8), 5)) for n, c in zip(natural, cells)])]
    for which, floors in stages:
        widths = _waterfill(natural, floors, which, budget)
        if widths is not None:
            break
    else:
        widths = [f if w else n for n, f, w in zip(natural, floors, which)]
    maxcol = [w if w < c else None for w, c in zip(widths, cells)]
    maxhead = [w - 2 if w < h + 2 else None for w, h in zip(widths, heads)]
    return (maxcol if any(maxcol) else None), (maxhead if any(maxhead) else None)


def _waterfill(natural: list[int], floors: list[int], which: list[bool], budget: int) -> list[int] | None:
    """The widths with the chosen columns cut to one common cap (never below their floor), the
    largest cap that fits *budget*; ``None`` if none does."""
    def at(cap):
        return [min(n, max(cap, f)) if w else n for n, f, w in zip(natural, floors, which)]

    if sum(at(0)) > budget:
        return None
    low, high = 0, max(natural)
    while low < high:   # the largest cap that fits
        mid = (low + high + 1) // 2
        low, high = (mid, high) if sum(at(mid)) <= budget else (low, mid - 1)
    return at(low)


def _wrap(cell: str, width: int) -> list[str]:
    """One cell's lines at most *width* wide, as tabulate's ``maxcolwidths`` wraps it (textwrap;
    tabulate's own wrapper for text with wide characters)."""
    if _width(cell) <= width:
        return [cell]
    if cell.isascii():
        import textwrap

        return textwrap.wrap(cell, width) or [""]
    from tabulate import tabulate

    return [line.rstrip() for line in tabulate([[cell]], tablefmt="plain", maxcolwidths=[width],
                                               disable_numparse=True).split("\n")]


def _simple(headers: list[str], columns: list[list[str]], maxcol: list | None = None,
            maxhead: list | None = None) -> str:
    """tabulate's ``simple`` format of text cells (given column by column), exactly (a test holds it
    to tabulate), at the speed a 30,000-row ``people`` listing needs (tabulate takes seconds there):
    cells stripped, left-aligned, columns at least two wider than their header, two spaces apart,
    wide characters measured with wcwidth, trailing spaces dropped; with *maxcol* (and *maxhead*),
    tabulate's ``maxcolwidths`` (``maxheadercolwidths``): long cells wrapped onto more lines."""
    columns = [list(map(str.strip, column)) for column in columns]
    if maxcol or maxhead:   # long cells wrapped onto lines: tabulate's own layout
        from tabulate import tabulate

        return tabulate([list(row) for row in zip(*columns)], headers=headers, tablefmt="simple",
                        disable_numparse=True, maxcolwidths=maxcol, maxheadercolwidths=maxhead)
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


def _simple_wrapped(heads: list[list[str]], cols: list[list[list[str]]]) -> str:
    """:func:`_simple` of cells wrapped onto lines, as tabulate lays out cells of several lines (a
    row as tall as its tallest cell, a row of empty cells no line at all)."""
    widths = [max(max(map(_width, h)) + 2, max((_width(line) for cell in col for line in cell), default=0))
              for h, col in zip(heads, cols)]

    def lines(cells: list[list[str]]) -> list[str]:
        depth = max((0 if cell == [""] else len(cell) for cell in cells), default=0)
        out = []
        for i in range(depth):
            parts = [(cell[i] if i < len(cell) else "") for cell in cells]
            out.append("  ".join(part + " " * (w - _width(part)) for part, w in zip(parts, widths)).rstrip())
        return out

    text = lines(heads) + ["  ".join("-" * w for w in widths)]
    for row in zip(*cols):
        text.extend(lines(list(row)))
    return "\n".join(text)


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


def render_blocks(blocks, width: int | None = None) -> str:
    """The text of titled tables, a blank line apart: each title, its table (if it has rows) and
    its footer's lines, every line made safe for a terminal; with *width*, every line at most so
    wide (titles and footers wrapped at words, tables by :func:`fit_widths`)."""
    parts = []
    for block in blocks:
        text = _fill(terminal_text(block.title), width)
        if block.rows:
            text += "\n" + _table(block.rows, block.rows.columns, width)
        if block.footer:   # its lines kept apart, each made safe
            text += "\n" + "\n".join(_fill(terminal_text(line), width) for line in block.footer.split("\n"))
        parts.append(text)
    return "\n\n".join(parts) + "\n"


def _fill(line: str, width: int | None) -> str:
    """A line of prose wrapped at words to *width* (none: as it is); a list's or a numbered item's
    following lines indented under its text."""
    if not width or _width(line) <= width:
        return line
    import re
    import textwrap

    lead = re.match(r"\s*(?:\d+\.\s+|[-•]\s+)?", line).end()
    return textwrap.fill(line, width, subsequent_indent=" " * min(lead, width // 2), break_on_hyphens=False)


def render(result: Any, fmt: str = "table", empty: str = "", width: int | None = None) -> str:
    """The text of *result* (``Rows``, a ``Report``, a dict or a list of dicts) in *fmt*: a report's
    ``data`` as JSON, its ``rows`` as CSV or a table; given ``blocks`` (titled tables), those as the
    table. :func:`refgraph.view.render` gives a report its titles and footers. A table fits *width*
    (long cells wrapped; none: as wide as its cells); JSON and CSV ignore it."""
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
        return render_blocks(blocks, width)
    if not rows:
        return _fill(empty or "Nothing to show.", width) + "\n"
    return _table(rows, columns, width) + "\n"
