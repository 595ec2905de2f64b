"""Salesforce's data export (Setup → Data Export, weekly or monthly): the zip, or its folder.

The export holds one CSV per object, named after it (``Task.csv``, ``Event.csv``, ``Contact.csv``,
``Lead.csv``, ``Account.csv``, ``User.csv`` and many more), with API field names as headers and
records' IDs (15 or 18 characters; the 18-character form adds a case checksum to the 15) where a
record points to another. A task or event names its person only by ``WhoId`` and its owner only by
``OwnerId``, so the activities are read with the files beside them:

- the person: ``WhoId`` → ``Contact.csv`` (``FirstName``/``LastName`` or ``Name``, ``Email``,
  ``Title``, ``AccountId`` → ``Account.csv`` ``Name``) or ``Lead.csv`` (the same, ``Company``). A
  merged-away record (deleted, ``MasterRecordId``) stands for its master; a converted lead for its
  contact (``ConvertedContactId``).
- the owner: ``OwnerId`` → ``User.csv`` (``Name`` or ``FirstName``/``LastName``, ``Email``); times,
  written in UTC, are read in the owner's ``TimeZoneSidKey``.
- the channel: a task's ``TaskSubtype`` (Call, Email, ListEmail, LinkedIn; else ``Type``,
  ``CallType`` or ``CallDurationInSeconds``); a call whose ``CallDisposition`` says it did not
  connect is a note. An event is a meeting, or a video call when its ``Type``, ``Subject`` or
  ``Location`` says so.
- the day: a task's ``ActivityDate`` (``CompletedDateTime`` when done before it, else when there is
  none, then ``CreatedDate``); an event's ``StartDateTime`` (``ActivityDate`` for all-day events).
- the duration: ``CallDurationInSeconds``, ``DurationInMinutes`` (else ``EndDateTime`` − start).

Only the ``Subject`` is kept, never ``Description``. Skipped and counted: deleted rows, tasks still
open, to-dos that are no call, email or meeting, activities with no person (``WhatId`` only) or
whose person or owner the export does not hold, a recurring series' own record when its
occurrences are there, and, with ``--owner``, other users' activities (one seller's own out of the
whole org's). Each activity's key is its ``Id``: importing the same export again changes
nothing, a newer one adds what is new.
"""
from __future__ import annotations

import math
import os
import re
import tempfile
import zipfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator
from zoneinfo import ZoneInfo

from ..dates import When, date_problem, in_range, parse_when
from ..errors import InputError
from ..files import read_zip, walk
from ..identity import clean_name, full_name, name_key, normalise_email
from ..records import Batch, InteractionRecord, PersonRecord
from .tabular import Table, stream_table
from .vocabulary import KNOWN_COLUMNS, normalise_direction, normalise_channel

__all__ = ["is_export", "read_export", "lone_activity_file", "KIND"]

KIND = "Salesforce data export"
ACTIVITIES = ("task.csv", "event.csv")
LOOKUPS = ("contact.csv", "lead.csv", "account.csv", "user.csv")
REQUIRED = ("contact.csv", "user.csv")
_DEPTH = 3   # a folder's export files may sit this many folders down (an extra top folder or two)
_EXPORT_FIX = "Setup → Data Export → Export Now, with Include all data"

_OPEN = {"not started", "open", "in progress", "waiting on someone else", "deferred", "scheduled", "to do",
         "todo"}
_NOT_CONNECTED = re.compile(r"voicemail|voice mail|no answer|busy|wrong number|not reached|no show|canceled|"
                            r"cancelled|left .*message|unsuccessful")
_VIDEO = re.compile(r"\b(zoom|video|webex|google meet|hangouts?|skype|whereby|facetime|ms teams|microsoft teams|"
                    r"teams (?:call|meeting))\b|zoom\.us/|teams\.microsoft\.com/|meet\.google\.com/|webex\.com/",
                    re.IGNORECASE)


def _base(name: str) -> str:
    """A member or file name as compared: its base name in lower case."""
    return PurePosixPath(name.replace("\\", "/")).name.lower()


def _skipped_dir(parts) -> bool:
    return any(p == "__MACOSX" or p.startswith(".") for p in parts)


def _walk(folder: Path) -> Iterator[Path]:
    """The files of *folder* down to :data:`_DEPTH` folders, in name order (none in ``__MACOSX`` or
    a hidden folder)."""
    return walk(folder, depth=_DEPTH, hidden=False)


