"""The team's CRM call and meeting log (``interactions.csv``)."""
from __future__ import annotations

import random
from datetime import date, timedelta

from .world import (CHRIS_LITWARE, INTERACTIONS_HEADER, JIWOO, JORDAN, JOSE, LEE, MARIA, OWNER,
                    PRIYA, Person, ROWAN, TARGET_COMPANIES, TEAMMATE, TOM, ZOE, _World, _csv_text,
                    _rand_day)


_SUBJECTS = ["QBR prep", "Intro to data team", "Pipeline review", "Renewal terms",
             "Pricing follow-up", "Quarterly check-in", "Demo: forecasting module",
             "Security review", "Catch-up", "Reference call", "Expansion discussion",
             "Onboarding sync", "Contract redlines", "Budget planning", "Conference follow-up",
             "Data migration scope", "Exec sponsor intro", "POC results", "Roadmap preview"]
_EMAIL_SUBJECTS = ["Re: proposal", "Deck from today", "Follow-up: pricing", "Invoice question",
                   "Case study, as promised", "Re: next steps", "Agenda for Thursday"]
_CONV_CHANNELS = ["Phone", "zoom", "Teams", "video call", "in person", "Lunch", "coffee",
                  "Meeting", "call", "Call", "ZOOM", "meeting"]
_OFFSETS = ["-05:00", "-04:00", "-08:00", "-07:00", "+00:00", "+01:00", "+02:00"]


def _fmt_day(rng: random.Random, day: date, style: int | None = None) -> str:
    style = rng.randrange(4) if style is None else style
    if style == 0:
        return day.isoformat()
    if style == 1:   # the local time stays inside the same UTC day for every offset used
        return (f"{day.isoformat()}T{rng.randrange(9, 16):02d}:{rng.choice((0, 15, 30, 45)):02d}"
                f":00{rng.choice(_OFFSETS)}")
    if style == 2:
        return f"{day.month}/{day.day}/{day.year}"
    return f"{day.day} {day.strftime('%b')} {day.year}"


def _duration(rng: random.Random, channel: str) -> str:
    c = channel.lower()
    if c == "email":
        return ""
    if c in ("phone", "call"):
        return str(rng.choice((10, 15, 20, 25, 30, 45)))
    if rng.random() < 0.1:
        return ""
    return str(rng.choice((30, 45, 60, 60, 90)))


def _direction(rng: random.Random, channel: str) -> str:
    if channel.lower() in ("phone", "call", "email"):
        return rng.choice(("outbound", "outbound", "inbound"))
    return ""


