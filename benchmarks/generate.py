"""Generate a benchmark world in the real export formats, deterministically by seed.

    python benchmarks/generate.py seller /tmp/refgraph-bench/seller --seed 1
    python benchmarks/generate.py team /tmp/refgraph-bench/team --seed 1 --scale 0.05 [--calendar]

Worlds (the scale refgraph is built for; BENCHMARKS.md has the targets):

* ``seller``: one owner, 30,000 connections, 200,000 interactions (the CRM log) and, with
  ``--calendar`` (on by default for the seller), a Google-style .ics of 20,000 events.
* ``team``: 200 owners × 5,000 connections drawn from a pool of 400,000 people (each owner's
  network is mostly a neighbourhood of the pool, so neighbouring owners share people), 2,000,000
  interactions in ONE CSV with an ``owner`` column.

``--scale F`` shrinks a world proportionally: the number of owners (team) or connections (seller),
the pool, the interactions, the knows rows and the calendar all scale by F; a team owner keeps
5,000 connections, so per-owner density stays the same. ``--knows N`` writes N knows rows instead
(e.g. 150,000: people who know many others, most ties into the target accounts).

What is written (under OUT):

* ``linkedin/owner-NNN/Basic_LinkedInDataExport_11-01-2026/``: ``Profile.csv``,
  ``Connections.csv`` (the 2024 file: ``Notes:`` preamble, URL column, LF, no final newline,
  hidden members, trailing-slash URLs, a few emails) and ``messages.csv`` (2024 header, drafts and
  spam rows to skip).
* ``interactions.csv``: the canonical columns with an ``owner`` column, UTF-8 with BOM, CRLF; channels
  spelled as people do (``Phone``, ``zoom``, ``Lunch``, ``E-mail`` …); dates in ISO, ISO with a time
  and offset, US ``m/d/yyyy`` and ``11 Feb 2024``; people by email, LinkedIn URL (in several
  spellings), both, or only by name.
* ``knows.csv`` (a few thousand rows) and ``accounts.csv`` (a few hundred accounts with aliases).
* ``calendar/OWNER_EMAIL.ics`` (``--calendar``): folded, CRLF, VTIMEZONE, weekly RRULE series with
  EXDATEs and a moved occurrence, cancelled events, declined guests, rooms, VALARMs, all-hands.
* ``world.json``: the manifest ``run.py`` reads (owners, files, the accounts to query, as-of date).

Rows are streamed to disk; only small per-person index arrays are held in memory. All names,
companies and addresses are fictional (``.example`` domains).
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from array import array
from bisect import bisect_right
from datetime import date, datetime, timedelta, timezone
from itertools import accumulate
from pathlib import Path

from refgraph.samples import AS_OF   # the demo's "today": queries run as of it (the data ends before it)

EXPORT_DATE = date(2026, 11, 1)
EXPORT_FOLDER = "Basic_LinkedInDataExport_11-01-2026"
FIRST_DAY = date(2016, 1, 4)
LAST_DAY = date(2026, 11, 13)
NW = "northwind.example"
LI = "https://www.linkedin.com/in/"

WORLDS = {
    "seller": dict(owners=1, connections=30_000, interactions=200_000, pool=36_000, knows=3_000,
                   accounts=300, calendar=20_000, messages=2_000),
    "team": dict(owners=200, connections=5_000, interactions=2_000_000, pool=400_000, knows=5_000,
                 accounts=300, calendar=20_000, messages=150),
}

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
MESSAGES_HEADER = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
                   "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER", "IS MESSAGE DRAFT"]
INTERACTIONS_HEADER = ["date", "person", "email", "linkedin_url", "company", "title", "channel",
                       "subject", "direction", "owner", "duration_minutes"]
KNOWS_HEADER = ["person", "person_linkedin_url", "person_email", "knows", "knows_linkedin_url",
                "knows_email", "knows_company", "knows_title", "strength", "last_contact", "note"]

FIRST = (
    "Aisha Ben Carmen Daniel Elena Farid Grace Hannah Isaac Julia Kenji Laura Marcus Nina Oscar Paula "
    "Quentin Rosa Samir Tara Uma Victor Wendy Xavier Yara Zach Amir Bianca Caleb Divya Ethan Fatima "
    "Gabriel Helen Ivan Jasmine Kevin Lina Mateo Naomi Owen Petra Rahul Sofia Theo Vera Will Yuki "
    "Adaeze Bruno Chloe Diego Eva Hiro Ines Jonas Kara Leo Mei Nikhil Olga Pedro Ruth Sean Tomas "
    "Valeria Wei Ximena Yusuf Zara Andre Beatriz Colin Dmitri Esther Finn Gita Hugo Ingrid Jamal "
    "Aaron Abigail Adrian Alice Alma Amara Ana Anders Angela Anika Anton Arjun Astrid Ayla Barbara "
    "Boris Camila Carlos Cecilia Chen Clara Conor Dalia Dana Dario Denise Edgar Eileen Elif Emil "
    "Emma Enzo Erik Felix Flora Freya Giulia Hamid Hana Harper Ibrahim Ilse Irene Jana Javier Jin "
    "Joel Jorge Kai Karim Katya Keith Lars Leila Liam Lucas Lucia Magnus Maja Malik Marta Matteo "
    "Maya Milan Mira Nadia Nora Oliver Omar Pablo Priya Rafael Ravi Rebecca Rohan Sara Selin Simon "
    "Sven Tariq Tessa Tobias Usha Vikram Yasmin Zoe").split()
LAST_A = ("Ab Al Ash Bar Bel Bran Cal Car Dal Dun El Fair Fen Gar Glen Hal Har Hol Kel Ken Lang Lind "
          "Mar Mel Mor Nor Ock Pem Ral Red Ros Sal Sel Sher Stan Tal Thorn Val Wal Wes Whit Wil Win "
          "Yar Zel Bro Cor Dra Fal Gor").split()
LAST_B = ("bach berg bourne brook burg by dale den don ford gard ham hart holm hurst ing kamp land ley "
          "lin low man mere mont more ner ney ridge rock sen shaw son stad stein ster ston strom ton "
          "vale ville wick wood worth ova ez ini etti ko").split()
OWNER_FIRST = ("Alex Sam Jordan Casey Morgan Riley Taylor Jamie Avery Quinn Rowan Skyler Reese "
               "Emerson Hayden Parker Sage Dakota Finley Harley").split()
OWNER_LAST = ("Ashcombe Blakemore Carrow Dunmore Eastwick Fairhaven Garrick Hollins Ingleby Jessop "
              "Kingsley Lockhart").split()
CO_A = ("Vant Lum Cor Astr Quor Nimb Zeph Hal Orb Prax Solv Tern Vel Brix Cald Dov Ember Fyn Gal "
        "Hex Iri Jov Kest Lyr Mer Nov Oct Pyl Quin Rho Sylv Tav Umbr Vex Wyn Xan Yon Zan Arc Bel").split()
CO_B = "ora ex ium ant ix ica on ara eon is ova ent ure ion".split()
CO_C = ("Systems Labs Health Logistics Bank Insurance Analytics Foods Energy Partners Software Media "
        "Capital Robotics Pharma Networks Retail Motors Cloud Security Materials Biotech Finance "
        "Airlines Hotels").split()
TITLES = (
    "Account Executive", "Senior Account Executive", "Sales Development Representative",
    "Director, Sales Operations", "VP, Marketing", "Manager, FP&A", "Controller", "Data Analyst",
    "Senior Data Engineer", "Product Manager", "Senior Product Manager", "Head of Growth",
    "Customer Success Manager", "Solutions Engineer", "Chief Technology Officer",
    "Senior Manager, Data Engineering", "Procurement Lead", "Finance Business Partner",
    "Recruiter", "Operations Manager", "Business Analyst", "Director of Engineering",
    "VP, Customer Success", "Marketing Manager", "Founder", "Partner", "IT Manager",
    "Analytics Engineer", "Head of Partnerships", "Chief Financial Officer", "CFO", "VP Finance",
    "Head of Data", "COO", "Director, IT",
)
LEGAL = (", Inc.", " Inc", " LLC", " Ltd.", " GmbH", ", Inc")
# (how people write the channel, canonical kind, weight)
CHANNELS = [
    ("email", "email", 20), ("Email", "email", 8), ("E-mail", "email", 4), ("call", "call", 9),
    ("Phone", "call", 6), ("phone call", "call", 2), ("zoom", "video", 6), ("Teams", "video", 5),
    ("video call", "video", 3), ("Google Meet", "video", 2), ("meeting", "meeting", 6),
    ("Meeting", "meeting", 3), ("in person", "meeting", 2), ("Lunch", "meeting", 2),
    ("coffee", "meeting", 2), ("LinkedIn message", "message", 4), ("message", "message", 3),
    ("InMail", "message", 2), ("note", "note", 2),
]
SUBJECTS = ("Intro call", "Follow-up", "Weekly sync", "QBR prep", "Renewal terms", "Pricing options",
            "Pilot kickoff", "Catch-up", "Data model review", "Security review", "Proposal walkthrough",
            "Budget season check-in", "Rollout planning", "Reference call", "Demo", "Contract redlines",
            "Holiday note", "Article on rolling forecasts", "Congrats on the new role", "Intro: Northwind",
            "Planning FY27 priorities", "=SUM(A1) not a formula", "+1 follow-up from QBR")
KNOWS_NOTES = ("Former colleagues", "Same leadership team", "Board together", "Worked together on the "
               "migration", "Co-founded a meetup", "Reports to them", "University friends",
               "Met at the Data Summit", "", "Introduced us last year")
OFFSETS = ("-05:00", "-04:00", "-08:00", "-07:00", "+00:00", "+01:00", "+02:00")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- the people ------------------------------------------------------------------------------

class Pool:
    """Every non-owner person as a few small integers; names, URLs and emails are derived."""

    def __init__(self, n: int, n_companies: int, rng: random.Random):
        self.n = n
        self.first = array("H", (rng.randrange(len(FIRST)) for _ in range(n)))
        self.last_a = array("B", (rng.randrange(len(LAST_A)) for _ in range(n)))
        self.last_b = array("B", (rng.randrange(len(LAST_B)) for _ in range(n)))
        self.title = array("B", (rng.randrange(len(TITLES)) for _ in range(n)))
        # company popularity: Zipf-like (a few big employers, a long tail)
        weights = [1.0 / (r + 8) for r in range(n_companies)]
        cum = list(accumulate(weights))
        self.company = array("H", rng.choices(range(n_companies), cum_weights=cum, k=n))
        # how the person's company is written: 0 canonical, 1 with a legal form, 2 an alias ("… Group")
        self.co_style = array("B", (rng.choices((0, 1, 2), (60, 25, 15))[0] for _ in range(n)))
        self.flags = array("B", (rng.randrange(256) for _ in range(n)))
        self.companies = company_names(n_companies)

    def name(self, i: int) -> tuple[str, str]:
        last = LAST_A[self.last_a[i]] + LAST_B[self.last_b[i]]
        return FIRST[self.first[i]], last

    def full(self, i: int) -> str:
        f, l_ = self.name(i)
        return f"{f} {l_}"

    def slug(self, i: int) -> str:
        f, l_ = self.name(i)
        style = self.flags[i] % 3
        if style == 0:
            return f"{f.lower()}-{l_.lower()}-{i:x}"
        if style == 1:
            return f"{f.lower()}{l_.lower()}{i}"
        return f"{f[0].lower()}{l_.lower()}-{i:05x}"

    def url(self, i: int) -> str:
        return LI + self.slug(i) + ("/" if self.flags[i] & 0x40 else "")

    def email(self, i: int) -> str:
        f, l_ = self.name(i)
        return f"{f.lower()}.{l_.lower()}{i}@{domain(self.companies[self.company[i]])}"

    def company_text(self, i: int) -> str:
        base = self.companies[self.company[i]]
        style = self.co_style[i]
        if style == 1:
            return base + LEGAL[self.flags[i] % len(LEGAL)]
        if style == 2:
            return alias(base)
        return base

    def title_text(self, i: int) -> str:
        return TITLES[self.title[i]]


def company_names(n: int) -> list[str]:
    out = []
    for a in CO_A:
        for b in CO_B:
            for c in CO_C:
                out.append(f"{a}{b} {c}")
    rng = random.Random(12345)
    rng.shuffle(out)
    if n > len(out):
        raise SystemExit(f"at most {len(out)} companies")
    return out[:n]


def alias(company: str) -> str:
    """The other name people write for a company (an account file lists it as an alias)."""
    return company + " Group"


def domain(company: str) -> str:
    return "".join(c for c in company.lower() if c.isalnum()) + ".example"


OWNER_PREFIX = ("Ash Black Brad Chad Dun East Fair Gar Hol Ing Jes King Lock Mar North Oak Pem Quar Rad "
                "Sand Thorn Under Vane West York").split()
OWNER_SUFFIX = "combe row well haven field stow thorpe gate croft minster cott wyn".split()


def _similar(a: str, b: str) -> float:
    """Indel similarity 0-100 (what rapidfuzz's fuzz.ratio computes; difflib when it is missing)."""
    try:
        from rapidfuzz import fuzz
        return fuzz.ratio(a, b)
    except ImportError:   # pragma: no cover
        import difflib
        return 100 * difflib.SequenceMatcher(None, a, b).ratio()


class Owners:
    """Teammates: distinct names (refgraph refuses a new owner whose name is within a typo of an
    existing one), surnames no pool person has, unique URLs and addresses."""

    def __init__(self, n: int):
        self.n = n
        combos = [(f, p + s) for p in OWNER_PREFIX for s in OWNER_SUFFIX for f in OWNER_FIRST]
        random.Random(4242).shuffle(combos)
        combos.insert(0, ("Alex", "Ashcombe"))
        chosen: list[tuple[str, str]] = []
        keys: list[str] = []
        for first, last in combos:
            key = f"{first} {last}".lower()
            if all(_similar(key, k) < 80 for k in keys):
                chosen.append((first, last))
                keys.append(key)
                if len(chosen) == n:
                    break
        if len(chosen) < n:
            raise SystemExit(f"cannot make {n} distinct owner names (got {len(chosen)})")
        self.names = chosen

    def name(self, j: int) -> tuple[str, str]:
        return self.names[j]

    def full(self, j: int) -> str:
        f, l_ = self.name(j)
        return f"{f} {l_}"

    def slug(self, j: int) -> str:
        f, l_ = self.name(j)
        return f"{f.lower()}-{l_.lower()}-nw"

    def url(self, j: int) -> str:
        return LI + self.slug(j)

    def email(self, j: int) -> str:
        f, l_ = self.name(j)
        return f"{f.lower()}.{l_.lower()}@{NW}"


# --- formats -----------------------------------------------------------------------------------

def fmt_day(rng: random.Random, day: date) -> str:
    style = rng.random()
    if style < 0.4:
        return day.isoformat()
    if style < 0.6:
        return (f"{day.isoformat()}T{rng.randrange(9, 16):02d}:{rng.choice((0, 15, 30, 45)):02d}:00"
                f"{rng.choice(OFFSETS)}")
    if style < 0.85:
        return f"{day.month}/{day.day}/{day.year}"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def url_variant(rng: random.Random, url: str) -> str:
    """The URL as a CRM user pasted it."""
    r = rng.random()
    bare = url.rstrip("/")
    if r < 0.5:
        return bare
    if r < 0.65:
        return bare.replace("https://www.", "")
    if r < 0.8:
        return bare + "/?trk=public_profile"
    if r < 0.9:
        return bare.replace("https://www.", "http://uk.") + "/"
    return bare.replace("/in/", "/in/").upper().replace("HTTPS://WWW.LINKEDIN.COM", "https://www.linkedin.com")


def rand_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def connected_on(day: date) -> str:
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"


# --- the world ---------------------------------------------------------------------------------

class World:
    def __init__(self, kind: str, seed: int, scale: float, knows: int | None = None):
        spec = dict(WORLDS[kind])
        self.kind, self.seed, self.scale = kind, seed, scale
        if kind == "team":
            self.n_owners = max(2, round(spec["owners"] * scale))
            self.per_owner = spec["connections"]
            self.pool_n = max(self.per_owner * 2, round(spec["pool"] * scale))
        else:
            self.n_owners = 1
            self.per_owner = max(100, round(spec["connections"] * scale))
            self.pool_n = max(self.per_owner + 50, round(spec["pool"] * scale))
        self.n_interactions = max(1000, round(spec["interactions"] * scale))
        self.n_knows = max(200, round(spec["knows"] * scale)) if knows is None else knows
        self.n_calendar = max(200, round(spec["calendar"] * scale))
        self.n_messages = spec["messages"]
        n_companies = max(1200, min(len(CO_A) * len(CO_B) * len(CO_C), self.pool_n // 100))
        self.n_accounts = min(spec["accounts"], n_companies // 4)
        rng = random.Random(seed * 7919 + 1)
        self.pool = Pool(self.pool_n, n_companies, rng)
        self.owners = Owners(self.n_owners)
        # accounts: every step-th company from rank 2, so big, medium and small employers are targets
        step = max(1, n_companies // self.n_accounts)
        self.accounts = [2 + k * step for k in range(self.n_accounts) if 2 + k * step < n_companies]
        self.account_set = set(self.accounts)
        self.networks = self._networks(random.Random(seed * 7919 + 2))
        self.teammates = self._teammates(random.Random(seed * 7919 + 3))

    def _networks(self, rng: random.Random) -> list[array]:
        """Each owner's connections (pool indices): mostly a neighbourhood of the pool around the
        owner's position, the rest anywhere, so neighbouring owners share many people."""
        nets = []
        n, k = self.pool_n, self.per_owner
        if self.kind == "seller":
            order = list(range(n))
            rng.shuffle(order)
            return [array("I", sorted(order[:k]))]
        width = max(k * 2, n * 4 // self.n_owners)
        for j in range(self.n_owners):
            center = j * n // self.n_owners
            chosen: set[int] = set()
            while len(chosen) < k:
                if rng.random() < 0.6:
                    chosen.add((center + rng.randrange(-width // 2, width // 2)) % n)
                else:
                    chosen.add(rng.randrange(n))
            nets.append(array("I", sorted(chosen)))
        return nets

    def _teammates(self, rng: random.Random) -> list[list[int]]:
        if self.n_owners == 1:
            return [[]]
        mates: list[set[int]] = [set() for _ in range(self.n_owners)]
        for j in range(self.n_owners):
            for o in rng.sample(range(self.n_owners), min(self.n_owners - 1, 25)):
                if o != j:
                    mates[j].add(o)
                    mates[o].add(j)
        return [sorted(m) for m in mates]

    # -- per-owner relationship model ----------------------------------------------------------
    def relationships(self, j: int) -> tuple[list[int], list[float], list[tuple[date, date]]]:
        """The owner's active contacts (pool indices), Zipf weights and active windows."""
        rng = random.Random(self.seed * 1_000_003 + j * 17 + 5)
        net = self.networks[j]
        n_active = max(30, len(net) * 8 // 100)
        active = rng.sample(list(net), min(n_active, len(net)))
        weights = [1.0 / (r + 3) ** 0.9 for r in range(len(active))]
        windows = []
        for _ in active:
            start = rand_day(rng, FIRST_DAY, LAST_DAY - timedelta(days=30))
            end = LAST_DAY if rng.random() < 0.45 else rand_day(rng, start, LAST_DAY)
            windows.append((start, end))
        return active, list(accumulate(weights)), windows

    def connection_day(self, j: int, i: int) -> date:
        h = (i * 2654435761 + j * 40503 + self.seed) & 0xFFFFFFFF
        return FIRST_DAY - timedelta(days=1500) + timedelta(days=h % ((EXPORT_DATE - FIRST_DAY).days + 1500))


# --- writers -----------------------------------------------------------------------------------

def write_linkedin(world: World, j: int, root: Path) -> Path:
    folder = root / "linkedin" / f"owner-{j:03d}" / EXPORT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    pool, owners = world.pool, world.owners
    first, last = owners.name(j)
    with open(folder / "Profile.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(PROFILE_HEADER)
        w.writerow([first, last, "", "", "", "Account Executive at Northwind Analytics",
                    "Mid-market accounts.", "Software Development", "", "Seattle, Washington", "", "", ""])
    rng = random.Random(world.seed * 31 + j)
    rows = []   # (date, row): Connections.csv is newest first
    for i in world.networks[j]:
        day = world.connection_day(j, i)
        f_, l_ = pool.name(i)
        if pool.flags[i] & 0x80 and pool.flags[i] & 0x01:
            l_ += " "                                    # trailing spaces are real
        shows = pool.flags[i] % 97 == 0
        rows.append((day, [f_, l_, pool.url(i), pool.email(i) if shows else "", pool.company_text(i),
                           pool.title_text(i), connected_on(day)]))
    for o in world.teammates[j]:
        f_, l_ = owners.name(o)
        day = world.connection_day(j, world.pool_n + o)
        rows.append((day, [f_, l_, owners.url(o), "", "Northwind Analytics", "Account Executive",
                           connected_on(day)]))
    for _ in range(max(1, len(rows) // 1500)):            # hidden or removed members
        rows.append((rand_day(rng, date(2019, 1, 1), EXPORT_DATE), ["", "", "", "", "", "", ""]))
        rows[-1][1][6] = connected_on(rows[-1][0])
    rows.sort(key=lambda r: r[0], reverse=True)
    with open(folder / "Connections.csv", "w", newline="", encoding="utf-8") as f:
        f.write("Notes:\n" + CONNECTIONS_NOTE + "\n\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
        for n, (_, row) in enumerate(rows):
            if n == len(rows) - 1:                          # no final newline
                buf = _row_text(row)
                f.write(buf.rstrip("\n"))
            else:
                w.writerow(row)
    write_messages(world, j, folder / "messages.csv", rng)
    return folder.parent


def _row_text(row: list[str]) -> str:
    import io
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(row)
    return buf.getvalue()


def write_messages(world: World, j: int, path: Path, rng: random.Random) -> None:
    pool, owners = world.pool, world.owners
    me, me_url = owners.full(j), owners.url(j)
    active, cum, windows = world.relationships(j)
    n = world.n_messages
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(MESSAGES_HEADER)
        written = 0
        while written < n:
            k = bisect_right(cum, rng.random() * cum[-1])
            k = min(k, len(active) - 1)
            i = active[k]
            start, end = windows[k]
            conv = f"2-{rng.getrandbits(96):024x}"
            them, them_url = pool.full(i), LI + pool.slug(i)
            for m in range(rng.choice((1, 2, 2, 3, 4))):
                when = datetime.combine(rand_day(rng, max(start, date(2021, 1, 1)), max(end, date(2021, 1, 2))),
                                        datetime.min.time(), tzinfo=timezone.utc) + timedelta(
                    seconds=rng.randrange(8 * 3600, 22 * 3600))
                outgoing = (m % 2 == 0) == (rng.random() < 0.5)
                frm, frm_url, to, to_url = (me, me_url, them, them_url) if outgoing else (them, them_url, me, me_url)
                folder = "INBOX" if rng.random() < 0.97 else rng.choice(("ARCHIVE", "SPAM"))
                draft = "Yes" if rng.random() < 0.01 else "No"
                w.writerow([conv, "", frm, frm_url, to, to_url, when.strftime("%Y-%m-%d %H:%M:%S UTC"),
                            "", rng.choice(("Thanks for the intro!", "Great to catch up, let's talk next week.",
                                            "Congrats on the new role", "Quick question about your "
                                            "data team,\nare you free Tuesday?")),
                            folder, draft])
                written += 1


def write_interactions(world: World, path: Path) -> int:
    """One CSV, every owner's rows, the canonical columns with an ``owner`` column."""
    pool, owners = world.pool, world.owners
    total = world.n_interactions
    rng0 = random.Random(world.seed * 7919 + 4)
    shares = [rng0.uniform(0.6, 1.4) for _ in range(world.n_owners)]
    s = sum(shares)
    counts = [int(total * x / s) for x in shares]
    counts[0] += total - sum(counts)
    spellings = [c[0] for c in CHANNELS]
    kinds = {c[0]: c[1] for c in CHANNELS}
    ch_cum = list(accumulate(c[2] for c in CHANNELS))
    written = 0
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(INTERACTIONS_HEADER)
        for j in range(world.n_owners):
            rng = random.Random(world.seed * 1_000_033 + j)
            active, cum, windows = world.relationships(j)
            net = world.networks[j]
            mates = world.teammates[j]
            owner_name = owners.full(j)
            # the log's own spelling of the owner now and then ("alex morgan", trailing space)
            for _ in range(counts[j]):
                r = rng.random()
                if r < 0.85:
                    k = min(bisect_right(cum, rng.random() * cum[-1]), len(active) - 1)
                    i = active[k]
                    day = rand_day(rng, *windows[k])
                elif r < 0.95:
                    i = net[rng.randrange(len(net))]
                    day = rand_day(rng, FIRST_DAY, LAST_DAY)
                elif r < 0.98 or not mates:
                    i = rng.randrange(pool.n)
                    day = rand_day(rng, FIRST_DAY, LAST_DAY)
                else:
                    o = rng.choice(mates)
                    day = rand_day(rng, date(2022, 1, 1), LAST_DAY)
                    w.writerow([fmt_day(rng, day), owners.full(o), owners.email(o), "", "Northwind Analytics",
                                "Account Executive", rng.choice(("meeting", "Teams", "Meeting")),
                                rng.choice(("Pipeline review", "Account planning", "1:1", "Deal review")),
                                "", owner_name, rng.choice(("30", "45", ""))])
                    written += 1
                    continue
                spelling = spellings[bisect_right(ch_cum, rng.random() * ch_cum[-1])]
                kind = kinds[spelling]
                ident = rng.random()
                email = url = ""
                name = pool.full(i)
                if ident < 0.45:
                    email = pool.email(i)
                elif ident < 0.7:
                    url = url_variant(rng, pool.url(i))
                elif ident < 0.9:
                    email, url = pool.email(i), url_variant(rng, pool.url(i))
                if rng.random() < 0.02:
                    name = name.upper() if rng.random() < 0.5 else name + ", MBA"
                direction = rng.choice(("outbound", "outbound", "inbound")) if kind in ("call", "email") else ""
                duration = ("" if kind in ("email", "message", "note") else
                            str(rng.choice((10, 15, 20, 30, 45, 60))))
                w.writerow([fmt_day(rng, day), name, email, url, pool.companies[pool.company[i]],
                            pool.title_text(i) if rng.random() < 0.7 else "", spelling,
                            rng.choice(SUBJECTS) if rng.random() < 0.9 else "", direction,
                            owner_name if rng.random() < 0.98 else owner_name.lower(), duration])
                written += 1
    return written


def write_knows(world: World, path: Path) -> int:
    pool = world.pool
    rng = random.Random(world.seed * 7919 + 5)
    members: dict[int, list[int]] = {a: [] for a in world.accounts}
    for i in range(pool.n):
        c = pool.company[i]
        if c in members:
            members[c].append(i)
    accounts = [a for a in world.accounts if members[a]]
    rel = [world.relationships(j)[0] for j in range(min(world.n_owners, 50))]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(KNOWS_HEADER)
        for _ in range(world.n_knows):
            a = rng.choice(rng.choice(rel))                     # a connector someone on the team talks to
            if rng.random() < 0.7 and accounts:
                b = rng.choice(members[rng.choice(accounts)])   # someone at a target account
            else:
                b = rng.randrange(pool.n)
            if a == b:
                continue
            by_email = rng.random() < 0.05
            last = rand_day(rng, date(2022, 1, 1), LAST_DAY) if rng.random() < 0.85 else None
            w.writerow([pool.full(a), pool.url(a), "", pool.full(b),
                        "" if by_email else pool.url(b), pool.email(b) if by_email else "",
                        pool.company_text(b), pool.title_text(b), f"{rng.uniform(0.2, 0.95):.2f}",
                        last.isoformat() if last else "", rng.choice(KNOWS_NOTES)])
    return world.n_knows


def write_accounts(world: World, path: Path) -> int:
    pool = world.pool
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "domain", "aliases"])
        for a in world.accounts:
            name = pool.companies[a]
            w.writerow([name, domain(name), f"{alias(name)};{name} Holdings|{name.upper()}"])
    return len(world.accounts)


TZ = "America/New_York"
VTIMEZONE = [
    "BEGIN:VTIMEZONE", f"TZID:{TZ}", f"X-LIC-LOCATION:{TZ}",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400", "TZNAME:EDT",
    "DTSTART:19700308T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "TZNAME:EST",
    "DTSTART:19701101T020000", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "END:STANDARD",
    "END:VTIMEZONE",
]


def fold(line: str) -> bytes:
    data = line.encode("utf-8")
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def ical_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def write_calendar(world: World, root: Path, j: int = 0) -> Path:
    """A Google Calendar export for owner *j*: single meetings with their contacts, weekly series
    with EXDATEs and a moved occurrence, cancellations, declines, rooms, alarms, all-hands."""
    pool, owners = world.pool, world.owners
    rng = random.Random(world.seed * 7919 + 6)
    me_mail = owners.email(j)
    active, cum, _ = world.relationships(j)
    folder = root / "calendar"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{me_mail}.ics"
    stamp = "20261101T091234Z"
    start_day, end_day = date(2025, 1, 6), date(2026, 12, 18)

    def att(mail: str, cn: str, partstat: str = "ACCEPTED", cutype: str = "INDIVIDUAL") -> str:
        if any(c in cn for c in ",;:"):
            cn = f'"{cn}"'
        return (f"ATTENDEE;CUTYPE={cutype};ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};CN={cn};"
                f"X-NUM-GUESTS=0:mailto:{mail}")

    def uid() -> str:
        return "".join(rng.choice("0123456789abcdefghijklmnopqrstuv") for _ in range(26)) + "@google.com"

    def when(name: str, day: date, hour: int, minute: int, utc: bool) -> str:
        if utc:
            return f"{name}:{day:%Y%m%d}T{hour:02d}{minute:02d}00Z"
        return f"{name};TZID={TZ}:{day:%Y%m%d}T{hour:02d}{minute:02d}00"

    def guests(n: int) -> list[str]:
        out = []
        for _ in range(n):
            k = min(bisect_right(cum, rng.random() * cum[-1]), len(active) - 1)
            i = active[k]
            r = rng.random()
            partstat = "ACCEPTED" if r < 0.8 else ("TENTATIVE" if r < 0.88 else
                                                   ("NEEDS-ACTION" if r < 0.95 else "DECLINED"))
            out.append(att(pool.email(i), pool.email(i) if r < 0.1 else pool.full(i), partstat))
        return out

    n_series = max(5, world.n_calendar // 70)
    n_allhands = 2
    n_single = world.n_calendar - n_series - n_allhands
    with open(path, "wb") as f:
        for line in ["BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0",
                     "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{me_mail}",
                     f"X-WR-TIMEZONE:{TZ}", *VTIMEZONE]:
            f.write(fold(line))

        def event(lines: list[str]) -> None:
            for line in lines:
                f.write(fold(line))

        me = att(me_mail, me_mail)
        for s in range(n_series):                        # weekly 1:1s and team syncs
            day = rand_day(rng, start_day, date(2026, 6, 1))
            if day.weekday() >= 5:
                day += timedelta(days=7 - day.weekday())
            hour = rng.randrange(9, 17)
            weekday = ("MO", "TU", "WE", "TH", "FR")[day.weekday()]
            count = rng.randrange(10, 60)
            u = uid()
            ex = [day + timedelta(weeks=rng.randrange(2, count)) for _ in range(rng.randrange(1, 4))]
            lines = ["BEGIN:VEVENT", when("DTSTART", day, hour, 0, False), when("DTEND", day, hour, 30, False),
                     f"RRULE:FREQ=WEEKLY;BYDAY={weekday};COUNT={count}" if s % 3 else
                     f"RRULE:FREQ=WEEKLY;BYDAY={weekday};UNTIL={(day + timedelta(weeks=count)):%Y%m%d}T000000Z"]
            lines += [when("EXDATE", d, hour, 0, False) for d in sorted(set(ex))]
            lines += [f"DTSTAMP:{stamp}", f"ORGANIZER;CN={me_mail}:mailto:{me_mail}", f"UID:{u}", me,
                      *guests(rng.choice((1, 1, 2, 3))), "CREATED:20241219T170244Z",
                      "DESCRIPTION:Standing sync: pipeline\\, forecast\\, deals that need help.",
                      "LAST-MODIFIED:20250102T101010Z", "LOCATION:", "SEQUENCE:0", "STATUS:CONFIRMED",
                      f"SUMMARY:Weekly sync {s}", "TRANSP:OPAQUE", "END:VEVENT"]
            event(lines)
            moved = day + timedelta(weeks=1)                # one occurrence moved a day later
            event(["BEGIN:VEVENT", when("DTSTART", moved + timedelta(days=1), hour, 0, False),
                   when("DTEND", moved + timedelta(days=1), hour, 30, False), f"DTSTAMP:{stamp}",
                   f"ORGANIZER;CN={me_mail}:mailto:{me_mail}", f"UID:{u}", me,
                   when("RECURRENCE-ID", moved, hour, 0, False), "SEQUENCE:1", "STATUS:CONFIRMED",
                   f"SUMMARY:Weekly sync {s} (moved)", "END:VEVENT"])
        for a in range(n_allhands):                      # monthly all-hands: big, never a conversation
            rows = [att(owners.email(o), owners.full(o)) for o in range(min(world.n_owners, 40))]
            rows += guests(30)
            rows.append(att("c_188936d1b2f8a4c05e7d3b9f6a21c4e8@resource.calendar.google.com",
                            "SEA-12-Puget Sound (60) [Zoom]", cutype="ROOM"))
            event(["BEGIN:VEVENT", when("DTSTART", date(2025, 1, 2), 12 + 2 * a, 0, False),
                   when("DTEND", date(2025, 1, 2), 13 + 2 * a, 0, False), "RRULE:FREQ=MONTHLY;BYDAY=1TH",
                   when("EXDATE", date(2025, 7, 3), 12 + 2 * a, 0, False), f"DTSTAMP:{stamp}",
                   f"ORGANIZER;CN=CEO:mailto:ceo@{NW}", f"UID:{uid()}", *rows, "STATUS:CONFIRMED",
                   f"SUMMARY:Northwind all-hands {a}", "END:VEVENT"])
        for e in range(n_single):
            day = rand_day(rng, start_day, end_day)
            hour, minute = rng.randrange(8, 18), rng.choice((0, 30))
            utc = rng.random() < 0.5
            n_guests = rng.choices((1, 2, 3, 4, 6, 12), (50, 20, 12, 8, 6, 4))[0]
            lines = ["BEGIN:VEVENT", when("DTSTART", day, hour, minute, utc),
                     when("DTEND", day, hour + 1, minute, utc), f"DTSTAMP:{stamp}"]
            rows = [me, *guests(n_guests)]
            if rng.random() < 0.1:
                rows.append(att("c_1889e04a7c3b5d2f91a6e8b4c7d0f3a2@resource.calendar.google.com",
                                "HQ-3-Boardroom (12)", cutype="RESOURCE"))
            if rng.random() < 0.05:
                rows.append(att(f"new.guest{e}@unknown{e % 50}.example", f"Guest {e}"))
            lines += [f"ORGANIZER;CN={me_mail}:mailto:{me_mail}", f"UID:{uid()}", *rows,
                      f"CREATED:{(day - timedelta(days=10)):%Y%m%d}T120000Z",
                      "DESCRIPTION:" + ical_text(rng.choice(("Agenda:\n1. Recap\n2. Next steps", "",
                                                             "Join with Google Meet: https://meet.google.com/"
                                                             "abc-defg-hij"))),
                      f"LAST-MODIFIED:{(day - timedelta(days=3)):%Y%m%d}T120000Z", "SEQUENCE:0",
                      "STATUS:" + ("CANCELLED" if rng.random() < 0.03 else "CONFIRMED"),
                      "SUMMARY:" + ical_text(rng.choice(SUBJECTS)), "TRANSP:OPAQUE"]
            if rng.random() < 0.1:
                lines += ["BEGIN:VALARM", "ACTION:EMAIL", "DESCRIPTION:This is an event reminder",
                          "SUMMARY:Alarm notification", f"ATTENDEE:mailto:{me_mail}", "TRIGGER:-P0DT0H30M0S",
                          "END:VALARM"]
            lines.append("END:VEVENT")
            event(lines)
        f.write(fold("END:VCALENDAR"))
    return path


# --- main ----------------------------------------------------------------------------------------

def choose_accounts(world: World) -> list[dict]:
    """Accounts for the path queries: the biggest, a middling and a small one (by people there)."""
    counts: dict[int, int] = {a: 0 for a in world.accounts}
    for i in range(world.pool.n):
        c = world.pool.company[i]
        if c in counts:
            counts[c] += 1
    ranked = sorted((n, a) for a, n in counts.items() if n >= 3)
    picks = [ranked[-1], ranked[len(ranked) // 2], ranked[len(ranked) // 10]]
    out, seen = [], set()
    for n, a in picks:
        if a not in seen:
            seen.add(a)
            out.append({"name": world.pool.companies[a], "people_in_pool": n})
    return out


def human(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{n} B"
        n /= 1024
    return str(n)


def generate(kind: str, out: Path, seed: int = 1, scale: float = 1.0, calendar: bool | None = None,
             log=print, knows: int | None = None) -> dict:
    t0 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    world = World(kind, seed, scale, knows)
    if calendar is None:
        calendar = kind == "seller"
    log(f"{kind} world, seed {seed}, scale {scale}: {world.n_owners} owner(s) × {world.per_owner} connections, "
        f"pool {world.pool_n}, {world.n_interactions} interactions, {len(world.accounts)} accounts")
    dirs = []
    for j in range(world.n_owners):
        dirs.append(str(write_linkedin(world, j, out)))
    files = {"linkedin": dirs}
    files["interactions"] = str(out / "interactions.csv")
    rows = write_interactions(world, out / "interactions.csv")
    files["knows"] = str(out / "knows.csv")
    write_knows(world, out / "knows.csv")
    files["accounts"] = str(out / "accounts.csv")
    write_accounts(world, out / "accounts.csv")
    if calendar:
        files["calendar"] = str(write_calendar(world, out))
    manifest = {
        "world": kind, "seed": seed, "scale": scale, "as_of": AS_OF.isoformat(),
        "owners": [world.owners.full(j) for j in range(world.n_owners)],
        "default_owner": world.owners.full(0),
        "calendar_owner": world.owners.full(0),
        "counts": {"owners": world.n_owners, "connections_per_owner": world.per_owner, "pool": world.pool_n,
                   "interactions": rows, "knows": world.n_knows, "accounts": len(world.accounts),
                   "calendar_events": world.n_calendar if calendar else 0,
                   "messages_per_owner": world.n_messages},
        "query_accounts": choose_accounts(world),
        "files": files,
    }
    sizes = {}
    for name, value in files.items():
        paths = value if isinstance(value, list) else [value]
        total = 0
        for p in paths:
            p = Path(p)
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) if p.is_dir() else p.stat().st_size
        sizes[name] = total
    manifest["sizes"] = sizes
    manifest["generate_seconds"] = round(time.perf_counter() - t0, 2)
    (out / "world.json").write_text(json.dumps(manifest, indent=2) + "\n")
    for name, size in sizes.items():
        n = len(files[name]) if isinstance(files[name], list) else 1
        log(f"  {name:<13} {human(size):>10}  ({n} file{'s' if n > 1 else ''}{' / folders' if name == 'linkedin' else ''})")
    log(f"  total         {human(sum(sizes.values())):>10}  in {manifest['generate_seconds']} s -> {out}")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("world", choices=sorted(WORLDS))
    ap.add_argument("out", nargs="?", help="output folder (default /tmp/refgraph-bench/WORLD-sSCALE)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=float, default=1.0)
    cal = ap.add_mutually_exclusive_group()
    cal.add_argument("--calendar", dest="calendar", action="store_true", default=None,
                     help="write the 20,000-event calendar (default for seller)")
    cal.add_argument("--no-calendar", dest="calendar", action="store_false")
    ap.add_argument("--knows", type=int, default=None, metavar="N",
                    help="rows of knows.csv (default: the world's, scaled); e.g. 150000 for people who "
                         "know many others")
    args = ap.parse_args(argv)
    out = Path(args.out or f"/tmp/refgraph-bench/{args.world}-s{args.scale:g}")
    repo = Path(__file__).resolve().parent.parent
    if repo in out.resolve().parents or out.resolve() == repo:
        ap.error("generated data never goes into the repository: pick a folder outside it")
    generate(args.world, out, seed=args.seed, scale=args.scale, calendar=args.calendar, knows=args.knows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
