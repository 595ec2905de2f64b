"""Deterministic sample data: a fictional seller, her teammate, and the files their tools export.

``generate(out_dir)`` writes the files behind ``refgraph demo`` and the importer tests:

* ``Complete_LinkedInDataExport_11-01-2026.zip``: Alex Morgan's current-format LinkedIn export.
* ``Basic_LinkedInDataExport_10-28-2026 (1)/Basic_LinkedInDataExport_10-28-2026/``: Sam Rivera's
  extracted, older-format export (``Messages.csv`` is UTF-16LE, tab-separated, all fields quoted).
* ``interactions.csv``: the team's CRM call and meeting log in the canonical columns.
* ``knows.csv`` and ``accounts.csv``: the explicit evidence and target accounts of the story.
* ``alex.morgan@northwind.example.ical.zip``: Alex's Google Calendar export (one folded, CRLF
  ``.ics``: a weekly 1:1 with Sam, a monthly all-hands, story meetings, a future meeting).
* ``contacts.csv`` (Alex's Google Contacts CSV) and ``sam-contacts.vcf`` (Sam's vCard 3.0 cards):
  the emails that join calendar and CRM addresses to LinkedIn people.

Every byte depends only on *seed*: no clock, no locale, no hash order. Zip entries are stored
(not deflated) with a fixed timestamp, so the archive does not change with the zlib build.
The story (who is stale, who is fresh) does not depend on the seed; only the filler does.
All names, companies and addresses are fictional (``.example`` domains).

Regenerate the committed copy with ``python -m refgraph.samples data/samples``.
"""
from __future__ import annotations

import base64
import csv
import io
import random
import sys
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

__all__ = ["generate", "AS_OF", "EXPORT_DATE", "OWNER", "TEAMMATE", "STORY", "Person",
           "CALENDAR_ZIP", "CALENDAR_ICS"]

AS_OF = date(2026, 11, 15)            # the demo's "today"
EXPORT_DATE = date(2026, 11, 1)       # Alex's export
SAM_EXPORT_DATE = date(2026, 10, 28)  # Sam's export

ALEX_ZIP = "Complete_LinkedInDataExport_11-01-2026.zip"
SAM_DIR = "Basic_LinkedInDataExport_10-28-2026 (1)/Basic_LinkedInDataExport_10-28-2026"
CALENDAR_ICS = "alex.morgan@northwind.example.ics"
CALENDAR_ZIP = CALENDAR_ICS.removesuffix(".ics") + ".ical.zip"

_ZIP_TIME = (2026, 11, 1, 9, 12, 34)
_LI = "https://www.linkedin.com/in/"

CONNECTIONS_NOTE = (
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their connections "
    "to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"'
)

PROFILE_HEADER = ["First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline",
                  "Summary", "Industry", "Zip Code", "Geo Location", "Twitter Handles", "Websites",
                  "Instant Messengers"]
MESSAGES_HEADER_2024 = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
                        "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER",
                        "IS MESSAGE DRAFT"]
MESSAGES_HEADER_2021 = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
                        "DATE", "SUBJECT", "CONTENT", "FOLDER"]
INTERACTIONS_HEADER = ["date", "person", "email", "linkedin_url", "company", "title", "channel",
                       "subject", "direction", "owner", "duration_minutes"]


@dataclass(frozen=True)
class Person:
    """One fictional person as LinkedIn writes them (names may carry spaces, credentials, fancy
    letters). ``slug`` is the raw (unencoded) profile slug; ``email`` the address CRM logs use."""

    first: str
    last: str
    slug: str | None
    company: str
    title: str
    email: str = ""
    shows_email: bool = False   # the address appears in Connections.csv
    slash: bool = False         # Connections.csv writes the URL with a trailing slash

    @property
    def name(self) -> str:
        return f"{self.first.strip()} {self.last.strip()}".strip()

    @property
    def url(self) -> str:
        """The URL as Connections.csv writes it: non-ASCII percent-encoded."""
        return _LI + quote(self.slug, safe="-_") if self.slug else ""

    @property
    def url_raw(self) -> str:
        """The URL as messages.csv writes it: raw Unicode."""
        return _LI + self.slug if self.slug else ""


