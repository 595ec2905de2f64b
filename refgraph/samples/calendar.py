"""Alex's Google Calendar export: one folded, CRLF ``.ics`` in a stored zip."""
from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from .world import (DANA, LEE, MARIA, OWNER, PRIYA, Person, TARGET_COMPANIES, TEAMMATE, _World,
                    _fold, _rand_time, _utc)


_TZ = "America/New_York"
_NW = "northwind.example"
_ROOM_ALL_HANDS = ("c_188936d1b2f8a4c05e7d3b9f6a21c4e8@resource.calendar.google.com",
                   "SEA-12-Puget Sound (60) [Zoom]")
_ROOM_CONTOSO = ("c_1889e04a7c3b5d2f91a6e8b4c7d0f3a2@resource.calendar.google.com",
                 "Contoso HQ-3-Boardroom (12)")
_VTIMEZONE = [
    "BEGIN:VTIMEZONE", f"TZID:{_TZ}", f"X-LIC-LOCATION:{_TZ}",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400", "TZNAME:EDT",
    "DTSTART:19700308T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "TZNAME:EST",
    "DTSTART:19701101T020000", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "END:STANDARD",
    "END:VTIMEZONE",
]
# Colleagues only the calendar knows (the all-hands): names no other file uses.
_ALL_HANDS_EXTRA = (
    ("Eleanor", "Voss"), ("Renée", "Laurent"), ("Ada", "Okafor"), ("Marcus", "Bell"),
    ("Priyanka", "Rao"), ("Gideon", "Marsh"), ("Lucia", "Ferraro"), ("Tobias", "Kern"),
    ("Nadia", "Haddou"), ("Corey", "Lindgren"), ("Imani", "Brooks-Tate"), ("Felipe", "Araujo"),
    ("Greta", "Solberg"), ("Harold", "Nwosu"), ("Ivy", "Chandler"), ("Jasper", "Whitlock"),
    ("Keiko", "Mori"), ("Lars", "Petersen"), ("Mirela", "Popescu"), ("Nathan", "Oduya"),
    ("Orla", "Keane"), ("Pavel", "Sokolov"), ("Quinn", "Harlow"), ("Rhea", "Sandoval"),
    ("Soren", "Dahl"), ("Talia", "Mercer"),
)
_CAL_UNKNOWN = ("Irene", "Castellanos", "irene.castellanos@fabrikam.example")


