"""Calendars: one .ics file, a zip of them (Google Calendar's export) or that zip unzipped.

Parsed with ``icalendar``; recurring series (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) are
expanded with ``recurring-ical-events`` inside a bounded window, never past ``until``. Each
occurrence becomes one ``meeting`` interaction with the people who attended: attendees who did not
decline plus the organizer, never rooms, resources, group calendars, no-reply addresses or the
recipients of e-mail reminders (VALARM). Times keep the event's own zone (TZID; ``Z`` times move to
the calendar's X-WR-TIMEZONE when it has one; floating times and all-day dates stay as written).
Descriptions are never read.

Big exports (20,000 events, 370,000 content lines) are the common case, so the libraries are used
through their extension points rather than around them: icalendar's own parser, refined to parse
each distinct content line (and each distinct ``NAME;PARAMS`` prefix) once and to leave the event
properties nothing reads unparsed; recurring-ical-events with an event adapter that hands back the
VEVENT and the start instead of a copy of the VEVENT per occurrence, and with one-off events
(nothing recurring about them) answered without building a rule set each. The result is the same
batch the plain libraries give (``tests/test_calendar.py::test_shortcuts_match_the_libraries``).
"""
from __future__ import annotations

import gc
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
        parser = _parser(icalendar, text)
        calendars = parser.parse() if parser is not None else icalendar.Calendar.from_ical(text, multiple=True)
    except ValueError as exc:
        raise InputError(label, f"cannot be read as iCalendar ({_short(exc)})", "export the calendar again") from None
    if not calendars:
        raise InputError(label, "the calendar is cut off (no END:VCALENDAR)", "export the calendar again")
    return calendars


# A fold (RFC 5545 3.1): a line break followed by a space or a tab. icalendar's own pattern also
# swallows blank lines before the fold; where none can be involved this shorter one gives the same text.
_FOLD = re.compile(r"\r?\n[ \t]")
_BLANK_THEN_FOLD = ("\n\n ", "\n\n\t", "\n\r\n ", "\n\r\n\t")
# Properties whose parsing depends on more than the line itself (icalendar handles them apart).
_NOT_REMEMBERED = {"CATEGORIES", "FREEBUSY", "RDATE"}
# Event properties that nothing here (nor recurring-ical-events, nor x-wr-timezone) reads: not parsed
# at all. Only skipped inside components where icalendar tolerates bad lines anyway (VEVENT), so no
# file that failed before passes now.
_UNREAD = {"DESCRIPTION", "X-ALT-DESC", "LOCATION", "DTSTAMP", "CREATED", "LAST-MODIFIED", "TRANSP",
           "ATTACH", "CONFERENCE", "X-GOOGLE-CONFERENCE"}
_PARSER = []   # the parser class, made once: [] not yet, [None] this icalendar has no parser to refine


def _name(line: str) -> str:
    """The property name a content line starts with (names hold no ``;``, ``:`` or quotes)."""
    end = len(line)
    for sep in (";", ":"):
        at = line.find(sep, 0, end)
        if at >= 0:
            end = at
    return line[:end].upper()


def _content_lines(text: str, ufold) -> list[str]:
    """The unfolded content lines of *text*, exactly as ``icalendar.parser.Contentlines.from_ical``
    splits them (icalendar's UFOLD pattern where blank lines precede a fold), without making every
    line an object first."""
    if any(s in text for s in _BLANK_THEN_FOLD):
        text = ufold.sub("", text)
    else:
        text = _FOLD.sub("", text)
    return [line for line in text.replace("\r\n", "\n").split("\n") if line]


def _parser(icalendar, text: str):
    """icalendar's own calendar parser, refined (its documented template methods) to parse each
    distinct content line once: an export repeats the same lines thousands of times (the owner's
    ATTENDEE line, the organizer, DTSTAMP, STATUS …), and a line always parses to the same values —
    until a VTIMEZONE ends, which can change what a TZID means, so the memory is cleared there.
    Lines icalendar cannot parse, or parses into a broken value, are parsed again every time, so
    errors are raised or recorded exactly as before. ``None`` when this icalendar has no such parser."""
    if not _PARSER:
        try:
            from icalendar.parser.content_line import UFOLD, Contentline
            from icalendar.parser.ical import CalendarIcalParser
            factories = (icalendar.Calendar._get_component_factory(), icalendar.Calendar.types_factory)
        except (ImportError, AttributeError):
            _PARSER.append(None)
        else:
            _PARSER.append((_memo_parser_class(CalendarIcalParser, Contentline, UFOLD), factories))
    if _PARSER[0] is None:
        return None
    cls, (components, types) = _PARSER[0]
    return cls(text, components, types)