def is_export(path: str | os.PathLike) -> bool:
    """Whether *path* is a folder or a zip holding a ``Task.csv`` or an ``Event.csv`` (any case)."""
    p = Path(path)
    try:
        if p.is_dir():
            return any(_base(f.name) in ACTIVITIES for f in _walk(p))
        if p.is_file() and zipfile.is_zipfile(p):   # (a regular file only: a pipe is never opened here)
            with zipfile.ZipFile(p) as zf:
                return any(_base(n) in ACTIVITIES and not _skipped_dir(n.split("/")[:-1]) for n in zf.namelist())
    except (OSError, zipfile.BadZipFile, EOFError, ValueError, RuntimeError, NotImplementedError):
        return False   # (not an export: read as a CSV, which says what is wrong)
    return False


def lone_activity_file(path: str | os.PathLike) -> InputError | None:
    """For a ``Task.csv`` or ``Event.csv`` given alone (a header with ``WhoId`` and ``OwnerId`` but no
    person's name): the error that says to import the whole export; else ``None``."""
    p = Path(path)
    try:
        if not p.is_file():
            return None
        with open(p, "rb") as f:
            head = f.read(1 << 16)
    except OSError:
        return None
    text = head.decode("utf-8-sig", errors="replace") if not head.startswith((b"\xff\xfe", b"\xfe\xff")) \
        else head.decode("utf-16", errors="replace")
    first = text.lstrip().split("\n", 1)[0]
    cells = {c.strip().strip('"').strip().lower() for c in re.split(r"[,;\t]", first)}
    if not {"whoid", "ownerid"} <= cells:
        return None
    if cells & {h.lower() for h, _ in KNOWN_COLUMNS["person"]}:
        return None
    folder = p.parent
    try:
        beside = any(_base(f.name) == "contact.csv" for f in folder.iterdir() if f.is_file())
    except OSError:
        beside = False
    fix = (f"import the whole export instead: refgraph import interactions {folder}" if beside else
           "import the whole data export (its zip or folder, with Contact.csv and User.csv beside it)")
    return InputError(path, "a Salesforce export file names people only by ID (WhoId)", fix)


# -- the export's files ---------------------------------------------------------------------------
@contextmanager
def _files(path: Path) -> Iterator[dict[str, tuple[str, Path]]]:
    """``{lower-case name: (label, file to read)}`` for the export files refgraph reads; a zip's are
    unpacked to a private temporary folder for the time of the block."""
    wanted = ACTIVITIES + LOOKUPS
    found: dict[str, list[tuple[str, Path | bytes]]] = {}
    if path.is_dir():
        for f in _walk(path):
            if _base(f.name) in wanted:
                found.setdefault(_base(f.name), []).append((str(f), f))
    else:
        def keep(name: str) -> bool:
            return _base(name) in wanted and not _skipped_dir(name.split("/")[:-1])

        for name, data in read_zip(path, keep):
            found.setdefault(_base(name), []).append((f"{path}:{name}", data))
    for where in found.values():
        if len(where) > 1:
            shown = PurePosixPath(where[0][0].replace("\\", "/")).name
            raise InputError(path, f"{len(where)} {shown} files in this export ({', '.join(w for w, _ in where[:3])})",
                             "import one export at a time: its zip, or the folder it unzips to")
    with tempfile.TemporaryDirectory(prefix="refgraph-sf-") as tmp:   # (made 0700: only its owner reads it)
        files = {}
        for name, [(label, source)] in found.items():
            if isinstance(source, bytes):
                target = Path(tmp) / name
                target.write_bytes(source)
                source = target
            files[name] = (label, source)
        found.clear()   # the unpacked bytes: not kept while the files are read
        yield files


def _true(text: str) -> bool:
    return text.strip().lower() in ("true", "1", "yes")


def _id(text: str) -> str:
    """A record ID as compared: its 15 case-sensitive characters (an 18-character ID adds a checksum)."""
    text = text.strip()
    return text[:15] if len(text) == 18 and text.isalnum() else text


class _Reader:
    """The columns of one export file, by API name (any case)."""

    def __init__(self, table: Table):
        self.table = table

    def get(self, *names: str) -> Callable[[list[str]], str]:
        return self.table.getter(self.table.column(*names))

    def need(self, *names: str) -> None:
        missing = [n for n in names if not self.table.column(n)]
        if missing:
            header = ", ".join(map(_shown, self.table.header[:12])) + (", …" if len(self.table.header) > 12 else "")
            raise InputError(self.table.path, f"no {', '.join(missing)} column (columns: {header})",
                             "import the export as Salesforce made it (" + _EXPORT_FIX + ")")


