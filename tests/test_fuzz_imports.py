"""Hostile files never crash an import: mutated copies of the bundled sample files, fed to every
importer through the Python API, end either in a :class:`Summary` or in a one-line
:class:`RefgraphError` that leaves the store exactly as it was.

The mutations are byte-level (flipped, inserted and deleted bytes, truncation, NUL and control
characters, quotes, commas, newlines, a BOM, duplicated, swapped and dropped lines), field-level (a
CSV cell or an .ics/vCard property value replaced by a hostile value) and header-level (a header cell
or property name dropped, duplicated or renamed). The samples are cut short so that each example is
quick. By default every importer gets a small, fixed (derandomized) set of examples; set
``REFGRAPH_FUZZ_EXAMPLES=2000`` for a longer, random run.
"""
from __future__ import annotations

import csv
import functools
import io
import os
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import refgraph
from refgraph.errors import RefgraphError
from refgraph.records import Summary

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
TODAY = date(2026, 11, 15)

_LONG = os.environ.get("REFGRAPH_FUZZ_EXAMPLES")
settings.register_profile(
    "refgraph-fuzz", max_examples=200, deadline=None, derandomize=True, database=None, print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
settings.register_profile(
    "refgraph-fuzz-long", max_examples=int(_LONG) if _LONG else 2000, deadline=None, derandomize=False,
    database=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.filter_too_much])
FUZZ = settings.get_profile("refgraph-fuzz-long" if _LONG else "refgraph-fuzz")


# -- the samples, cut short ---------------------------------------------------------------------
@dataclass(frozen=True)
class Sample:
    """One input: a file, a zip or a folder of *files* (relative path → bytes)."""

    importer: str
    kind: str                        # "file" | "zip" | "folder"
    name: str                        # the file, zip or folder name written
    files: tuple                     # ((relative path, bytes), ...)
    kwargs: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def key(self) -> str:
        return f"{self.importer}:{self.name}"


def _style(data: bytes):
    """How a CSV file is written: (encoding, BOM, delimiter, quoting, line end)."""
    if data.startswith(b"\xff\xfe"):
        enc, bom = "utf-16-le", b"\xff\xfe"
    elif data.startswith(b"\xef\xbb\xbf"):
        enc, bom = "utf-8", b"\xef\xbb\xbf"
    else:
        enc, bom = "utf-8", b""
    text = data[len(bom):].decode(enc, errors="replace")
    first = next((line for line in text.splitlines() if line.count("\t") >= 2 or line.count(",") >= 2), "")
    delimiter = "\t" if first.count("\t") >= 2 else ","
    quoting = csv.QUOTE_ALL if first.startswith('"') and first.count('"') >= 4 else csv.QUOTE_MINIMAL
    return enc, bom, delimiter, quoting, "\r\n" if "\r\n" in text else "\n", text


def _csv_rows(data: bytes):
    enc, bom, delimiter, quoting, end, text = _style(data)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header = next((i for i, row in enumerate(rows) if len(row) >= 3), 0)
    return rows, header, (enc, bom, delimiter, quoting, end)


def _csv_bytes(rows, style) -> bytes:
    enc, bom, delimiter, quoting, end = style
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=end).writerows(rows)
    return bom + out.getvalue().encode(enc, errors="surrogatepass")


def _cut(data: bytes, keep: int, also=lambda row: False) -> bytes:
    """The preamble, header and first *keep* rows of a CSV file (plus the rows *also* picks)."""
    rows, header, style = _csv_rows(data)
    body = [row for n, row in enumerate(rows[header + 1:]) if n < keep or also(row)]
    return _csv_bytes(rows[:header + 1] + body, style)


