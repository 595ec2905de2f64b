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
        stripped = [list(map(str.strip, column)) for column in cells]
        maxcol, maxhead = fit_widths(columns, stripped, width, prose_floor=PROSE_READABLE)
        stacked = [i for i, c in enumerate(columns) if c in PROSE]
        if stacked and len(stacked) < len(columns) \
                and _too_narrow(columns, stripped, maxcol or [None] * len(columns), width) \
                and all(all(map(str.isprintable, column)) for column in cells):
            return _stacked(columns, stripped, stacked, width)
    if not all(all(map(str.isprintable, column)) for column in cells):   # a no-break space: tabulate's way
        return tabulate_simple([list(row) for row in zip(*cells)], columns, maxcol, maxhead)
    return _simple(columns, cells, maxcol, maxhead)


def tabulate_simple(body: list[list[str]], headers: list[str], maxcol: list | None = None,
                    maxhead: list | None = None) -> str:
    """tabulate's ``simple`` table of text cells as refgraph lays it out: a column as wide as its
    widest cell or header (tabulate's ``MIN_PADDING`` of headers 0, so tables fit narrow terminals)."""
    import tabulate as module

    padding, module.MIN_PADDING = module.MIN_PADDING, 0
    try:
        return module.tabulate(body, headers=headers, tablefmt="simple", disable_numparse=True,
                               maxcolwidths=maxcol, maxheadercolwidths=maxhead)
    finally:
        module.MIN_PADDING = padding


# words longer than this (an email address for a name, say) may be cut, as prose's are
LONGEST_WORD = 20
# the narrowest a prose column wraps to in the grid; narrower, prose goes under its row (_stacked)
PROSE_READABLE = 28


def _too_narrow(headers: list[str], columns: list[list[str]], maxcol: list, width: int) -> bool:
    """Whether the fitted grid is still wider than *width*, or left a prose column narrower than
    :data:`PROSE_READABLE`, or wrapped any other column: then the table reads better with its prose
    under each row."""
    if any(w is not None and (w < PROSE_READABLE or h not in PROSE) for h, w in zip(headers, maxcol)):
        return True
    natural = [max(_width(h), max(map(_width, column), default=0)) for h, column in zip(headers, columns)]
    return sum(min(n, w or n) for n, w in zip(natural, maxcol)) + 2 * (len(headers) - 1) > width


def _stacked(headers: list[str], columns: list[list[str]], stacked: list[int], width: int) -> str:
    """A table too wide for *width* with its prose columns out of the grid: each row's prose under
    it, indented by four, ``column: text`` wrapped at words, on one line when they fit in one (when
    it is the only one, its name is said once, under the header), so a reason or a next action reads as a sentence, not as a
    column one word wide."""
    import textwrap

    keep = [i for i in range(len(headers)) if i not in stacked]
    grid_heads, grid = [headers[i] for i in keep], [columns[i] for i in keep]
    maxcol, _ = fit_widths(grid_heads, grid, width)
    cols = [_wrap_column(column, w) if w else [[cell] for cell in column]
            for column, w in zip(grid, maxcol or [None] * len(grid))]
    labelled = len(stacked) > 1
    under = []
    for r in range(len(columns[0]) if columns else 0):
        parts = [f"{headers[i]}: {columns[i][r]}" if labelled else columns[i][r] for i in stacked if columns[i][r]]
        if len(parts) > 1 and _width("    " + " · ".join(parts)) <= width:   # short ones: one line
            parts = [" · ".join(parts)]
        under.append([line for part in parts
                      for line in textwrap.wrap(part, max(width, 24), initial_indent="    ",
                                                subsequent_indent="      " if labelled else "    ",
                                                break_on_hyphens=False)])
    table = _simple_wrapped([[h] for h in grid_heads], cols, under).split("\n", 1)
    if not labelled:   # the one column under the rows: its name under the header's
        table.insert(1, "    " + headers[stacked[0]])
    return "\n".join(table)


# columns of prose: the first to wrap when a table is wider than the terminal, and the only ones
# whose long words may be cut
PROSE = frozenset({"reason", "next_action", "subject", "evidence", "best_path", "risks", "aliases",
                   "near_misses", "domains", "source", "path", "history"})


# columns of people's names: wrapped only when nothing else can make the table fit
NAMES = frozenset({"name", "owner", "person", "from", "to", "via", "connector", "target"})