def _memo_parser_class(base, contentline, ufold):
    try:
        from icalendar.parser.property import unescape_backslash as unescape
    except ImportError:
        unescape = None

    from icalendar.caselessdict import CaselessDict as caseless

    class MemoParser(base):
        def initialize_parsing(self):
            if not isinstance(self._data, list):
                self._data = _content_lines(self._data, ufold)
            super().initialize_parsing()
            self._known = {}   # property line -> ((name, value), …) it adds to its component
            self._marks = {}   # BEGIN/END line -> (is BEGIN, component name)
            self._adds = None  # while a property line is parsed: what it added; None: don't remember

        def parse_content_lines(self):
            known, marks, unread, heads, stack = self._known, self._marks, set(), {}, self._stack
            base = caseless.__mro__[1]   # what CaselessDict stores in (an OrderedDict)
            contains, store = base.__contains__, base.__setitem__
            for line in self._content_lines_iterator:
                if not line:
                    continue
                adds = known.get(line)
                if adds is not None and stack:
                    component = stack[-1]
                    for name, value in adds:
                        # Component.add(name, value, encode=False) of a first value that is not a
                        # list nor a datetime only stores it, under the name upper-cased (as it is)
                        if isinstance(value, (list, datetime)) or contains(component, name):
                            component.add(name, value, encode=False)
                        else:
                            store(component, name, value)
                    continue
                mark = marks.get(line)
                if mark is not None:
                    if mark[0]:
                        self.handle_begin_component(mark[1])
                    else:
                        self.handle_end_component(mark[1])
                    continue
                if line in unread or _name(line) in _UNREAD:
                    unread.add(line)
                    if stack and stack[-1].ignore_exceptions:
                        continue
                content_line = line if isinstance(line, contentline) else contentline(line)
                head = None
                at = line.find(":")
                if at > 0:
                    prefix = line[:at]
                    head = heads.get(prefix)
                    if head is None:
                        head = heads[prefix] = self._head(prefix)
                if head:
                    name, params = head
                    vals = unescape(line[at + 1:])
                else:
                    try:
                        name, params, vals = content_line.parts()
                    except ValueError as e:
                        self.handle_line_parse_error(e)
                        continue
                uname = name.upper()
                if uname == "BEGIN":
                    marks[line] = (True, vals)
                    self.handle_begin_component(vals)
                elif uname == "END":
                    marks[line] = (False, vals)
                    self.handle_end_component(vals)
                elif not stack or uname in _NOT_REMEMBERED:
                    self.handle_property(uname, params, vals, content_line)
                else:
                    self._adds = []
                    try:
                        self.handle_property(uname, params, vals, content_line)
                        if self._adds is not None:
                            known[line] = tuple(self._adds)
                    finally:
                        self._adds = None

        @staticmethod
        def _head(prefix: str):
            """``(name, parameters)`` of every line starting with *prefix* and then ``:``, or ``()``:
            icalendar splits a line at its first ``:`` outside quotes and not after a backslash, so
            where the prefix has neither, the name and parameters are those of ``prefix:`` alone (and
            the value is the rest, unescaped as ``Contentline.parts`` does). Parsed once per prefix:
            an export has a handful of ``DTSTART;TZID=…`` and one ``UID`` for thousands of lines.
            Anything else, or a prefix icalendar refuses, goes the whole line's way, errors and all."""
            if unescape is None or '"' in prefix or "\\" in prefix:
                return ()
            try:
                name, params, _ = contentline(prefix + ":").raw_parts()
            except ValueError:
                return ()
            return name, params

        def parse_and_add_property(self, name, params, val, tzid, line):
            component = self.component
            errors = len(component.errors)
            super().parse_and_add_property(name, params, val, tzid, line)
            if self._adds is None:
                return
            if len(component.errors) != errors:   # a broken value: parse it again each time
                self._adds = None
                return
            value = component[name]
            self._adds.append((name, value[-1] if isinstance(value, list) else value))

        def handle_end_component(self, vals):
            super().handle_end_component(vals)
            if vals.upper() == "VTIMEZONE":
                self._known.clear()

    return MemoParser


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
    start = event["DTSTART"]
    if isinstance(start, list):   # RFC 5545 allows one; which one is meant cannot be told
        name = clean_name(str(event.get("SUMMARY", "") or "")) or str(event.get("UID", "") or "")
        raise InputError(label, f"the event {name!r} has {len(start)} start times (DTSTART)",
                         "keep one DTSTART in that event, or delete it, and import again")
    try:
        return start.dt
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
    # Parsing makes millions of small objects and frees hardly any: the cyclic garbage collector
    # would scan them all again and again (a quarter of the time) for nothing.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _read_calendar(path, owner, until)
    finally:
        if paused:
            gc.enable()


