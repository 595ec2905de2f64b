"""Read the CSV files real exporters write: BOMs, UTF-16 "Unicode text", cp1252, preambles, ``;``
and tab separators, quoted newlines. Rows come back as dicts keyed by the header, with the line
number where each row starts (for error messages)."""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import InputError
from ..files import open_input

__all__ = ["decode", "Table", "read_table", "stream_table", "column_key"]

csv.field_size_limit(1 << 27)


def decode(data: bytes, path: str | Path) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 (see :func:`_encoding`)."""
    encoding, valid, _ = _encoding(io.BytesIO(data), path)
    return data.decode(encoding, errors="strict" if valid else "replace")


def _encoding(f, label: str | Path) -> tuple[str, bool, int]:
    """What a file's bytes are, read from *f* to its end (then closed) without keeping them:
    ``(encoding, whether it decodes strictly, its line count)`` — UTF-8 (with or without BOM),
    UTF-16 with BOM, else cp1252 (a UTF-8 BOM with a stray byte: UTF-8, that byte one bad
    character). :class:`InputError` for an empty file, a zip, a binary file or a NUL character."""
    with f:   # read once, in chunks: never held whole
        head = f.read(4096)
        utf16 = head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE)
        decoder = codecs.getincrementaldecoder("utf-16" if utf16 else "utf-8-sig")()
        blank, valid, newlines, chunk = True, True, 0, head
        nul, lines_read = None, 0   # the line of the first NUL character
        while chunk:
            blank = blank and not chunk.strip()
            if nul is None and not utf16 and b"\x00" in chunk:
                nul = newlines + chunk.count(b"\n", 0, chunk.find(b"\x00")) + 1
            newlines += chunk.count(b"\n")
            if valid:
                try:
                    decoded = decoder.decode(chunk)
                except UnicodeDecodeError:
                    valid = False
                else:
                    if utf16:   # there a NUL is a character, not a byte
                        if nul is None and "\x00" in decoded:
                            nul = lines_read + decoded.count("\n", 0, decoded.find("\x00")) + 1
                        lines_read += decoded.count("\n")
            chunk = f.read(_CHUNK)
        if valid:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                valid = False
    if blank:
        raise InputError(label, "the file is empty", "export it again or pick the right file")
    if utf16 and not valid:
        raise InputError(label, "the file says UTF-16 but is not valid UTF-16", "save it again as CSV UTF-8")
    if head.startswith(b"PK\x03\x04") and not utf16:
        raise InputError(label, "this is a zip file, not a CSV", "unzip it or pass the zip to the importer that reads it")
    if b"\x00" in head and not utf16:
        raise InputError(label, "this is a binary file, not a CSV", "export the data as CSV and import that")
    if nul is not None:
        raise _nul(label, nul)
    encoding = "utf-16" if utf16 else ("utf-8-sig" if valid or head.startswith(codecs.BOM_UTF8) else "cp1252")
    return encoding, valid, newlines


def _nul(path: str | Path, line: int) -> InputError:
    """A NUL character past the file's start: no exporter writes one; the file is damaged (or binary)."""
    return InputError(path, "the file holds a NUL character (a damaged or binary file)",
                      "export it again and import the new file", row=line)