def fit_widths(headers: list[str], columns: list[list[str]], width: int,
               prose_floor: int = 12) -> tuple[list | None, list | None]:
    """tabulate's ``maxcolwidths`` that make a ``simple`` table of these (stripped) cells at most
    *width* wide, or ``None`` where it fits as it is. The widest prose columns (:data:`PROSE`) wrap
    first, to one common width of at least *prose_floor*; then the other columns wrap at spaces, never
    narrower than their longest word (up to :data:`LONGEST_WORD`) or their header, so a name, a
    date or a number is never cut, people's names (:data:`NAMES`) only if the others cannot make it. A table that cannot fit even so is not wrapped at all (its rows
    stay one line each). Headers are never wrapped (the second value is kept for tabulate's
    ``maxheadercolwidths`` and is always ``None``).

    >>> fit_widths(["name", "reason"], [["Ann Lee"], ["x " * 60]], 40)
    ([None, 31], None)
    >>> fit_widths(["name", "company"], [["Ann Lee"], ["Munson's Pickles and Preserves"]], 24)
    ([None, 15], None)
    """
    heads = [_width(h) for h in headers]
    cells = [max(map(_width, column), default=0) for column in columns]
    natural = [max(h, c) for h, c in zip(heads, cells)]
    budget = width - 2 * (len(headers) - 1)
    if sum(natural) <= budget:
        return None, None
    prose = [h in PROSE for h in headers]
    words = [0 if p else _longest_word(column) for p, column in zip(prose, columns)]
    floors = [min(n, max(h, prose_floor if p else min(w, LONGEST_WORD)))
              for n, h, p, w in zip(natural, heads, prose, words)]
    # prose first; then every column but people's names; names last (a name on one line reads, and greps)
    widths = (_waterfill(natural, floors, prose, budget)
              or _waterfill(natural, floors, [h not in NAMES for h in headers], budget)
              or _waterfill(natural, floors, [True] * len(headers), budget))
    if widths is None:   # too wide even wrapped: each row stays one line (it reads, and greps, better so)
        return None, None
    maxcol = [w if w < c else None for w, c in zip(widths, cells)]
    return (maxcol if any(maxcol) else None), None


def _longest_word(column: list[str]) -> int:
    return max((_width(word) for cell in set(column) for word in cell.split()), default=0)


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


def _wrap_column(column: list[str], width: int) -> list[list[str]]:
    """:func:`_wrap` of every cell, each distinct cell wrapped once (companies and titles repeat)."""
    done: dict[str, list[str]] = {}
    return [done[cell] if cell in done else done.setdefault(cell, _wrap(cell, width)) for cell in column]


def _greedy(words: list[str], width: int) -> list[str]:
    """Words (one space apart, none longer than *width*) filled onto lines at most *width* long."""
    lines, line = [], words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def _wrap(cell: str, width: int) -> list[str]:
    """One cell's lines at most *width* wide, as tabulate's ``maxcolwidths`` wraps it (textwrap;
    tabulate's own wrapper for text with wide characters)."""
    if _width(cell) <= width:
        return [cell]
    width = max(width, 2)   # tabulate's wrapper never ends on a wide character in one column
    if cell.isascii():
        words = cell.split(" ")
        if "-" not in cell and "" not in words and max(map(len, words)) <= width and cell.isprintable():
            return _greedy(words, width)   # textwrap's answer here, without its regular expressions
        import textwrap

        return textwrap.wrap(cell, width) or [""]
    from tabulate import tabulate

    return [line.rstrip() for line in tabulate([[cell]], tablefmt="plain", maxcolwidths=[width],
                                               disable_numparse=True).split("\n")]