def _domain(company: str) -> str:
    base = company.split(",")[0].replace("Ltd.", "").replace("Corp", "")
    return "".join(c for c in base.lower() if c.isalnum()) + ".example"


# --- the story -----------------------------------------------------------------------------------

OWNER = Person("Alex", "Morgan", "alex-morgan-nw", "Northwind Analytics", "Account Executive",
               "alex.morgan@northwind.example")
TEAMMATE = Person("Sam", "Rivera", "sam-rivera-nw", "Northwind Analytics", "Account Executive",
                  "sam.rivera@northwind.example", shows_email=True)
MARIA = Person("Maria", "Ortiz", "maria-ortiz-4821", "Contoso Ltd.", "VP Finance",
               "maria.ortiz@contoso.example")
LEE = Person("Lee", "Park", "lee-park-contoso", "Contoso", "CFO", "lee.park@contoso.example")
PRIYA = Person("Priya", "Natarajan", "priya-natarajan-data", "Fabrikam, Inc.", "Head of Data",
               "priya.natarajan@fabrikam.example", slash=True)
TOM = Person("Tom", "Becker", "tombecker", "Acme Corp", "Director, IT", "tom.becker@acme.example")
DANA = Person("Dana", "Whitfield", "dana-whitfield-ops", "Fabrikam", "COO",
              "dana.whitfield@fabrikam.example")
JIWOO = Person("Jiwoo", "Hwang, MSPH", "jiwoo-hwang-msph", "Lamna Healthcare",
               "Director, Population Health", "jiwoo.hwang@lamnahealthcare.example",
               shows_email=True)
CHRIS_LITWARE = Person("Chris", "Lee", "chris-lee-7b2e1", "Litware", "Product Manager",
                       "chris.lee@litware.example")
CHRIS_TAILSPIN = Person("Chris", "Lee", "chrislee-data", "Tailspin Toys", "Senior Data Engineer",
                        "clee@tailspintoys.example", slash=True)
UMIT = Person("Ümit", "Yılmaz", "ümit-yilmaz-12ab", "Wide World Importers", "Logistics Analyst",
              "umit.yilmaz@wideworldimporters.example")
JOSE = Person("José", "Álvarez", "jose-alvarez-mx", "Adventure Works", "Regional Sales Manager",
              "jose.alvarez@adventureworks.example")
ZOE = Person("Zoë", "Müller", "zoe-mueller-berlin", "Lucerne Publishing",
             "Head of Analytics, EMEA", "zoe.mueller@lucernepublishing.example")
JORDAN = Person("𝐉𝐨𝐫𝐝𝐚𝐧", "𝐄𝐥𝐥𝐢𝐬", "jordan-ellis-growth", "Relecloud", "Growth Lead",
                "jordan.ellis@relecloud.example")
RACHEL = Person("Rachel", "Kim, MBA", "rachel-kim-mba", "Woodgrove Bank",
                "Senior Manager, Strategy", "rachel.kim@woodgrovebank.example")
ANIL = Person("Anil", "Mehta, PhD", "anil-mehta-phd", "Trey Research", "Principal Scientist",
              "anil.mehta@treyresearch.example")
ROWAN = Person("Rowan", "Pike", "rowan-pike-fl", "=Formula Labs", "Founder",
               "rowan@formulalabs.example")
NOOR = Person("Noor", "Haddad", "noor-haddad-revops", "Relecloud",
              "Director, Revenue Operations", "noor.haddad@relecloud.example")
FELIX = Person("Felix", "Brandt", "felixbrandt", "Trey Research", "Founder & CEO",
               "felix@treyresearch.example")

