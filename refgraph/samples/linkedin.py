"""LinkedIn exports: Alex's current-format zip and Sam's extracted, older-format folder."""
from __future__ import annotations

import csv
import random
from datetime import date, datetime, timedelta
from urllib.parse import quote

from .world import (CHRIS_TAILSPIN, CONNECTIONS_NOTE, DANA, FELIX, JIWOO, JORDAN, JOSE, LEE, MARIA,
                    MESSAGES_HEADER_2021, MESSAGES_HEADER_2024, NOOR, OWNER, PRIYA, PROFILE_HEADER,
                    Person, ROWAN, TARGET_COMPANIES, TEAMMATE, TOM, UMIT, ZOE, _World,
                    _connected_on, _conv_id, _csv_text, _msg_date, _rand_day, _rand_time,
                    _stored_zip, _us_padded, _us_short, _utc)


def _profile_csv(person: Person, headline: str, summary: str, geo: str) -> str:
    row = [person.first, person.last, "", "", "", headline, summary, "Software Development", "",
           geo, "", "", ""]
    return _csv_text([PROFILE_HEADER, row])


def _alex_connections(world: _World) -> str:
    rows = [["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
             "Connected On"]]
    for p, day in world.alex_connections:
        if p is None:
            rows.append(["", "", "", "", "", "", _connected_on(day)])
            continue
        url = p.url + ("/" if p.slash else "")
        rows.append([p.first, p.last, url, p.email if p.shows_email else "", p.company, p.title,
                     _connected_on(day)])
    body = _csv_text(rows).rstrip("\n")          # no final newline
    return "Notes:\n" + CONNECTIONS_NOTE + "\n\n" + body