def _read_calendar(path, owner, until) -> Batch:
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
                gone = {id(e) for e in startless}
                calendar.subcomponents = [c for c in calendar.subcomponents if id(c) not in gone]
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
    guests: dict[int, tuple] = {}
    for label, base, calendar, own, _, _ in calendars:
        owner_addresses = {a for a in own if a} | set(best)
        try:
            events = _events()
            query = recurring_ical_events.of(calendar, components=[events] if events else ("VEVENT",))
            occurrences = query.between(first_day - timedelta(days=1), last_day + timedelta(days=2))
            if not events:   # an older recurring-ical-events: copied VEVENTs
                occurrences = [_Occurrence(e, e["DTSTART"].dt) for e in occurrences]
        except (ValueError, KeyError) as exc:   # bad RRULE/EXDATE/period; invalid calendar values
            raise InputError(label, f"cannot expand the recurring events ({_short(exc)})",
                             "fix or delete that event and export again") from None
        # An occurrence differs from its VEVENT (a series' master or an override) only in its times:
        # who attended, the subject and the UID are read once per VEVENT.
        meetings: dict[int, tuple] = {}
        for occurrence in occurrences:
            start = occurrence.start
            day = _day(start)
            if day > last_day:
                continue
            batch.rows += 1
            event = occurrence.event
            meeting = meetings.get(id(event))
            if meeting is None:
                meeting = meetings[id(event)] = (event, *_meeting(event, owner_addresses, owner_key, guests))
            _, skip, people, uid, subject = meeting
            if skip:
                batch.skipped[skip] += 1
                continue
            digest = hashlib.sha1("\x1f".join((uid or f"no uid: {subject or ''}", _key_start(start))).encode("utf-8"))
            key = "calendar:" + digest.hexdigest()[:20]
            if key in keys:
                batch.skipped["duplicate events"] += 1
                continue
            keys.add(key)
            found.append(InteractionRecord(people, day, _stamp(start), "meeting", key=key, direction=None,
                                           subject=subject, source=base, attendees=len(people)))
    found.sort(key=lambda r: (r.day, r.stamp, r.subject or "", r.key))
    batch.interactions = found
    return batch


def _guest(value, guests: dict) -> tuple:
    """``(address, CN, PARTSTAT, CUTYPE, ROLE, person or None)`` of an ATTENDEE or ORGANIZER value,
    worked out once per value (the parser gives every repeat of a line the same value)."""
    known = guests.get(id(value))
    if known is None or known[0] is not value:
        address = normalise_email(str(value))
        cn = clean_name(_param(value, "CN"))
        known = guests[id(value)] = (value, address, cn, _param(value, "PARTSTAT").upper(),
                                     _param(value, "CUTYPE").upper(), _param(value, "ROLE").upper(),
                                     _person(address, cn))
    return known[1:]


def _meeting(event, owner_addresses: set[str], owner_key: str | None, guests: dict) -> tuple:
    """``(reason to skip or None, people, UID, subject)`` of a VEVENT: attendees who did not decline
    plus the organizer; skipped when cancelled, declined by the owner or without anyone else."""
    if str(event.get("STATUS", "") or "").upper() == "CANCELLED":
        return "cancelled events", (), "", None
    people: list[PersonRecord] = []
    seen: set = set()
    listed: set[str] = set()
    owner_declined = False
    for value in _values(event, "ATTENDEE"):   # the VEVENT's own attendees: never its VALARMs'
        address, cn, partstat, cutype, role, person = _guest(value, guests)
        if address:
            listed.add(address)
        if partstat in _NOT_ATTENDING:
            if (address and address in owner_addresses) or (owner_key and cn and name_key(cn) == owner_key):
                owner_declined = True
            continue
        if cutype in _NOT_PEOPLE_CUTYPES:
            continue
        if role == "NON-PARTICIPANT":
            continue
        if person is not None:
            identity = address or ("name", name_key(cn))
            if identity not in seen:
                seen.add(identity)
                people.append(person)
    organizer = None
    for value in _values(event, "ORGANIZER")[:1]:
        address, _, _, cutype, _, person = _guest(value, guests)
        if address and cutype not in _NOT_PEOPLE_CUTYPES:
            organizer = person
            if organizer is not None and address not in listed and address not in seen:
                seen.add(address)
                people.append(organizer)
    if owner_declined:
        return "events the owner declined", (), "", None
    host = organizer.emails[0] if organizer is not None else None
    others = [p for p in people if not p.emails or (p.emails[0] != host and
                                                     (host is not None or p.emails[0] not in owner_addresses))]
    if not others:
        return "events without attendees", (), "", None
    uid = str(event.get("UID", "") or "")
    subject = clean_name(str(event.get("SUMMARY", "") or "")) or None
    return None, tuple(people), uid, subject


