"""Parse the date formats found in real exports into a (day, timestamp) pair.

Every exporter writes dates its own way: ISO 8601 with or without time and zone, US ``m/d/y``
(with two- or four-digit years and an optional ``, 6:14 PM``), ``16 Dec 2024``, Excel's
``9-Sep-22``, LinkedIn's ``2024/12/07 14:51:07 UTC`` and ``2024-12-07 14:51:07 UTC``, and epoch
milliseconds (HubSpot). The *day* is the calendar date where the event happened (the date as
written, in the writer's own zone); the *timestamp* keeps the time and the offset when known.

A date outside :data:`FIRST_DAY` … :data:`LAST_DAY` (years 1901 to 2199) is not a date this module
reads, from a file or from the command line: year 1, 1900 and 9999 are an exporter's placeholders
("no date"), not days anything happened, and the arithmetic done on dates (a plan's weeks, a year of
recurrences) must not run off the calendar.
"""
from __future__ import annotations

import functools

import re
from datetime import date, datetime, timedelta, timezone

__all__ = ["parse_when", "parse_day", "When", "FIRST_DAY", "LAST_DAY", "YEARS", "in_range", "date_problem"]

FIRST_DAY, LAST_DAY = date(1901, 1, 1), date(2199, 12, 31)
YEARS = f"{FIRST_DAY.year} to {LAST_DAY.year}"   # for messages: "outside the years 1901 to 2199"

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}

# (regex, builder) pairs; the first that matches the whole string wins.
_TIME = r"(?:[ T,]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?\s*(?P<ampm>[AaPp][Mm])?)?"
# Common zone abbreviations exporters write after a time (fixed offsets; "CET" in summer is CEST).
ZONES = {"UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "CET": 60, "CEST": 120, "EET": 120, "EEST": 180,
         "MSK": 180, "IST": 330, "SGT": 480, "HKT": 480, "JST": 540, "KST": 540, "AEST": 600, "AEDT": 660,
         "NZST": 720, "NZDT": 780, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420,
         "MDT": -360, "PST": -480, "PDT": -420, "AKST": -540, "HST": -600}
_ZONE = r"\s*(?P<zone>[A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?"
_PATTERNS = [
    re.compile(r"(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})" + _TIME + _ZONE),
    re.compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{2}|\d{4})" + _TIME + _ZONE),
    re.compile(r"(?P<d>\d{1,2})[ -](?P<mon>[A-Za-z]{3,9})\.?[ -](?P<y>\d{2}|\d{4})" + _TIME + _ZONE),
    re.compile(r"(?P<mon>[A-Za-z]{3,9})\.? (?P<d>\d{1,2}),? (?P<y>\d{4})" + _TIME + _ZONE),
]
_MONTH_YEAR = re.compile(r"(?:(?P<mon>[A-Za-z]{3,9})\.? )?(?P<y>\d{4})")
_EPOCH_MS = re.compile(r"\d{12,13}")


class When(tuple):
    """``(day, timestamp)``: the calendar day and an ISO timestamp (time and zone when known)."""

    __slots__ = ()

    def __new__(cls, day: date, stamp: str):
        return tuple.__new__(cls, (day, stamp))

    @property
    def day(self) -> date:
        return self[0]

    @property
    def stamp(self) -> str:
        return self[1]


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 and len(text) == 2 else y


def _month(name: str) -> int | None:
    return _MONTHS.get(name[:3].lower())


def in_range(day: date) -> bool:
    """Whether *day* is within the years this module accepts (1901 to 2199).

    >>> in_range(date(1900, 1, 1)), in_range(date(2024, 2, 11)), in_range(date(9999, 12, 31))
    (False, True, False)
    """
    return FIRST_DAY <= day <= LAST_DAY