def _shown(cell: str) -> str:
    """A header cell for a one-line message: no line breaks or control characters, at most 40 characters."""
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in cell).split())
    return text if len(text) <= 40 else text[:39] + "…"


def _open(files, name: str) -> _Reader | None:
    if name not in files:
        return None
    label, source = files[name]
    return _Reader(stream_table(source, label=label))


def _name(r: _Reader):
    name, first, last = r.get("Name"), r.get("FirstName"), r.get("LastName")

    def of(cells) -> str:
        whole = clean_name(name(cells))
        return whole or full_name(first(cells), last(cells))[0]

    return of


def _people(files, accounts: dict[str, str]) -> tuple[dict, dict]:
    """``(records, redirects)``: ``{id: (name, email, title, company, deleted)}`` for contacts and
    leads, and ``{id: id}`` from a merged-away record to its master, a converted lead to its contact."""
    records: dict[str, tuple] = {}
    redirects: dict[str, str] = {}
    for name in ("contact.csv", "lead.csv"):
        r = _open(files, name)
        if r is None:
            continue
        r.need("Id")
        get_id, of, email, title = r.get("Id"), _name(r), r.get("Email"), r.get("Title")
        deleted, master, account = r.get("IsDeleted"), r.get("MasterRecordId"), r.get("AccountId")
        company, converted, contact = r.get("Company"), r.get("IsConverted"), r.get("ConvertedContactId")
        for _, cells in r.table.rows:
            rid = _id(get_id(cells))
            if not rid:
                continue
            gone = _true(deleted(cells))
            records[rid] = (of(cells), normalise_email(email(cells)), clean_name(title(cells)) or None,
                            accounts.get(_id(account(cells))) or clean_name(company(cells)) or None, gone)
            if gone and _id(master(cells)):
                redirects[rid] = _id(master(cells))
            elif _true(converted(cells)) and _id(contact(cells)):
                redirects[rid] = _id(contact(cells))
    return records, redirects


def _accounts(files) -> dict[str, str]:
    r = _open(files, "account.csv")
    if r is None:
        return {}
    r.need("Id", "Name")
    get_id, name = r.get("Id"), r.get("Name")
    return {_id(get_id(cells)): clean_name(name(cells)) for _, cells in r.table.rows if get_id(cells)}


def _users(files) -> dict[str, tuple]:
    """``{id: (name, email, zone)}`` of the export's users."""
    r = _open(files, "user.csv")
    r.need("Id")
    get_id, of, email, zone = r.get("Id"), _name(r), r.get("Email"), r.get("TimeZoneSidKey")
    zones: dict[str, ZoneInfo | None] = {}
    users = {}
    for _, cells in r.table.rows:
        uid = _id(get_id(cells))
        if not uid:
            continue
        key = zone(cells)
        if key not in zones:
            try:
                zones[key] = ZoneInfo(key) if key else None
            except (ValueError, OSError, LookupError):   # not a zone this machine knows: times stay in UTC
                zones[key] = None
        users[uid] = (of(cells), normalise_email(email(cells)), zones[key])
    return users


# -- reading ------------------------------------------------------------------------------------
def read_export(path: str | os.PathLike, owner: str | None = None) -> Batch:
    """Parse a Salesforce data export (its zip or folder) into a :class:`Batch` (nothing is written)."""
    path = Path(path)
    batch = Batch(kind=KIND, source=str(path), owner_name=clean_name(owner) if owner else None)
    with _files(path) as files:
        missing = [n for n in REQUIRED if n not in files]
        if missing:
            names = " and ".join({"contact.csv": "Contact.csv", "user.csv": "User.csv"}[n] for n in missing)
            raise InputError(path, f"no {names} in this export (tasks and events name people and owners only "
                             "by ID)", f"export again with Contacts and Users included ({_EXPORT_FIX})")
        people, redirects = _people(files, _accounts(files))
        users = _users(files)
        only = None
        if owner:   # one seller's own activities out of the whole org's
            only = {uid for uid, user in users.items() if name_key(user[0]) == name_key(owner)}
            if not only:
                raise InputError(path, f"no user called {clean_name(owner)!r} in User.csv", "give the name as "
                                 "Salesforce has it, or drop --owner to import every user's activities")
        reader = _Activities(path, batch, people, redirects, users, only)
        for name in ACTIVITIES:
            r = _open(files, name)
            if r is not None:
                reader.read(r, task=name == "task.csv")
        reader.finish()
    batch.unique_keys = True   # one key per activity Id (a repeated Id is skipped)
    return batch