class _Occurrence:
    """One occurrence as ``recurring-ical-events`` finds it: its VEVENT and its start. The library
    would copy the whole VEVENT for each one; only the start differs."""

    __slots__ = ("event", "start")

    def __init__(self, event, start):
        self.event = event
        self.start = start

    def __setitem__(self, name, value):   # the library sets SEQUENCE on some occurrences: not read
        pass

    def as_component(self, keep_recurrence_attributes):   # a one-off event's (see _OneOff)
        return self


class _OneOff:
    """A VEVENT that is its UID's only one, without RRULE, RDATE, EXDATE, RECURRENCE-ID or DURATION,
    whose DTEND is of the same kind as its DTSTART and not before it: its one occurrence is its own
    start. Stands in for the library's series, giving what the series would give (the start goes
    through the same ``+ timedelta(0)``, which drops a ``fold``, as the library's does; it is in the
    span by the library's own test) without building a recurrence rule set for it."""

    __slots__ = ("event", "start", "end")

    def __init__(self, event, start, end):
        self.event = event
        self.start = start
        self.end = end

    def between(self, span_start, span_stop):
        from recurring_ical_events.util import time_span_contains_event

        start = self.start + timedelta(0)
        end = start + (self.end - self.start)
        if time_span_contains_event(span_start, span_stop, start, end):
            return (_Occurrence(self.event, start),)
        return ()


_RECURRING = ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "DURATION")


def _one_off(event) -> _OneOff | None:
    if any(name in event for name in _RECURRING) or "DTEND" not in event:
        return None
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    if isinstance(start, datetime):
        if not isinstance(end, datetime) or (start.tzinfo is None) != (end.tzinfo is None) \
                or hasattr(start.tzinfo, "localize") or hasattr(end.tzinfo, "localize"):   # pytz
            return None
    elif not isinstance(start, date) or not isinstance(end, date) or isinstance(end, datetime):
        return None
    if end < start:
        return None
    return _OneOff(event, start, end)


_SELECTION = []


def _events():
    """What ``recurring-ical-events`` is asked for: every VEVENT, grouped into series by UID as the
    library groups them, one-off events answered by :class:`_OneOff`, the rest by the library's
    own series with an adapter that gives :class:`_Occurrence` instead of a copied VEVENT.
    ``None`` when this recurring-ical-events has no such extension points."""
    if not _SELECTION:
        import contextlib

        try:
            from recurring_ical_events import ComponentsWithName, EventAdapter, Series
        except ImportError:
            _SELECTION.append(None)
            return None

        class EventOccurrences(EventAdapter):
            def __init__(self, component):
                super().__init__(component)
                self._event = component

            def as_component(self, start=None, stop=None, keep_recurrence_attributes=True):
                return _Occurrence(self._event, self.start if start is None else start)

        class Events(ComponentsWithName):
            def __init__(self):
                super().__init__("VEVENT", EventOccurrences)

            def collect_series_from(self, source, suppress_errors):
                by_uid: dict[str, list] = {}
                for component in source.walk("VEVENT"):
                    adapter = EventOccurrences(component)
                    by_uid.setdefault(adapter.uid, []).append(adapter)
                result = []
                for adapters in by_uid.values():
                    one_off = _one_off(adapters[0]._event) if len(adapters) == 1 else None
                    if one_off is not None:
                        result.append(one_off)
                        continue
                    with contextlib.suppress(suppress_errors):
                        result.append(Series(adapters))
                return result

        _SELECTION.append(Events)
    return _SELECTION[0]() if _SELECTION[0] else None


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
