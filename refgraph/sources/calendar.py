"""Calendars: one .ics file, a zip of them (Google Calendar's export) or that zip unzipped.

Parsed with ``icalendar``; recurring series (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) are
expanded with ``recurring-ical-events`` inside a bounded window, never past ``until``. Each
occurrence becomes one ``meeting`` interaction with the people who attended: attendees who did not
decline plus the organizer, never rooms, resources, group calendars, no-reply addresses or the
recipients of e-mail reminders (VALARM). Times keep the event's own zone (TZID; ``Z`` times move to
the calendar's X-WR-TIMEZONE when it has one; floating times and all-day dates stay as written).
Descriptions are never read. A series stops after
:data:`~refgraph.sources.ical_expand.MAX_OCCURRENCES` (a rule that never ends
never runs on); an event that cannot be imported (a UID, start or end given twice; a placeholder date
outside the years :mod:`refgraph.dates` reads) is skipped. Skips count events, however often they recur.

Big exports (20,000 events, 370,000 content lines) are the common case, so the libraries are used
through their extension points rather than around them: icalendar's own parser, refined to parse
each distinct content line once (:mod:`refgraph.sources.ical_fast`, which falls back to icalendar's
plain parser where its internals differ); recurring-ical-events with an event adapter that hands
back the VEVENT and the start instead of a copy of the VEVENT per occurrence, and with one-off
events answered without building a rule set each (:mod:`refgraph.sources.ical_expand`); one event's fields are read and checked by
:mod:`refgraph.sources.ical_event`. The result
is the same batch the plain libraries give (``tests/test_calendar.py::test_shortcuts_match_the_libraries``).
The biggest file, when big and of the plain shape exports have (one VCALENDAR: its time zones,
then its events), is read on two cores: a worker process (:mod:`refgraph.sources.worker`) parses
and expands half its series while this one does the other half and the other files
(``test_a_calendar_read_in_halves_is_the_calendar_read_whole``).
"""
from __future__ import annotations

import gc
import hashlib
import re
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from ..dates import FIRST_DAY, LAST_DAY
from ..errors import InputError, RefgraphError
from ..files import check_input, export_files
from ..identity import clean_name, name_key, normalise_email
from ..records import Batch, InteractionRecord, PersonRecord
from . import ical_fast
from .ical_event import (CUT, OUT_OF_RANGE, UNKNOWN_ZONE, _LEFT_OUT, _calendar_zone, _day, _end, _first, _key_start,
                         _local_day, _param, _rule_problem, _short, _stamp, _start, _time_problem, _unknown_zone,
                         _unusable, _values)
from .ical_expand import Occurrence, selection
from .worker import Conversation, can_work_ahead

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
    kind, found = export_files(path, ".ics")
    if not found and kind == "folder":
        raise InputError(path, "no .ics calendars in this folder", NOT_ICAL_FIX)
    if not found:
        raise InputError(path, "no .ics calendars in this zip", "pass Google Calendar's export zip "
                         "(Settings → Import & export → Export) or one .ics file")
    return found


# When a calendar was written: Google's export stamps every event with the moment of the export
_STAMP = re.compile(rb"\n(?:DTSTAMP|LAST-MODIFIED)[^:\n]*:(\d{4})(\d\d)(\d\d)", re.IGNORECASE)


def _stamped(files: list) -> date | None:
    """The newest DTSTAMP or LAST-MODIFIED day of the calendars (within the years read), or ``None``."""
    newest = None
    for _, _, data in files:
        for y, m, d in set(_STAMP.findall(data)):
            try:
                day = date(int(y), int(m), int(d))
            except ValueError:
                continue
            if FIRST_DAY <= day <= LAST_DAY and (newest is None or day > newest):
                newest = day
    return newest


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
        calendars = ical_fast.parse(text, icalendar)
    except ValueError as exc:
        raise InputError(label, f"cannot be read as iCalendar ({_short(exc)})", "export the calendar again") from None
    if not calendars:
        raise InputError(label, "the calendar is cut off (no END:VCALENDAR)", "export the calendar again")
    return calendars