@dataclass
class Table:
    path: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]    # (line number, row)
    blank: int = 0                             # rows with every cell empty
    footer: int = 0                            # report footer lines after a blank row
    lines: int = 0                             # stream_table: the file's line count (for progress)

    def column(self, *names: str) -> str | None:
        """The header cell matching one of *names* (case- and space/underscore-insensitive).

        A column the importer reads that the header names twice is an error (which of the two
        cells of a row is meant?); a repeated column nobody reads is not."""
        wanted = {column_key(n) for n in names}
        for h in self.header:
            if column_key(h) in wanted:
                same = [i for i, other in enumerate(self.header, 1) if column_key(other) == column_key(h)]
                if len(same) > 1:
                    times = "twice" if len(same) == 2 else f"{len(same)} times"
                    where = ", ".join(map(str, same[:-1])) + f" and {same[-1]}"
                    raise InputError(self.path, f"the header names the column {h!r} {times} (columns {where})",
                                     "rename or delete all but one of them and import again")
                return h
        return None

    def getter(self, name: str | None) -> Callable[[list[str]], str]:
        """For the raw cells of a :func:`stream_table` row: the value of column *name*, stripped, as
        the dict row of :func:`read_table` holds it (a repeated header: its last cell in the row)."""
        where = [i for i, h in enumerate(self.header) if h == name][::-1]
        if not where:
            return lambda cells: ""
        if len(where) == 1:
            i = where[0]
            return lambda cells: cells[i].strip() if i < len(cells) else ""

        def get(cells):
            for i in where:
                if i < len(cells):
                    return cells[i].strip()
            return ""

        return get


def column_key(header: str) -> str:
    """A header cell as columns are compared: case, spaces, ``_`` and ``.`` aside.

    >>> column_key(" Who.Name "), column_key("call_duration  (HH:mm:ss)")
    ('who name', 'call duration (hh:mm:ss)')
    """
    return " ".join(header.replace("_", " ").replace(".", " ").strip().lower().split())


def read_table(path: str | Path, data: bytes | None = None,
               is_header: Callable[[list[str]], bool] | None = None, label: str | None = None) -> Table:
    """Parse a CSV file (or its *data*, already read) whole: :func:`stream_table`, its rows read at
    once as ``(line, {header cell: value stripped})``. *is_header* picks the header line among the
    first lines (skipping a preamble such as LinkedIn's ``Notes:``); by default the first non-blank
    line is the header."""
    table = stream_table(path, is_header, label, data=data)
    header = table.header
    table.rows = [(line, dict(zip(header, (c.strip() for c in cells)))) for line, cells in table.rows]
    table.lines = 0
    return table


_CHUNK = 1 << 20


def stream_table(path: str | Path, is_header: Callable[[list[str]], bool] | None = None,
                 label: str | None = None, data: bytes | None = None) -> Table:
    """A CSV file (or its *data*, already read) of any size, never held in memory as text: its
    encoding (:func:`decode`'s choice, made from the whole file), header and line numbers. ``rows``
    is an iterator of ``(line, cells)`` with the raw cells (read a column with
    :meth:`Table.getter`), parsed as it is consumed; a broken row raises when it is reached, and
    ``blank``/``footer`` are final once it is exhausted. ``lines`` is the file's line count (for
    progress)."""
    label = label or str(path)

    def open_it():
        return io.BytesIO(data) if data is not None else open_input(path, label)

    try:
        f = open_it()
    except FileNotFoundError:
        raise InputError(label, "no such file", "check the path") from None
    except IsADirectoryError:
        raise InputError(label, "is a folder, not a file", "give the path of the CSV file") from None
    with f:
        encoding, valid, newlines = _encoding(f, label)
    text = io.TextIOWrapper(open_it(), encoding=encoding, errors="strict" if valid else "replace",
                            newline="\n")   # lines end at \n only, as csv reads them
    try:
        # the first lines, each split as str.splitlines splits it: (line, its sublines)
        buffered: list[tuple[str, list[str]]] = []
        count, seen, more = 0, "", True
        for line in text:
            subs = line.splitlines(keepends=True)
            buffered.append((line, subs))
            count += len(subs)
            if more:   # enough of the text for _not_csv: its first 200 characters after leading space
                seen += line
                more = len(seen.lstrip()) < 200
            if count >= 50 and not more:
                break
        looks = _not_csv(seen)
        if looks:
            raise InputError(label, f"not a CSV file (it looks like {looks})", _FIX.get(looks, "export the data as CSV"))
        start, first, index = None, None, 0
        for n, (_, subs) in enumerate(buffered):
            for k, sub in enumerate(subs):
                if index >= 50:
                    break
                if sub.strip():
                    cells = _split_header(sub)
                    first = first or cells
                    if is_header is None or is_header(cells):
                        start, at = index, (n, k)
                        break
                index += 1
            if start is not None or index >= 50:
                break
        if start is None:
            expected = getattr(is_header, "expected", "the expected columns")
            raise InputError(label, f"no header row with {expected}{_first_line(first)}",
                             "pass the export's own file, not one saved by another tool")
        n, k = at
        subs = buffered[n][1]
        source = itertools.chain(["".join(subs[k:])], (line for line, _ in buffered[n + 1:]), text)
        delimiter = _delimiter(subs[k])
        reader = csv.reader(source, delimiter=delimiter, strict=True)
        try:
            header = [h.strip().lstrip("\ufeff") for h in next(reader)]
        except csv.Error as exc:
            raise _csv_error(label, exc, start + 1) from None
    except BaseException:
        text.close()
        raise
    table = Table(label, header, [], 0, 0, newlines)

    def rows():
        prev = reader.line_num
        after_blank = False
        with text:
            try:
                for cells in reader:
                    row_line, prev = start + prev + 1, reader.line_num
                    if not "".join(cells).strip():
                        table.blank += 1
                        after_blank = True
                        continue
                    if after_blank and _is_footer(cells):
                        table.footer += 1
                        continue
                    yield row_line, cells
            except csv.Error as exc:
                raise _csv_error(label, exc, start + prev + 1) from None

    table.rows = rows()
    return table


