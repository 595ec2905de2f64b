"""Who a record names, and the people rows an import writes (the first half of the import writer).

The writer keeps what it read of the store's people (nothing else writes during the transaction, so
it stays true) and writes new people, their identifiers and jobs in bulk.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date

from ..identity import company_key, name_from_address, name_key
from ..records import PersonRecord, Summary

_AMBIGUOUS = object()   # what a record resolves to when several people share its name
_MISSING = object()
_PERSON_COLUMNS = ("name", "name_key", "credentials", "company", "title", "company_seen")
_KEPT = 300_000   # identifiers an import keeps in memory at most (then it reads them again)
_KINDS = ("linkedin", "email", "phone")
_UNDATED = date.min.isoformat()   # what an import of a file with no date has seen (a call log)


@dataclass
class _Run:
    """What one import (one batch) did so far: its summary, what it resolved and what became of its
    rows (see :class:`~refgraph.records.Summary`)."""

    summary: Summary | None = None
    seen: str = ""             # the export's date (ISO): what it says of jobs holds from then on
    source: str = ""
    unique_keys: bool = False   # its interaction keys are unique: no need to remember them
    distinct_emails: bool = False   # an address book: a namesake with other addresses is someone else
    export_owner: int | None = None   # the owner whose own export this is (a namesake in it is not them)
    new_owners: set[str] = field(default_factory=set)   # name keys of owners close to another's, not typos
    cache: dict = field(default_factory=dict)   # record key -> the person it resolved to
    authoritative_seen: set[int] = field(default_factory=set)
    created: set[int] = field(default_factory=set)
    updated: set[int] = field(default_factory=set)
    # what rows named so far ("p", person), ("k", tie key), ("a", account) and interaction keys
    # (seen_keys), so a later row naming the same is merged; how the last resolve went; outcomes of
    # rows several records share (by row)
    reached: set = field(default_factory=set)
    resolved_as: str = "unchanged"
    row_outcomes: dict[int, tuple[int, str | None]] = field(default_factory=dict)
    new_ties: set[str] = field(default_factory=set)
    knows_rows: dict[str, tuple] = field(default_factory=dict)   # knows rows read or written, by key
    updated_ties: set[str] = field(default_factory=set)
    new_accounts: set[int] = field(default_factory=set)
    updated_accounts: set[int] = field(default_factory=set)
    seen_keys: set[str] = field(default_factory=set)   # interaction keys rows named (not of unique-key batches)


class _People:
    """The people half of the import writer: resolution (:meth:`resolve`, :meth:`match`) over what it
    keeps of the store's people, and the new people rows it writes in bulk (:meth:`flush_people`)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.run = _Run()   # the current import's (see _Writer.begin)
        # what the store says, read once and kept up to date by this writer (nothing else writes
        # during the transaction): identifier -> person, name key -> people, who has a LinkedIn URL,
        # where merged people went
        self.ids: dict[str, dict[str, int | None]] = {kind: {} for kind in _KINDS}   # kind -> value -> person
        self.named: dict[str, list[int]] = {}
        self.has_linkedin: dict[int, bool] = {}
        # complete: ids, named and has_linkedin hold the whole store (read at once by preload): what
        # they lack, the store lacks
        self.complete = False
        self.merged: dict[int, int] | None = None   # merged person -> whom into (read once: few)
        self.people: dict[int, dict] = {}   # person -> the people columns imports read and write
        self.read: dict[int, list] = {}   # person -> those columns as preload read them (on a server)
        # new people, their identifiers and jobs are written in bulk (flush_people): their ids are
        # given here, as SQLite would give them
        self.next_person = (self.conn.execute("SELECT max(id) FROM people").fetchone()[0] or 0) + 1
        self.new_people: list[tuple] = []
        self.new_ids: list[tuple[str, str, int]] = []
        self.new_jobs: list[tuple] = []
        self.seen_again: list[tuple[str, int]] = []   # (export date, person) an export confirmed as they were
        self.pending: dict[int, int] = {}   # people not written yet -> their row in new_people

    def position(self, person_id: int, job) -> None:
        start = job.start.isoformat() if job.start else None
        end = job.end.isoformat() if job.end else None
        self._settle(person_id)
        exists = self.conn.execute(
            """SELECT 1 FROM employment WHERE person_id = ? AND company = ? AND coalesce(title, '') = ?
               AND coalesce(start, '') = ?""", (person_id, job.company, job.title or "", start or "")).fetchone()
        if exists:
            return
        self.conn.execute('INSERT INTO employment (person_id, company, title, start, "end", source) '
                          "VALUES (?,?,?,?,?,?)", (person_id, job.company, job.title, start, end, self.run.source))
        if end is None:
            self.conn.execute("UPDATE people SET company = ?, company_key = ?, title = ?, company_seen = ? "
                              "WHERE id = ?",
                              (job.company, company_key(job.company), job.title, self.run.seen, person_id))
            self.people.pop(person_id, None)
            self.read.pop(person_id, None)

    def resolve(self, rec: PersonRecord):
        key = rec.key
        pid = self.run.cache.get(key, _MISSING)
        if pid is not _MISSING:
            return pid
        pid = self.match(rec)
        self.run.resolved_as = "unchanged"
        if pid is None and rec.name:
            pid = self._create(rec)
            self.run.resolved_as = "new"
        elif pid is not _AMBIGUOUS and pid is not None:
            if self._update(pid, rec):
                self.run.resolved_as = "updated"
        self.run.cache[key] = pid
        return pid

    def match(self, rec: PersonRecord):
        """The id of the person *rec* names: by LinkedIn URL, then email, then a unique name.

        Returns an id, ``None`` (nobody yet) or the ``_AMBIGUOUS`` marker (several people share
        the name and the record has no URL or email to tell them apart).
        """
        if rec.linkedin:
            found = self.identifier("linkedin", rec.linkedin)
            if found is not None:
                return found
        for email in rec.emails:
            found = self.identifier("email", email)
            if found is not None:
                return found
        if not rec.name:
            return None
        key = name_key(rec.name)
        if "@" in rec.name:   # a calendar guest known only by address: "hugo.zhou@…" may be Hugo Zhou
            key = name_from_address(rec.name.strip().lower()) or key
        # merged or renamed people still answer to their old names, on behalf of the person they
        # became, when no one has that name now
        named = self._named(key)
        if named:
            self.follow(named[0])   # (the pointers read: self.merged)
        current = [pid for pid in named if pid not in self.merged] if named else []
        candidates = sorted(set(current) or {self.follow(pid) for pid in named})
        if rec.linkedin:  # someone with a different profile URL is someone else
            candidates = [c for c in candidates if not self.linkedin_of(c)]
        if self.run.export_owner in candidates:   # (a namesake in the owner's own export)
            candidates.remove(self.run.export_owner)
        if rec.emails and candidates and self.run.distinct_emails:
            # an address book: a namesake with other addresses is someone else, unless a phone joins them
            candidates = [c for c in candidates if self._may_be(c, rec)]
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1 and not (rec.linkedin or rec.emails):
            return _AMBIGUOUS
        return None

    def identifier(self, kind: str, value: str) -> int | None:
        """The (surviving) person with this identifier, or ``None``."""
        pid = self.ids[kind].get(value, _MISSING)
        if pid is _MISSING:
            pid = self._read_identifier(kind, value)
        return None if pid is None else self.follow(pid)

    def _read_identifier(self, kind: str, value: str) -> int | None:
        """Who has an identifier the writer has not kept (not followed through merges)."""
        if self.complete:
            return None
        if sum(map(len, self.ids.values())) >= _KEPT:
            self.forget()
        row = self.conn.execute("SELECT person_id FROM identifiers WHERE kind = ? AND value = ?",
                                (kind, value)).fetchone()
        pid = self.ids[kind][value] = row[0] if row else None
        return pid

    def _named(self, key: str) -> list[int]:
        """The people whose name key is *key* (kept from now on, and kept up to date)."""
        named = self.named.get(key)
        if named is None:
            named = self.named[key] = [] if self.complete else [
                r[0] for r in self.conn.execute("SELECT id FROM people WHERE name_key = ?", (key,))]
        return named

    def preload(self) -> None:
        """Read every identifier and name of the store at once: from now on, what the writer has
        not kept, the store does not have (a big import looks people up without a query each)."""
        self.flush_people()
        c = self.conn
        self.ids = {kind: dict(c.execute("SELECT value, person_id FROM identifiers WHERE kind = ?", (kind,)))
                    for kind in _KINDS}
        self.has_linkedin = dict.fromkeys(self.ids["linkedin"].values(), True)
        named: dict[str, list[int]] = {}
        # on a server, each person the import then reads (person()) would be a round trip of its own:
        # their columns come in the same scan (on SQLite a lookup by id costs less than keeping them)
        remote = getattr(c, "engine", "sqlite") != "sqlite"
        rows = c.execute(f"SELECT name_key, id{', ' + ', '.join(_PERSON_COLUMNS) if remote else ''} FROM people")
        for key, pid, *columns in rows:
            found = named.get(key)
            if found is None:
                named[key] = [pid]
            else:
                found.append(pid)
            if remote:
                self.read[pid] = columns
        self.named = named
        self.complete = True

    def forget(self) -> None:
        """Drop what was kept of the store (it is all written: the next reads see it): a big import
        keeps its memory bounded."""
        self.flush_people()
        for kept in (*self.ids.values(), self.named, self.has_linkedin, self.people, self.read):
            kept.clear()

    def follow(self, pid: int) -> int:
        """The surviving person after merges."""
        if self.merged is None:
            self.merged = dict(self.conn.execute("SELECT id, merged_into FROM people WHERE merged_into IS NOT NULL"))
        while pid in self.merged:
            pid = self.merged[pid]
        return pid

    def _may_be(self, pid: int, rec: PersonRecord) -> bool:
        """Whether *rec* (with addresses, none of them *pid*'s) may still be *pid*: *pid* has no
        address, or shares a phone with it."""
        self.flush_people()   # (identifiers added in this import are read from the store too)
        found: dict[str, set[str]] = {"email": set(), "phone": set()}
        for kind, value in self.conn.execute("SELECT kind, value FROM identifiers WHERE person_id = ? "
                                             "AND kind IN ('email', 'phone')", (pid,)):
            found[kind].add(value)
        return not found["email"] or bool(found["phone"] & set(rec.phones))

    def linkedin_of(self, pid: int) -> bool:
        """Whether the person has a LinkedIn URL."""
        has = self.has_linkedin.get(pid)
        if has is None:
            if self.complete:
                return False
            has = self.has_linkedin[pid] = self.conn.execute(
                "SELECT 1 FROM identifiers WHERE person_id = ? AND kind = 'linkedin'", (pid,)).fetchone() is not None
        return has

    def _create(self, rec: PersonRecord) -> int:
        pid = self.next_person
        self.next_person += 1
        key, company, title = name_key(rec.name), rec.company or None, rec.title or None
        # as of when the company is known: an export's row says it, even when it names none (an
        # older export's job must not become this person's current one)
        seen = self.run.seen if company or rec.authoritative else None
        self.pending[pid] = len(self.new_people)
        self.new_people.append((pid, rec.name, key, rec.credentials, company,
                                company_key(company) if company else None, title, seen))
        self.people[pid] = {"name": rec.name, "name_key": key, "credentials": rec.credentials,
                            "company": company, "title": title, "company_seen": seen}
        self.has_linkedin[pid] = False
        self._named(key).append(pid)
        if company:
            self.new_jobs.append((pid, company, title, None, None, self.run.source))
        if rec.linkedin:
            self._add_identifier(pid, "linkedin", rec.linkedin)
        for email in rec.emails:
            self._add_identifier(pid, "email", email)
        for phone in rec.phones:
            self._add_identifier(pid, "phone", phone)
        self.run.created.add(pid)
        if rec.authoritative:
            self.run.authoritative_seen.add(pid)
        self.run.summary.new_people += 1
        return pid

    def _add_identifier(self, pid: int, kind: str, value: str) -> bool:
        kept = self.ids[kind]
        has = kept.get(value, _MISSING)
        if has is _MISSING:
            has = self._read_identifier(kind, value)
        if has is not None:   # someone has it already
            return False
        self.new_ids.append((kind, value, pid))
        kept[value] = pid
        if kind == "linkedin":
            self.has_linkedin[pid] = True
        return True

    def flush_people(self) -> None:
        """Write the new people, identifiers and jobs kept so far (before anything reads or
        changes them in SQL)."""
        if self.new_people:
            self.conn.executemany("INSERT INTO people (id, name, name_key, credentials, company, company_key, "
                                  "title, company_seen) VALUES (?,?,?,?,?,?,?,?)", self.new_people)
            self.new_people = []
        if self.new_ids:
            self.new_ids.sort()   # in key order: appending to a B-tree is cheaper than inserting all over it
            self.conn.executemany("INSERT INTO identifiers (kind, value, person_id) VALUES (?,?,?)", self.new_ids)
            self.new_ids = []
        if self.new_jobs:
            self.conn.executemany('INSERT INTO employment (person_id, company, title, start, "end", source) '
                                  "VALUES (?,?,?,?,?,?)", self.new_jobs)
            self.new_jobs = []
        if self.seen_again:
            self.conn.executemany("UPDATE people SET company_seen = ? WHERE id = ?", self.seen_again)
            self.seen_again = []
        self.pending.clear()

    def _settle(self, pid: int) -> None:
        """Before SQL reads or changes a person's rows: write them if they are only kept so far."""
        if pid in self.pending:
            self.flush_people()

    def _mark_updated(self, pid: int) -> None:
        if pid not in self.run.created and pid not in self.run.updated:
            self.run.updated.add(pid)
            self.run.summary.updated_people += 1

    def person(self, pid: int) -> dict:
        """The person's name, name key, credentials, company, title and company_seen."""
        row = self.people.get(pid)
        if row is None:
            found = self.read.pop(pid, None)   # (read by preload, not changed since: see position)
            if found is None:
                found = self.conn.execute(f"SELECT {', '.join(_PERSON_COLUMNS)} FROM people WHERE id = ?",
                                          (pid,)).fetchone()
            row = self.people[pid] = dict(zip(_PERSON_COLUMNS, found))
        return row

    def _update(self, pid: int, rec: PersonRecord) -> bool:
        """Add what *rec* says that the person lacks; whether anything changed."""
        row = self.person(pid)
        changed = False
        if rec.linkedin and not self.linkedin_of(pid):
            changed |= self._add_identifier(pid, "linkedin", rec.linkedin)
        for email in rec.emails:
            changed |= self._add_identifier(pid, "email", email)
        for phone in rec.phones:
            changed |= self._add_identifier(pid, "phone", phone)
        if rec.credentials and not row["credentials"]:
            at = self.pending.get(pid)
            if at is None:
                self.conn.execute("UPDATE people SET credentials = ? WHERE id = ?", (rec.credentials, pid))
            else:   # not written yet: its row to write changes (no flush of every new person for it)
                new = self.new_people[at]
                self.new_people[at] = (*new[:3], rec.credentials, *new[4:])
            row["credentials"] = rec.credentials
            changed = True
        # one authoritative record per person and import: after a merge, the two profiles' rows of
        # one export must not overwrite each other (the first row wins, every time)
        authoritative = rec.authoritative and pid not in self.run.authoritative_seen
        if rec.authoritative:
            self.run.authoritative_seen.add(pid)
        if authoritative and rec.name and rec.name != row["name"] and (row["company_seen"] or "") <= self.run.seen:
            self._settle(pid)
            # as of this export (an older one's spelling must not come back over it)
            self.conn.execute("UPDATE people SET name = ?, name_key = ?, company_seen = ? WHERE id = ?",
                              (rec.name, name_key(rec.name), self.run.seen, pid))
            row["company_seen"] = self.run.seen
            if pid in self.named.get(row["name_key"], ()):
                self.named[row["name_key"]].remove(pid)
            self._former_name(pid, row["name"], row["name_key"])
            if name_key(rec.name) in self.named or self.complete:   # (else read from the store when asked)
                self.named.setdefault(name_key(rec.name), []).append(pid)
            row["name"], row["name_key"] = rec.name, name_key(rec.name)
            changed = True
        company, title = rec.company or None, rec.title or None
        newer = (row["company_seen"] or "") <= self.run.seen   # as new as what set the company (or no older)
        if authoritative and newer:
            if (company, title) != (row["company"], row["title"]):
                self._job_change(pid, row, company, title)
                changed = True
            elif (row["company_seen"] or "") < self.run.seen:
                # the same, as of this newer export: an older one's job or name is not their current one
                # (written with the new people, in one statement)
                self.seen_again.append((self.run.seen, pid))
                row["company_seen"] = self.run.seen
        elif company and not row["company"] and not rec.authoritative and (newer or self.run.seen == _UNDATED):
            # a company the person lacks, from a file of no date (a call log) or not older than the
            # export that showed them with none
            self._job_change(pid, row, company, title)
            changed = True
        if changed:
            self._mark_updated(pid)
        return changed

    def _former_name(self, pid: int, name: str, key: str) -> None:
        """Keep answering to *name* on behalf of *pid* (renamed by a newer export): a row that points
        to them, as a merge leaves one (an older file or a log that spells it so is still them)."""
        self.follow(pid)   # (the merges' pointers read, once: self.merged)
        if any(self.follow(other) == pid for other in self._named(key)):
            return   # (a pointer of that name already, or a renaming back)
        stub = self.next_person
        self.next_person += 1
        self.conn.execute("INSERT INTO people (id, name, name_key, merged_into) VALUES (?, ?, ?, ?)",
                          (stub, name, key, pid))
        self.merged[stub] = pid   # (read by the follow above)
        self._named(key).append(stub)

    def _job_change(self, pid: int, row, company: str | None, title: str | None) -> None:
        """Close the current job at the export date and open the new one (history is kept)."""
        moved = bool(row["company"]) and company_key(row["company"] or "") != company_key(company or "")
        self._settle(pid)
        if row["company"]:
            self.conn.execute("""UPDATE employment SET "end" = ? WHERE person_id = ? AND "end" IS NULL""",
                              (self.run.seen, pid))
        if company:
            self.conn.execute('INSERT INTO employment (person_id, company, title, start, "end", source) '
                              "VALUES (?,?,?,?,NULL,?)",
                              (pid, company, title, self.run.seen if row["company"] else None, self.run.source))
        self.conn.execute("UPDATE people SET company = ?, company_key = ?, title = ?, company_seen = ? WHERE id = ?",
                          (company, company_key(company) if company else None, title, self.run.seen, pid))
        row["company"], row["title"], row["company_seen"] = company, title, self.run.seen
        if moved:
            self.run.summary.job_changes += 1
