"""Call and meeting logs: the canonical CSV, Salesforce activity exports, HubSpot engagement exports.

Canonical columns (docs/formats.md): ``date, person, channel`` required; ``email, linkedin_url, company,
title, subject, direction, owner, duration_minutes`` optional. Salesforce Task/Event exports (API
names or report labels) and HubSpot call/meeting exports are recognised by their columns;
``--map CANONICAL=THEIRS`` names any other column. Other columns are ignored. In a canonical CSV a
row with no date and no channel is skipped as one left to fill in (``refgraph triage`` writes such rows).
"""
from __future__ import annotations

import hashlib
import math
import operator
import re
from collections import Counter
from pathlib import Path
from typing import Callable

from ..dates import date_problem, parse_when
from ..errors import InputError, RefgraphError
from ..files import check_input
from ..identity import clean_name, full_name, name_key, normalise_email, normalise_url
from ..records import CHANNELS, Batch, InteractionRecord, PersonRecord
from .tabular import column_key, stream_table
from .vocabulary import KNOWN_COLUMNS, CHANNEL_SYNONYMS, normalise_direction, normalise_channel, outcome_text
from .worker import RecordDecoder, RecordEncoder, ahead, can_work_ahead

__all__ = ["read_interactions", "normalise_channel", "CANONICAL", "CHANNEL_SYNONYMS"]

CANONICAL = ("date", "person", "channel", "email", "linkedin_url", "company", "title", "subject",
             "direction", "owner", "duration_minutes")
REQUIRED = ("date", "person", "channel")

def _kind(header: list[str]) -> str:
    names = {column_key(h) for h in header}
    if names & {"activitydate", "tasksubtype", "whoid", "whatid", "calldurationinseconds", "startdatetime"}:
        return "Salesforce activity export"
    if any(h.lower().startswith("hs_") for h in header):
        return "HubSpot engagement export"
    return "interactions CSV"


def _default_channel(header: list[str]) -> str | None:
    """The channel a CRM export implies when its rows do not say (an Event is a meeting)."""
    lower = {column_key(h) for h in header}
    if lower & {"hs call title", "hs call duration", "hs call direction", "call title", "call direction",
                "call duration", "call duration (hh:mm:ss)", "call outcome"}:
        return "call"
    if lower & {"hs meeting title", "hs meeting start time", "meeting name", "meeting title", "meeting start time",
                "meeting outcome"}:
        return "meeting"
    if "startdatetime" in lower and "tasksubtype" not in lower:
        return "meeting"
    return None


_OPEN_STATUSES = {"not started", "open", "to do", "todo", "deferred", "waiting on someone else", "scheduled",
                  "in progress", "0", "false", "no"}
# outcomes (outcome_text: HubSpot's GUIDs and API values as words) and call statuses of no conversation
_NOT_CONNECTED = re.compile(r"voicemail|no answer|busy|wrong number|not reached|no show|canceled|cancelled|"
                            r"rescheduled|left .*message|failed|queued|ringing|connecting|calling crm user|missed|"
                            r"in progress")