class _Activities:
    def __init__(self, path: Path, batch: Batch, people: dict, redirects: dict, users: dict, only: set | None):
        self.path, self.batch, self.people, self.redirects, self.users = path, batch, people, redirects, users
        self.only = only   # the users whose activities are read (None: every user's)
        self.persons: dict[str, PersonRecord | str] = {}   # WhoId -> record, or why there is none
        self.seen: set[str] = set()
        self.series: dict[str, tuple] = {}      # a recurring series' own record: Id -> (record, owner id)
        self.occurring: set[str] = set()        # series with occurrences in the export
        self.owners: dict[str, str] = {}        # owner ids used -> name
        self.records: list[InteractionRecord] = []

    def person(self, who: str) -> PersonRecord | str:
        """The person *who* (a WhoId) names, or the reason there is none."""
        found = self.persons.get(who)
        if found is None:
            rid, hops = who, 0
            while rid in self.redirects and hops < 5 and self.redirects[rid] in self.people:
                rid, hops = self.redirects[rid], hops + 1
            record = self.people.get(rid)
            if record is None:
                found = "activities whose contact or lead is not in the export"
            elif record[4]:
                found = "activities whose contact or lead was deleted"
            elif not record[0] and not record[1]:
                found = "activities whose contact or lead has no name"
            else:
                name, email, title, company, _ = record
                found = PersonRecord(name=name or email, emails=(email,) if email else (), company=company,
                                     title=title)
            self.persons[who] = found
        return found

    def read(self, r: _Reader, task: bool) -> None:
        r.need("Id", "WhoId", "OwnerId")
        t, batch, label = r.table, self.batch, r.table.path
        get = r.get
        cell_id, who_c, owner_c, deleted_c = get("Id"), get("WhoId"), get("OwnerId"), get("IsDeleted")
        subject_c, type_c = get("Subject"), get("Type")
        series_c, parent_c = get("IsRecurrence"), get("RecurrenceActivityId")
        if task:
            subtype_c, calltype_c, seconds_c, disposition_c = (get("TaskSubtype"), get("CallType"),
                                                                get("CallDurationInSeconds"), get("CallDisposition"))
            closed_c, status_c = get("IsClosed"), get("Status")
            day_c, done_c, created_c = get("ActivityDate"), get("CompletedDateTime"), get("CreatedDate")
        else:
            start_c, at_c, day_c, allday_c = (get("StartDateTime"), get("ActivityDateTime"), get("ActivityDate"),
                                              get("IsAllDayEvent"))
            minutes_c, end_c, location_c = get("DurationInMinutes"), get("EndDateTime"), get("Location")
        source = PurePosixPath(label.replace("\\", "/")).name
        skipped = batch.skipped
        for line, cells in t.rows:
            batch.rows += 1
            if _true(deleted_c(cells)):
                skipped["deleted activities"] += 1
                continue
            rid = _id(cell_id(cells))
            if not rid:
                skipped["activities without an Id"] += 1
                continue
            if rid in self.seen:
                skipped["repeated activity rows"] += 1
                continue
            self.seen.add(rid)
            subject = clean_name(subject_c(cells)) or None
            direction = duration = None
            if task:
                closed = closed_c(cells)
                done = _true(closed) if closed else status_c(cells).strip().lower() not in _OPEN
                if not done:
                    skipped["open tasks"] += 1
                    continue
                channel, direction = _task_channel(subtype_c(cells), type_c(cells), calltype_c(cells),
                                                   seconds_c(cells), subject or "")
                if channel is None:
                    skipped["to-dos that are not a call, email or meeting"] += 1
                    continue
                if channel == "call" and _NOT_CONNECTED.search(disposition_c(cells).lower()):
                    channel = "note"   # a call that did not connect (voicemail, no answer) is not a conversation
                seconds = seconds_c(cells)
                if seconds:
                    duration = _number(label, line, seconds, "CallDurationInSeconds") / 60
            else:
                channel = _event_channel(type_c(cells), subject or "", location_c(cells))
                minutes = minutes_c(cells)
                if minutes and not _true(allday_c(cells)):
                    duration = _number(label, line, minutes, "DurationInMinutes")
            who = _id(who_c(cells))
            person = self.person(who) if who else "activities without a contact or lead"
            if person.__class__ is str:
                skipped[person] += 1
                continue
            owner_id = _id(owner_c(cells))
            user = self.users.get(owner_id)
            if user is None or not user[0]:
                skipped["activities whose owner is not in User.csv"] += 1
                continue
            if self.only is not None and owner_id not in self.only:
                skipped["activities of other users"] += 1
                continue
            zone = user[2]
            if task:
                when = _when(label, line, day_c(cells), "ActivityDate", None)
                done_at = _when(label, line, done_c(cells), "CompletedDateTime", zone)
                if when is None or (done_at is not None and done_at.day <= when.day):
                    when = done_at   # done on the day (its time is known) or before it was due: when it was done
                if when is None:
                    when = _when(label, line, created_c(cells), "CreatedDate", zone)
            elif _true(allday_c(cells)):   # an all-day event's start is midnight UTC: its date is the day
                when = _when(label, line, day_c(cells), "ActivityDate", None) or \
                    _when(label, line, start_c(cells), "StartDateTime", None)
            else:
                when = _when(label, line, start_c(cells), "StartDateTime", zone) or \
                    _when(label, line, at_c(cells), "ActivityDateTime", zone)
                if duration is None and when is not None:
                    end = _when(label, line, end_c(cells), "EndDateTime", zone)
                    if end is not None and "T" in end.stamp and "T" in when.stamp:
                        duration = (datetime.fromisoformat(end.stamp)
                                    - datetime.fromisoformat(when.stamp)).total_seconds() / 60
                        duration = duration if duration >= 0 else None
            if when is None:
                skipped["activities without a date"] += 1
                continue
            record = InteractionRecord((person,), when.day, when.stamp, channel, "sf:" + rid, direction, subject,
                                       source, duration, user[0])
            if _true(series_c(cells)):   # the series' own record: kept only when no occurrence is here
                self.series[rid] = (record, owner_id)
                continue
            parent = _id(parent_c(cells))
            if parent and parent != rid:
                self.occurring.add(parent)
            self.records.append(record)
            self.owners[owner_id] = user[0]

    def finish(self) -> None:
        for rid, (record, owner_id) in self.series.items():
            if rid in self.occurring:
                self.batch.skipped["recurring series records (their occurrences are imported)"] += 1
            else:
                self.records.append(record)
                self.owners[owner_id] = record.owner
        self.batch.interactions = self.records
        # the owners, with their work address: a calendar of theirs imported later finds them by it
        for owner_id in sorted(self.owners):
            name, email, _ = self.users[owner_id]
            if email:
                self.batch.people.append(PersonRecord(name=name, emails=(email,)))


