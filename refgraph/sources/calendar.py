"""Calendars: one .ics file, a zip of them (Google Calendar's export) or that zip unzipped.

Parsed with ``icalendar``; recurring series (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) are
expanded with ``recurring-ical-events`` inside a bounded window, never past ``until``. Each
occurrence becomes one ``meeting`` interaction with the people who attended: attendees who did not
decline plus the organizer, never rooms, resources, group calendars, no-reply addresses or the
recipients of e-mail reminders (VALARM). Times keep the event's own zone (TZID; ``Z`` times move to
the calendar's X-WR-TIMEZONE when it has one; floating times and all-day dates stay as written).
Descriptions are never read.
"""
from __future__ import annotations

import hashlib
import re
import zipfile
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath

from ..errors import InputError, RefgraphError
from ..identity import clean_name, name_key, normalise_email
from ..records import Batch, InteractionRecord, PersonRecord

__all__ = ["read_calendar", "is_person_address"]

NOT_ICAL_FIX = "export the calendar as .ics (Google Calendar: Settings → Import & export)"
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_NOREPLY = re.compile(r"(?:^|[._+-])(?:no-?reply|do-?not-?reply|mailer-daemon)(?:$|[._+-])")
_NOT_PEOPLE_CUTYPES = {"RESOURCE", "ROOM", "GROUP"}
_NOT_ATTENDING = {"DECLINED", "DELEGATED"}


def is_person_address(address: str | None) -> bool:
    """Whether a normalised address can be a person's: not a Google resource, group, holiday or
    placeholder calendar (``…calendar.google.com``), not a no-reply sender.

    >>> is_person_address("ivan@contoso.example"), is_person_address("c_1888@resource.calendar.google.com")
    (True, False)
    >>> is_person_address("no-reply@zoom.example"), is_person_address("en.usa#holiday@group.v.calendar.google.com")
    (False, False)
    """
    if not address or "@" not in address:
        return False
    local, _, domain = address.rpartition("@")
    if domain == "calendar.google.com" or domain.endswith(".calendar.google.com"):
        return False
    return not _NOREPLY.search(local)


def _address_in(text: str) -> str | None:
    """The person address a calendar name or file name is, or ``None``."""
    address = normalise_email(text or "")
    if address and _ADDRESS.fullmatch(address) and is_person_address(address):
        return address
    return None


def _files(path: Path) -> list[tuple[str, str, bytes]]:
    """``(label for errors, base name, bytes)`` of every calendar in *path*."""
    if not path.exists():
        raise InputError(path, "no such file", "check the path")
    if path.is_dir():
        found = [(str(f), f.name, f.read_bytes()) for f in sorted(path.rglob("*"))
                 if f.is_file() and f.suffix.lower() == ".ics" and "__MACOSX" not in f.parts]
        if not found:
            raise InputError(path, "no .ics calendars in this folder", NOT_ICAL_FIX)
        return found
    if zipfile.is_zipfile(path):
        found = []
        try:
            with zipfile.ZipFile(path) as zf:
                for info in sorted(zf.infolist(), key=lambda i: i.filename):
                    name = info.filename
                    if info.is_dir() or not name.lower().endswith(".ics") or "__MACOSX" in name:
                        continue
                    found.append((f"{path}:{name}", PurePosixPath(name.replace("\\", "/")).name, zf.read(info)))
        except (zipfile.BadZipFile, OSError) as exc:
            raise InputError(path, f"the zip cannot be read ({exc})", "download the export again") from None
        if not found:
            raise InputError(path, "no .ics calendars in this zip", "pass Google Calendar's export zip "
                             "(Settings → Import & export → Export) or one .ics file")
        return found
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise InputError(path, "the zip is damaged or incomplete", "download the export again")
    return [(str(path), path.name, data)]


def _parse(label: str, data: bytes, icalendar) -> list:
    """The VCALENDAR objects in one file; :class:`InputError` when it is not iCalendar."""
    if not data.strip():
        raise InputError(label, "the file is empty", "export the calendar again")
    if b"\x00" in data:
        raise InputError(label, "not an iCalendar file", NOT_ICAL_FIX)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise InputError(label, "not an iCalendar file", NOT_ICAL_FIX)
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except ValueError as exc:
        raise InputError(label, f"cannot be read as iCalendar ({_short(exc)})", "export the calendar again") from None
    if not calendars:
        raise InputError(label, "the calendar is cut off (no END:VCALENDAR)", "export the calendar again")
    return calendars


def _short(exc: Exception, limit: int = 160) -> str:
    """An exception as one short line (parse errors quote the offending line of the file)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _values(component, name: str) -> list:
    """A property's values as a list: icalendar gives one value for one, a list for several."""
    value = component.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _param(value, name: str) -> str:
    params = getattr(value, "params", None) or {}
    return str(params.get(name, "") or "")


