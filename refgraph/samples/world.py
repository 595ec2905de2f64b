"""The story's people, the filler around them and the helpers every sample file shares.

``AS_OF`` (the demo's "today") is defined here once; everything else imports it.
"""
from __future__ import annotations

import base64
import csv
import io
import random
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from urllib.parse import quote

AS_OF = date(2026, 11, 15)            # the demo's "today" (the demo, the tests and the benchmarks import it)
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


# --- file helpers --------------------------------------------------------------------------------

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
