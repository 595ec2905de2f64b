"""Calendars: one .ics file, a zip of them (Google Calendar's export) or that zip unzipped.

Parsed with ``icalendar``; recurring series (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) are
expanded with ``recurring-ical-events`` inside a bounded window, never past ``until``. Each
occurrence becomes one ``meeting`` interaction with the people who attended: attendees who did not
decline plus the organizer, never rooms, resources, group calendars, no-reply addresses or the
recipients of e-mail reminders (VALARM). Times keep the event's own zone (TZID; ``Z`` times move to
the calendar's X-WR-TIMEZONE when it has one; floating times and all-day dates stay as written).
Descriptions are never read. A series stops after :data:`MAX_OCCURRENCES` (a rule that never ends
never runs on); an event that cannot be imported (a UID, start or end given twice; a placeholder date
outside the years :mod:`refgraph.dates` reads) is skipped. Skips count events, however often they recur.

Big exports (20,000 events, 370,000 content lines) are the common case, so the libraries are used
through their extension points rather than around them: icalendar's own parser, refined to parse
each distinct content line (and each distinct ``NAME;PARAMS`` prefix) once and to leave the event
properties nothing reads unparsed; recurring-ical-events with an event adapter that hands back the
VEVENT and the start instead of a copy of the VEVENT per occurrence, and with one-off events
(nothing recurring about them) answered without building a rule set each. The result is the same
batch the plain libraries give (``tests/test_calendar.py::test_shortcuts_match_the_libraries``).
The biggest file, when big and of the plain shape exports have (one VCALENDAR: its time zones,
then its events), is read on two cores: a worker process parses and expands half its series while
this one does the other half and the other files
(``test_a_calendar_read_in_halves_is_the_calendar_read_whole``).
"""
from __future__ import annotations

import gc
import hashlib
import os
import re
import sys
import zipfile
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path, PurePosixPath

from ..dates import FIRST_DAY, LAST_DAY, YEARS
from ..errors import InputError, RefgraphError
from ..files import check_input, read_zip
from ..identity import clean_name, name_key, normalise_email
from ..records import Batch, InteractionRecord, PersonRecord
from .tabular import can_work_ahead, end_with_parent

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
        found = [(f"{path}:{name}", PurePosixPath(name.replace("\\", "/")).name, data)
                 for name, data in read_zip(path, lambda n: n.lower().endswith(".ics") and "__MACOSX" not in n)]
        if not found:
            raise InputError(path, "no .ics calendars in this zip", "pass Google Calendar's export zip "
                             "(Settings → Import & export → Export) or one .ics file")
        return found
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise InputError(path, "the zip is damaged or incomplete", "download the export again")
    return [(str(path), path.name, data)]


def _text(label: str, data: bytes) -> str:
    """A calendar file's text; :class:`InputError` when it is not iCalendar."""
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
    return text


def _parse_text(label: str, text: str, icalendar) -> list:
    """The VCALENDAR objects in one file's text."""
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


def _first(event, name: str):
    """A property's first value (a property RFC 5545 allows once, given twice: a list)."""
    value = event.get(name)
    return value[0] if isinstance(value, list) and value else value


def _event_name(event) -> str:
    """The event as an error names it: its subject, else its UID."""
    return clean_name(str(_first(event, "SUMMARY") or "")) or str(_first(event, "UID") or "")


def _start(event, label: str):
    try:
        start = event["DTSTART"].dt
    except (ValueError, TypeError) as exc:   # icalendar's BrokenCalendarProperty is a ValueError
        raise InputError(label, f"the event {_event_name(event)!r} has an unreadable start ({_short(exc)})",
                         "fix or delete that event and export again") from None
    if not isinstance(start, date):   # a time of day, a duration or a period icalendar read instead
        raise InputError(label, f"the event {_event_name(event)!r} has an unreadable start "
                         f"(DTSTART is {_kind(start)}, not a date or date-time)",
                         "fix or delete that event and export again")
    return start


def _kind(value) -> str:
    """What icalendar read instead of a date, for an error."""
    if isinstance(value, timedelta):
        return "a duration"
    if isinstance(value, tuple):
        return "a period"
    return "a time of day without a date" if isinstance(value, time) else type(value).__name__