def _start(event, label: str):
    try:
        return event["DTSTART"].dt
    except (ValueError, TypeError) as exc:   # icalendar's BrokenCalendarProperty is a ValueError
        name = clean_name(str(event.get("SUMMARY", "") or "")) or str(event.get("UID", "") or "")
        raise InputError(label, f"the event {name!r} has an unreadable start ({_short(exc)})",
                         "fix or delete that event and export again") from None


def _day(moment) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _stamp(moment) -> str:
    if isinstance(moment, datetime):
        return moment.isoformat(timespec="seconds")
    return moment.isoformat()


def _key_start(moment) -> str:
    """The occurrence start as one instant, whatever zone it is shown in (dedupes overlapping exports)."""
    if isinstance(moment, datetime) and moment.utcoffset() is not None:
        return moment.astimezone(timezone.utc).isoformat(timespec="seconds")
    return _stamp(moment)


def _calendar_zone(calendar, tzp):
    """The calendar's X-WR-TIMEZONE, made something ``recurring-ical-events`` can use: a Windows
    name becomes its IANA name; an unknown zone is dropped (``Z`` times then stay UTC)."""
    if "X-WR-TIMEZONE" not in calendar:
        return None
    name = str(calendar.get("X-WR-TIMEZONE") or "").strip()
    zone = tzp.timezone(name) if name else None
    key = getattr(zone, "key", None)
    if zone is None or not key:
        del calendar["X-WR-TIMEZONE"]
        return None
    if key != name:
        calendar["X-WR-TIMEZONE"] = key
    return zone


def _local_day(moment, zone) -> date:
    """The day of a start as ``recurring-ical-events`` will show it: UTC moved to the calendar's zone."""
    if isinstance(moment, datetime) and zone is not None and moment.tzinfo is not None \
            and (moment.tzname() or "").upper() == "UTC":
        moment = moment.astimezone(zone)
    return _day(moment)


def read_calendar(path: str | Path, owner: str | None = None, until: date | None = None) -> Batch:
    """Parse a calendar into a :class:`Batch` (nothing is written).

    Occurrences are produced from the earliest start in the file(s) up to and including *until*
    (default: the day of the latest non-recurring event), so a series without an end never runs on.
    """
    import icalendar
    import recurring_ical_events
    from icalendar.timezone import tzp

    path = Path(path)
    if isinstance(until, datetime):
        until = until.date()
    owner_name = clean_name(owner) if owner else None
    owner_key = name_key(owner_name) if owner_name else None
    batch = Batch(kind="calendar", source=str(path), owner_name=owner_name or None, owner_attends=True)

    # Read everything first: a bad file fails before any work.
    calendars = []   # (label, base name, calendar, its own addresses, its events)
    for label, base, data in _files(path):
        stem = base[:-4] if base.lower().endswith(".ics") else base
        for calendar in _parse(label, data, icalendar):
            own = (_address_in(str(calendar.get("X-WR-CALNAME", "") or "")), _address_in(stem))
            events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
            startless = [e for e in events if e.get("DTSTART") is None]
            if startless:
                batch.rows += len(startless)
                batch.skipped["events without a start"] += len(startless)
                calendar.subcomponents = [c for c in calendar.subcomponents if not any(c is e for e in startless)]
                events = [e for e in events if e.get("DTSTART") is not None]
            zone = _calendar_zone(calendar, tzp)
            calendars.append((label, base, calendar, own, events, zone))

    # Candidate owner addresses, best first: calendar names, file names, then organizers by frequency.
    organizers: Counter = Counter()
    for *_, events, _ in calendars:
        for event in events:
            for value in _values(event, "ORGANIZER")[:1]:
                address = normalise_email(str(value))
                if is_person_address(address):
                    organizers[address] += 1
    # A calendar that names its own address is that person's: organizers are only a fallback for
    # calendars that don't (a teammate who organises a meeting is not the owner).
    own_addresses = [c[3][0] for c in calendars] + [c[3][1] for c in calendars]
    candidates: list[str] = []
    for address in (own_addresses if any(own_addresses) else
                    [a for a, _ in sorted(organizers.items(), key=lambda kv: (-kv[1], kv[0]))]):
        if address and address not in candidates:
            candidates.append(address)
    batch.owner_emails = tuple(candidates)
    if not owner_name and not candidates:
        raise RefgraphError(f"{path}: cannot tell whose calendar this is — pass --owner NAME")

    # The window: from the earliest start to `until` (inclusive), never open-ended. Nothing starts
    # before the earliest DTSTART, so only the end is checked (on the day in the event's own zone).
    starts, single = [], []
    for label, _, _, _, events, zone in calendars:
        for event in events:
            day = _local_day(_start(event, label), zone)
            starts.append(day)
            if event.get("RRULE") is None and event.get("RDATE") is None:
                single.append(day)
    if not starts:
        return batch
    last_day = until if until is not None else max(single or starts)
    first_day = min(starts)
    if last_day < first_day:
        return batch

    found: list[InteractionRecord] = []
    keys: set[str] = set()
    best = candidates[:1]
    # The owner's own calendar first, so an event also found in a shared calendar keeps its source.
    calendars.sort(key=lambda c: not (best and best[0] in c[3]))
    for label, base, calendar, own, _, _ in calendars:
        owner_addresses = {a for a in own if a} | set(best)
        try:
            occurrences = recurring_ical_events.of(calendar).between(first_day - timedelta(days=1),
                                                                     last_day + timedelta(days=2))
        except (ValueError, KeyError) as exc:   # bad RRULE/EXDATE/period; invalid calendar values
            raise InputError(label, f"cannot expand the recurring events ({_short(exc)})",
                             "fix or delete that event and export again") from None
        for event in occurrences:
            start = event["DTSTART"].dt
            day = _day(start)
            if day > last_day:
                continue
            batch.rows += 1
            if str(event.get("STATUS", "") or "").upper() == "CANCELLED":
                batch.skipped["cancelled events"] += 1
                continue
            record = _occurrence(event, start, day, base, owner_addresses, owner_key, batch)
            if record is None:
                continue
            if record.key in keys:
                batch.skipped["duplicate events"] += 1
                continue
            keys.add(record.key)
            found.append(record)
    found.sort(key=lambda r: (r.day, r.stamp, r.subject or "", r.key))
    batch.interactions = found
    return batch


