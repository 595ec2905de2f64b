"""Call and meeting logs: the canonical CSV, Salesforce activity exports, HubSpot engagement exports.

Canonical columns (PRODUCT.md): ``date, person, channel`` required; ``email, linkedin_url, company,
title, subject, direction, owner, duration_minutes`` optional. Salesforce Task/Event exports (API
names or report labels) and HubSpot call/meeting exports are recognised by their columns;
``--map CANONICAL=THEIRS`` names any other column.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Callable

from ..dates import parse_when
from ..errors import InputError, RefgraphError
from ..identity import clean_name, full_name, name_key, normalise_email, normalise_url
from ..records import Batch, InteractionRecord, PersonRecord
from ..strength import CHANNELS
from .tabular import stream_table

__all__ = ["read_interactions", "normalise_channel", "CANONICAL", "CHANNEL_SYNONYMS"]

CANONICAL = ("date", "person", "channel", "email", "linkedin_url", "company", "title", "subject",
             "direction", "owner", "duration_minutes")
REQUIRED = ("date", "person", "channel")

_PHRASES = {
    "call": ["call", "phone", "phone call", "phone-call", "calls", "logged call", "outbound call", "inbound call",
             "dial", "telephone", "cold call"],
    "video": ["video", "video call", "video-call", "videocall", "zoom", "zoom call", "teams", "teams call",
              "ms teams", "microsoft teams", "google meet", "meet", "hangout", "hangouts", "webex", "facetime",
              "skype", "whereby"],
    "meeting": ["meeting", "meetings", "in person", "in-person", "inperson", "lunch", "coffee", "dinner",
                "breakfast", "drinks", "visit", "onsite", "on-site", "site visit", "event", "meetup",
                "face to face", "f2f", "conference"],
    "email": ["email", "e-mail", "mail", "emails", "sent email", "inbound email", "listemail", "list email"],
    "message": ["message", "messages", "linkedin message", "inmail", "linkedin", "sms", "text", "text message",
                "whatsapp", "chat", "slack", "dm"],
    "invitation": ["invitation", "invite", "connection request"],
    "recommendation": ["recommendation"],
    "endorsement": ["endorsement"],
    "connection": ["connection", "connected"],
    "note": ["note", "notes", "task", "todo", "to-do", "other"],
}
CHANNEL_SYNONYMS = {k: ", ".join(v) for k, v in _PHRASES.items()}
_CHANNEL = {phrase: canonical for canonical, phrases in _PHRASES.items() for phrase in phrases}


def normalise_channel(text: str) -> str | None:
    """The canonical channel for a cell, or ``None``.

    >>> normalise_channel("Zoom"), normalise_channel(" In Person "), normalise_channel("Phone")
    ('video', 'meeting', 'call')
    """
    key = " ".join((text or "").strip().lower().replace("_", " ").split())
    return _CHANNEL.get(key)


def _direction(text: str) -> str | None:
    t = (text or "").strip().lower()
    if t in ("out", "outbound", "outgoing", "sent", "outbound call", "to"):
        return "outbound"
    if t in ("in", "inbound", "incoming", "received", "inbound call", "from"):
        return "inbound"
    return None


# Columns recognised without --map: canonical name -> (header, converter) candidates in preference
# order. Salesforce API names and report labels, HubSpot internal names and UI labels.
_SECONDS = lambda v: float(v) / 60  # noqa: E731
_MILLIS = lambda v: float(v) / 60000  # noqa: E731
_KNOWN: dict[str, list[tuple[str, Callable | None]]] = {
    "date": [("date", None), ("StartDateTime", None), ("ActivityDate", None), ("Activity Date", None),
             ("hs_timestamp", None), ("hs_meeting_start_time", None), ("Activity date", None),
             ("Call date", None), ("Meeting start time", None), ("Start Date Time", None), ("Start", None),
             ("Due Date", None), ("Create date", None)],
    "person": [("person", None), ("Name", None), ("Who.Name", None), ("WhoName", None), ("Contact", None),
               ("Contact Name", None), ("Associated Contact", None), ("Associated contact", None),
               ("Contact name", None), ("Full Name", None), ("Attendee", None)],
    "email": [("email", None), ("Email", None), ("Who.Email", None), ("Contact Email", None),
              ("E-mail", None), ("Email Address", None)],
    "linkedin_url": [("linkedin_url", None), ("LinkedIn URL", None), ("LinkedIn", None),
                     ("LinkedIn Profile", None)],
    "channel": [("channel", None), ("TaskSubtype", None), ("Task Subtype", None), ("Task Type", None),
                ("Type", None),
                ("Activity Type", None), ("hs_activity_type", None), ("hs_engagement_type", None),
                ("Engagement type", None), ("Activity type", None), ("Channel", None)],
    "company": [("company", None), ("Account", None), ("Account Name", None), ("Company", None),
                ("Associated Company", None), ("Company name", None)],
    "title": [("title", None), ("Job Title", None), ("Contact Title", None)],
    "subject": [("subject", None), ("Subject", None), ("hs_call_title", None), ("hs_meeting_title", None),
                ("Call title", None), ("Meeting name", None), ("Meeting title", None)],
    "direction": [("direction", None), ("CallType", None), ("Call Type", None), ("hs_call_direction", None),
                  ("Call direction", None)],
    "outcome": [("outcome", None), ("hs_call_disposition", None), ("hs_meeting_outcome", None),
                ("Call outcome", None), ("Meeting outcome", None), ("Disposition", None)],
    "status": [("status", None), ("Done", None), ("hs_task_status", None)],
    "owner": [("owner", None), ("Assigned", None), ("Assigned To", None), ("Activity assigned to", None),
              ("Owner Name", None), ("Owner.Name", None), ("Activity Owner", None), ("HubSpot owner", None),
              ("Call owner", None), ("Meeting owner", None)],
    "duration_minutes": [("duration_minutes", None), ("CallDurationInSeconds", _SECONDS),
                         ("Call Duration (seconds)", _SECONDS), ("Call Duration In Seconds", _SECONDS),
                         ("hs_call_duration", _MILLIS), ("DurationInMinutes", None), ("Duration (minutes)", None),
                         ("Call duration (HH:mm:ss)", None), ("Call duration", _MILLIS), ("Duration", None)],
}


def _norm(header: str) -> str:
    return " ".join(header.replace("_", " ").replace(".", " ").strip().lower().split())


def _kind(header: list[str]) -> str:
    names = {_norm(h) for h in header}
    if names & {"activitydate", "tasksubtype", "whoid", "whatid", "calldurationinseconds", "startdatetime"}:
        return "Salesforce activity export"
    if any(h.lower().startswith("hs_") for h in header):
        return "HubSpot engagement export"
    return "interactions CSV"


def _default_channel(header: list[str]) -> str | None:
    """The channel a CRM export implies when its rows do not say (an Event is a meeting)."""
    lower = {_norm(h) for h in header}
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
_NOT_CONNECTED = re.compile(r"voicemail|no answer|busy|wrong number|not reached|no show|canceled|cancelled|"
                            r"rescheduled|left .*message")


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


def read_interactions(path: str | Path, owner: str | None = None, mapping: dict[str, str] | None = None,
                      stream: bool = False) -> Batch:
    """Parse a call/meeting log into a :class:`Batch` (nothing is written).

    With *stream*, ``batch.interactions`` is an iterator that reads the file as it is consumed
    (a file of any size in little memory): a bad row raises when it is reached, and ``skipped`` and
    ``rows`` are complete once it is exhausted. Without, the whole file is read first."""
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
            candidates = [(table.column(h), conv) for h, conv in _KNOWN[canonical]]
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
    records = _records(path, table, batch, columns, default_channel)
    if stream:
        batch.interactions = records
        batch.expected = max(table.lines - 1, 0)
    else:
        batch.interactions = list(records)
    return batch


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


def _records(path, table, batch: Batch, columns, default_channel):
    """The rows of *table* as interaction records, one at a time."""
    text = {canonical: _text(table, found) for canonical, found in columns.items()}
    person_of, email_of, url_of = text["person"], text["email"], text["linkedin_url"]
    company_of, title_of, status_of = text["company"], text["title"], text["status"]
    date_of, channel_of, outcome_of = text["date"], text["channel"], text["outcome"]
    owner_of, subject_of, direction_of = text["owner"], text["subject"], text["direction"]
    durations = [(table.getter(h), conv) for h, conv in columns["duration_minutes"]]

    def duration_of(cells):
        for get, conv in durations:
            value = get(cells)
            if value:
                return value, conv
        return "", None

    seen: set[bytes] = set()            # row identities (digests) met once ...
    repeats: dict[bytes, int] = {}      # ... and how often the repeated ones were
    people: dict[tuple, PersonRecord] = {}
    cells_seen: dict[tuple, tuple | None] = {}   # the person cells of a row -> what they resolve to
    channels: dict[str, str | None] = {}
    whens: dict = {}
    cache = ({}, {}, {})   # for _who: URL cells, email cells, person cells
    source = Path(path).name
    sha1 = hashlib.sha1
    for line, row in table.rows:
        batch.rows += 1
        person_cells = (person_of(row), email_of(row), url_of(row), company_of(row), title_of(row))
        who = cells_seen.get(person_cells, False)
        if who is False:
            who = cells_seen[person_cells] = _who(person_cells, people, *cache)
        if who is None:
            batch.skipped["rows without a person"] += 1
            continue
        person, others, ident = who
        if status_of(row).lower() in _OPEN_STATUSES:   # a task still to do is not an interaction yet
            batch.skipped["open tasks"] += 1
            continue
        when_text = date_of(row)
        when = whens.get(when_text, False)
        if when is False:
            when = whens[when_text] = parse_when(when_text)
        if when is None:
            what = f"cannot read the date {when_text!r}" if when_text else "the date is empty"
            raise InputError(path, what, "write dates as 2024-02-11, 2/11/2024 or 11 Feb 2024", row=line)
        channel_text = channel_of(row)
        if channel_text:
            channel = channels.get(channel_text, False)
            if channel is False:
                channel = channels[channel_text] = normalise_channel(channel_text)
        else:
            channel = default_channel
        if channel is None:
            raise InputError(path, f"unknown channel {channel_text!r}" if channel_text else "the channel is empty",
                             f"use one of {', '.join(CHANNELS)} (or a synonym such as phone, zoom, lunch)",
                             row=line)
        if channel in ("call", "video", "meeting"):
            outcome = outcome_of(row).lower()
            if outcome and _NOT_CONNECTED.search(outcome):
                channel = "note"   # a call that did not connect (voicemail, no answer) is not a conversation
        duration_text, conv = duration_of(row)
        if duration_text:
            if ":" in duration_text:   # HH:mm:ss or mm:ss
                parts = [float(x) for x in duration_text.split(":") if x.strip().replace(".", "", 1).isdigit()]
                duration_text, conv = str(sum(v * 60 ** i for i, v in enumerate(reversed(parts))) / 60), None
            try:
                duration = (conv or float)(duration_text) if duration_text else None
            except ValueError:
                raise InputError(path, f"cannot read the duration {duration_text!r}", "write a number of minutes",
                                 row=line) from None
        else:
            duration = None
        owner_cell = clean_name(owner_of(row)) or None
        subject = clean_name(subject_of(row)) or None
        direction = _direction(direction_of(row))
        h = sha1("\x1f".join((owner_cell or "", when.stamp, ident, channel, subject or "",
                               direction or "")).encode())
        digest = h.digest()
        if digest in seen:
            n = repeats[digest] = repeats.get(digest, 1) + 1
        else:
            seen.add(digest)
            n = 1
        h.update(f"\x1f{n}".encode())
        yield InteractionRecord((person, *others) if others else (person,), when.day, when.stamp, channel,
                                key="row:" + h.hexdigest()[:24], direction=direction, subject=subject,
                                source=source, duration_minutes=duration, owner=owner_cell)
    batch.skipped["blank rows"] += table.blank
    batch.skipped["report footer lines"] += table.footer


def _who(cells: tuple, people: dict[tuple, PersonRecord], urls: dict, emails: dict, names_of: dict) -> tuple | None:
    """``(person, other people, identity)`` for a row's person cells, or ``None`` when they name nobody."""
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
    fields = (name or (email or url or ""), url, email, clean_name(company_cell) or None,
              clean_name(title_cell) or None, creds)
    person = people.get(fields)
    if person is None:   # one record per distinct person cell set: fewer objects, faster resolution
        person = people[fields] = PersonRecord(name=fields[0], linkedin=url, emails=(email,) if email else (),
                                               company=fields[3], title=fields[4], credentials=creds)
    others = tuple(PersonRecord(name=full_name(n, "")[0], company=fields[3]) for n in names[1:]
                   if full_name(n, "")[0]) if len(names) > 1 else ()
    return person, others, url or email or name_key(name)