def _end(event):
    """The event's end (DTEND, or DTSTART + DURATION: ``date.max`` or ``date.min`` past the dates
    there are), or ``None`` when it has none, or one that is no date (see :func:`_time_problem`)."""
    try:
        start = event["DTSTART"].dt
        if "DTEND" in event:
            end = event["DTEND"].dt
        elif "DURATION" in event:
            duration = event["DURATION"].dt
            if not isinstance(start, date) or not isinstance(duration, timedelta):
                return None
            try:
                end = start + duration
            except OverflowError:
                end = date.max if duration > timedelta(0) else date.min
        else:
            return None
    except (ValueError, TypeError, AttributeError):   # a broken property: the library's own error
        return None
    return end if isinstance(end, date) else None


def _time_problem(event, label: str) -> InputError | None:
    """An event whose end (DTEND or DURATION) or RDATE is not of its kind (a time of day, a duration
    or a period where a date belongs): the library would fail on it with a TypeError. One that
    cannot be read at all (icalendar's broken property) is left to the library's own error."""
    name, fix = _event_name(event), "fix or delete that event and export again"
    try:
        end = event["DTEND"].dt if "DTEND" in event else None
        duration = event["DURATION"].dt if "DTEND" not in event and "DURATION" in event else None
        rdates = [p.dt for r in _values(event, "RDATE") for p in getattr(r, "dts", ())]
    except (ValueError, TypeError, AttributeError):
        return None
    if "DTEND" in event and not isinstance(end, date):
        return InputError(label, f"the event {name!r} has an unreadable end "
                          f"(DTEND is {_kind(end)}, not a date or date-time)", fix)
    if duration is not None and not isinstance(duration, timedelta):
        return InputError(label, f"the event {name!r} has an unreadable end "
                          f"(DURATION is {_kind(duration)}, not a duration)", fix)
    for value in rdates:
        if not isinstance(value, (date, tuple)):   # a PERIOD is a (start, end or duration) tuple
            return InputError(label, f"the event {name!r} has an unreadable date "
                              f"(an RDATE is {_kind(value)}, not a date, date-time or period)", fix)
    return None