@functools.lru_cache(maxsize=None)
def samples() -> dict[str, list[Sample]]:
    """Every sample file, cut short, grouped by the importer that reads it."""
    with zipfile.ZipFile(SAMPLES / "Complete_LinkedInDataExport_11-01-2026.zip") as zf:
        complete = {info.filename: zf.read(info) for info in zf.infolist()}
    complete["Connections.csv"] = _cut(complete["Connections.csv"], 30)
    complete["messages.csv"] = _cut(complete["messages.csv"], 30,
                                    also=lambda row: len(row) > 5 and ("," in row[5] or row[2] == "LinkedIn Member"))
    outer = next(p for p in SAMPLES.glob("Basic_LinkedInDataExport_*") if p.is_dir())
    basic = {}
    for f in sorted(outer.rglob("*.csv")):
        data = f.read_bytes()
        basic[str(f.relative_to(SAMPLES))] = _cut(data, 30) if f.name in ("Connections.csv", "Messages.csv") else data
    with zipfile.ZipFile(SAMPLES / "alex.morgan@northwind.example.ical.zip") as zf:
        ics = {info.filename: zf.read(info) for info in zf.infolist()}
    (ics_name, ics_data), = ics.items()
    read = lambda name: (SAMPLES / name).read_bytes()   # noqa: E731
    alex = {"owner": "Alex Morgan"}
    return {
        "linkedin": [
            Sample("linkedin", "zip", "Complete_LinkedInDataExport_11-01-2026.zip", tuple(complete.items())),
            Sample("linkedin", "folder", outer.name, tuple(basic.items())),
            Sample("linkedin", "file", "messages.csv", (("messages.csv", complete["messages.csv"]),), alex),
            Sample("linkedin", "file", "Connections.csv", (("Connections.csv", complete["Connections.csv"]),), alex),
        ],
        "interactions": [Sample("interactions", "file", "interactions.csv",
                                (("interactions.csv", _cut(read("interactions.csv"), 40)),))],
        "calendar": [Sample("calendar", "file", ics_name, ((ics_name, ics_data),)),
                     Sample("calendar", "zip", "alex.morgan@northwind.example.ical.zip", ((ics_name, ics_data),))],
        "contacts": [Sample("contacts", "file", "contacts.csv", (("contacts.csv", read("contacts.csv")),)),
                     Sample("contacts", "file", "sam-contacts.vcf", (("sam-contacts.vcf", read("sam-contacts.vcf")),))],
        "knows": [Sample("knows", "file", "knows.csv", (("knows.csv", read("knows.csv")),))],
        "accounts": [Sample("accounts", "file", "accounts.csv", (("accounts.csv", read("accounts.csv")),))],
    }


IMPORTERS = ("linkedin", "interactions", "calendar", "contacts", "knows", "accounts")


# -- mutations ----------------------------------------------------------------------------------
TOKENS = [b"\x00", b"\x01", b"\x07", b"\x1b[2J", b"\x7f", b"\x85", b"\xff", b'"', b'""', b",", b";", b"\t",
          b"\n", b"\r", b"\r\n", b"\xef\xbb\xbf", b"\xff\xfe", b":", b"\\", b"\\,", b"=", b" ", b"\xe2\x80\xa8"]
VALUES = ["", " ", "x" * 20000, "=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "[", "]", "http://[", "https://[::1",
          "https://www.linkedin.com/in/[x", "www.linkedin.com/in/", "mailto:", "@", "a@b", "0001-01-01",
          "9999-12-31", "01/01/0001", "12/31/9999", "31 Dec 9999", "1 Jan 0001", "0000-00-00", "2026-02-30",
          "00010101", "00010101T000000Z", "99991231T235959Z", "99991231", "NaN", "nan", "-1", "-30", "0",
          "1e400", "-1e400", "inf", "99999999999999999999", "abc", "Zoë Müller", "𝐉𝐨𝐫𝐝𝐚𝐧 𝐄𝐥𝐥𝐢𝐬", "\u202eevil",
          "\u200b", "名前", "a\nb", "a\r\nb", '"', '""', ",", ";", "\x00", "Maria\x00 Ortiz", "\x1b[31mred",
          "Alex Morgan", "alex.morgan@northwind.example", "https://www.linkedin.com/in/alex-morgan-nw",
          "Sam Rivera", "Yes", "No", "SPAM", "INBOX", "OUTGOING", "INCOMING", "call", "email", "outbound"]