def _simple(headers: list[str], columns: list[list[str]], maxcol: list | None = None,
            maxhead: list | None = None) -> str:
    """:func:`tabulate_simple` of text cells (given column by column), exactly (a test holds it
    to tabulate), at the speed a 30,000-row ``people`` listing needs (tabulate takes seconds there):
    cells stripped, left-aligned, columns as wide as their header or widest cell, two spaces apart,
    wide characters measured with wcwidth, trailing spaces dropped; with *maxcol* (and *maxhead*),
    tabulate's ``maxcolwidths`` (``maxheadercolwidths``): long cells wrapped onto more lines."""
    columns = [list(map(str.strip, column)) for column in columns]
    if maxcol or maxhead:   # long cells wrapped onto lines, as tabulate lays them out
        maxcol, maxhead = maxcol or [None] * len(headers), maxhead or [None] * len(headers)
        return _simple_wrapped([_wrap(h, w) if w else [h] for h, w in zip(headers, maxhead)],
                               [_wrap_column(column, w) if w else [[cell] for cell in column]
                                for column, w in zip(columns, maxcol)])
    widths, padded = [], []
    for h, column in zip(headers, columns):
        if all(map(str.isascii, column)):   # the common case: width is length
            w = max(len(h), max(map(len, column), default=0))
            padded.append([cell.ljust(w) for cell in column])
        else:
            w = max(_width(h), max(map(_width, column), default=0))
            padded.append([cell.ljust(w + len(cell) - _width(cell)) for cell in column])
        widths.append(w)
    lines = ["  ".join(h.ljust(w + len(h) - _width(h)) for h, w in zip(headers, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines.extend("  ".join(row).rstrip() for row in zip(*padded))
    return "\n".join(lines)


def _simple_wrapped(heads: list[list[str]], cols: list[list[list[str]]],
                    under: list[list[str]] | None = None) -> str:
    """:func:`_simple` of cells wrapped onto lines, as tabulate lays out cells of several lines (a
    row as tall as its tallest cell; once any cell has several lines, a row of empty cells has none)."""
    widths, ascii = [], []
    for h, col in zip(heads, cols):
        lines_of = [line for cell in col for line in cell]
        ascii.append(all(map(str.isascii, lines_of)))
        if ascii[-1] and all(map(str.isascii, h)):   # the common case: width is length
            widths.append(max(max(map(len, h)), max(map(len, lines_of), default=0)))
        else:
            widths.append(max(max(map(_width, h)), max(map(_width, lines_of), default=0)))

    def pad(part: str, w: int) -> str:
        return part.ljust(w) if part.isascii() else part + " " * (w - _width(part))

    multiline = any(len(cell) > 1 for cell in heads) or any(len(cell) > 1 for col in cols for cell in col)

    blanks = [" " * w for w in widths]

    def lines(cells: list[list[str]]) -> list[str]:   # cells padded already
        depth = (max((0 if cell == [b] else len(cell) for cell, b in zip(cells, blanks)), default=0)
                 if multiline else 1)
        if depth == 1:
            return ["  ".join([cell[0] if cell else b for cell, b in zip(cells, blanks)]).rstrip()]
        return ["  ".join([cell[i] if i < len(cell) else b for cell, b in zip(cells, blanks)]).rstrip()
                for i in range(depth)]

    # each cell's lines padded once, column by column
    padded = [[[line.ljust(w) for line in cell] for cell in col] if plain else
              [[pad(line, w) for line in cell] for cell in col] for col, w, plain in zip(cols, widths, ascii)]
    text = lines([[pad(line, w) for line in h] for h, w in zip(heads, widths)]) + ["  ".join("-" * w for w in widths)]
    for r, row in enumerate(zip(*padded)):
        text.extend(lines(row))
        if under:   # a stacked table's prose, under its row
            text.extend(under[r])
    return "\n".join(text)


# ASCII and the punctuation refgraph itself prints (arrows, dashes, "…", "·", "≤", "×", quotes): one
# column each, known without importing wcwidth (12 ms of every process that prints a path)
_NARROW = frozenset(map(chr, range(32, 127))) | frozenset("→—–…·≤≥×‘’“”")


def _width(text: str) -> int:
    """The columns *text* takes on a terminal (wcwidth's, for text beyond the ASCII and the
    punctuation refgraph prints).

    >>> _width("Alex Morgan → Lee Park — 3…"), _width("東京 Ltd"), _width("Zoë")
    (27, 8, 3)
    """
    if text.isascii() or _NARROW.issuperset(text):
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
        text = fill_line(terminal_text(block.title), width)
        if block.rows:
            text += "\n" + _table(block.rows, block.rows.columns, width)
        if block.footer:   # its lines kept apart, each made safe
            text += "\n" + "\n".join(fill_line(terminal_text(line), width) for line in block.footer.split("\n"))
        parts.append(text)
    return "\n\n".join(parts) + "\n"


def fill_line(line: str, width: int | None) -> str:
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
        return fill_line(empty or "Nothing to show.", width) + "\n"
    return _table(rows, columns, width) + "\n"
