"""Plain records that importers produce and :meth:`refgraph.store.Store.apply` writes.

Parsing a file never touches the store: a whole file is read into one :class:`Batch` first, so a bad
row fails before anything is written — or, for a big call log, streamed into the one transaction
that writes it, so a bad row rolls everything back.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date


# Every channel an interaction can have (conversations first); importers map their synonyms to these
CHANNELS = ("meeting", "video", "call", "email", "message", "invitation", "recommendation",
            "endorsement", "connection", "note")


@dataclass(frozen=True, slots=True)   # a big import keeps hundreds of thousands: slots halve their size
class PersonRecord:
    """A mention of a person in a file. ``authoritative`` records (a Connections.csv row) set the
    current job; others only fill blanks."""

    name: str
    linkedin: str | None = None
    emails: tuple[str, ...] = ()
    company: str | None = None
    title: str | None = None
    credentials: str = ""
    authoritative: bool = False
    phones: tuple[str, ...] = ()   # E.164-ish digits with a leading + when known

    @property
    def key(self):
        return (self.linkedin, self.emails, self.name, self.company, self.title, self.authoritative, self.phones)


# A big import makes millions, one at a time: __init__ fills the instance dict in one step (the frozen
# dataclass __init__ sets each field through object.__setattr__, a good deal slower).
@dataclass(frozen=True, init=False)
class InteractionRecord:
    people: tuple[PersonRecord, ...]
    day: date
    stamp: str
    channel: str
    key: str                      # stable source-row key: the same event always gives the same key
    direction: str | None = None  # "inbound", "outbound" or None
    subject: str | None = None
    source: str = ""
    duration_minutes: float | None = None
    owner: str | None = None      # the row's own owner (an ``owner`` column); else the batch's
    attendees: int | None = None  # meetings: everyone who attended, the owner included
    row: int | None = None        # the source row, when several records come from one (a series'
    #                               occurrences): the summary counts that row once; else one row each

    def __init__(self, people: tuple[PersonRecord, ...], day: date, stamp: str, channel: str, key: str,
                 direction: str | None = None, subject: str | None = None, source: str = "",
                 duration_minutes: float | None = None, owner: str | None = None, attendees: int | None = None,
                 row: int | None = None):
        self.__dict__.update(people=people, day=day, stamp=stamp, channel=channel, key=key, direction=direction,
                             subject=subject, source=source, duration_minutes=duration_minutes, owner=owner,
                             attendees=attendees, row=row)


@dataclass(frozen=True)
class Employment:
    company: str
    title: str | None
    start: date | None
    end: date | None


@dataclass(frozen=True)
class KnowsRecord:
    """Evidence from a knows file that two people know each other."""

    person: PersonRecord
    knows: PersonRecord
    strength: float | None = None
    last_contact: date | None = None
    note: str | None = None
    row: int | None = None


@dataclass(frozen=True)
class AccountRecord:
    name: str
    domains: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    reason: str | None = None           # the business reason for an introduction there


@dataclass
class Batch:
    """Everything one import wants to write."""

    kind: str
    source: str
    owner_name: str | None = None
    owner_linkedin: str | None = None
    owner_confirmed: bool = False        # the file itself names owner_name as its owner (LinkedIn's Profile.csv)
    owner_emails: tuple[str, ...] = ()   # addresses that may be the owner's (a calendar's own address first)
    owner_email_named: bool = False      # the first is the calendar's own (its name, its file), not an organizer
    owner_attends: bool = False          # keep only events the owner is part of (calendars: not subscribed ones)
    owner_positions: list[Employment] = field(default_factory=list)
    export_date: date | None = None
    people: list[PersonRecord] = field(default_factory=list)
    interactions: list[InteractionRecord] = field(default_factory=list)   # or an iterator (streamed)
    knows: list[KnowsRecord] = field(default_factory=list)
    accounts: list[AccountRecord] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)    # rows read and not imported, by reason (one each)
    left_out: Counter = field(default_factory=Counter)   # what imported rows had and lost (a cell), by reason
    rows: int = 0
    expected: int | None = None          # streamed interactions: about how many (for progress)
    unique_keys: bool = False            # no two interactions share a key (except connections)
    distinct_emails: bool = False        # people of one name and other addresses are others (address books)


@dataclass
class Summary:
    """What one import changed, and what became of every row it read: each row is counted once, as
    ``new`` (it made a person, tie, account or interaction), ``updated`` (it added to one the store
    had), ``merged`` (it named the same one as an earlier row of the import), ``unchanged`` (the store
    had it all: a re-import) or skipped with a reason, so ``rows`` is their sum.

    For people files (contacts, Connections.csv, knows, accounts) a row is a person, tie or account
    row; for interaction files (messages, call logs, calendars) an interaction row.
    """

    kind: str
    source: str
    owner: str | None = None
    new_people: int = 0
    updated_people: int = 0
    job_changes: int = 0
    new_interactions: int = 0
    new_knows: int = 0
    updated_knows: int = 0
    new_accounts: int = 0
    updated_accounts: int = 0
    skipped: Counter = field(default_factory=Counter)    # rows skipped, by reason
    new_rows: int = 0
    updated_rows: int = 0
    merged: int = 0
    unchanged: int = 0
    left_out: Counter = field(default_factory=Counter)   # parts of imported rows left out, by reason

    _COUNTS = ("new_people", "updated_people", "job_changes", "new_interactions", "new_knows", "updated_knows",
               "new_accounts", "updated_accounts")

    @property
    def changed(self) -> bool:
        return any(getattr(self, name) for name in self._COUNTS)

    @property
    def rows(self) -> int:
        """Rows read: new + updated + merged + unchanged + skipped."""
        return self.new_rows + self.updated_rows + self.merged + self.unchanged + sum(self.skipped.values())

    def line(self) -> str:
        """The one summary line an import ends with: what changed, then what became of the rows
        read (``12 rows: 9 new, 1 merged, 2 skipped (blank rows 2)``)."""
        head = f"Imported {self.kind} from {self.source}"
        if self.owner:
            head += f" for {self.owner}"
        if not self.changed:
            body = "0 new"
        else:
            other = self.new_knows or self.updated_knows or self.new_accounts or self.updated_accounts
            parts = []
            if self.new_people or self.updated_people or self.job_changes or self.new_interactions or not other:
                parts += [f"{self.new_people} new people", f"{self.updated_people} updated",
                          f"{self.job_changes} job changes", f"{self.new_interactions} new interactions"]
            if self.new_knows or self.updated_knows:
                parts.append(f"{self.new_knows} new knows ties, {self.updated_knows} updated")
            if self.new_accounts or self.updated_accounts:
                parts.append(f"{self.new_accounts} new accounts, {self.updated_accounts} updated")
            body = ", ".join(parts)
        rows = self.rows
        buckets = [f"{n} {what}" for n, what in ((self.new_rows, "new"), (self.updated_rows, "updated"),
                                                 (self.merged, "merged"), (self.unchanged, "unchanged")) if n]
        skipped = _reasons(self.skipped)
        if skipped:
            buckets.append(f"{sum(self.skipped.values())} skipped ({skipped})")
        line = f"{head}: {body}; {rows} row{'' if rows == 1 else 's'}" + (f": {', '.join(buckets)}" if buckets else "")
        left_out = _reasons(self.left_out)
        return line + (f"; left out: {left_out}" if left_out else "")

    def as_dict(self) -> dict:
        return {"kind": self.kind, "source": self.source, "owner": self.owner,
                "new_people": self.new_people, "updated_people": self.updated_people,
                **{name: getattr(self, name) for name in self._COUNTS[2:]},
                "skipped": dict(sorted((k, v) for k, v in self.skipped.items() if v)),
                "rows": self.rows, "new_rows": self.new_rows, "updated_rows": self.updated_rows,
                "merged": self.merged, "unchanged": self.unchanged,
                "left_out": dict(sorted((k, v) for k, v in self.left_out.items() if v))}


def _reasons(counts: Counter) -> str:
    """``blank rows 2, open tasks 1``: the reasons with a count, in alphabetical order."""
    return ", ".join(f"{reason} {n}" for reason, n in sorted(counts.items(), key=lambda x: x[0].lower()) if n)