POKES = ["[", "]", ",", ", ", ";", ":", "/", "?", "%", "%ZZ", "@", "#", '"', "'", " ", "\t", "\n", "\x00", "\x1b",
         "\u0301", "\ufeff", "\\", "\\,", "-", "0", "9", "T", "Z", "+99:99", "e400", "ü"]
HEADERS = ["", "x", "Name", "name", "NAME ", "person", "First Name", "Last Name", "URL", "Email Address",
           "Connected On", "DATE", "FROM", "TO", "date", "owner", "channel", "email", "domain", "aliases",
           "knows", "strength", "E-mail 1 - Value", "=cmd", "名前", "a\nb", "\ufeffdate"]
PROPERTIES = ["BEGIN", "END", "UID", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID",
              "SEQUENCE", "STATUS", "ATTENDEE", "ORGANIZER", "SUMMARY", "X-WR-CALNAME", "X-WR-TIMEZONE", "TZID",
              "FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "URL", "VERSION", "item1.URL", "X-FOO", ""]
PARAMS = [";TZID=Mars/Olympus", ";TZID=", ";VALUE=DATE", ";VALUE=PERIOD", ';CN="', ";CN=", ";PARTSTAT=DECLINED",
          ";CUTYPE=ROOM", ";ENCODING=QUOTED-PRINTABLE", ";CHARSET=klingon", ";type=pref", ";X=\x00"]


# random bytes and text without NUL: a NUL makes most files "binary" at once (TOKENS and VALUES hold some)
BYTES = st.lists(st.integers(1, 255), min_size=1, max_size=8).map(bytes)
TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=12)


def _where(draw, n: int) -> int:
    """A position among *n* (bytes or lines): the draw turned by a third of the way, so that the
    simplest draws (0, which hypothesis favours) fall in the body rather than on the first line."""
    return (draw(st.integers(0, max(n - 1, 0))) + n // 3) % max(n, 1)


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [data]


def _is_csv(name: str) -> bool:
    return name.lower().endswith(".csv")


@st.composite
def byte_mutation(draw, data: bytes, name: str) -> bytes:
    op = draw(st.sampled_from(["flip", "insert", "token", "delete", "truncate", "dup_line", "swap_lines",
                               "drop_line"]))
    at = _where(draw, len(data) + 1)
    if op == "flip" and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ (1 << draw(st.integers(0, 7)))]) + data[at + 1:]
    if op == "insert":
        return data[:at] + draw(BYTES) + data[at:]
    if op == "token":
        return data[:at] + draw(st.sampled_from(TOKENS)) * draw(st.integers(1, 3)) + data[at:]
    if op == "delete":
        return data[:at] + data[at + draw(st.integers(1, 64)):]
    if op == "truncate":
        return data[:at]
    lines = _lines(data)
    i, j = _where(draw, len(lines)), _where(draw, len(lines))
    if op == "dup_line":
        lines.insert(j, lines[i])
    elif op == "swap_lines":
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "drop_line":
        del lines[i]
    return b"".join(lines)


def _csv_edit(data: bytes, edit) -> bytes:
    rows, header, style = _csv_rows(data)
    if not rows:
        return data
    edit(rows, header)
    return _csv_bytes(rows, style)


def _value(draw, old: str) -> str:
    """A hostile value for a cell holding *old*: one of VALUES, random text, or *old* with a hostile
    character put in or a part of it taken out."""
    how = draw(st.sampled_from(["replace", "replace", "text", "poke", "cut"]))
    if how == "text":
        return draw(TEXT)
    if how == "replace" or not old:
        return draw(st.sampled_from(VALUES))
    at = draw(st.integers(0, len(old)))
    if how == "poke":
        return old[:at] + draw(st.sampled_from(POKES)) + old[at:]
    return old[:at] + old[at + draw(st.integers(1, 16)):]


