"""Whom to call this week: stale relationships worth renewing, most valuable first, and a call plan.

A reconnect is a person you have really talked to at least once (a call, meeting or video) whose
relationship has gone stale (freshness below ``stale_freshness``). People you never really talked
to are not reconnects. Value combines:

* **depth**: the relationship's strength before decay (``S / F``), which grows with every past
  conversation: a deep tie gone quiet outranks a one-off meeting gone quiet;
* **the prize**: for each target account, the strongest path into it that starts with this person,
  with their hop counted at full depth (what a catch-up call restores). The prize is the sum over
  accounts, so a stale connector on the way into a target account rises.

``value = depth + prize``. The call plan gives ``per_day`` calls to each weekday from ``start``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Iterable

__all__ = ["Candidate", "plan_days", "next_weekday", "write_ics", "MIN_PRIZE"]

MIN_PRIZE = 0.01   # a path that stays colder than this even after the call is no prize


@dataclass
class Candidate:
    owner_id: int
    person_id: int
    depth: float
    strength: float
    conversations: int
    last_conversation: date
    prize: float = 0.0
    prize_accounts: tuple = ()      # (account name, potential strength, is the best path into it)

    @property
    def value(self) -> float:
        return self.depth + self.prize


def next_weekday(day: date) -> date:
    """The first Monday–Friday after *day*.

    >>> next_weekday(date(2026, 11, 13))   # a Friday
    datetime.date(2026, 11, 16)
    """
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def plan_days(count: int, start: date, per_day: int) -> list[date]:
    """The call date of each of *count* calls: *per_day* on each weekday from *start* on.

    >>> [d.isoformat() for d in plan_days(5, date(2026, 11, 19), 2)]
    ['2026-11-19', '2026-11-19', '2026-11-20', '2026-11-20', '2026-11-23']
    """
    days, day = [], start
    while day.weekday() >= 5:
        day += timedelta(days=1)
    while len(days) < count:
        days.extend([day] * min(per_day, count - len(days)))
        day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
    return days


def local_zone():
    """The machine's time zone as an IANA zone when it can be told (TZ, /etc/localtime), else UTC."""
    import os
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = os.path.realpath("/etc/localtime")
            name = target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""
        except OSError:
            name = ""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def write_ics(path: Path, calls: Iterable[dict], zone=None, first_slot: time = time(9, 0),
              minutes: int = 30) -> int:
    """Write one 30-minute event per call (9:00, 9:30, … each day, local time) with ``icalendar``.

    Each call is ``{name, date, reason}``; returns the number of events written.
    """
    import hashlib

    from icalendar import Calendar, Event

    zone = zone or local_zone()
    cal = Calendar()
    cal.add("prodid", "-//refgraph//reconnect plan//EN")
    cal.add("version", "2.0")
    slot_of: dict[date, int] = {}
    count = 0
    for call in calls:
        day = date.fromisoformat(call["date"]) if isinstance(call["date"], str) else call["date"]
        slot = slot_of.get(day, 0)
        slot_of[day] = slot + 1
        start = datetime.combine(day, first_slot, tzinfo=zone) + timedelta(minutes=minutes * slot)
        event = Event()
        event.add("uid", hashlib.sha1(f"{call['name']}|{day}".encode()).hexdigest()[:16] + "@refgraph")
        event.add("dtstamp", datetime.combine(day, time(0, 0), tzinfo=zone))
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=minutes))
        event.add("summary", f"Reconnect: {call['name']}")
        event.add("description", call["reason"])
        cal.add_component(event)
        count += 1
    if hasattr(cal, "add_missing_timezones"):
        cal.add_missing_timezones()
    path = Path(path)
    try:
        path.write_bytes(cal.to_ical())
    except OSError as exc:
        from .errors import RefgraphError

        raise RefgraphError(f"{path}: cannot write the calendar file ({exc.strerror}) — pick a folder that "
                            "exists and that you can write to") from None
    return count


def path_params(params):
    """The model's parameters for reconnect's path search: keep even the faintest owner ties (a
    long-stale deep tie is exactly what this list is for)."""
    return replace(params, min_edge_strength=1e-9)