def _ical_text(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _ical_stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class _Local:
    """A wall-clock time: in the calendar's zone (``TZID``), or floating (no zone at all)."""

    day: date
    hour: int
    minute: int = 0
    floating: bool = False

    @property
    def text(self) -> str:
        return f"{self.day:%Y%m%d}T{self.hour:02d}{self.minute:02d}00"


def _ical_when(name: str, value) -> str:
    """UTC ``datetime`` → ``Z``; ``_Local`` → ``TZID=`` or floating; ``date`` → ``VALUE=DATE``."""
    if isinstance(value, datetime):
        return f"{name}:{_ical_stamp(value)}"
    if isinstance(value, _Local):
        return f"{name}:{value.text}" if value.floating else f"{name};TZID={_TZ}:{value.text}"
    return f"{name};VALUE=DATE:{value.strftime('%Y%m%d')}"


def _attendee(email: str, cn: str | None = None, partstat: str = "ACCEPTED", *,
              role: str = "REQ-PARTICIPANT", cutype: str = "INDIVIDUAL") -> str:
    cn = cn or email
    if any(c in cn for c in ",;:"):
        cn = f'"{cn}"'
    return (f"ATTENDEE;CUTYPE={cutype};ROLE={role};PARTSTAT={partstat};CN={cn};"
            f"X-NUM-GUESTS=0:mailto:{email}")


def _google_uid(rng: random.Random) -> str:
    alphabet = "0123456789abcdefghijklmnopqrstuv"
    return "".join(rng.choice(alphabet) for _ in range(26)) + "@google.com"


def _meet(rng: random.Random) -> str:
    letters = "abcdefghijkmnopqrstuvwxyz"
    return ("https://meet.google.com/" + "".join(rng.choice(letters) for _ in range(3)) + "-"
            + "".join(rng.choice(letters) for _ in range(4)) + "-"
            + "".join(rng.choice(letters) for _ in range(3)))


_EXPORTED = datetime(2026, 11, 1, 9, 12, 34, tzinfo=timezone.utc)


def _vevent(rng: random.Random, *, uid: str, summary: str, start, end, organizer: tuple[str, str],
            attendees: list[str], created: datetime, rrule: str = "", exdates=(),
            recurrence_id=None, status: str = "CONFIRMED", location: str = "",
            description: str = "", sequence: int = 0, meet: str = "", alarm: bool = False,
            transp: str = "OPAQUE") -> list[str]:
    lines = ["BEGIN:VEVENT", _ical_when("DTSTART", start), _ical_when("DTEND", end)]
    if rrule:
        lines.append(f"RRULE:{rrule}")
    lines += [_ical_when("EXDATE", d) for d in exdates]
    org_name, org_email = organizer
    lines += [f"DTSTAMP:{_ical_stamp(_EXPORTED)}",
              f"ORGANIZER;CN={org_name}:mailto:{org_email}", f"UID:{uid}"]
    lines += attendees
    if recurrence_id is not None:
        lines.append(_ical_when("RECURRENCE-ID", recurrence_id))
    if meet:
        lines.append(f"X-GOOGLE-CONFERENCE:{meet}")
        description = (description + "\n\n" if description else "") + (
            "-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-\n"
            f"Join with Google Meet: {meet}\n\nLearn more about Meet at: "
            "https://support.google.com/a/users/answer/9282720\n\nPlease do not edit this "
            "section.\n-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-")
    modified = created + timedelta(minutes=rng.randrange(1, 60 * 24 * 5))
    lines += [f"CREATED:{_ical_stamp(created)}", f"DESCRIPTION:{_ical_text(description)}",
              f"LAST-MODIFIED:{_ical_stamp(modified)}", f"LOCATION:{_ical_text(location)}",
              f"SEQUENCE:{sequence}", f"STATUS:{status}", f"SUMMARY:{_ical_text(summary)}",
              f"TRANSP:{transp}"]
    if alarm:
        lines += ["BEGIN:VALARM", "ACTION:EMAIL", "DESCRIPTION:This is an event reminder",
                  "SUMMARY:Alarm notification", f"ATTENDEE:mailto:{OWNER.email}",
                  "TRIGGER:-P0DT0H30M0S", "END:VALARM",
                  "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:This is an event reminder",
                  "TRIGGER:-P0DT0H10M0S", "END:VALARM"]
    lines.append("END:VEVENT")
    return lines


def _crm_rows(interactions: bytes, owner: Person) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(interactions.decode("utf-8-sig"), newline=""))
    return [row for row in reader if row["owner"] == owner.name]


def _crm_day(text: str) -> date:
    """The four date styles ``_fmt_day`` writes."""
    if "-" in text[:5]:
        return date.fromisoformat(text[:10])
    if "/" in text:
        month, day, year = map(int, text.split("/"))
        return date(year, month, day)
    day, month, year = text.split()
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return date(int(year), months.index(month) + 1, int(day))


def _free_day(day: date, busy: set[date]) -> date:
    """*day*, or the next weekday the CRM log has nothing on (one meeting, never two rows)."""
    while day in busy or day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _nw_email(person: Person) -> str:
    return f"{person.first.strip().lower()}.{person.last.strip().lower()}@{_NW}"