def _positions_csv() -> str:
    rows = [["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
            ["Northwind Analytics", "Account Executive",
             "Mid-market accounts in finance and operations analytics.\nPresident's Club 2023.",
             "Seattle, Washington, United States", "Jun 2021", ""],
            ["Northwind Analytics", "Sales Development Representative", "",
             "Seattle, Washington, United States", "Mar 2019", "Jun 2021"],
            ["Fourth Coffee", "Sales Associate, Wholesale", "", "Portland, Oregon", "2016",
             "Feb 2019"]]
    return _csv_text(rows)


class _Thread:
    """Rows of one conversation, written newest first like the real export."""

    def __init__(self, rng: random.Random, members: list[Person], title: str = "",
                 folder: str = "INBOX"):
        self.rng = rng
        self.id = _conv_id(rng)
        self.members = members
        self.title = title
        self.folder = folder
        self.rows: list[tuple[datetime, list[str]]] = []

    def say(self, sender: Person, moment: datetime, content: str, *, subject: str = "",
            folder: str | None = None, draft: bool = False, recipient_urls: bool = True):
        others = [m for m in self.members if m is not sender]
        row = [self.id, self.title, sender.name, sender.url_raw, ", ".join(m.name for m in others),
               ",".join(m.url_raw for m in others), _msg_date(moment), subject, content,
               self.folder if folder is None else folder, "Yes" if draft else "No"]
        self.rows.append((moment, row))

    def exchange(self, start: datetime, lines: list[tuple[Person, str]]) -> datetime:
        moment = start
        for sender, content in lines:
            self.say(sender, moment, content)
            moment += timedelta(hours=self.rng.randrange(1, 60), minutes=self.rng.randrange(60))
        return moment


_PROSPECT_OUT = [
    "Hi {first},\n\nI noticed {company} is growing its finance team. We help teams like yours "
    "close the books faster, with forecasts that update themselves.\n\nWould a 20-minute call "
    "next week make sense?\n\nBest,\nAlex",
    "Thanks for connecting, {first}! If it's ever useful, happy to share how other teams handle "
    "rolling forecasts, no strings attached.",
    "Hi {first}, great meeting you at the Data Summit. Here's the deck I mentioned: "
    "northwind.example/deck",
    "{first}, quick one: who owns planning and reporting tools at {company}? Happy to be pointed "
    "in the right direction.",
]
_PROSPECT_REPLY = [
    "Thanks Alex, not a priority this quarter, but check back in Q3.",
    "Sure, Tuesday at 10 works. Send an invite?",
    "Appreciate it. Looping in our ops lead, who owns this.",
    "Thanks! Saved the deck, will share with the team.",
    "Hi Alex, that would be our Controller. I'll make an intro.",
]
_INBOUND = [
    "Hi Alex,\n\nI'm hiring for a Senior AE role at {company}: remote-friendly, strong OTE, "
    "great team. Open to a chat?",
    "Hey Alex, congrats on the new role! Let's catch up soon.",
    "Alex, quick question: do you integrate with Dynamics, or only Salesforce?",
    "Hi Alex, saw your post about pipeline hygiene, couldn't agree more. Mind if I share it "
    "with my team?",
    "Hello Alex,\nWe're putting together a panel on data-driven selling in Seattle, 14th of next "
    "month. Interested in speaking?",
]
_INBOUND_REPLY = [
    "Thanks, {first}! Happy where I am, but glad to stay in touch.",
    "Good question: both, plus a CSV import. I'll send details.",
    "Of course, go ahead!",
    "I'd love to. Send me the details, please.",
    "Thank you! Let's find a time next month.",
]
_DANA_LINES = [
    (DANA, "Alex, we're hosting an ops leaders dinner in Seattle on the 12th. Would love to have "
           "you there, no pitch, promise."),
    (OWNER, "Thank you, Dana! I'll be there."),
    (DANA, "Saw this piece on supply chain forecasting and thought of you: "
           "fabrikam.example/blog/forecasting"),
    (OWNER, "Great read, thanks. The point about lead times, exactly what we see."),
    (DANA, "Happy new year, Alex! Hope 2024 treats you well."),
    (OWNER, "Same to you, Dana. Say hi to the Fabrikam ops team."),
    (DANA, "Thanks for the endorsement! Returned the favor."),
    (DANA, "Are you going to the Operations Summit this year? We have a booth, come by."),
    (OWNER, "Yes! I'll swing by on Thursday, around 2."),
    (DANA, "Loved your comment on Priya's post, by the way.\nWe should compare notes sometime."),
    (OWNER, "Anytime, Dana. Let me know what works."),
    (DANA, "Congrats on President's Club!"),
    (OWNER, "Thank you so much!"),
]


def _alex_messages(world: _World, seed: int) -> str:
    rng = random.Random(seed * 1009 + 2)
    threads: list[_Thread] = []

    def thread(members, title="", folder="INBOX"):
        t = _Thread(rng, [OWNER, *members], title, folder)
        threads.append(t)
        return t

    # Dana Whitfield: many messages, never a call.
    dana_starts = [date(2021, 10, 25), date(2022, 11, 8), date(2023, 12, 30), date(2024, 6, 3),
                   date(2025, 5, 20), date(2026, 4, 14)]
    chunks = [_DANA_LINES[0:2], _DANA_LINES[2:4], _DANA_LINES[4:7], _DANA_LINES[7:9],
              _DANA_LINES[9:11], _DANA_LINES[11:13]]
    for day, chunk in zip(dana_starts, chunks, strict=True):
        thread([DANA], folder="ARCHIVE" if day.year < 2024 else "INBOX").exchange(
            _rand_time(rng, day), chunk)
    t = thread([DANA])
    t.exchange(_rand_time(rng, date(2026, 9, 22)), [
        (DANA, "Alex, we're rolling out a new planning process across ops. Curious how other COOs "
               "handle the handoff from finance, any pointers?"),
        (OWNER, "Happy to share what I've seen, Dana.\nThree patterns come up again and again: "
                "one owner per forecast, weekly refresh, and a single source of truth."),
        (DANA, "Super helpful, thank you!"),
        (OWNER, "Anytime."),
    ])

    # Maria Ortiz: a scheduling thread while the relationship was alive, then touches only.
    thread([MARIA], folder="ARCHIVE").exchange(_utc(date(2022, 5, 9), 16, 2, 11), [
        (OWNER, "Hi Maria, could we move Thursday's renewal call to 3pm? Something came up."),
        (MARIA, "3pm works. Talk then."),
        (OWNER, "Thanks, Maria!"),
    ])
    thread([MARIA]).exchange(_utc(date(2025, 6, 2), 17, 40, 2), [
        (OWNER, "Maria, congratulations on the Contoso finance transformation award! Well "
                "deserved."),
        (MARIA, "Thank you, Alex! It's been a busy year, we should catch up sometime."),
    ])

    # Priya Natarajan: scheduling around the weekly calls.
    thread([PRIYA]).exchange(_utc(date(2025, 1, 6), 18, 12, 40), [
        (PRIYA, "Hi Alex, thanks for the intro call. Can we make this a weekly slot while we "
                "scope the pilot?"),
        (OWNER, "Absolutely. Wednesdays, 10am Pacific?"),
        (PRIYA, "Perfect."),
    ])
    thread([PRIYA]).exchange(_utc(date(2026, 10, 26), 20, 3, 9), [
        (OWNER, "Priya, attaching the renewal scope, as discussed: seats, SSO, and the data "
                "residency addendum."),
        (PRIYA, "Got it, reviewing with legal this week."),
        (OWNER, "Thanks! Talk Wednesday."),
    ])

    # Tom Becker: one follow-up after the one meeting, never answered.
    thread([TOM]).exchange(_utc(date(2025, 3, 4), 16, 30, 0), [
        (OWNER, "Tom, thanks for the time yesterday. As promised, the security overview: "
                "northwind.example/security. Happy to set up a deeper dive with your team."),
    ])

    # Sam Rivera: internal chatter.
    thread([TEAMMATE]).exchange(_utc(date(2023, 3, 14), 17, 0, 0), [
        (TEAMMATE, "Do you know anyone at Contoso besides Maria? I'm chasing their CFO."),
        (OWNER, "Lee Park, we're connected but I've never spoken with him. Maria knows him "
                "well."),
        (TEAMMATE, "Good to know, thanks!"),
    ])
    thread([TEAMMATE]).exchange(_utc(date(2025, 12, 15), 19, 45, 0), [
        (TEAMMATE, "Lee Park just agreed to a second call, looks like Contoso is back in play."),
        (OWNER, "Nice work! Let me know if you need a finance reference."),
    ])
    thread([TEAMMATE]).exchange(_utc(date(2026, 10, 20), 15, 10, 0), [
        (OWNER, "Pipeline review moved to Friday, same time."),
        (TEAMMATE, "👍"),
    ])

    # Group chat: names with commas in TO, comma-separated RECIPIENT PROFILE URLS.
    thread([JIWOO, ZOE, PRIYA], title="Health data roundtable").exchange(
        _utc(date(2025, 4, 8), 14, 20, 0), [
            (OWNER, "Hi all, putting the three of you together ahead of the roundtable: Jiwoo "
                    "(population health), Zoë (analytics, EMEA), Priya (data, Fabrikam)."),
            (JIWOO, "Thanks, Alex! Looking forward to it."),
            (ZOE, "Hallo everyone, happy to share our benchmarks, with the usual caveats."),
            (PRIYA, "Great to meet you both. Shall we do a prep call Thursday?"),
            (JIWOO, "Thursday works for me, 9am ET."),
            (OWNER, "Perfect, I'll send the invite."),
        ])

    # Quirky names.
    thread([UMIT]).exchange(_utc(date(2022, 2, 4), 9, 15, 0), [
        (UMIT, "Merhaba Alex, thanks for connecting! We're evaluating forecasting tools for our "
               "import desk."),
        (OWNER, "Hi Ümit, happy to help. What's your timeline?"),
        (UMIT, "Q2, probably. I'll reach out then."),
    ])
    thread([CHRIS_TAILSPIN]).exchange(_utc(date(2023, 11, 20), 21, 5, 0), [
        (CHRIS_TAILSPIN, "Hey Alex, does Northwind have a Snowflake connector? Asking for our "
                         "data team."),
        (OWNER, "Hi Chris, yes: native, read-only, and it supports key-pair auth."),
        (CHRIS_TAILSPIN, "Great, thanks!"),
    ])
    thread([JORDAN]).exchange(_utc(date(2024, 7, 23), 18, 0, 0), [
        (JORDAN, "Alex! Great panel yesterday. Would love to swap notes on PLG for data tools."),
        (OWNER, "Thanks, Jordan! Coffee next week?"),
    ])
    thread([JOSE]).exchange(_utc(date(2022, 3, 1), 16, 0, 0), [
        (JOSE, "Hola Alex, ¿cómo estás? Are you coming to the partner kickoff in Austin?"),
        (OWNER, "Hi José! Yes, see you there."),
    ])
    thread([ROWAN]).exchange(_utc(date(2025, 8, 13), 17, 30, 0), [
        (ROWAN, "Hi Alex, building spreadsheet tooling at Formula Labs. Any interest in a "
                "partnership?"),
        (OWNER, "Hi Rowan, maybe! Send me a one-pager."),
    ])

    # Invitation notes that also appear as messages (same text, same people, same day).
    for sender, recipient, when, note, _direction, _accepted in world.invitations:
        if note and {sender.slug, recipient.slug} & {NOOR.slug, FELIX.slug}:
            other = recipient if sender is OWNER else sender
            t = thread([other])
            t.say(sender, when + timedelta(seconds=rng.randrange(5, 50)), note)

    # Filler: ordinary 1:1 threads with connections.
    candidates = [p for p in world.alex_pool if p.company not in TARGET_COMPANIES]
    total = sum(len(t.rows) for t in threads)
    while total < 286:
        other = rng.choice(candidates)
        start = _rand_time(rng, _rand_day(rng, date(2019, 1, 7), date(2026, 10, 30)))
        t = thread([other], folder="ARCHIVE" if start.year < 2023 and rng.random() < 0.5
                   else "INBOX")
        fmt = {"first": other.first.strip(), "company": other.company or "your company"}
        if rng.random() < 0.5:
            lines = [(OWNER, rng.choice(_PROSPECT_OUT)), (other, rng.choice(_PROSPECT_REPLY))]
        else:
            lines = [(other, rng.choice(_INBOUND)), (OWNER, rng.choice(_INBOUND_REPLY))]
        lines = lines[:rng.choice((1, 2, 2, 2))]
        if len(lines) == 2 and rng.random() < 0.3:
            lines.append((lines[0][0], "Thanks!"))
        t.exchange(start, [(s, c.format(**fmt)) for s, c in lines])
        total += len(lines)

    # Rows importers must skip.
    spam1 = Person("Brandon", "Vale", "brandon-vale-leads", "", "")
    spam2 = Person("Crystal", "Moon", "crystal-moon-7", "", "")
    thread([spam1], folder="SPAM").say(
        spam1, _utc(date(2026, 2, 17), 3, 14, 15),
        "Hi Alex!! Guaranteed 10x qualified leads in 30 days, or your money back. Reply YES.")
    thread([spam2], folder="SPAM").say(
        spam2, _utc(date(2025, 11, 29), 4, 0, 1),
        "Dear friend, I have an investment opportunity, limited slots, act now.")
    sponsor = Person("Relecloud", "Events", "relecloud-events", "", "")
    thread([sponsor], title="Sponsored Conversation").say(
        sponsor, _utc(date(2026, 5, 5), 12, 0, 0),
        "<p>Hi %FIRSTNAME%,</p><p>Join us at <strong>Relecloud Summit 2026</strong>, "
        "three days of cloud and data talks.</p><p><a href=\"https://relecloud.example/summit\">"
        "Register now</a></p>", subject="You're invited: Relecloud Summit 2026")
    member = Person("LinkedIn", "Member", None, "", "")
    thread([member]).say(member, _utc(date(2024, 1, 9), 22, 10, 0),
                         "Hi Alex, I'd like to ask you a question about your product.")
    t = _Thread(rng, [OWNER, rng.choice(candidates)])
    t.id = ""
    t.say(OWNER, _utc(date(2026, 10, 30), 23, 1, 0),
          "Hi, following up on my last note, any thoughts?", folder="", draft=True)
    threads.append(t)
    t = thread([PRIYA])
    t.say(OWNER, _utc(date(2026, 10, 31), 6, 45, 0),
          "Priya, one more thing on the renewal: ", folder="", draft=True)

    ordered = sorted(threads, key=lambda th: max(m for m, _ in th.rows), reverse=True)
    rows = [MESSAGES_HEADER_2024]
    for th in ordered:
        rows += [row for _m, row in sorted(th.rows, key=lambda mr: mr[0], reverse=True)]
    rows.insert(len(rows) // 2, [""] * len(MESSAGES_HEADER_2024))   # a fully empty row
    return _csv_text(rows)


def _coach_messages(seed: int) -> str:
    rng = random.Random(seed * 1009 + 3)
    cid = _conv_id(rng)
    rows = [MESSAGES_HEADER_2024,
            [cid, "Coach", OWNER.name, OWNER.url_raw, "LinkedIn Coach", "",
             "2026-03-02 17:04:11 UTC", "", "How do I write a better cold message?", "INBOX",
             "No"],
            [cid, "Coach", "LinkedIn Coach", "", OWNER.name, OWNER.url_raw,
             "2026-03-02 17:04:15 UTC", "",
             "Here are three tips:\n1. Lead with their problem.\n2. Keep it short.\n"
             "3. End with one clear question.", "INBOX", "No"]]
    return _csv_text(rows)


def _invitations_csv(world: _World) -> str:
    rows = [["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl",
             "inviteeProfileUrl"]]
    for sender, recipient, when, note, direction, _accepted in world.invitations:
        local = when - timedelta(hours=7)       # written in the owner's local time, no zone
        rows.append([sender.name, recipient.name, _us_short(local), note, direction, sender.url,
                     recipient.url])
    return _csv_text(rows)


def _recommendations(received: bool) -> str:
    header = ["First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date", "Status"]
    if received:
        rows = [
            (PRIYA, "Head of Data", _utc(date(2026, 6, 18), 22, 41),
             "Alex ran the best evaluation process I've been part of.\n\nShe listened first, "
             "brought the right engineers in, and never oversold. Our pilot went live on time."),
            (TEAMMATE, "Account Executive", _utc(date(2023, 1, 27), 17, 5),
             "Alex is the teammate everyone wants: generous with her network, rigorous about "
             "pipeline, and calm in the last week of the quarter."),
            (MARIA, "Director, FP&A", _utc(date(2021, 8, 30), 15, 12),
             "I worked with Alex through our forecasting pilot and the first renewal.\n"
             "She understood finance workflows better than most finance people."),
        ]
    else:
        rows = [
            (JIWOO, "Director, Population Health", _utc(date(2024, 4, 15), 21, 25),
             "Jiwoo is a rare mix: an epidemiologist who speaks fluent SQL.\n"
             "Her team's dashboards changed how our customers plan."),
            (TEAMMATE, "Account Executive", _utc(date(2023, 1, 28), 9, 2),
             "Sam closes with integrity. Customers call him back years later."),
            (JOSE, "Regional Sales Manager", _utc(date(2022, 7, 11), 19, 48),
             "José built our Latin America partner channel from scratch, and made it look easy."),
        ]
    out = [header]
    for p, title, when, text in rows:
        out.append([p.first, p.last, p.company, title, text, _us_padded(when), "VISIBLE"])
    return _csv_text(out)


def _endorsements(world: _World, seed: int) -> str:
    rng = random.Random(seed * 1009 + 4)
    skills = ["Sales", "Solution Selling", "SaaS", "Account Management", "Negotiation",
              "Data Analytics", "CRM", "Business Development", "Financial Planning",
              "Cross-functional Team Leadership"]
    fixed = [
        (DANA, "Solution Selling", date(2022, 3, 2)), (DANA, "Negotiation", date(2023, 6, 14)),
        (DANA, "Account Management", date(2024, 12, 7)), (DANA, "SaaS", date(2026, 2, 10)),
        (MARIA, "Financial Planning", date(2021, 9, 1)), (MARIA, "Sales", date(2022, 6, 20)),
        (PRIYA, "Data Analytics", date(2026, 3, 4)), (TEAMMATE, "CRM", date(2021, 7, 8)),
        (TEAMMATE, "Sales", date(2024, 2, 2)), (JIWOO, "Data Analytics", date(2020, 4, 16)),
        (JORDAN, "Business Development", date(2024, 9, 9)),
    ]
    pool = [p for p in world.alex_pool if p.company and p.company not in TARGET_COMPANIES]
    entries = [(p, s, d) for p, s, d in fixed]
    for _ in range(10):
        entries.append((rng.choice(pool), rng.choice(skills),
                        _rand_day(rng, date(2018, 1, 1), date(2026, 10, 25))))
    entries.sort(key=lambda e: e[2], reverse=True)
    rows = [["Endorsement Date", "Skill Name", "Endorser First Name", "Endorser Last Name",
             "Endorser Public Url", "Endorsement Status"]]
    for i, (p, skill, day) in enumerate(entries):
        moment = _rand_time(rng, day, 0, 24)
        url = "www.linkedin.com/in/" + quote(p.slug, safe="-_") + ("/" if i == 5 else "")
        rows.append([moment.strftime("%Y/%m/%d %H:%M:%S UTC"), skill, p.first, p.last, url,
                     "ACCEPTED"])
    return _csv_text(rows)


def _alex_zip(world: _World, seed: int) -> bytes:
    files = [
        ("Connections.csv", _alex_connections(world)),
        ("Endorsement_Received_Info.csv", _endorsements(world, seed)),
        ("Invitations.csv", _invitations_csv(world)),
        ("Positions.csv", _positions_csv()),
        ("Profile.csv", _profile_csv(
            OWNER, "Account Executive at Northwind Analytics | Forecasting for finance teams",
            "I help finance and operations leaders trust their numbers.\n\n"
            "Ten years selling to CFOs, controllers and data teams, mostly in the Pacific "
            "Northwest.", "Seattle, Washington, United States")),
        ("Recommendations_Given.csv", _recommendations(received=False)),
        ("Recommendations_Received.csv", _recommendations(received=True)),
        ("coach_messages.csv", _coach_messages(seed)),
        ("messages.csv", _alex_messages(world, seed)),
    ]
    return _stored_zip([(name, text.encode("utf-8")) for name, text in files])


# --- Sam's extracted folder ----------------------------------------------------------------------

def _sam_connections(world: _World) -> str:
    rows = [["First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"]]
    for p, day in world.sam_connections:
        rows.append([p.first, p.last, p.email if p.shows_email else "", p.company, p.title,
                     _connected_on(day)])
    return "Notes:\n" + CONNECTIONS_NOTE + "\n\n" + _csv_text(rows)


def _sam_messages(world: _World, seed: int) -> bytes:
    rng = random.Random(seed * 1009 + 5)
    out: list[tuple[datetime, str, list[str]]] = []

    def thread(other: Person, start: datetime, lines, folder="INBOX"):
        cid = _conv_id(rng)
        moment = start
        for sender, content in lines:
            recipient = other if sender is TEAMMATE else TEAMMATE
            out.append((moment, cid, [cid, "", sender.name, sender.url_raw, recipient.name,
                                      _msg_date(moment), "", content, folder]))
            moment += timedelta(hours=rng.randrange(1, 40), minutes=rng.randrange(60))

    thread(LEE, _utc(date(2023, 4, 13), 16, 20, 0), [
        (TEAMMATE, "Hi Lee, thanks for connecting. I'd love 20 minutes on how Contoso plans "
                   "its capital budget."),
        (LEE, "Hi Sam, not this quarter. Try me in the autumn."),
    ], folder="ARCHIVE")
    thread(LEE, _utc(date(2025, 11, 3), 17, 5, 0), [
        (TEAMMATE, "Lee, autumn is here: still open to that conversation?"),
        (LEE, "Yes. Let's do a call next week, Tuesday 9am."),
        (TEAMMATE, "Sent an invite. Talk then!"),
        (LEE, "Got it."),
    ])
    thread(LEE, _utc(date(2026, 9, 29), 15, 0, 0), [
        (LEE, "Sam,\nthe board approved the budget line. Can you send the updated proposal, "
              "with the three-year pricing?\n\nThanks,\nLee"),
        (TEAMMATE, "Great news! Sending it today."),
        (LEE, "Thanks. Loop in Maria Ortiz from my team, she'll run the rollout."),
        (TEAMMATE, "Will do."),
        (LEE, "One more thing: our procurement needs the security questionnaire, too."),
        (TEAMMATE, "Attached in the proposal email, section 4."),
    ])
    thread(OWNER, _utc(date(2021, 6, 22), 18, 0, 0), [
        (OWNER, "Welcome to Northwind, Sam! Shout if you need anything."),
        (TEAMMATE, "Thanks Alex, really appreciate it."),
    ], folder="ARCHIVE")
    thread(OWNER, _utc(date(2024, 8, 19), 20, 10, 0), [
        (TEAMMATE, "Alex, do you have a good case study for healthcare? Jiwoo Hwang asked."),
        (OWNER, "Yes, the Lamna one. Sending it now."),
        (TEAMMATE, "You're the best."),
    ])
    thread(OWNER, _utc(date(2026, 10, 21), 16, 30, 0), [
        (TEAMMATE, "Lee Park asked about Maria's team. You know her well, right?"),
        (OWNER, "We used to talk a lot. It's been a while, though."),
        (TEAMMATE, "Might be worth a catch-up call before the rollout."),
    ])
    thread(JIWOO, _utc(date(2024, 8, 20), 13, 0, 0), [
        (TEAMMATE, "Hi Jiwoo, here's the Lamna case study Alex mentioned."),
        (JIWOO, "Thank you, Sam! Very helpful."),
    ])
    others = [p for p, _d in world.sam_connections
              if p.company not in TARGET_COMPANIES and p not in (OWNER, LEE, JIWOO)]
    while len(out) < 56:
        other = rng.choice(others)
        start = _rand_time(rng, _rand_day(rng, date(2021, 7, 1), date(2026, 10, 26)))
        fmt = {"first": other.first.strip(), "company": other.company or "your company"}
        if rng.random() < 0.5:
            lines = [(TEAMMATE, "Hi {first}, thanks for connecting! Let me know if planning "
                                "tools are ever on your radar at {company}."),
                     (other, rng.choice(_PROSPECT_REPLY).replace("Alex", "Sam"))]
        else:
            lines = [(other, rng.choice(_INBOUND).replace("Alex", "Sam")),
                     (TEAMMATE, rng.choice(_INBOUND_REPLY))]
        thread(other, start, [(s, c.format(**fmt)) for s, c in lines[:rng.choice((1, 2, 2))]])
    spam = Person("Growth", "Hacker", "growth-hacker-4u", "", "")
    thread(spam, _utc(date(2025, 2, 2), 2, 2, 2), [
        (spam, "Sam!! 500 warm leads for $99, reply now.")], folder="SPAM")
    member = Person("LinkedIn", "Member", None, "", "")
    thread(member, _utc(date(2022, 12, 12), 12, 12, 12), [
        (member, "Hi Sam, quick question about Northwind pricing.")])

    order = {}
    for moment, cid, _row in out:
        order[cid] = max(order.get(cid, moment), moment)
    out.sort(key=lambda e: (order[e[1]], e[0]), reverse=True)
    text = _csv_text([MESSAGES_HEADER_2021] + [row for _m, _c, row in out],
                     lineterminator="\r\n", delimiter="\t", quoting=csv.QUOTE_ALL)
    return b"\xff\xfe" + text.encode("utf-16-le")