@st.composite
def field_mutation(draw, data: bytes, name: str) -> bytes:
    if _is_csv(name):
        def edit(rows, header):
            r = draw(st.integers(min(header + 1, len(rows) - 1), len(rows) - 1))
            if not rows[r]:
                rows[r] = [draw(st.sampled_from(VALUES))]
                return
            c = draw(st.integers(0, len(rows[r]) - 1))
            rows[r][c] = _value(draw, rows[r][c])
        return _csv_edit(data, edit)
    lines = _lines(data)
    i = _where(draw, len(lines))
    line = lines[i]
    head, sep, rest = line.partition(b":")
    if not sep:
        return data
    end = rest[len(rest.rstrip(b"\r\n")):]
    old = rest[:len(rest) - len(end)].decode("utf-8", errors="surrogateescape")
    lines[i] = head + b":" + _value(draw, old).encode("utf-8", errors="surrogateescape") + end
    return b"".join(lines)


@st.composite
def header_mutation(draw, data: bytes, name: str) -> bytes:
    op = draw(st.sampled_from(["drop", "duplicate", "rename"] + ([] if _is_csv(name) else ["param"])))
    if _is_csv(name):
        def edit(rows, header):
            cells = rows[header]
            if not cells:
                return
            i = draw(st.integers(0, len(cells) - 1))
            if op == "drop":
                del cells[i]
            elif op == "duplicate":
                cells.insert(draw(st.integers(0, len(cells))), cells[i])
            else:
                cells[i] = draw(st.sampled_from(HEADERS + cells) | TEXT)
        return _csv_edit(data, edit)
    lines = _lines(data)
    i = _where(draw, len(lines))
    line = lines[i]
    cut = min((k for k in (line.find(b":"), line.find(b";")) if k >= 0), default=-1)
    if cut < 0:
        return data
    if op == "drop":
        del lines[i]
    elif op == "duplicate":
        lines.insert(draw(st.integers(0, len(lines))), line)
    elif op == "rename":
        lines[i] = draw(st.sampled_from(PROPERTIES)).encode() + line[cut:]
    else:
        lines[i] = line[:cut] + draw(st.sampled_from(PARAMS)).encode() + line[cut:]
    return b"".join(lines)


@st.composite
def mutated(draw, data: bytes, name: str) -> bytes:
    """*data* after one to three mutations of any level."""
    for _ in range(draw(st.integers(1, 3))):
        level = draw(st.sampled_from([byte_mutation, field_mutation, header_mutation]))
        data = draw(level(data, name))
    return data


@st.composite
def inputs(draw, importer: str):
    """A sample for *importer* (now and then another importer's file) with one file mutated, or for
    a zip, now and then the zip itself; or a folder/zip with one file left out. Drawn as
    ``(sample key, {file: new bytes, or None when left out}, the mutated zip or None)``."""
    own = samples()[importer]
    everyone = [s for group in samples().values() for s in group]
    sample = draw(st.sampled_from(own)) if draw(st.integers(0, 9)) < 9 else draw(st.sampled_from(everyone))
    files = dict(sample.files)
    names = sorted(files)
    choice = draw(st.integers(0, 19))
    if sample.kind != "file" and len(names) > 1 and choice == 19:
        return sample.key, {draw(st.sampled_from(names)): None}, None
    if sample.kind == "zip" and choice == 18:
        return sample.key, {}, draw(byte_mutation(_zip(files), sample.name))
    which = draw(st.sampled_from(names))
    return sample.key, {which: draw(mutated(files[which], which))}, None


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for name, data in files.items():
            zf.writestr(zipfile.ZipInfo(name, (2026, 11, 1, 9, 12, 0)), data)
    return out.getvalue()