def _interactions_csv(world: _World, seed: int) -> bytes:
    rng = random.Random(seed * 1009 + 6)
    rows: list[list[str]] = []

    def add(day, person: Person, channel, subject, owner: Person, *, ident="email",
            company=None, title=None, person_name=None, style=None, url=None, direction=None,
            duration=None):
        email = person.email if ident in ("email", "both") else ""
        link = url if url is not None else (person.url_raw if ident in ("url", "both") else "")
        rows.append([
            day if isinstance(day, str) else _fmt_day(rng, day, style),
            person_name or person.name, email, link,
            person.company if company is None else company,
            person.title if title is None else title, channel, subject,
            _direction(rng, channel) if direction is None else direction, owner.name,
            _duration(rng, channel) if duration is None else duration,
        ])

    # Maria Ortiz: nine conversations 2020-2024, the last on 2024-02-11; later emails are touches.
    maria = [
        (date(2020, 3, 10), "in person", "Intro: Northwind for FP&A", "email", 0),
        (date(2020, 9, 22), "call", "Follow-up on forecasting pilot", "both", 2),
        (date(2021, 2, 4), "zoom", "Pilot kickoff", "email", 3),
        (date(2021, 6, 17), "Lunch", "Catch-up", "url", 0),
        (date(2021, 11, 30), "Teams", "Budget season check-in", "email", 1),
        (date(2022, 5, 12), "Phone", "Renewal terms", "email", 2),
        (date(2022, 12, 7), "coffee", "Year-end catch-up", "name", 3),
        (date(2023, 7, 19), "video call", "QBR prep", "both", 0),
    ]
    maria_urls = {"url": "linkedin.com/in/maria-ortiz-4821/", "both":
                  "https://www.linkedin.com/in/Maria-Ortiz-4821?trk=profile"}
    for day, channel, subject, ident, style in maria:
        add(day, MARIA, channel, subject, OWNER, ident=ident, style=style, company="Contoso",
            url=maria_urls.get(ident))
    add("2024-02-11T15:30:00-05:00", MARIA, "Phone", "Planning FY24 priorities", OWNER,
        company="Contoso", direction="outbound", duration="40")
    add(date(2024, 12, 18), MARIA, "email", "Holiday note", OWNER, style=2, company="Contoso",
        direction="outbound")
    add(date(2025, 6, 3), MARIA, "Email", "Article on rolling forecasts", OWNER, style=3,
        company="Contoso", direction="outbound")

    # Priya Natarajan: weekly-ish calls and video through October 2026.
    day = date(2025, 1, 8)
    priya_days = []
    while day < date(2026, 10, 20):
        if rng.random() > 0.12:            # holidays, cancellations
            priya_days.append(day)
        day += timedelta(days=rng.choice((6, 7, 7, 7, 8, 9, 14)))
    priya_days.append(date(2026, 10, 28))
    for i, d in enumerate(priya_days):
        channel = rng.choice(("zoom", "Teams", "video call", "call", "Phone", "Meeting"))
        subject = "Renewal scope review" if d == priya_days[-1] else rng.choice(
            ("Weekly sync", "Pilot standup", "Weekly sync", "Data model review", "QBR prep",
             "Rollout planning", "Weekly sync"))
        add(d, PRIYA, channel, subject, OWNER, ident="both" if i % 5 == 0 else "email",
            company="Fabrikam", title="Head of Data")
    add(date(2026, 7, 14), PRIYA, "email", "+1 follow-up from QBR", OWNER, direction="outbound",
        company="Fabrikam")

    # Tom Becker: one meeting, then nothing.
    add(date(2025, 3, 3), TOM, "in person", "Intro to data team", OWNER, style=0, ident="email",
        duration="45")

    # Sam Rivera: internal meetings with Alex.
    day = date(2022, 1, 12)
    while day < date(2026, 10, 31):
        add(day, TEAMMATE, rng.choice(("Meeting", "Teams", "meeting", "Teams")),
            rng.choice(("Pipeline review", "Account planning", "1:1", "Deal review: Contoso")),
            OWNER, ident="email")
        day += timedelta(days=rng.choice((21, 28, 35, 42)))

    # Sam and Lee Park: strong, recent.
    for d in (date(2023, 5, 2), date(2023, 10, 17)):
        add(d, LEE, "email", "Re: capital budget planning", TEAMMATE, company="Contoso Ltd.")
    day = date(2025, 11, 11)
    while day < date(2026, 10, 31):
        add(day, LEE, rng.choice(("call", "Phone", "zoom", "Meeting", "Teams")),
            rng.choice(("Budget planning", "Proposal walkthrough", "Pricing follow-up",
                        "Security review", "Exec sponsor intro", "Contract redlines")),
            TEAMMATE, ident=rng.choice(("email", "both", "url")), company="Contoso Ltd.")
        day += timedelta(days=rng.choice((14, 18, 21, 24)))
    add(date(2026, 10, 27), LEE, "call", "Proposal walkthrough", TEAMMATE, ident="both",
        company="Contoso Ltd.", style=1)

    # Quirk people.
    add(date(2024, 3, 12), CHRIS_LITWARE, "call", "Reference call", OWNER, ident="name",
        company="Litware")
    add(date(2024, 9, 30), CHRIS_LITWARE, "zoom", "Roadmap preview", OWNER, ident="name",
        company="Litware")
    add(date(2025, 8, 19), ROWAN, "coffee", "=SUM(B2:B9) forecast review", OWNER,
        ident="email", company="=Formula Labs")
    for d in (date(2020, 2, 11), date(2021, 5, 4), date(2025, 4, 10)):
        add(d, JIWOO, "video call", "Health data roundtable prep" if d.year == 2025
            else "Catch-up", OWNER, person_name="Jiwoo Hwang", ident="email")
    add(date(2022, 3, 10), JOSE, "in person", "Partner kickoff", OWNER, person_name="Jose Alvarez",
        ident="name")
    add(date(2024, 8, 1), JORDAN, "coffee", "PLG notes", OWNER, person_name="Jordan Ellis",
        ident="url")

    # Filler: connections (not at target accounts) and people only the CRM knows.
    alex_fill = [p for p in world.alex_pool if p.company and p.company not in TARGET_COMPANIES]
    alex_fill = rng.sample(alex_fill, 48) + world.crm_only[:6]
    sam_pool = [p for p, _d in world.sam_connections
                if p.company and p.company not in TARGET_COMPANIES
                and p not in (OWNER, LEE, JIWOO, CHRIS_LITWARE, JOSE, ZOE)]
    sam_fill = rng.sample(sam_pool, 34) + world.crm_only[6:]
    for owner, fill in ((OWNER, alex_fill), (TEAMMATE, sam_fill)):
        for person in fill:          # at most five events each: Maria stays the deepest stale tie
            for _ in range(rng.choice((1, 1, 2, 2, 3, 4, 5))):
                d = _rand_day(rng, date(2019, 1, 7), date(2026, 10, 30))
                if rng.random() < 0.3:
                    channel, subject = rng.choice(("email", "Email")), rng.choice(_EMAIL_SUBJECTS)
                else:
                    channel, subject = rng.choice(_CONV_CHANNELS), rng.choice(_SUBJECTS)
                ident = rng.choice(("email", "both", "url", "name")
                                   if person not in world.crm_only else ("email", "email", "name"))
                add(d, person, channel, subject, owner, ident=ident)
    rng.shuffle(rows)
    text = _csv_text([INTERACTIONS_HEADER] + rows, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")
