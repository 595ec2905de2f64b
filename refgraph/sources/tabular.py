"""Read the CSV files real exporters write: BOMs, UTF-16 "Unicode text", cp1252, preambles, ``;``
and tab separators, quoted newlines. Rows come back as dicts keyed by the header, with the line
number where each row starts (for error messages)."""
from __future__ import annotations

import codecs
import csv
import gc
import io
import itertools
import multiprocessing
import os
import queue
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from ..errors import InputError, RefgraphError
from ..files import open_input

__all__ = ["decode", "Table", "read_table", "stream_table", "ahead", "can_work_ahead"]

csv.field_size_limit(1 << 27)


def decode(data: bytes, path: str | Path) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252."""
    if not data.strip():
        raise InputError(path, "the file is empty", "export it again or pick the right file")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(path, "the file says UTF-16 but is not valid UTF-16",
                             "save it again as CSV UTF-8") from None
        at = text.find("\x00")
        if at >= 0:
            raise _nul(path, text.count("\n", 0, at) + 1)
        return text
    if data.startswith(b"PK\x03\x04"):
        raise InputError(path, "this is a zip file, not a CSV", "unzip it or pass the zip to the importer that reads it")
    sample = data[:4096]
    if b"\x00" in sample:
        raise InputError(path, "this is a binary file, not a CSV", "export the data as CSV and import that")
    at = data.find(b"\x00")
    if at >= 0:
        raise _nul(path, data.count(b"\n", 0, at) + 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if data.startswith(codecs.BOM_UTF8):   # says UTF-8: a stray byte stays one bad character
            return data.decode("utf-8-sig", errors="replace")
        return data.decode("cp1252", errors="replace")


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
        wanted = {_norm(n) for n in names}
        for h in self.header:
            if _norm(h) in wanted:
                same = [i for i, other in enumerate(self.header, 1) if _norm(other) == _norm(h)]
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


def _norm(header: str) -> str:
    return " ".join(header.replace("_", " ").replace(".", " ").strip().lower().split())


def read_table(path: str | Path, data: bytes | None = None,
               is_header: Callable[[list[str]], bool] | None = None, label: str | None = None) -> Table:
    """Parse a CSV file. *is_header* picks the header line among the first lines (skipping a
    preamble such as LinkedIn's ``Notes:``); by default the first non-blank line is the header."""
    label = label or str(path)
    if data is None:
        try:
            with open_input(path, label) as f:
                data = f.read()
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
        raise InputError(label, f"no header row with {expected}{_first_line(first)}",
                         "pass the export's own file, not one saved by another tool")
    delimiter = _delimiter(lines[start])
    reader = csv.reader(io.StringIO("".join(lines[start:])), delimiter=delimiter, strict=True)
    prev = blank = footer = 0
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
        prev = reader.line_num
        rows: list[tuple[int, dict[str, str]]] = []
        after_blank = False
        for cells in reader:
            row_line, prev = start + prev + 1, reader.line_num
            if not any(c.strip() for c in cells):
                blank += 1
                after_blank = True
                continue
            if after_blank and _is_footer(cells):   # a report's footer ("Copyright …", "Generated By …")
                footer += 1
                continue
            rows.append((row_line, dict(zip(header, (c.strip() for c in cells)))))
    except csv.Error as exc:
        problem = ("a quoted cell is never closed" if "unexpected end of data" in str(exc)
                   else f"not a readable CSV ({str(exc).split(' - ')[0].split('(')[0].strip()})")
        raise InputError(label, problem, "fix the quotes in that row or save the file again as CSV",
                         row=start + prev + 1) from None
    return Table(label, header, rows, blank, footer)


_CHUNK = 1 << 20


def stream_table(path: str | Path, is_header: Callable[[list[str]], bool] | None = None,
                 label: str | None = None) -> Table:
    """:func:`read_table` for files of any size: the same checks, encodings, header, line numbers
    and errors, but the file is never held in memory. ``rows`` is an iterator of ``(line, cells)``
    with the raw cells (read a column with :meth:`Table.getter`), parsed as it is consumed; a
    broken row raises when it is reached, and ``blank``/``footer`` are final once it is exhausted.
    ``lines`` is the file's line count (for progress)."""
    label = label or str(path)
    try:
        f = open_input(path, label)
    except FileNotFoundError:
        raise InputError(label, "no such file", "check the path") from None
    except IsADirectoryError:
        raise InputError(label, "is a folder, not a file", "give the path of the CSV file") from None
    with f:   # first pass: what decode() decides from the whole file, without keeping it
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
    text = io.TextIOWrapper(open_input(path, label), encoding=encoding, errors="strict" if valid else "replace",
                            newline="\n")   # lines end at \n only, as io.StringIO splits them in read_table
    try:
        # the first lines, split as str.splitlines splits them in read_table: (line, its sublines)
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


def ahead(produce: Callable[..., Iterator], *args, depth: int = 4, label: str = "") -> Iterator:
    """What the generator ``produce(*args)`` yields, produced in a worker process while the caller
    works on what came before (at most *depth* items ahead): parsing a big import on one core while
    it is written on another. An exception in the worker is raised here, at its place in the
    sequence; closing this generator early stops the worker.

    Only where a process can fork safely (Linux, this the only thread): spawning would run the
    caller's script again, and a notebook kernel has threads. Elsewhere it runs here, in turn."""
    if not can_work_ahead():
        yield from produce(*args)
        return
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue(maxsize=depth)
    worker = ctx.Process(target=_produce_ahead, args=(produce, args, results, os.getpid()), daemon=True)
    worker.start()
    try:
        while True:
            try:
                kind, item = results.get(timeout=1.0)
            except queue.Empty:
                if worker.is_alive():
                    continue
                try:   # it may have finished just now
                    kind, item = results.get(timeout=1.0)
                except queue.Empty:
                    raise RefgraphError(f"{label}: the process reading it stopped unexpectedly (exit code "
                                        f"{worker.exitcode}) — try again; if it keeps happening, free some "
                                        "memory") from None
            if kind == "item":
                yield item
            elif kind == "error":
                cls, exc_args, state = item
                exc = cls.__new__(cls)
                exc.args = exc_args
                exc.__dict__.update(state)
                raise exc
            else:
                return
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join()
        results.close()


def can_work_ahead() -> bool:
    """Whether :func:`ahead` can use a worker process here."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _produce_ahead(produce, args, results, parent: int) -> None:
    end_with_parent(parent)   # a killed import must not leave its reader running
    gc.disable()   # a parser keeps what it has read: nothing for the cyclic collector to find
    try:
        for item in produce(*args):
            results.put(("item", item))
        results.put(("end", None))
    except BaseException as exc:   # sent as class, args and attributes: InputError cannot be pickled as is
        results.put(("error", (type(exc), exc.args, dict(getattr(exc, "__dict__", {})))))


def end_with_parent(parent: int) -> None:
    """End this process when *parent* ends: Linux's parent-death signal, else (or as well, should the
    parent already be gone) a thread that looks for the parent twice a second."""
    import signal
    import time

    signalled = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            signalled = ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0) == 0   # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:   # gone before the signal was asked for
        os._exit(1)
    if signalled:
        return

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="refgraph-parent-watch", daemon=True).start()


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