# -- running an import against a non-empty store ------------------------------------------------
def dump(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return make_base(tmp_path_factory.mktemp("fuzz-base"))


def make_base(folder: Path):
    """A store holding the cut call log and the accounts (closed, so it can be copied), and its dump."""
    db = folder / "base.db"
    with refgraph.open(db, notice=lambda line: None) as g:
        (interactions,) = samples()["interactions"]
        log = folder / "interactions.csv"
        log.write_bytes(dict(interactions.files)["interactions.csv"])
        g.import_interactions(log)
        g.import_accounts(SAMPLES / "accounts.csv")
    return Base(db, dump(db))


class Base:
    """The base store and its dump (shown by its path alone in a falsifying example)."""

    def __init__(self, db: Path, before: list[str]):
        self.db, self.before = db, before

    def __repr__(self):
        return f"Base({str(self.db)!r})"


def write_input(folder: Path, sample: Sample, files: dict[str, bytes], container: bytes | None) -> Path:
    target = folder / sample.name
    if sample.kind == "zip":
        target.write_bytes(container if container is not None else _zip(files))
    elif sample.kind == "folder":
        for name, data in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    else:
        (data,) = files.values()
        target.write_bytes(data)
    return target


def run_import(db: Path, importer: str, path: Path, kwargs: dict):
    kwargs = dict(kwargs)
    if importer == "calendar":
        kwargs["today"] = TODAY
    elif importer != "linkedin":
        kwargs.pop("owner", None)
    with refgraph.open(db, notice=lambda line: None) as g:
        return getattr(g, f"import_{importer}")(path, **kwargs)


def check(base, importer: str, sample: Sample, changes: dict[str, bytes | None], container: bytes | None = None):
    """Import the sample with its *changes* (or the zip *container*) into a copy of the base store:
    a Summary, or a one-line RefgraphError and the store as it was. Any other exception propagates."""
    base_db, before = base.db, base.before
    files = {name: data for name, data in {**dict(sample.files), **changes}.items() if data is not None}
    with tempfile.TemporaryDirectory(prefix="refgraph-fuzz-") as tmp:
        folder = Path(tmp)
        db = folder / "store.db"
        shutil.copy(base_db, db)
        path = write_input(folder, sample, files, container)
        kwargs = sample.kwargs if sample.importer == importer else {}
        try:
            summary = run_import(db, importer, path, kwargs)
        except RefgraphError as exc:
            message = str(exc)
            assert message and "\n" not in message and "\r" not in message, repr(message)
            assert dump(db) == before, f"the store changed after: {message}"
            return exc
        assert isinstance(summary, Summary), type(summary)
        line = summary.line()
        assert "\n" not in line and "\r" not in line, repr(line)
        return summary


@pytest.mark.parametrize("importer", IMPORTERS)
@FUZZ
@given(data=st.data())
def test_mutated_samples_import_or_fail_cleanly(base, importer, data):
    key, changes, container = data.draw(inputs(importer), label="input")
    sample = next(s for group in samples().values() for s in group if s.key == key)
    check(base, importer, sample, changes, container)


@pytest.mark.parametrize("importer", IMPORTERS)
def test_the_cut_samples_import(base, importer):
    for sample in samples()[importer]:
        assert isinstance(check(base, importer, sample, {}), Summary), sample.name


# -- what the fuzzing found, kept fixed ---------------------------------------------------------
def import_one(base, folder: Path, monkeypatch, importer: str, name: str, data: bytes, **kwargs):
    """Import one file, written to *folder* and named *name* relative to it (the working directory
    meanwhile), into a copy of the base store: its Summary, or its error's message (the store then
    checked unchanged)."""
    db = folder / "store.db"
    shutil.copy(base.db, db)
    (folder / name).write_bytes(data)
    monkeypatch.chdir(folder)
    try:
        return run_import(db, importer, Path(name), kwargs)
    except RefgraphError as exc:
        assert dump(db) == base.before
        return str(exc)


def test_a_vcard_line_in_quoted_printable_with_a_second_encoding_is_a_clean_error(base, tmp_path, monkeypatch):
    card = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Dana Reyes\r\n"
            b"EMAIL;ENCODING=QUOTED-PRINTABLE;ENCODING=8BIT:dana=40reyes.example\r\nEND:VCARD\r\n")
    assert import_one(base, tmp_path, monkeypatch, "contacts", "contacts.vcf", card) == (
        "contacts.vcf: card 1 is not valid vCard: quoted-printable with a second ENCODING (line 4) — "
        "export the contacts again or fix that line")