def parse_map(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        canonical, sep, theirs = pair.partition("=")
        canonical = canonical.strip().lower()
        if not sep or not theirs.strip():
            raise RefgraphError(f"--map {pair!r}: no '=' and column name — write it as CANONICAL=THEIRS, "
                                "e.g. --map person='Contact Name'")
        if canonical not in CANONICAL:
            raise RefgraphError(f"--map {pair!r}: {canonical!r} is not a column refgraph knows — "
                                f"use one of {', '.join(CANONICAL)}")
        mapping[canonical] = theirs.strip()
    return mapping


AHEAD_BYTES = 16 << 20   # a streamed log at least this big is parsed in a worker process


def read_interactions(path: str | Path, owner: str | None = None, mapping: dict[str, str] | None = None,
                      stream: bool = False) -> Batch:
    """Parse a call/meeting log into a :class:`Batch` (nothing is written).

    With *stream*, ``batch.interactions`` is an iterator that reads the file as it is consumed
    (a file of any size in little memory): a bad row raises when it is reached, and ``skipped`` and
    ``rows`` are complete once it is exhausted. A big file is then parsed in a worker process while
    the caller writes what came before. Without, the whole file is read first.

    A Salesforce data export (its zip or folder, holding Task.csv or Event.csv) is read as a whole
    by :mod:`refgraph.sources.salesforce`: its activities name people and owners only by ID."""
    check_input(path)
    from . import salesforce

    if salesforce.is_export(path):
        if mapping:
            raise RefgraphError(f"{path}: --map names the columns of one CSV; a Salesforce data export is read "
                                "by its own field names — drop --map")
        return salesforce.read_export(path, owner=owner)
    if (mapping or {}).get("person", "").strip().lower() in ("", "whoid"):   # (an ID is not a person's name)
        lone = salesforce.lone_activity_file(path)
        if lone is not None:
            raise lone
    if stream:
        try:
            big = Path(path).stat().st_size >= AHEAD_BYTES
        except OSError:
            big = False   # stream_table says what is wrong
        if big and can_work_ahead():
            return _read_ahead(path, owner, mapping)
    return _read(path, owner, mapping, stream)


def _read_ahead(path, owner: str | None, mapping: dict[str, str] | None) -> Batch:
    """:func:`read_interactions` (streamed) with the parsing in a worker process: the same batch."""
    items = ahead(_encoded, str(path), owner, mapping, depth=8, label=str(path))
    _, kind, expected = next(items)   # the header's errors are raised here, as without a worker
    batch = Batch(kind=kind, source=str(path), owner_name=clean_name(owner) if owner else None)
    batch.expected, batch.unique_keys = expected, True
    batch.interactions = _decoded(items, batch)
    return batch


def _encoded(path: str, owner: str | None, mapping: dict[str, str] | None):
    """In the worker: the streamed batch's rows in chunks by the record codec (each chunk with the
    people and days it numbers first), then its row count and skips."""
    table, batch, columns, default_channel = _header(path, owner, mapping)
    yield "head", batch.kind, max(table.lines - 1, 0)
    encoder, source, rows = RecordEncoder(), Path(path).name, []
    for who, when, channel, key, direction, subject, duration, owner_cell in _records(
            path, table, batch, columns, default_channel, encoder.new_person):
        rows.append(encoder.row(who, when.day, when.stamp, channel, key, direction, subject, source, duration,
                                owner_cell))
        if len(rows) >= 2000:
            yield "rows", encoder.take(), rows
            rows = []
    yield "rows", encoder.take(), rows
    yield "end", batch.rows, list(batch.skipped.items())


def _decoded(items, batch: Batch):
    """In this process: the records :func:`_encoded` sent, rebuilt."""
    decoder = RecordDecoder()
    for item in items:
        if item[0] == "end":
            batch.rows, batch.skipped = item[1], Counter(dict(item[2]))
            return
        _, taken, rows = item
        decoder.add(*taken)
        yield from decoder.records(rows)


def _read(path, owner: str | None, mapping: dict[str, str] | None, stream: bool) -> Batch:
    table, batch, columns, default_channel = _header(path, owner, mapping)
    source = Path(path).name
    records = (InteractionRecord(people, when.day, when.stamp, channel, key, direction, subject, source, duration,
                                 owner)
               for people, when, channel, key, direction, subject, duration, owner
               in _records(path, table, batch, columns, default_channel, PersonRecord))
    if stream:
        batch.interactions = records
        batch.expected = max(table.lines - 1, 0)
    else:
        batch.interactions = list(records)
    return batch


def _header(path, owner: str | None, mapping: dict[str, str] | None):
    """The table (rows not read yet), the batch, the columns found for each canonical name and the
    channel the export implies; the header's errors."""
    table = stream_table(path)
    kind = _kind(table.header)
    batch = Batch(kind=kind, source=str(path), owner_name=clean_name(owner) if owner else None)
    columns: dict[str, list[tuple[str, Callable | None]]] = {}
    try:
        for canonical in CANONICAL + ("outcome", "status"):
            if mapping and canonical in mapping:
                found = table.column(mapping[canonical])
                if not found:
                    raise InputError(path, f"--map {canonical}={mapping[canonical]}: no such column "
                                     f"(columns: {', '.join(table.header)})", "use a column name from the file")
                columns[canonical] = [(found, None)]
                continue
            candidates = [(table.column(h), conv) for h, conv in KNOWN_COLUMNS[canonical]]
            columns[canonical] = [(h, conv) for h, conv in candidates if h]
        default_channel = _default_channel(table.header)
        missing = [c for c in REQUIRED if not columns[c] and not (c == "channel" and default_channel)]
        if missing:
            raise InputError(path, f"missing required column{'s' if len(missing) > 1 else ''} "
                             f"{', '.join(missing)} (columns found: {', '.join(table.header)})",
                             "rename the columns or pass --map " + " ".join(f"{m}=THEIRS" for m in missing))
    except InputError:
        for _ in table.rows:   # a file that cannot be read as CSV says so first, as when it was read whole
            pass
        raise
    batch.unique_keys = True   # a row's key is its identity and how many rows before had the same
    return table, batch, columns, default_channel


def _text(table, candidates):
    """cells -> the first non-empty value among a column's *candidates* (``""`` when none)."""
    getters = [table.getter(h) for h in dict.fromkeys(h for h, _ in candidates)]   # a header once
    if not getters:
        return lambda cells: ""
    if len(getters) == 1:
        return getters[0]

    def first(cells):
        for get in getters:
            value = get(cells)
            if value:
                return value
        return ""

    return first


_COLUMNS = ("person", "email", "linkedin_url", "company", "title", "status", "date", "channel", "outcome", "owner",
            "subject", "direction", "duration_minutes")


def _records(path, table, batch: Batch, columns, default_channel, person: Callable):
    """The rows of *table*, one at a time: ``(people, when, channel, key, direction, subject,
    duration, owner)``, the people made by ``person(name, linkedin, emails, company, title,
    credentials)`` (one call per distinct person cells).

    What a cell means (a person's cells, a date, a channel, a duration, …) is worked out once per
    distinct cell text and remembered: a big log repeats the same few values millions of times."""
    header, width = table.header, len(table.header)
    used = [list(dict.fromkeys(h for h, _ in columns[c])) for c in _COLUMNS]
    extract = None
    if all(len(hs) <= 1 and all(header.count(h) == 1 for h in hs) for hs in used):
        # each column is one header cell: a row as wide as the header is read by position (a missing
        # column reads the "" appended to the row); other rows as read_table's dict rows hold them
        extract = operator.itemgetter(*(header.index(hs[0]) if hs else width for hs in used))
    getters = [_text(table, columns[c]) for c in _COLUMNS[:-1]]
    durations = [(table.getter(h), conv) for h, conv in columns["duration_minutes"]]
    fixed_conv = columns["duration_minutes"][0][1] if columns["duration_minutes"] else None

    def cells_of(row):
        if extract is not None and len(row) == width:
            row.append("")
            return extract(row), fixed_conv
        values = [get(row) for get in getters]
        for get, conv in durations:
            value = get(row)
            if value:
                return (*values, value), conv
        return (*values, ""), None

    seen: set[bytes] = set()            # row identities (digests) met once ...
    repeats: dict[bytes, int] = {}      # ... and how often the repeated ones were
    whos: dict[str, tuple | None] = {}     # the person cells of a row -> what they resolve to
    cache = ({}, {}, {}, person)           # for _who: URL cells, email cells, person cells
    opens: dict[str, bool] = {}
    whens: dict = {}
    channels: dict[str, str | None] = {}
    failed: dict[str, bool] = {}
    minutes: dict[tuple, float | None] = {}
    names: dict[str, str | None] = {}      # owner and subject cells, cleaned
    directions: dict[str, str | None] = {}
    sha1 = hashlib.sha1
    fill_in = batch.kind == "interactions CSV"   # a row of a canonical CSV with no date and no channel: to fill in
    for line, row in table.rows:
        batch.rows += 1
        (person_c, email_c, url_c, company_c, title_c, status_c, date_c, channel_c, outcome_c, owner_c, subject_c,
         direction_c, duration_c), conv = cells_of(row)
        person_cells = (person_c, email_c, url_c, company_c, title_c)
        joined = "\x1f".join(person_cells)   # one string: a smaller key to keep than five
        who = whos.get(joined, False)
        if who is False:
            who = whos[joined] = _who(person_cells, *cache)
        if who is None:
            batch.skipped["rows without a person"] += 1
            continue
        if fill_in and not date_c.strip() and not channel_c.strip():   # (refgraph triage writes them)
            batch.skipped["rows left to fill in"] += 1
            continue
        if status_c:
            is_open = opens.get(status_c)
            if is_open is None:
                is_open = opens[status_c] = status_c.strip().lower() in _OPEN_STATUSES
            if is_open:   # a task still to do is not an interaction yet
                batch.skipped["open tasks"] += 1
                continue
        when = whens.get(date_c, False)
        if when is False:
            when = whens[date_c] = parse_when(date_c)
        if when is None:   # unreadable, or a placeholder such as 0001-01-01, 1900-01-01 or 9999-12-31
            what = date_problem(date_c)
            raise InputError(path, what, "write the day it happened, as 2024-02-11, 2/11/2024 or 11 Feb 2024"
                             if "outside" in what else "write dates as 2024-02-11, 2/11/2024 or 11 Feb 2024",
                             row=line)
        channel = channels.get(channel_c, False)
        if channel is False:
            channel_text = channel_c.strip()
            channel = channels[channel_c] = normalise_channel(channel_text) if channel_text else default_channel
        if channel is None:
            channel_text = channel_c.strip()
            raise InputError(path, f"unknown channel {channel_text!r}" if channel_text else "the channel is empty",
                             f"use one of {', '.join(CHANNELS)} (or a synonym such as phone, zoom, lunch)",
                             row=line)
        if outcome_c and channel in ("call", "video", "meeting"):
            not_connected = failed.get(outcome_c)
            if not_connected is None:
                outcome = outcome_text(outcome_c)
                not_connected = failed[outcome_c] = bool(outcome and _NOT_CONNECTED.search(outcome))
            if not_connected:
                channel = "note"   # a call that did not connect (voicemail, no answer) is not a conversation
        if duration_c:
            duration = minutes.get((duration_c, conv), False)
            if duration is False:
                duration = minutes[duration_c, conv] = _minutes(path, duration_c.strip(), conv, line)
        else:
            duration = None
        owner_cell = names.get(owner_c, False)
        if owner_cell is False:
            owner_cell = names[owner_c] = clean_name(owner_c) or None
        subject = names.get(subject_c, False)
        if subject is False:
            subject = names[subject_c] = clean_name(subject_c) or None
        direction = directions.get(direction_c, False)
        if direction is False:
            direction = directions[direction_c] = normalise_direction(direction_c)
        people, ident = who
        stamp = when.stamp
        h = sha1("\x1f".join((owner_cell or "", stamp, ident, channel, subject or "", direction or "")).encode())
        digest = h.digest()
        if digest in seen:
            n = repeats[digest] = repeats.get(digest, 1) + 1
        else:
            seen.add(digest)
            n = 1
        h.update(b"\x1f%d" % n)
        yield people, when, channel, "row:" + h.hexdigest()[:24], direction, subject, duration, owner_cell
    batch.skipped["blank rows"] += table.blank
    batch.skipped["report footer lines"] += table.footer


def _minutes(path, text: str, conv, line: int) -> float | None:
    """A duration cell in minutes (``conv`` converts other units), or ``None`` when it is empty."""
    if not text:
        return None
    if ":" in text:   # HH:mm:ss or mm:ss
        parts = [float(x) for x in text.split(":") if x.strip().replace(".", "", 1).isdigit()]
        text, conv = str(sum(v * 60 ** i for i, v in enumerate(reversed(parts))) / 60), None
    try:
        value = (conv or float)(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):   # not a number, or one float cannot hold (nan, inf, 1e400)
        raise InputError(path, f"cannot read the duration {text!r}", "write a number of minutes", row=line)
    if value < 0:
        raise InputError(path, f"the duration {text!r} is negative",
                         "write a number of minutes from 0 up, or leave the cell empty", row=line)
    return value


def _who(cells: tuple, urls: dict, emails: dict, names_of: dict, person: Callable) -> tuple | None:
    """``(people, identity)`` for a row's person cells, or ``None`` when they name nobody."""
    person_cell, email_cell, url_cell, company_cell, title_cell = cells
    email = emails.get(email_cell, False)
    if email is False:
        email = emails[email_cell] = normalise_email(email_cell)
    url = urls.get(url_cell, False)
    if url is False:
        url = urls[url_cell] = normalise_url(url_cell)
    parsed = names_of.get(person_cell)
    if parsed is None:
        names = [n for n in (p.strip() for p in person_cell.split(";")) if n] if ";" in person_cell else [person_cell]
        parsed = names_of[person_cell] = (names, *full_name(names[0], ""))
    names, name, creds = parsed
    if not name and not email and not url:
        return None
    company = clean_name(company_cell) or None
    people = (person(name or (email or url or ""), url, (email,) if email else (), company,
                     clean_name(title_cell) or None, creds),)
    if len(names) > 1:
        people += tuple(person(full_name(n, "")[0], None, (), company, None, "") for n in names[1:]
                        if full_name(n, "")[0])
    return people, url or email or name_key(name)
