"""One calendar event's fields, read and checked: a property's values whether icalendar gives one
or several, its start and end (DTEND or DTSTART + DURATION), the problems that make an event
unreadable (a start, end or RDATE that is no date, a rule without a frequency or with an interval
below 1: one-line errors) or unusable (no start, a property RFC 5545 allows once given twice: a
skip reason), and an occurrence's day, stamp and key. :mod:`refgraph.sources.calendar` reads whole
calendars with them.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from ..dates import YEARS
from ..errors import InputError
from ..identity import clean_name
from .ical_expand import MAX_OCCURRENCES


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
CUT = f"recurring events cut at {MAX_OCCURRENCES:,} occurrences"


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