# Properties an event has at most once (RFC 5545) that say which event or occurrence it is, or when:
# given twice, which one is meant cannot be told, and the event is skipped (the others import)
_ONCE = ("UID", "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "SEQUENCE")
TWICE = "events with a property given twice"
OUT_OF_RANGE = f"events dated outside the years {YEARS}"
NO_START = "events without a start"
# an event whose TZID names no zone known here (nor defined in the file): its times are read as the
# clock shows them, which keeps the day; imported, and said in the summary's "left out"
UNKNOWN_ZONE = "events in an unknown time zone (read as local time)"
_LEFT_OUT = {UNKNOWN_ZONE}


def _unknown_zone(event) -> bool:
    start = event.get("DTSTART")
    params = getattr(start, "params", None) or {}
    return bool(params.get("TZID")) and isinstance(start.dt, datetime) and start.dt.tzinfo is None


def _unusable(event) -> str | None:
    """Why an event cannot be imported at all (a skip reason), or ``None``; a SEQUENCE that is no
    number (it only orders an event's edits) is dropped, as if the event had none."""
    if event.get("DTSTART") is None:
        return NO_START
    for name in _ONCE:
        if isinstance(event.get(name), list):
            return TWICE
    sequence = event.get("SEQUENCE")
    if sequence is not None and not isinstance(sequence, int):
        del event["SEQUENCE"]
    return None


def _rule_problem(event, label: str) -> InputError | None:
    """An RRULE that cannot be expanded because it has no FREQ (the library fails on it otherwise
    than on a FREQ it does not know)."""
    for rule in _values(event, "RRULE"):
        if isinstance(rule, dict) and "FREQ" not in rule:   # (a rule icalendar could not read is no dict)
            text = _short(rule.to_ical().decode("utf-8", "replace") if hasattr(rule, "to_ical") else str(rule), 60)
            return InputError(label, f"cannot expand the recurring events (the event {_event_name(event)!r} "
                              f"repeats without a frequency: RRULE:{text})",
                              "fix or delete that event and export again")
        if isinstance(rule, dict) and any(not isinstance(n, int) or n < 1 for n in rule.get("INTERVAL", [])):
            # INTERVAL=0 makes the library loop for ever without an occurrence
            text = _short(rule.to_ical().decode("utf-8", "replace"), 60)
            return InputError(label, f"cannot expand the recurring events (the event {_event_name(event)!r} "
                              f"repeats at an interval below 1: RRULE:{text})",
                              "fix or delete that event and export again")
    return None


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
    check_input(path)
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

    path = Path(path)
    if isinstance(until, datetime):
        until = until.date()
    if until is not None:   # no day past the dates read (the window's arithmetic stays on the calendar)
        until = min(until, LAST_DAY)
    owner_name = clean_name(owner) if owner else None

    def new_batch():
        return Batch(kind="calendar", source=str(path), owner_name=owner_name or None, owner_attends=True)

    files = _files(path)
    big = max(range(len(files)), key=lambda n: len(files[n][2]))   # the first of the biggest
    if len(files[big][2]) >= SPLIT_BYTES and can_work_ahead():
        try:
            halves = _halves(_text(files[big][0], files[big][2]))
        except InputError:   # said in the files' order, below
            halves = None
        if halves is not None:
            read = _read_halves(new_batch(), path, files, big, halves, owner_name, until)
            if read is not None:
                return read
    batch = new_batch()
    # Read everything first: a bad file fails before any work.
    part = _Part([(label, base, _parse_text(label, _text(label, data), icalendar)) for label, base, data in files])
    window = _window(batch, path, [part], owner_name, until)
    if window is None:
        return batch
    found, rows, skipped = part.expand(*window, name_key(owner_name) if owner_name else None)
    return _finish(batch, found, rows, skipped)


class _Part:
    """Calendars read (parsed, the events that cannot be imported set aside) and what deciding whose they
    are and the window needs of them; then their occurrences (:meth:`expand`). The whole import, or
    one half of a big calendar (:func:`_read_halves`)."""

    def __init__(self, parsed: list[tuple[str, str, list]]):
        from icalendar.timezone import tzp

        self.calendars = []   # (label, base name, calendar, its own addresses, its events, its zone)
        self.dropped: Counter = Counter()   # events set aside before anything (skip reason -> events)
        # The earliest start, and the latest of events that do not recur (on the day in the event's
        # own zone); an unreadable start or rule is raised only once whose calendar it is has been settled
        self.first = self.last_single = self.last = None
        self.start_error: InputError | None = None
        for label, base, found in parsed:
            stem = base[:-4] if base.lower().endswith(".ics") else base
            for calendar in found:
                own = (_address_in(str(calendar.get("X-WR-CALNAME", "") or "")), _address_in(stem))
                zone = _calendar_zone(calendar, tzp)
                events, gone = [], set()
                for event in (c for c in calendar.subcomponents if c.name == "VEVENT"):
                    reason = _unusable(event)
                    if reason is None:
                        try:
                            day = _local_day(_start(event, label), zone)
                        except InputError as exc:   # raised later: its organizer still says whose calendar it is
                            self.start_error = self.start_error or exc
                            events.append(event)
                            continue
                        end = _end(event)   # (an end in year 9999 overflows in the library)
                        if not FIRST_DAY <= day <= LAST_DAY or (end and not FIRST_DAY <= _day(end) <= LAST_DAY):
                            reason = OUT_OF_RANGE   # a placeholder date ("no date"), not a meeting
                    if reason is not None:
                        self.dropped[reason] += 1
                        gone.add(id(event))
                        continue
                    self.start_error = self.start_error or _rule_problem(event, label) or _time_problem(event, label)
                    events.append(event)
                    self.first = day if self.first is None else min(self.first, day)
                    self.last = day if self.last is None else max(self.last, day)
                    if event.get("RRULE") is None and event.get("RDATE") is None:
                        self.last_single = day if self.last_single is None else max(self.last_single, day)
                if gone:
                    calendar.subcomponents = [c for c in calendar.subcomponents if id(c) not in gone]
                self.calendars.append((label, base, calendar, own, events, zone))
        self.organizers: Counter = Counter()   # organizer address -> events
        for *_, events, _ in self.calendars:
            for event in events:
                for value in _values(event, "ORGANIZER")[:1]:
                    address = normalise_email(str(value))
                    if is_person_address(address):
                        self.organizers[address] += 1

    def expand(self, best: list[str], first_day: date, last_day: date, owner_key: str | None):
        """``(interactions, rows, skipped)``: every occurrence from *first_day* to *last_day* as a
        meeting with the people who attended."""
        return _merge([c[3] for c in self.calendars], self.expand_each(best, first_day, last_day, owner_key), best)

    def expand_each(self, best: list[str], first_day: date, last_day: date, owner_key: str | None) -> list:
        """:meth:`expand` of each calendar on its own, in the order of ``self.calendars``:
        ``(interactions, rows, skipped)``, duplicates within the calendar left out (:func:`_merge`
        leaves out those of calendars before it). Calendars are expanded in :func:`_merge`'s order,
        so the first bad one is the one reported."""
        import recurring_ical_events

        results: list = [None] * len(self.calendars)
        guests: dict[int, tuple] = {}
        for n in _order([c[3] for c in self.calendars], best):
            label, base, calendar, own, _, _ = self.calendars[n]
            found: list[InteractionRecord] = []
            keys: set[str] = set()
            rows, skipped = 0, Counter()
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
            # An occurrence differs from its VEVENT (a series' master or an override) only in its
            # times: who attended, the subject and the UID are read once per VEVENT.
            # A VEVENT skipped as a whole (cancelled, declined, without attendees) counts once, however
            # many times it recurs; each occurrence of the others is a row.
            meetings: dict[int, tuple] = {}
            for occurrence in occurrences:
                start = occurrence.start
                day = _day(start)
                if day > last_day:
                    continue
                event = occurrence.event
                meeting = meetings.get(id(event))
                if meeting is None:
                    meeting = meetings[id(event)] = (event, *_meeting(event, owner_addresses, owner_key, guests))
                    if meeting[1]:
                        rows += 1
                        skipped[meeting[1]] += 1
                    elif _unknown_zone(event):   # a note, not a row: moved to "left out" by _finish
                        skipped[UNKNOWN_ZONE] += 1
                _, skip, people, uid, subject = meeting
                if skip:
                    continue
                rows += 1
                digest = hashlib.sha1("\x1f".join((uid or f"no uid: {subject or ''}", _key_start(start))).encode("utf-8"))
                key = "calendar:" + digest.hexdigest()[:20]
                if key in keys:
                    skipped["duplicate events"] += 1
                    continue
                keys.add(key)
                found.append(InteractionRecord(people, day, _stamp(start), "meeting", key=key, direction=None,
                                               subject=subject, source=base, attendees=len(people)))
            for series in getattr(events, "capped", ()):   # a series cut short counts once, unless skipped
                if series.cut and not meetings.get(id(series.event), (None, None))[1]:
                    rows += 1
                    skipped[CUT] += 1
            results[n] = (found, rows, skipped)
        return results


def _order(owns: list[tuple], best: list[str]) -> list[int]:
    """The calendars (by their own addresses) in the order their events count: the owner's own
    calendar first, so an event also found in a shared calendar keeps its source."""
    return sorted(range(len(owns)), key=lambda n: not (best and best[0] in owns[n]))


def _merge(owns: list[tuple], results: list, best: list[str]):
    """Each calendar's ``(interactions, rows, skipped)`` as one: in :func:`_order`, an event already
    found in a calendar before is a duplicate (as if one set of keys had served them all)."""
    found: list[InteractionRecord] = []
    keys: set[str] = set()
    rows, skipped = 0, Counter()
    for n in _order(owns, best):
        records, more, skips = results[n]
        rows += more
        skipped.update(skips)
        for record in records:
            if record.key in keys:
                skipped["duplicate events"] += 1
                continue
            keys.add(record.key)
            found.append(record)
    return found, rows, skipped


def _window(batch: Batch, path, parts: list[_Part], owner_name: str | None, until: date | None):
    """Whose calendar it is (``batch.owner_emails``, counted rows and skips) and ``(best owner
    address, first day, last day)`` of the occurrences to find, or ``None`` when there are none."""
    for part in parts:
        batch.rows += sum(part.dropped.values())
        batch.skipped.update(part.dropped)
    # Candidate owner addresses, best first: calendar names, file names, then organizers by frequency.
    # A calendar that names its own address is that person's: organizers are only a fallback for
    # calendars that don't (a teammate who organises a meeting is not the owner).
    own_addresses = [c[3][0] for p in parts for c in p.calendars] + [c[3][1] for p in parts for c in p.calendars]
    organizers = sum((p.organizers for p in parts), Counter())
    candidates: list[str] = []
    for address in (own_addresses if any(own_addresses) else
                    [a for a, _ in sorted(organizers.items(), key=lambda kv: (-kv[1], kv[0]))]):
        if address and address not in candidates:
            candidates.append(address)
    batch.owner_emails = tuple(candidates)
    batch.owner_email_named = any(own_addresses)
    if not owner_name and not candidates:
        raise RefgraphError(f"{path}: cannot tell whose calendar this is — pass --owner NAME")
    # The window: from the earliest start to `until` (inclusive), never open-ended. Nothing starts
    # before the earliest DTSTART, so only the end is checked (on the day in the event's own zone).
    for part in parts:
        if part.start_error is not None:
            raise part.start_error
    firsts = [p.first for p in parts if p.first is not None]
    if not firsts:
        return None
    singles = [p.last_single for p in parts if p.last_single is not None]
    last_day = until if until is not None else max(singles or [p.last for p in parts if p.last is not None])
    first_day = min(firsts)
    if last_day < first_day:
        return None
    return candidates[:1], first_day, last_day


def _finish(batch: Batch, found: list[InteractionRecord], rows: int, skipped: Counter) -> Batch:
    batch.rows += rows
    for reason, n in skipped.items():
        (batch.left_out if reason in _LEFT_OUT else batch.skipped)[reason] += n
    found.sort(key=lambda r: (r.day, r.stamp, r.subject or "", r.key))
    batch.interactions = found
    return batch


SPLIT_BYTES = 2 << 20   # one calendar file at least this big is read in two processes (_read_halves)


# A BEGIN or END line, a UID line with its folds (found after the \n before them: much faster
# than ^ with re.MULTILINE); after a line's \n, a fold that continues it
_MARK = re.compile(r"\n([Bb][Ee][Gg][Ii][Nn]|[Ee][Nn][Dd]):([^\n]*)")
_UID = re.compile(r"\n[Uu][Ii][Dd]([;:][^\n]*(?:\n[ \t][^\n]*)*)")
_UNFOLD = re.compile(r"\r?\n[ \t]")
_FOLDS_NEXT = re.compile(r"(?:\r?\n)*[ \t]")
_BLANK_FOLD = re.compile(r"\n\r?\n[ \t]")   # the _BLANK_THEN_FOLD cases, in one pass


def _halves(text: str) -> tuple[str, str] | None:
    """*text* as two calendars, each with the whole calendar's header (its properties and time
    zones) and about half its events, every series (the VEVENTs of one UID: a rule and its
    overrides) in one of them; ``None`` unless *text* has the plain shape of an export: one
    VCALENDAR, its header, then only VEVENTs. Lines are cut where icalendar cuts them (at ``\\n``;
    a BEGIN or END line that a fold continues, icalendar reads otherwise: no cut then)."""
    first = text.find("\n")
    if _BLANK_FOLD.search(text) or first < 0 or text[:first].rstrip("\r").upper() != "BEGIN:VCALENDAR" or _FOLDS_NEXT.match(text, first + 1):
        return None
    depth, blocks = 1, []   # blocks: [start, end, first nested BEGIN or None]
    last_end = 0
    for m in _MARK.finditer(text):
        line = m.group(2)
        begin, what = m.group(1).upper() == "BEGIN", (line[:-1] if line.endswith("\r") else line).upper()
        after = m.end() + 1
        if _FOLDS_NEXT.match(text, after):
            return None
        if begin:
            depth += 1
            if depth == 2 and what == "VEVENT":
                if blocks and text[last_end:m.start()].strip("\r\n"):   # only blank lines between events
                    return None
                blocks.append([m.start() + 1, None, None])
            elif depth == 2 and (blocks or what != "VTIMEZONE"):   # the header has time zones only
                return None
            elif depth == 3 and blocks and blocks[-1][2] is None:
                blocks[-1][2] = m.start() + 1
        else:
            depth -= 1
            if depth == 1 and blocks and blocks[-1][1] is None:
                if what != "VEVENT":
                    return None
                blocks[-1][1] = last_end = min(after, len(text))
            elif depth == 0:
                if what != "VCALENDAR" or not blocks or text[last_end:m.start()].strip("\r\n") \
                        or text[after:].strip("\r\n"):
                    return None
                break
            elif depth < 0:
                return None
    else:
        return None
    if len(blocks) < 2:
        return None
    series: dict = {}   # UID -> its blocks (blocks without a UID together)
    for block in blocks:
        start, end, nested = block
        m = _UID.search(text, start, end)
        uid = None
        if m is not None:
            if nested is not None and m.start() + 1 > nested:   # perhaps a VALARM's own UID
                return None
            head, _, uid = _UNFOLD.sub("", m.group(1)).rstrip("\r").partition(":")
            if '"' in head:
                return None
            uid = uid.replace("\\", "")   # escaped or not, the same UID
        series.setdefault(uid, []).append((start, end))
    sizes, halves = [0, 0], [[], []]
    for group in series.values():   # each series to the half with less text so far
        h = 0 if sizes[0] <= sizes[1] else 1
        halves[h].extend(group)
        sizes[h] += sum(end - start for start, end in group)
    if not halves[1]:
        return None
    head, tail = text[:blocks[0][0]], text[last_end:]
    return tuple(head + "".join(text[start:end] for start, end in sorted(half)) + tail for half in halves)


def _read_halves(batch: Batch, path, files: list, big: int, halves: tuple[str, str], owner_name: str | None,
                 until: date | None) -> Batch | None:
    """:func:`_read_calendar` on two cores: a worker process parses and expands one half of the
    biggest calendar, ``files[big]`` (:func:`_halves`), while this one does the other half and the
    other files; both say what deciding whose calendar it is and the window needs, this one
    decides, both expand, and this one merges (:func:`_merge`). The batch is the one read in one
    piece. ``None`` when anything went wrong (a bad line, a worker gone): the caller then reads the
    calendars in one piece, which says what is wrong as it always has."""
    import multiprocessing

    import icalendar

    label, base, _ = files[big]
    ctx = multiprocessing.get_context("fork")
    mine, theirs = ctx.Pipe()
    worker = ctx.Process(target=_half_worker, args=(theirs, label, base, halves[1], mine, os.getpid()), daemon=True)
    worker.start()
    theirs.close()
    try:
        try:
            parsed = [(label, base, _parse_text(label, halves[0] if n == big else _text(label, data), icalendar))
                      for n, (label, base, data) in enumerate(files)]
            part = _Part(parsed)
        except RefgraphError:
            return None
        other = _receive(mine, worker)
        if other is None or part.start_error is not None or other.start_error is not None:
            return None
        window = _window(batch, path, [part, other], owner_name, until)
        owner_key = name_key(owner_name) if owner_name else None
        mine.send(window and (*window, owner_key))
        if window is None:
            return batch
        try:
            results = part.expand_each(*window, owner_key)
        except RefgraphError:
            return None
        expanded = _receive(mine, worker)
        if expanded is None:
            return None
        at = sum(len(calendars) for _, _, calendars in parsed[:big])   # the big file's one calendar
        found, rows, skipped = results[at]
        results[at] = (found + expanded[0], rows + expanded[1], skipped + expanded[2])
        return _finish(batch, *_merge([c[3] for c in part.calendars], results, window[0]))
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join()
        mine.close()


class _Summary:
    """What :func:`_window` reads of a :class:`_Part` (sent from the worker instead of the part)."""

    def __init__(self, part: _Part):
        self.calendars = [(None, None, None, c[3], None, None) for c in part.calendars]
        self.dropped, self.organizers, self.start_error = part.dropped, part.organizers, part.start_error
        self.first, self.last_single, self.last = part.first, part.last_single, part.last


def _half_worker(conn, label: str, base: str, text: str, parents_end=None, parent: int | None = None) -> None:
    """In the worker: read one half, send its :class:`_Summary`, wait for the window, send what
    :meth:`_Part.expand` finds (``None`` instead, when anything went wrong). Ends as soon as the
    process that started it is gone (killed, or stopped by a signal before it could stop this one)."""
    import icalendar

    if parents_end is not None:   # the fork's copy of the other end: without it, waiting ends when the parent does
        parents_end.close()
    if parent is not None:
        end_with_parent(parent)
    gc.disable()
    try:
        try:
            part = _Part([(label, base, _parse_text(label, text, icalendar))])
            summary = _Summary(part)
            summary.start_error = bool(summary.start_error) or None   # the error itself stays here
        except Exception:
            conn.send(None)
            return
        conn.send(summary)
        asked = conn.recv()   # (best owner address, first day, last day, owner's name key)
        if asked is None:
            return
        try:
            found = part.expand_each(*asked)[0]   # its one calendar
        except Exception:
            found = None
        conn.send(found)
    except (EOFError, OSError):   # the parent is gone (its end of the pipe closed): nothing to say
        pass
    finally:
        conn.close()


def _receive(conn, worker):
    """The worker's next message; ``None`` when it sent ``None`` or stopped before sending."""
    while not conn.poll(0.5):
        if not worker.is_alive() and not conn.poll(0):
            return None
    try:
        return conn.recv()
    except (EOFError, OSError):
        return None


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
    if str(_first(event, "STATUS") or "").upper() == "CANCELLED":
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
    subject = clean_name(str(_first(event, "SUMMARY") or "")) or None
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


MAX_OCCURRENCES = 5000   # of one series: a daily meeting for 13 years (more is a broken or hostile rule)
CUT = f"recurring events cut at {MAX_OCCURRENCES:,} occurrences"


def _has_rule(series) -> bool:
    """Whether a library series repeats by a rule (RRULE), as this library version builds series
    (a rule set for RDATEs, then one rule per RRULE)."""
    recurrence = getattr(series, "recurrence", None)
    return (getattr(recurrence, "has_core", False) and len(getattr(recurrence, "rrules", ())) > 1
            and hasattr(recurrence, "tzinfo") and hasattr(recurrence.core, "_event"))


class _Capped:
    """A series with a rule (RRULE), stopped after :data:`MAX_OCCURRENCES` occurrences: the rule's
    starts are counted one at a time first (``FREQ=SECONDLY`` without an end never ends), and the
    library is asked only up to the first start past the limit, so it never lists more."""

    __slots__ = ("series", "event", "cut")

    def __init__(self, series):
        self.series = series
        self.event = series.recurrence.core._event   # the series' own VEVENT (its rule)
        self.cut = False

    def between(self, span_start, span_stop):
        import heapq
        from itertools import islice

        from recurring_ical_events.util import convert_to_datetime

        recurrence = self.series.recurrence
        stop = convert_to_datetime(span_stop, recurrence.tzinfo)
        seen, last = 0, None
        for start in heapq.merge(*recurrence.rrules):   # each rule lazily, in order
            if start > stop:
                break
            if start != last:
                seen, last = seen + 1, start
                if seen > MAX_OCCURRENCES:
                    self.cut = True
                    return islice(self.series.between(span_start, start), MAX_OCCURRENCES)
        return self.series.between(span_start, span_stop)


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
                self.capped: list[_Capped] = []   # the series with a rule

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
                        series = Series(adapters)
                        if _has_rule(series):
                            series = _Capped(series)
                            self.capped.append(series)
                        result.append(series)
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