def read_calendar(path: str | Path, owner: str | None = None, until: date | timedelta | None = None) -> Batch:
    """Parse a calendar into a :class:`Batch` (nothing is written).

    Occurrences are produced from the earliest start in the file(s) up to and including *until*
    (default: the day of the latest non-recurring event), so a series without an end never runs on.
    A :class:`~datetime.timedelta` *until* counts from that day, or from the day the file was written
    when later (its newest DTSTAMP or LAST-MODIFIED: an export's date): the window then depends on the
    file alone, never on the day it is read, so the same file always gives the same occurrences.
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
    if isinstance(until, date):   # no day past the dates read (the window's arithmetic stays on the calendar)
        until = min(until, LAST_DAY)
    owner_name = clean_name(owner) if owner else None

    def new_batch():
        return Batch(kind="calendar", source=str(path), owner_name=owner_name or None, owner_attends=True)

    files = _files(path)
    stamp = _stamped(files) if isinstance(until, timedelta) else None
    big = max(range(len(files)), key=lambda n: len(files[n][2]))   # the first of the biggest
    if len(files[big][2]) >= SPLIT_BYTES and can_work_ahead():
        try:
            halves = _halves(_text(files[big][0], files[big][2]))
        except InputError:   # said in the files' order, below
            halves = None
        if halves is not None:
            read = _read_halves(new_batch(), path, files, big, halves, owner_name, until, stamp)
            if read is not None:
                return read
    batch = new_batch()
    # Read everything first: a bad file fails before any work.
    part = _Part([(label, base, _parse_text(label, _text(label, data), icalendar)) for label, base, data in files])
    window = _window(batch, path, [part], owner_name, until, stamp)
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
                events = selection()
                query = recurring_ical_events.of(calendar, components=[events] if events else ("VEVENT",))
                occurrences = query.between(first_day - timedelta(days=1), last_day + timedelta(days=2))
                if not events:   # an older recurring-ical-events: copied VEVENTs
                    occurrences = [Occurrence(e, e["DTSTART"].dt) for e in occurrences]
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


def _window(batch: Batch, path, parts: list[_Part], owner_name: str | None, until: date | timedelta | None,
            stamp: date | None = None):
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
    anchor = max(singles or [p.last for p in parts if p.last is not None])   # the calendar's own latest day
    if isinstance(until, timedelta):   # counted from the file (or its export), not from the day it is read
        anchor = max(anchor, stamp) if stamp else anchor
        last_day = anchor + until if LAST_DAY - anchor > until else LAST_DAY
    else:
        last_day = until if until is not None else anchor
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
_BLANK_FOLD = re.compile(r"\n\r?\n[ \t]")   # ical_fast._BLANK_THEN_FOLD's cases, in one pass


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
                 until: date | timedelta | None, stamp: date | None = None) -> Batch | None:
    """:func:`_read_calendar` on two cores: a worker process parses and expands one half of the
    biggest calendar, ``files[big]`` (:func:`_halves`), while this one does the other half and the
    other files; both say what deciding whose calendar it is and the window needs, this one
    decides, both expand, and this one merges (:func:`_merge`). The batch is the one read in one
    piece. ``None`` when anything went wrong (a bad line, a worker gone): the caller then reads the
    calendars in one piece, which says what is wrong as it always has."""
    import icalendar

    label, base, _ = files[big]
    with Conversation(_half_worker, label, base, halves[1]) as worker:
        try:
            parsed = [(label, base, _parse_text(label, halves[0] if n == big else _text(label, data), icalendar))
                      for n, (label, base, data) in enumerate(files)]
            part = _Part(parsed)
        except RefgraphError:
            return None
        other = worker.receive()
        if other is None or part.start_error is not None or other.start_error is not None:
            return None
        window = _window(batch, path, [part, other], owner_name, until, stamp)
        owner_key = name_key(owner_name) if owner_name else None
        worker.send(window and (*window, owner_key))
        if window is None:
            return batch
        try:
            results = part.expand_each(*window, owner_key)
        except RefgraphError:
            return None
        expanded = worker.receive()
        if expanded is None:
            return None
        at = sum(len(calendars) for _, _, calendars in parsed[:big])   # the big file's one calendar
        found, rows, skipped = results[at]
        results[at] = (found + expanded[0], rows + expanded[1], skipped + expanded[2])
        return _finish(batch, *_merge([c[3] for c in part.calendars], results, window[0]))


class _Summary:
    """What :func:`_window` reads of a :class:`_Part` (sent from the worker instead of the part)."""

    def __init__(self, part: _Part):
        self.calendars = [(None, None, None, c[3], None, None) for c in part.calendars]
        self.dropped, self.organizers, self.start_error = part.dropped, part.organizers, part.start_error
        self.first, self.last_single, self.last = part.first, part.last_single, part.last


def _half_worker(conn, label: str, base: str, text: str) -> None:
    """In the worker (a :class:`~refgraph.sources.worker.Conversation`): read one half, send its
    :class:`_Summary`, wait for the window, send what :meth:`_Part.expand` finds (``None`` instead,
    when anything went wrong)."""
    import icalendar

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