def _ics(*lines: str) -> bytes:
    """A calendar of one meeting of Alex's with Dana, with *lines* for its times."""
    return "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Example//EN",
                        "X-WR-CALNAME:alex.morgan@northwind.example", "BEGIN:VEVENT", "UID:plan-1@example",
                        *lines, "SUMMARY:Planning", "ORGANIZER:mailto:alex.morgan@northwind.example",
                        "ATTENDEE;CN=Alex Morgan:mailto:alex.morgan@northwind.example",
                        "ATTENDEE;CN=Dana Reyes:mailto:dana.reyes@fabrikam.example", "END:VEVENT",
                        "END:VCALENDAR", ""]).encode()


FIX = " — fix or delete that event and export again"


@pytest.mark.parametrize("lines, error", [
    (["DTSTART:20260305T170000Z", "DTEND:193000Z"],
     "the event 'Planning' has an unreadable end (DTEND is a time of day without a date, not a date or date-time)"),
    (["DTSTART:20260305T170000Z", "DTEND:PT1H"],
     "the event 'Planning' has an unreadable end (DTEND is a duration, not a date or date-time)"),
    (["DTSTART;VALUE=PERIOD:20260305T170000Z/20260305T180000Z", "DTEND:20260305T180000Z"],
     "the event 'Planning' has an unreadable start (DTSTART is a period, not a date or date-time)"),
    (["DTSTART:170000Z", "DTEND:20260305T180000Z"],
     "the event 'Planning' has an unreadable start (DTSTART is a time of day without a date, not a date or "
     "date-time)"),
    (["DTSTART:20260305T170000Z", "DURATION:20260305"],
     "the event 'Planning' has an unreadable end (DURATION is date, not a duration)"),
    (["DTSTART:20260305T170000Z", "DTEND:20260305T180000Z", "RDATE:170000Z"],
     "the event 'Planning' has an unreadable date (an RDATE is a time of day without a date, not a date, "
     "date-time or period)"),
    (["DTSTART:20260305T170000Z", "DTEND:20260305T180000Z", "RRULE:FREQ=WEEKLY;INTERVAL=0"],   # hung for ever
     "cannot expand the recurring events (the event 'Planning' repeats at an interval below 1: "
     "RRULE:FREQ=WEEKLY;INTERVAL=0)"),
    (["DTSTART:20260305T170000Z", "DTEND:20260305T180000Z", "RRULE:FREQ=MONTHLY;INTERVAL=-1"],
     "cannot expand the recurring events (the event 'Planning' repeats at an interval below 1: "
     "RRULE:FREQ=MONTHLY;INTERVAL=-1)"),
])
def test_an_event_time_of_the_wrong_kind_is_a_clean_error(base, tmp_path, monkeypatch, lines, error):
    # each crashed the import with a TypeError inside the recurrence library (INTERVAL=0: never ended)
    found = import_one(base, tmp_path, monkeypatch, "calendar", "plan.ics", _ics(*lines), owner="Alex Morgan")
    assert found == f"plan.ics: {error}{FIX}"