def _alex_ics(world: _World, seed: int, interactions: bytes) -> bytes:
    rng = random.Random(seed * 1009 + 9)
    me = _attendee(OWNER.email)                      # Google writes the owner's CN as the address
    alex = (OWNER.email, OWNER.email)
    sam = _attendee(TEAMMATE.email, TEAMMATE.name)
    events: list[list[str]] = []

    def created_before(day: date, lo: int = 3, hi: int = 30) -> datetime:
        return _rand_time(rng, day - timedelta(days=rng.randrange(lo, hi)), 13, 23)

    # Weekly 1:1 with Sam (Mondays; his CRM rows are Wednesdays): Memorial Day 2025 skipped,
    # Labor Day 2025 moved to the Tuesday.
    uid = _google_uid(rng)
    events.append(_vevent(
        rng, uid=uid, summary="Alex / Sam pipeline review", start=_Local(date(2025, 1, 6), 10),
        end=_Local(date(2025, 1, 6), 10, 30), organizer=alex, attendees=[me, sam],
        created=_utc(date(2024, 12, 19), 17, 2, 44),
        rrule="FREQ=WEEKLY;BYDAY=MO;UNTIL=20261026T000000Z",
        exdates=[_Local(date(2025, 5, 26), 10)], description="Standing 1:1: pipeline, "
        "forecast, deals that need help."))
    events.append(_vevent(
        rng, uid=uid, summary="Alex / Sam pipeline review", start=_Local(date(2025, 9, 2), 10),
        end=_Local(date(2025, 9, 2), 10, 30), organizer=alex, attendees=[me, sam],
        recurrence_id=_Local(date(2025, 9, 1), 10), created=_utc(date(2024, 12, 19), 17, 2, 44),
        sequence=1, description="Moved: Labor Day."))

    # Monthly all-hands, first Thursday, no end; 4 July 2024 skipped. Big: never a conversation.
    colleagues = [p for p in world.alex_pool if p.company == "Northwind Analytics"]
    ceo = _ALL_HANDS_EXTRA[0]
    ceo_email = f"{ceo[0].lower()}.{ceo[1].lower()}@{_NW}"
    guests = [(f"{ceo[0]} {ceo[1]}", ceo_email), (OWNER.email, OWNER.email),
              (TEAMMATE.name, TEAMMATE.email)]
    guests += [(p.name, _nw_email(p)) for p in colleagues]
    for first, last in _ALL_HANDS_EXTRA[1:]:
        local = (first.lower().replace("é", "e") + "." + last.lower()).replace(" ", "")
        cn = f"{last}, {first}" if (first, last) == ("Ada", "Okafor") else f"{first} {last}"
        guests.append((cn, f"{local}@{_NW}"))
    rows = []
    for i, (cn, email) in enumerate(guests):
        partstat = "ACCEPTED" if i < 3 or i % 4 else rng.choice(
            ("NEEDS-ACTION", "TENTATIVE", "DECLINED"))
        role = "OPT-PARTICIPANT" if i > 3 and i % 9 == 0 else "REQ-PARTICIPANT"
        rows.append(_attendee(email, email if i % 7 == 3 else cn, partstat, role=role))
    rows.append(_attendee(_ROOM_ALL_HANDS[0], _ROOM_ALL_HANDS[1], cutype="ROOM"))
    events.append(_vevent(
        rng, uid=_google_uid(rng), summary="Northwind all-hands",
        start=_Local(date(2024, 1, 4), 12), end=_Local(date(2024, 1, 4), 13),
        organizer=(f"{ceo[0]} {ceo[1]}", ceo_email), attendees=rows,
        created=_utc(date(2023, 12, 11), 19, 30, 5), rrule="FREQ=MONTHLY;BYDAY=1TH",
        exdates=[_Local(date(2024, 7, 4), 12)], location=_ROOM_ALL_HANDS[1],
        description="Company update, wins of the month, Q&A.\nRecording shared afterwards."))

    # Maria and Lee together (2023): knows evidence between them; a Contoso room resource.
    events.append(_vevent(
        rng, uid=_google_uid(rng), summary="Contoso FP&A planning",
        start=_utc(date(2023, 4, 18), 17, 0), end=_utc(date(2023, 4, 18), 18, 0),
        organizer=(MARIA.name, MARIA.email),
        attendees=[_attendee(MARIA.email, MARIA.name), _attendee(LEE.email, LEE.name), me,
                   _attendee(_ROOM_CONTOSO[0], _ROOM_CONTOSO[1], cutype="RESOURCE")],
        created=_utc(date(2023, 4, 3), 16, 45, 12),
        location="Contoso HQ, 400 Harbor Way, Seattle",
        description="Agenda:\n1. FY24 planning calendar\n2. Driver-based forecast, pilot scope\n"
                    "3. Next steps; Lee to confirm budget owner"))

    # Maria asked to catch up (June 2025), then cancelled: still stale.
    events.append(_vevent(
        rng, uid=_google_uid(rng), summary="Catch-up: Maria / Alex",
        start=_utc(date(2025, 6, 24), 16, 0), end=_utc(date(2025, 6, 24), 16, 30),
        organizer=(MARIA.name, MARIA.email),
        attendees=[_attendee(MARIA.email, MARIA.name), _attendee(OWNER.email, OWNER.name,
                                                                 "NEEDS-ACTION")],
        created=_utc(date(2025, 6, 4), 15, 12, 9), status="CANCELLED", sequence=2))

    # Priya: Google Meet calls on days the CRM log has nothing for her.
    crm_rows = _crm_rows(interactions, OWNER)
    priya_busy = {_crm_day(r["date"]) for r in crm_rows if r["person"] == PRIYA.name}
    priya = _attendee(PRIYA.email, PRIYA.name)
    for day, summary, alarm in ((date(2026, 3, 5), "Fabrikam data model deep dive", False),
                                (date(2026, 6, 16), "Fabrikam renewal: pricing options", True)):
        day = _free_day(day, priya_busy)
        link = _meet(rng)
        events.append(_vevent(
            rng, uid=_google_uid(rng), summary=summary, start=_utc(day, 17, 0),
            end=_utc(day, 17, 45), organizer=alex, attendees=[me, priya],
            created=created_before(day), location=link, meet=link, alarm=alarm))
    link = _meet(rng)
    day = _free_day(date(2026, 10, 14), priya_busy)
    events.append(_vevent(
        rng, uid=_google_uid(rng), summary="Fabrikam renewal: legal questions",
        start=_utc(day, 18, 0), end=_utc(day, 18, 45), organizer=(PRIYA.name, PRIYA.email),
        attendees=[priya, _attendee(_CAL_UNKNOWN[2], f"{_CAL_UNKNOWN[0]} {_CAL_UNKNOWN[1]}"),
                   me], created=created_before(day), location=link, meet=link))

    # Dana declined the only meeting ever offered: she stays touches-only.
    events.append(_vevent(
        rng, uid=_google_uid(rng), summary="Forecasting handoff: finance to ops",
        start=_utc(date(2026, 10, 6), 19, 0), end=_utc(date(2026, 10, 6), 19, 30),
        organizer=alex, attendees=[me, _attendee(DANA.email, DANA.name, "DECLINED")],
        created=_utc(date(2026, 9, 23), 16, 5, 40), description="Following up on your "
        "question about the finance-to-ops handoff."))

    # All-day offsite with three colleagues (two days, exclusive DTEND).
    crm = {r["person"] for r in crm_rows}
    quiet = [p for p in colleagues if p.name not in crm]
    trio = (quiet + [p for p in colleagues if p not in quiet])[:3]
    events.append(_vevent(
        rng, uid=_google_uid(rng), summary="Offsite", start=date(2025, 9, 16),
        end=date(2025, 9, 18), organizer=(trio[0].name, _nw_email(trio[0])),
        attendees=[_attendee(_nw_email(p), p.name) for p in trio] + [me],
        created=_utc(date(2025, 8, 1), 20, 0, 1), location="Suncadia Lodge, Cle Elum",
        transp="TRANSPARENT"))

    # The future: Sam introduces Alex to Lee after the demo's as-of date.
    link = _meet(rng)
    events.append(_vevent(
        rng, uid=_google_uid(rng), summary="Contoso intro", start=_utc(date(2026, 12, 3), 16, 0),
        end=_utc(date(2026, 12, 3), 16, 45), organizer=(TEAMMATE.name, TEAMMATE.email),
        attendees=[sam, _attendee(LEE.email, LEE.name), _attendee(OWNER.email, OWNER.name,
                                                                  "TENTATIVE")],
        created=_utc(date(2026, 10, 29), 18, 20, 0), location=link, meet=link,
        description="Lee, meet Alex: she ran the Contoso FP&A pilot with Maria."))

    # Small meetings with connections the CRM never mentions (by their emails).
    pool = [p for p in world.alex_pool
            if p.company and p.company not in TARGET_COMPANIES
            and p.company != "Northwind Analytics" and p.name not in crm]
    picks = rng.sample(pool, 10)
    groups = (picks[0:4], picks[4:7], picks[7:10])
    plans = (("Customer advisory board: forecasting", date(2024, 5, 14), "utc"),
             ("Data Summit panel prep", date(2025, 2, 20), "utc"),
             ("Reference customers roundtable", date(2026, 4, 22), "floating"))
    for (summary, day, kind), group in zip(plans, groups, strict=True):
        rows = [me]
        for j, p in enumerate(group):
            rows.append(_attendee(p.email, p.email if j == 1 else p.name,
                                  "TENTATIVE" if j == 2 else "ACCEPTED"))
        if kind == "utc":
            start, end = _utc(day, 18, 0), _utc(day, 19, 0)
        else:                      # no TZID, no Z: local to X-WR-TIMEZONE
            start, end = _Local(day, 14, floating=True), _Local(day, 15, floating=True)
        events.append(_vevent(rng, uid=_google_uid(rng), summary=summary, start=start, end=end,
                              organizer=alex, attendees=rows, created=created_before(day)))

    order = list(range(len(events)))
    rng.shuffle(order)
    lines = ["BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
             "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{OWNER.email}", f"X-WR-TIMEZONE:{_TZ}", *_VTIMEZONE]
    for i in order:
        lines += events[i]
    lines.append("END:VCALENDAR")
    return b"".join(_fold(line) for line in lines)