def _csv_error(label: str, exc: csv.Error, row: int) -> InputError:
    problem = ("a quoted cell is never closed" if "unexpected end of data" in str(exc)
               else f"not a readable CSV ({str(exc).split(' - ')[0].split('(')[0].strip()})")
    return InputError(label, problem, "fix the quotes in that row or save the file again as CSV", row=row)


_FIX = {"an iCalendar file": "import it with refgraph import calendar",
        "a vCard file": "import it with refgraph import contacts"}


def _not_csv(text: str) -> str | None:
    """What a text file that is clearly not a CSV looks like, or ``None``."""
    head = text.lstrip()[:200]
    if head.startswith(("{", "[")):
        return "JSON"
    if head.startswith("<"):
        return "HTML or XML"
    if head.upper().startswith("BEGIN:VCALENDAR"):
        return "an iCalendar file"
    if head.upper().startswith("BEGIN:VCARD"):
        return "a vCard file"
    return None


_FOOTER = re.compile(r"^\s*(copyright|confidential|generated by|salesforce\.com|©|\(c\))", re.IGNORECASE)


def _is_footer(cells: list[str]) -> bool:
    """A CRM report's footer line: after a blank row, one filled cell that reads like a footer."""
    filled = [c for c in cells if c.strip()]
    return len(filled) == 1 and bool(_FOOTER.match(filled[0]))


_DATA_CELL = re.compile(r"@|://|www\.|[?!\n\r]|\d{3}|\d[/:.\-]\d")


def looks_like_header(cells: list[str]) -> bool:
    """Whether a line not recognised as the header still reads like one (short column names), so
    an error may show it: a data row (a date, an address, a sentence) is never shown.

    >>> looks_like_header(["Name", "URL", "Phone 1 - Value"]), looks_like_header(["c1", "Sam", "2024-01-01", "hi"])
    (True, False)
    """
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(len(c) <= 40 and not _DATA_CELL.search(c) for c in filled)


def _first_line(cells: list[str] | None) -> str:
    """The ' (first line: …)' of an error, when that line may be shown (:func:`looks_like_header`)."""
    return f" (first line: {', '.join(cells[:8])})" if cells and looks_like_header(cells) else ""


def _split_header(line: str) -> list[str]:
    delimiter = _delimiter(line)
    return [c.strip().strip('"').lstrip("\ufeff").strip() for c in next(csv.reader([line], delimiter=delimiter))]


def _delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","