def _task_channel(subtype: str, kind: str, call_type: str, seconds: str, subject: str):
    """``(channel, direction)`` of a done task, or ``(None, None)`` for a to-do that is no call,
    email or meeting."""

    sub = subtype.strip().lower()
    direction = normalise_direction(call_type)
    if sub == "call":
        return "call", direction
    if sub == "email":
        return "email", None
    if sub == "listemail":   # one email of a list send, from the owner
        return "email", "outbound"
    if sub == "linkedin":
        return "message", None
    channel = normalise_channel(kind) if kind.strip() else None
    if channel and channel != "note":
        return channel, direction
    if call_type.strip() or seconds.strip():
        return "call", direction
    head = subject.strip().lower()
    if re.match(r"(?:[←→<>-]+\s*)?e-?mail\s*:", head):   # a logged email: "Email: Re: pricing"
        return "email", None
    if head == "call" or re.match(r"(?:logged )?call\s*:", head):
        return "call", direction
    return None, None


def _event_channel(kind: str, subject: str, location: str) -> str:

    channel = normalise_channel(kind) if kind.strip() else None
    if channel in ("video", "call"):
        return channel
    if _VIDEO.search(subject) or _VIDEO.search(location):
        return "video"
    return "meeting"


def _when(label: str, line: int, text: str, column: str, zone) -> When | None:
    """A date cell (``None`` when empty), a UTC time read in the owner's *zone*; an error with the
    row when it is not a date."""
    text = text.strip()
    if not text:
        return None
    when = parse_when(text)
    if when is None:
        raise InputError(label, f"{date_problem(text)} in {column}",
                         "import the export as Salesforce made it (" + _EXPORT_FIX + ")", row=line)
    if zone is not None and "T" in when.stamp:
        moment = datetime.fromisoformat(when.stamp)
        if moment.tzinfo is not None:
            local = moment.astimezone(zone)
            if in_range(local.date()):
                return When(local.date(), local.isoformat(timespec="seconds"))
    return when


def _number(label: str, line: int, text: str, column: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise InputError(label, f"cannot read {text.strip()!r} in {column} as a duration",
                         "import the export as Salesforce made it (" + _EXPORT_FIX + ")", row=line)
    return value
