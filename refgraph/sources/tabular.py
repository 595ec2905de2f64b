"""Read the CSV files real exporters write: BOMs, UTF-16 "Unicode text", cp1252, preambles, ``;``
and tab separators, quoted newlines. Rows come back as dicts keyed by the header, with the line
number where each row starts (for error messages)."""
from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from ..errors import InputError

__all__ = ["decode", "Table", "read_table"]

csv.field_size_limit(1 << 27)


def decode(data: bytes, path: str | Path) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252."""
    if not data.strip():
        raise InputError(path, "the file is empty", "export it again or pick the right file")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(path, "the file says UTF-16 but is not valid UTF-16",
                             "save it again as CSV UTF-8") from None
    if data.startswith(b"PK\x03\x04"):
        raise InputError(path, "this is a zip file, not a CSV", "unzip it or pass the zip to the importer that reads it")
    sample = data[:4096]
    if b"\x00" in sample:
        raise InputError(path, "this is a binary file, not a CSV", "export the data as CSV and import that")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


@dataclass
class Table:
    path: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]    # (line number, row)
    blank: int = 0                             # rows with every cell empty

    def column(self, *names: str) -> str | None:
        """The header cell matching one of *names* (case- and space/underscore-insensitive)."""
        wanted = {_norm(n) for n in names}
        for h in self.header:
            if _norm(h) in wanted:
                return h
        return None


def _norm(header: str) -> str:
    return " ".join(header.replace("_", " ").replace(".", " ").strip().lower().split())


def read_table(path: str | Path, data: bytes | None = None,
               is_header: Callable[[list[str]], bool] | None = None, label: str | None = None) -> Table:
    """Parse a CSV file. *is_header* picks the header line among the first lines (skipping a
    preamble such as LinkedIn's ``Notes:``); by default the first non-blank line is the header."""
    label = label or str(path)
    if data is None:
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise InputError(label, "no such file", "check the path") from None
        except IsADirectoryError:
            raise InputError(label, "is a folder, not a file", "give the path of the CSV file") from None
    text = decode(data, label)
    looks = _not_csv(text)
    if looks:
        raise InputError(label, f"not a CSV file (it looks like {looks})", _FIX.get(looks, "export the data as CSV"))
    lines = text.splitlines(keepends=True)
    start, first = None, None
    for i, line in enumerate(lines[:50]):
        if not line.strip():
            continue
        cells = _split_header(line)
        first = first or cells
        if is_header is None or is_header(cells):
            start = i
            break
    if start is None:
        expected = getattr(is_header, "expected", "the expected columns")
        raise InputError(label, f"no header row with {expected} (first line: {', '.join((first or [])[:8])})",
                         "pass the export's own file, not one saved by another tool")
    delimiter = _delimiter(lines[start])
    reader = csv.reader(io.StringIO("".join(lines[start:])), delimiter=delimiter)
    prev = blank = 0
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
        prev = reader.line_num
        rows: list[tuple[int, dict[str, str]]] = []
        for cells in reader:
            row_line, prev = start + prev + 1, reader.line_num
            if not any(c.strip() for c in cells):
                blank += 1
                continue
            rows.append((row_line, dict(zip(header, (c.strip() for c in cells)))))
    except csv.Error as exc:
        raise InputError(label, f"not a readable CSV ({exc})", "save it again as CSV",
                         row=start + prev + 1) from None
    return Table(label, header, rows, blank)


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


def _split_header(line: str) -> list[str]:
    delimiter = _delimiter(line)
    return [c.strip().strip('"').lstrip("\ufeff").strip() for c in next(csv.reader([line], delimiter=delimiter))]


def _delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","