STORY = {
    "owner": OWNER, "teammate": TEAMMATE, "maria": MARIA, "lee": LEE, "priya": PRIYA, "tom": TOM,
    "dana": DANA, "jiwoo": JIWOO, "chris_litware": CHRIS_LITWARE, "chris_tailspin": CHRIS_TAILSPIN,
    "umit": UMIT, "jose": JOSE, "zoe": ZOE, "jordan": JORDAN, "rachel": RACHEL, "anil": ANIL,
    "rowan": ROWAN, "noor": NOOR, "felix": FELIX,
}

# Target accounts: no filler interactions with their people, so the story's paths stay the story's.
TARGET_COMPANIES = ("Contoso Ltd.", "Contoso", "Fabrikam, Inc.", "Fabrikam", "Acme Corp")
OTHER_COMPANIES = (
    "Litware", "Tailspin Toys", "Wide World Importers", "Lamna Healthcare", "Woodgrove Bank",
    "Adventure Works", "Proseware", "Fourth Coffee", "Coho Winery", "Alpine Ski House",
    "Blue Yonder Airlines", "Humongous Insurance", "Lucerne Publishing", "Margie's Travel",
    "Trey Research", "Relecloud", "City Power & Light", "Consolidated Messenger",
    "Southridge Video", "VanArsdel Ltd.", "A. Datum Corporation", "Wingtip Toys",
    "Graphic Design Institute", "Bellows College", "Best For You Organics", "Tailwind Traders",
    "Munson's Pickles and Preserves",
)
TITLES = (
    "Account Executive", "Senior Account Executive", "Sales Development Representative",
    "Director, Sales Operations", "VP, Marketing", "Manager, FP&A", "Controller", "Data Analyst",
    "Senior Data Engineer", "Product Manager", "Senior Product Manager", "Head of Growth",
    "Customer Success Manager", "Solutions Engineer", "Chief Technology Officer",
    "Senior Manager, Data Engineering", "Procurement Lead", "Finance Business Partner",
    "Recruiter", "Talent Partner, GTM", "Operations Manager", "Business Analyst",
    "Director of Engineering", "VP, Customer Success", "Marketing Manager", "Founder",
    "Partner", "IT Manager", "Analytics Engineer", "Head of Partnerships",
)
FIRST_NAMES = (
    "Aisha", "Ben", "Carmen", "Daniel", "Elena", "Farid", "Grace", "Hannah", "Isaac", "Julia",
    "Kenji", "Laura", "Marcus", "Nina", "Oscar", "Paula", "Quentin", "Rosa", "Samir", "Tara",
    "Uma", "Victor", "Wendy", "Xavier", "Yara", "Zach", "Amir", "Bianca", "Caleb", "Divya",
    "Ethan", "Fatima", "Gabriel", "Helen", "Ivan", "Jasmine", "Kevin", "Lina", "Mateo", "Naomi",
    "Owen", "Petra", "Rahul", "Sofia", "Theo", "Vera", "Will", "Yuki", "Adaeze", "Bruno",
    "Chloe", "Diego", "Eva", "Hiro", "Ines", "Jonas", "Kara", "Leo", "Mei", "Nikhil", "Olga",
    "Pedro", "Ruth", "Sean", "Tomas", "Valeria", "Wei", "Ximena", "Yusuf", "Zara", "Andre",
    "Beatriz", "Colin", "Dmitri", "Esther", "Finn", "Gita", "Hugo", "Ingrid", "Jamal",
)
LAST_NAMES = (
    "Adeyemi", "Bauer", "Castillo", "Dubois", "Eriksen", "Fischer", "Garcia", "Hoffman", "Ibrahim",
    "Jensen", "Kowalski", "Larsen", "Mendes", "Novak", "Okafor", "Petrov", "Quinn", "Rossi",
    "Sato", "Thompson", "Usman", "Varga", "Walsh", "Xu", "Yamamoto", "Zimmerman", "Ahmed", "Brooks",
    "Chen", "Delgado", "Evans", "Flores", "Gupta", "Hughes", "Iyer", "Johansson", "Khan", "Lopez",
    "Murphy", "Nakamura", "O'Brien", "Patel", "Reyes", "Schmidt", "Tanaka", "Vargas", "Wright",
    "Yilmaz", "Zhang", "Abbott", "Bishop", "Costa", "Dawson", "Ellison", "Ferreira", "Grant",
    "Holm", "Ito", "Jovanovic", "Keller", "Lindqvist", "Moreau", "Nguyen", "Oliveira", "Price",
    "Ramos", "Silva", "Torres", "Underwood", "Vasquez", "Weber", "Young", "Zhou", "Mbeki",
)