def _occurrence(event, start, day: date, source: str, owner_addresses: set[str], owner_key: str | None,
                batch: Batch) -> InteractionRecord | None:
    """One occurrence as an interaction, or ``None`` (counted in ``batch.skipped``)."""
    people: list[PersonRecord] = []
    seen: set = set()
    listed: set[str] = set()
    owner_declined = False
    for value in _values(event, "ATTENDEE"):   # the VEVENT's own attendees: never its VALARMs'
        address = normalise_email(str(value))
        cn = clean_name(_param(value, "CN"))
        partstat = _param(value, "PARTSTAT").upper()
        if address:
            listed.add(address)
        if partstat in _NOT_ATTENDING:
            if (address and address in owner_addresses) or (owner_key and cn and name_key(cn) == owner_key):
                owner_declined = True
            continue
        if _param(value, "CUTYPE").upper() in _NOT_PEOPLE_CUTYPES:
            continue
        if _param(value, "ROLE").upper() == "NON-PARTICIPANT":
            continue
        person = _person(address, cn)
        if person is not None:
            identity = address or ("name", name_key(cn))
            if identity not in seen:
                seen.add(identity)
                people.append(person)
    organizer = None
    for value in _values(event, "ORGANIZER")[:1]:
        address = normalise_email(str(value))
        if address and _param(value, "CUTYPE").upper() not in _NOT_PEOPLE_CUTYPES:
            organizer = _person(address, clean_name(_param(value, "CN")))
            if organizer is not None and address not in listed and address not in seen:
                seen.add(address)
                people.append(organizer)
    if owner_declined:
        batch.skipped["events the owner declined"] += 1
        return None
    host = organizer.emails[0] if organizer is not None else None
    others = [p for p in people if not p.emails or (p.emails[0] != host and
                                                     (host is not None or p.emails[0] not in owner_addresses))]
    if not others:
        batch.skipped["events without attendees"] += 1
        return None
    uid = str(event.get("UID", "") or "")
    subject = clean_name(str(event.get("SUMMARY", "") or "")) or None
    digest = hashlib.sha1("\x1f".join((uid or f"no uid: {subject or ''}", _key_start(start))).encode("utf-8"))
    return InteractionRecord(tuple(people), day, _stamp(start), "meeting", key="calendar:" + digest.hexdigest()[:20],
                             direction=None, subject=subject, source=source, attendees=len(people))


def _person(address: str | None, cn: str) -> PersonRecord | None:
    """The attendee as a person, or ``None`` for rooms, group calendars, no-reply senders and
    guests with neither an address nor a name."""
    real_name = cn if cn and not normalise_email(cn) else ""
    if address:
        if not is_person_address(address):
            return None
        return PersonRecord(name=real_name or address, emails=(address,))
    if real_name:   # Google writes guests added without an address as "invalid:nomail"
        return PersonRecord(name=real_name)
    return None