def date_problem(text: str) -> str:
    """What is wrong with a date cell :func:`parse_when` does not read, for an error message.

    >>> date_problem("9999-12-31")
    "the date '9999-12-31' is outside the years 1901 to 2199"
    >>> date_problem("31/31/2024"), date_problem(" ")
    ("cannot read the date '31/31/2024'", 'the date is empty')
    """
    text = (text or "").strip()
    if not text:
        return "the date is empty"
    if _parse(text) is not None:
        return f"the date {text!r} is outside the years {YEARS}"
    return f"cannot read the date {text!r}"


@functools.lru_cache(maxsize=1 << 16)
def parse_when(text: str) -> When | None:
    """Parse one date cell; ``None`` when it is not a date this module knows, or a day outside
    the years 1901 to 2199 (see :func:`date_problem`).

    >>> parse_when("16 Dec 2024")
    (datetime.date(2024, 12, 16), '2024-12-16')
    >>> parse_when("1/8/18, 6:14 PM")
    (datetime.date(2018, 1, 8), '2018-01-08T18:14:00')
    >>> parse_when("2024-02-11T15:30:00-05:00").stamp
    '2024-02-11T15:30:00-05:00'
    >>> parse_when("2024/12/07 14:51:07 UTC").stamp
    '2024-12-07T14:51:07+00:00'
    >>> parse_when("3 Feb 2025 14:30 CET").stamp
    '2025-02-03T14:30:00+01:00'
    >>> parse_when("0001-01-01"), parse_when("1900-01-01"), parse_when("12/31/9999")
    (None, None, None)
    """
    when = _parse(text)
    return when if when is not None and FIRST_DAY <= when[0] <= LAST_DAY else None


def _parse(text: str) -> When | None:
    """:func:`parse_when` without the range."""
    text = (text or "").strip().strip('"').strip()
    if not text:
        return None
    if _EPOCH_MS.fullmatch(text):
        moment = datetime.fromtimestamp(int(text) / 1000, tz=timezone.utc)
        return When(moment.date(), moment.isoformat(timespec="seconds"))
    for pattern in _PATTERNS:
        m = pattern.fullmatch(text)
        if not m:
            continue
        g = m.groupdict()
        month = _month(g["mon"]) if g.get("mon") else int(g["m"])
        if month is None:
            return None
        try:
            day = date(_year(g["y"]), month, int(g["d"]))
        except ValueError:
            return None
        if g.get("H") is None:
            return When(day, day.isoformat())
        hour, minute, second = int(g["H"]), int(g["M"]), int(g["S"] or 0)
        if g.get("ampm"):
            if hour > 12:
                return None
            hour = hour % 12 + (12 if g["ampm"].lower() == "pm" else 0)
        try:
            moment = datetime(day.year, day.month, day.day, hour, minute, second)  # noqa: DTZ001
        except ValueError:
            return None
        zone = g.get("zone")
        if zone:
            if zone[0] not in "+-":
                if zone.upper() not in ZONES:
                    return None
                minutes = ZONES[zone.upper()]
                tz = timezone.utc if minutes == 0 else timezone(timedelta(minutes=minutes))
            else:
                sign = -1 if zone[0] == "-" else 1
                digits = zone[1:].replace(":", "")
                hours, minutes = int(digits[:2]), int(digits[2:])
                if hours > 23 or minutes > 59:   # no such offset
                    return None
                tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
            moment = moment.replace(tzinfo=tz)
        return When(day, moment.isoformat(timespec="seconds"))
    m = _MONTH_YEAR.fullmatch(text)
    if m:  # "Jun 2018" or "2017" (Positions.csv): the first day of the period
        month = _month(m["mon"]) if m["mon"] else 1
        if month and int(m["y"]):   # (there is no year 0)
            day = date(int(m["y"]), month, 1)
            return When(day, day.isoformat())
    return None


def parse_day(text: str) -> date | None:
    """The calendar day of a date cell, or ``None``.

    >>> parse_day("9-Sep-22")
    datetime.date(2022, 9, 9)
    """
    when = parse_when(text)
    return when.day if when else None