@pytest.mark.parametrize("lines", [
    ["DTSTART:20260305T170000Z", "DTEND:99991231"],
    ["DTSTART;VALUE=DATE:20260305", "DTEND:00010101T000000Z"],
    ["DTSTART:20260305T170000Z", "DURATION:P9999999D"],
    ["DTSTART:20260305T170000Z", "DURATION:-P999999D"],
])
def test_an_event_ending_outside_the_years_is_skipped_as_one_starting_there(base, tmp_path, monkeypatch, lines):
    # each crashed the import with an OverflowError inside the recurrence library
    summary = import_one(base, tmp_path, monkeypatch, "calendar", "plan.ics", _ics(*lines), owner="Alex Morgan")
    assert summary.line() == ("Imported calendar from plan.ics for Alex Morgan: 0 new; "
                              "1 row: 1 skipped (events dated outside the years 1901 to 2199 1)")


def test_an_event_with_its_times_readable_still_imports(base, tmp_path, monkeypatch):
    summary = import_one(base, tmp_path, monkeypatch, "calendar", "plan.ics",
                         _ics("DTSTART:20260305T170000Z", "DURATION:PT45M", "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=3",
                              "RDATE;VALUE=PERIOD:20260310T170000Z/PT1H"), owner="Alex Morgan")
    assert summary.line() == ("Imported calendar from plan.ics for Alex Morgan: 1 new people, 0 updated, "
                              "0 job changes, 4 new interactions; 4 rows: 4 new")


@pytest.mark.parametrize("importer, name, data, error", [
    ("accounts", "accounts.csv", b'"a\nb",domain,aliases\nContoso,contoso.example,\n',
     "accounts.csv: no name column (columns found: a b, domain, aliases) — an accounts file needs a name column "
     "(and optionally domain, aliases)"),
    ("knows", "knows.csv", b'person,"kn\r\nows"\nMaria Ortiz,Lee Park\n',
     "knows.csv: missing required column knows (columns found: person, kn ows) — a knows file needs the columns "
     "person, knows (and optionally strength, last_contact, note)"),
])
def test_a_header_cell_holding_a_line_break_is_quoted_on_one_line(base, tmp_path, monkeypatch, importer, name, data,
                                                                    error):
    assert import_one(base, tmp_path, monkeypatch, importer, name, data) == error


def test_a_stray_byte_in_a_file_marked_utf8_keeps_the_rest_utf8(base, tmp_path, monkeypatch):
    # it was read as cp1252 as a whole: the BOM became part of the first header ("ï»¿date": "missing
    # required column date") and every accented name was mangled ("JosÃ© Ã\x81lvarez")
    log = ("\ufeffdate,person,channel,subject,owner\r\n2026-03-02,José Álvarez,call,Caf".encode()
           + b"\xe9 chat,Alex Morgan\r\n")
    summary = import_one(base, tmp_path, monkeypatch, "interactions", "log.csv", log)   # read as a stream
    assert summary.line() == ("Imported interactions CSV from log.csv for Alex Morgan: 1 new people, 0 updated, "
                              "0 job changes, 1 new interactions; 1 row: 1 new")
    con = sqlite3.connect(tmp_path / "store.db")
    assert con.execute("SELECT p.name, i.subject FROM interactions i JOIN interaction_people ip ON ip.interaction_id = "
                       "i.id JOIN people p ON p.id = ip.person_id WHERE i.day = '2026-03-02'").fetchall() == [
        ("José Álvarez", "Caf\ufffd chat")]
    con.close()
    accounts = "\ufeffname,domain,aliases\r\nZoë Labs,zoe.example,\r\nCaf".encode() + b"\xe9 Corp,cafe.example,\r\n"
    summary = import_one(base, tmp_path, monkeypatch, "accounts", "accounts.csv", accounts)   # read whole
    assert summary.line() == "Imported accounts from accounts.csv: 2 new accounts, 0 updated; 2 rows: 2 new"
    con = sqlite3.connect(tmp_path / "store.db")
    assert con.execute("SELECT name FROM accounts ORDER BY id DESC LIMIT 2").fetchall() == [("Caf\ufffd Corp",),
                                                                                             ("Zoë Labs",)]
    con.close()