def _utc(day: date, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=timezone.utc)


def _rand_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _rand_time(rng: random.Random, day: date, lo: int = 7, hi: int = 22) -> datetime:
    return _utc(day, rng.randrange(lo, hi), rng.randrange(60), rng.randrange(60))


def _name_key(first: str, last: str) -> str:
    return f"{first} {last}".lower()


class _People:
    """Fictional people with unique names (except the deliberate Chris Lee pair)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used = {_name_key(p.first.strip(), p.last.split(",")[0].strip())
                     for p in STORY.values()}
        self.used |= {"jordan ellis"}

    def make(self, company: str | None = None) -> Person:
        rng = self.rng
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if _name_key(first, last) not in self.used:
                break
        self.used.add(_name_key(first, last))
        if company is None:
            company = (rng.choice(TARGET_COMPANIES) if rng.random() < 0.09
                       else rng.choice(OTHER_COMPANIES))
        title = rng.choice(TITLES)
        plain = "".join(c for c in (first + "-" + last).lower() if c.isalnum() or c == "-")
        style = rng.random()
        if style < 0.55:
            slug = f"{plain}-{rng.getrandbits(24):06x}"
        elif style < 0.8:
            slug = plain
        else:
            slug = plain.replace("-", "") + str(rng.randrange(1, 99))
        local = first.lower() + "." + "".join(c for c in last.lower() if c.isalpha())
        email = f"{local}@{_domain(company)}"
        return Person(first, last, slug, company, title, email, slash=rng.random() < 0.12)


# --- CSV helpers ---------------------------------------------------------------------------------

def _csv_text(rows, *, lineterminator="\n", delimiter=",", quoting=csv.QUOTE_MINIMAL) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=lineterminator, delimiter=delimiter, quoting=quoting)
    writer.writerows(rows)
    return buf.getvalue()


def _conv_id(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    raw = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}_{rng.randrange(100, 1000)}"
    return "2-" + base64.b64encode(raw.encode()).decode()


def _connected_on(day: date) -> str:
    return day.strftime("%d %b %Y") if day else ""


def _us_short(moment: datetime) -> str:
    """``3/19/26, 7:48 AM`` (Invitations.csv)."""
    hour = moment.hour % 12 or 12
    ampm = "AM" if moment.hour < 12 else "PM"
    return f"{moment.month}/{moment.day}/{moment.year % 100:02d}, {hour}:{moment.minute:02d} {ampm}"


def _us_padded(moment: datetime) -> str:
    """``04/15/24, 09:25 PM`` (Recommendations)."""
    hour = moment.hour % 12 or 12
    ampm = "AM" if moment.hour < 12 else "PM"
    return (f"{moment.month:02d}/{moment.day:02d}/{moment.year % 100:02d}, "
            f"{hour:02d}:{moment.minute:02d} {ampm}")


def _msg_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


# --- Alex's connections --------------------------------------------------------------------------

@dataclass
class _World:
    rng: random.Random
    people: _People
    alex_connections: list          # (Person | None, date)
    sam_connections: list           # (Person, date)
    invitations: list               # (sender, recipient, datetime, note, direction, accepted)
    alex_pool: list                 # filler people among Alex's connections
    sam_only: list                  # filler people only in Sam's network
    crm_only: list                  # people only in the CRM log


def _build_world(seed: int) -> _World:
    rng = random.Random(seed * 1009 + 1)
    people = _People(rng)

    fixed = [
        (TEAMMATE, date(2021, 6, 21)), (MARIA, date(2019, 5, 14)), (LEE, date(2022, 9, 8)),
        (PRIYA, date(2024, 12, 2)), (TOM, date(2025, 3, 4)), (DANA, date(2021, 10, 19)),
        (JIWOO, date(2020, 1, 27)), (CHRIS_LITWARE, date(2018, 4, 9)),
        (CHRIS_TAILSPIN, date(2023, 11, 16)), (UMIT, date(2022, 2, 3)), (JOSE, date(2017, 8, 30)),
        (ZOE, date(2020, 10, 6)), (JORDAN, date(2024, 7, 22)), (RACHEL, date(2019, 12, 11)),
        (ANIL, date(2016, 5, 19)), (ROWAN, date(2025, 8, 12)),
    ]
    # Northwind colleagues besides Sam.
    colleagues = [people.make("Northwind Analytics") for _ in range(5)]

    # Invitations: the last eight months; accepted ones become connections.
    invitations = []
    t_noor = _utc(date(2026, 9, 14), 15, 5, 31)
    t_felix = _utc(date(2026, 6, 3), 23, 22, 10)
    invitations.append((OWNER, NOOR, t_noor,
                        "Hi Noor, I enjoyed your talk on RevOps metrics at the Seattle SaaS "
                        "meetup. Would love to connect.", "OUTGOING", True))
    invitations.append((FELIX, OWNER, t_felix,
                        "Hi Alex, Priya Natarajan suggested we talk about forecasting for small "
                        "research teams. Open to connecting?", "INCOMING", True))
    out_notes = ["Hi {first}, we met briefly at the Data Summit. Let's stay in touch.",
                 "Hello {first}, I work with finance teams on planning. Happy to connect."]
    in_notes = ["Hi Alex, saw your post on rolling forecasts. Would love to connect.",
                "Hello Alex, we're both in the Seattle RevOps group. Let's connect!"]
    for i in range(13):
        person = people.make()
        outgoing = i % 3 != 0
        when = _rand_time(rng, _rand_day(rng, date(2026, 3, 2), date(2026, 10, 29)), 13, 23)
        notes = out_notes if outgoing else in_notes
        note = rng.choice(notes).format(first=person.first) if rng.random() < 0.4 else ""
        accepted = rng.random() < 0.6
        if outgoing:
            invitations.append((OWNER, person, when, note, "OUTGOING", accepted))
        else:
            invitations.append((person, OWNER, when, note, "INCOMING", accepted))
    invitations.sort(key=lambda inv: inv[2], reverse=True)

    conns: list = [(p, d) for p, d in fixed]
    conns += [(p, _rand_day(rng, date(2019, 3, 1), date(2026, 10, 20))) for p in colleagues]
    for sender, recipient, when, _note, _direction, accepted in invitations:
        if accepted:
            other = recipient if sender is OWNER else sender
            conns.append((other, when.date() + timedelta(days=rng.randrange(0, 3))))

    pool = []
    while len(conns) + len(pool) < 250:
        pool.append(people.make())
    # Quirks on filler rows: trailing spaces, shown emails, empty company / position.
    quirked = []
    for i, p in enumerate(pool):
        if i in (3, 41):
            p = replace(p, first=p.first + " ")
        elif i == 77:
            p = replace(p, last=p.last + "  ")
        elif i in (12, 58, 140, 201):
            p = replace(p, shows_email=True)
        elif i in (20, 95):
            p = replace(p, company="", title="")
        elif i == 133:
            p = replace(p, title="")
        elif i == 170:
            p = replace(p, company="")
        quirked.append(p)
    pool = quirked
    for p in pool:
        conns.append((p, _rand_day(rng, date(2016, 1, 4), date(2026, 10, 31))))
    conns += [(None, date(2024, 9, 14)), (None, date(2021, 3, 2))]
    conns.sort(key=lambda pd: pd[1], reverse=True)

    # Sam's network: overlaps Alex's (same names, same companies), plus people only Sam knows.
    shared_fixed = [(OWNER, date(2021, 6, 21)), (LEE, date(2023, 4, 12)),
                    (CHRIS_LITWARE, date(2022, 1, 18)), (JIWOO, date(2022, 9, 27)),
                    (JOSE, date(2021, 11, 3)), (ZOE, date(2023, 2, 8))]
    candidates = [p for p in pool if p.company and p.company not in TARGET_COMPANIES]
    shared = rng.sample(candidates, 34)
    sam_only = [people.make() for _ in range(80)]
    sam_conns = list(shared_fixed)
    sam_conns += [(p, _rand_day(rng, date(2017, 2, 1), date(2026, 10, 20))) for p in shared]
    sam_conns += [(p, _rand_day(rng, date(2016, 6, 1), date(2026, 10, 25))) for p in sam_only]
    sam_conns.sort(key=lambda pd: pd[1], reverse=True)

    crm_only = [people.make(rng.choice(OTHER_COMPANIES)) for _ in range(12)]
    return _World(rng, people, conns, sam_conns, invitations, pool + colleagues, sam_only,
                  crm_only)


# --- Alex's zip ----------------------------------------------------------------------------------

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


# --- the CRM log ---------------------------------------------------------------------------------

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


def _knows_csv() -> bytes:
    rows = [["person", "person_email", "knows", "knows_email", "knows_company", "knows_title",
             "strength", "last_contact", "note"],
            [MARIA.name, "", LEE.name, "", "Contoso", "CFO", "0.8", "2026-09-30",
             "Maria reports to Lee; she runs his finance transformation"],
            [PRIYA.name, "", DANA.name, "", "Fabrikam", "COO", "0.6", "2026-08-12",
             "Same leadership team at Fabrikam"],
            ["Jiwoo Hwang", JIWOO.email, ZOE.name, ZOE.email, "Lucerne Publishing",
             "Head of Analytics, EMEA", "0.4", "2025-04-10",
             "Met through the health data roundtable"]]
    return _csv_text(rows).encode("utf-8")


def _accounts_csv() -> bytes:
    rows = [["name", "domain", "aliases"],
            ["Contoso", "contoso.example", "Contoso Ltd.;Contoso Limited"],
            ["Fabrikam", "fabrikam.example", "Fabrikam, Inc.|Fabrikam Inc"],
            ["Acme Corp", "acme.example", "Acme | ACME Corporation"]]
    return _csv_text(rows).encode("utf-8")


# --- Alex's Google Calendar export ---------------------------------------------------------------

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


def _fold(line: str) -> bytes:
    """One content line, folded at 75 octets (RFC 5545 §3.1, RFC 2425 §5.8.1): CRLF + one
    space, never inside a UTF-8 sequence."""
    data = line.encode("utf-8")
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while (data[end] & 0xC0) == 0x80:      # a continuation byte: back up to the lead byte
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74                 # the leading space counts
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


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


def _stored_zip(files: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


# --- contacts ------------------------------------------------------------------------------------

GOOGLE_CONTACTS_HEADER = [
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
    "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
    "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes",
    "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label",
    "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label",
    "Phone 2 - Value", "Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street",
    "Address 1 - City", "Address 1 - PO Box", "Address 1 - Region", "Address 1 - Postal Code",
    "Address 1 - Country", "Address 1 - Extended Address", "Website 1 - Label",
    "Website 1 - Value",
]


def _contacts_csv() -> bytes:
    """Alex's Google Contacts export (current column set), UTF-8 with BOM, CRLF."""
    short = {"org": "Organization Name", "title": "Organization Title",
             "dept": "Organization Department", "notes": "Notes", "labels": "Labels",
             "suffix": "Name Suffix", "e1l": "E-mail 1 - Label", "e1": "E-mail 1 - Value",
             "e2l": "E-mail 2 - Label", "e2": "E-mail 2 - Value", "p1l": "Phone 1 - Label",
             "p1": "Phone 1 - Value", "p2l": "Phone 2 - Label", "p2": "Phone 2 - Value",
             "a1l": "Address 1 - Label", "a1": "Address 1 - Formatted",
             "a1s": "Address 1 - Street", "a1c": "Address 1 - City", "a1r": "Address 1 - Region",
             "a1z": "Address 1 - Postal Code", "a1n": "Address 1 - Country",
             "w1l": "Website 1 - Label", "w1": "Website 1 - Value"}

    def person(first, last, **cells):
        out = dict.fromkeys(GOOGLE_CONTACTS_HEADER, "")
        out.update({"First Name": first, "Last Name": last, "Labels": "* myContacts"})
        out.update({short[k]: v for k, v in cells.items()})
        return [out[h] for h in GOOGLE_CONTACTS_HEADER]

    rows = [
        GOOGLE_CONTACTS_HEADER,
        person("Dana", "Whitfield", org="Fabrikam", title="COO", e1l="* Work", e1=DANA.email,
               p1l="Work", p1="+1 (206) 555-0172 ext. 4"),
        person("Jiwoo", "Hwang", suffix="MSPH", org="Lamna Healthcare",
               title="Director, Population Health", e1l="* Work", e1=JIWOO.email,
               p1l="Mobile", p1="+1 617 555 0128"),
        person("Lee", "Park", org="Contoso", title="CFO", e1l="* Work", e1=LEE.email,
               p1l="Work", p1="(425) 555-0117", labels="Contoso ::: * myContacts"),
        person("Maria", "Ortiz", org="CONTOSO LIMITED", title="VP Finance", dept="Finance",
               labels="Contoso ::: * myContacts ::: * starred", e1l="* Work",
               e1=f"{MARIA.email} ::: m.ortiz@contoso.example", e2l="Home",
               e2="maria.ortiz.home@mail.example", p1l="Mobile", p1="+1 206-555-0148",
               p2l="Work", p2="425.555.0100",
               notes="Met at the 2019 Seattle CFO breakfast.\nKids: two; loves trail running.",
               a1l="Work", a1="400 Harbor Way\nSeattle, WA 98101\nUS", a1s="400 Harbor Way",
               a1c="Seattle", a1r="WA", a1z="98101", a1n="US"),
        person("Omar", "Siddiqui", e1l="* Home", e1="omar.siddiqui@mail.example", p1l="Mobile",
               p1="206 555 0110", notes="Neighbour; runs the Saturday running club."),
        person("Priya", "Natarajan", org="Fabrikam, Inc.", title="Head of Data", e1l="* Work",
               e1=PRIYA.email, p1l="Mobile", p1="+1.206.555.0163",
               labels="Fabrikam ::: * myContacts ::: * starred",
               notes="Weekly sync on Wednesdays, 10am Pacific. Prefers Meet over Teams."),
        person("Sam", "Rivera", org="Northwind Analytics", title="Account Executive",
               e1l="* Work", e1=TEAMMATE.email, p1l="Mobile", p1="720-555-0135",
               labels="Northwind ::: * myContacts"),
        person("Tamsin", "Rooke", org="Carrow & Finch LLP", title="Partner",
               e1l="* Work", e1="tamsin.rooke@carrowfinch.example", p1l="Work",
               p1="+44 20 7946 0321", notes="Outside counsel for the 2024 MSA template."),
        person("Tom", "Becker", org="Acme Corp", title="Director, IT", e1l="* Work",
               e1=TOM.email, p1l="Work", p1="4255550191", w1l="Profile",
               w1="http://www.linkedin.com/in/tombecker/"),
    ]
    text = _csv_text(rows, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def _vcard(lines: list[str]) -> bytes:
    return b"".join(_fold(line) for line in ["BEGIN:VCARD", "VERSION:3.0",
                                             "PRODID:-//Apple Inc.//macOS 15.1//EN",
                                             *lines, "END:VCARD"])


def _vc_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _sam_vcf(world: _World) -> bytes:
    """Sam's address book as vCard 3.0 (Apple Contacts style): folded lines, itemN groups."""
    def card(first, last, *, suffix="", org="", dept="", title="", email="", tel="", url="",
             note="", adr="", fn=None):
        fn = fn if fn is not None else f"{first} {last}"
        out = [f"N:{_vc_text(last)};{_vc_text(first)};;;{_vc_text(suffix)}",
               f"FN:{_vc_text(fn)}"]
        if org:
            out.append(f"ORG:{_vc_text(org)};{_vc_text(dept)}")
        if title:
            out.append(f"TITLE:{_vc_text(title)}")
        if email:
            out.append(f"EMAIL;type=INTERNET;type=WORK;type=pref:{email}")
        if tel:
            out.append(f"TEL;type=WORK;type=VOICE;type=pref:{tel}")
        if adr:
            out.append(f"item2.ADR;type=WORK;type=pref:{adr}")
            out.append("item2.X-ABADR:us")
        if url:
            out.append(f"item1.URL;type=pref:{url}")
            out.append("item1.X-ABLabel:LinkedIn")
        if note:
            out.append(f"NOTE:{_vc_text(note)}")
        return _vcard(out)

    filler = [p for p in world.sam_only if p.company][:2]
    cards = [
        card("Alex", "Morgan", org="Northwind Analytics", title="Account Executive",
             email=OWNER.email, tel="(206) 555-0199", url=_LI + OWNER.slug),
        card("Bettina", "Kraus", org="Fourth Coffee", title="Office Manager",
             email="bettina.kraus@fourthcoffee.example", tel="+49 30 5550 1234",
             note="Organises the Denver coffee tastings; not on LinkedIn."),
        card("Chris", "Lee", org="Litware", dept="Product", title="Product Manager",
             email=CHRIS_LITWARE.email, url=_LI + CHRIS_LITWARE.slug + "/"),
        card("Jiwoo", "Hwang", suffix="MSPH", fn="Jiwoo Hwang, MSPH", org="Lamna Healthcare",
             title="Director, Population Health", email=JIWOO.email, tel="+1 617 555 0128"),
        card("José", "Álvarez", org="Adventure Works", title="Regional Sales Manager",
             email=JOSE.email, tel="+52 55 5555 0142",
             note="Partner kickoff in Austin; introduced by Alex. Habla español e inglés."),
        card("Lee", "Park", org="Contoso", dept="Finance", title="CFO", email=LEE.email,
             tel="+1 425 555 0117", url=_LI + LEE.slug + "?originalSubdomain=us",
             adr=";;400 Harbor Way\\, Suite 1200;Seattle;WA;98101;United States",
             note="Budget owner for the Contoso planning rollout; prefers calls before 9am. "
                  "Maria Ortiz runs the rollout for him."),
    ]
    for p in filler:
        cards.append(card(p.first.strip(), p.last.strip(), org=p.company, title=p.title,
                          email=p.email, url=p.url))
    return b"".join(cards)


# --- entry points --------------------------------------------------------------------------------

def generate(out_dir: Path, seed: int = 7) -> list[Path]:
    """Write the sample files under *out_dir* and return their paths, sorted.

    The same *seed* always gives the same bytes. Existing files of the same names are replaced;
    nothing else in *out_dir* is touched.
    """
    out_dir = Path(out_dir)
    world = _build_world(seed)
    interactions = _interactions_csv(world, seed)
    files = {
        ALEX_ZIP: _alex_zip(world, seed),
        f"{SAM_DIR}/Profile.csv": _profile_csv(
            TEAMMATE, "Account Executive at Northwind Analytics", "", "Denver, Colorado, "
            "United States").encode("utf-8"),
        f"{SAM_DIR}/Connections.csv": _sam_connections(world).encode("utf-8"),
        f"{SAM_DIR}/Messages.csv": _sam_messages(world, seed),
        "interactions.csv": interactions,
        "knows.csv": _knows_csv(),
        "accounts.csv": _accounts_csv(),
        CALENDAR_ZIP: _stored_zip([(CALENDAR_ICS, _alex_ics(world, seed, interactions))]),
        "contacts.csv": _contacts_csv(),
        "sam-contacts.vcf": _sam_vcf(world),
    }
    written = []
    for rel, data in files.items():
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return sorted(written)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path("data") / "samples"
    for path in generate(out):
        print(f"{path.stat().st_size:>8}  {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
