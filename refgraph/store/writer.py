"""The import writer: what :meth:`refgraph.store.Store.apply` keeps while it writes one transaction.

For the whole transaction: the source keys each owner's interactions have, the buffered
interactions and connections, and who they touch (whose kept aggregates change). Per import: the
counters of its :class:`~refgraph.records.Summary`. Who a record names is :mod:`.people`'s.
"""
from __future__ import annotations

from collections import Counter
from datetime import date

from ..errors import RefgraphError
from ..identity import company_key, name_key, normalise_domain, normalise_email
from ..records import Batch, InteractionRecord, PersonRecord, Summary
from . import people as people_module   # (its _KEPT read when used: tests change it)
from .aggregates import THREAD_MAX_PEOPLE
from .people import _AMBIGUOUS, _MISSING, _People, _Run
from .schema import write_connections

# An import that will look up at least this many people per person in the store reads all
# identifiers and names at once (one scan) instead of one person at a time
_PRELOAD_RATIO = 0.5
KNOWS_CHUNK = 2000   # knows rows written at once (their stored rows read in one statement)
# what becomes of a row read (Summary), in the order a row of several records takes the first of
_OUTCOMES = ("new", "updated", "unchanged", "merged", "skipped")
_OUTCOME_FIELDS = {"new": "new_rows", "updated": "updated_rows", "merged": "merged", "unchanged": "unchanged"}


class _Writer(_People):
    """The state of :meth:`Store.apply`: buffered interactions and the source keys each owner has
    (for the whole transaction), and per import (:meth:`apply`, :attr:`run`) the resolution cache
    and counters."""

    def __init__(self, store):
        super().__init__(store.conn)
        self.store = store
        # meetings of at most this many people make ties (the kept aggregates' parameter)
        self.tie_max_attendees = int(store.kept.knows_max_attendees)
        self.known: dict[tuple[int, str], set[str]] = {}   # (owner, key prefix) -> source keys stored
        self.volume = 0   # records this writer was given so far
        self.stored_people = self.conn.execute("SELECT count(*) FROM people").fetchone()[0]
        # buffered interactions (ids given here, as SQLite would give them), their people, and new
        # connections: written by flush
        self.next_id = (self.conn.execute("SELECT max(id) FROM interactions").fetchone()[0] or 0) + 1
        self.days: dict = {}   # date -> its ISO text (made once per day)
        self.rows: list[tuple] = []
        self.links: list[tuple[int, int]] = []
        # connections to write, one a pair: pairs the store does not hold yet, and pairs it holds
        # with a later day (the connections table's rows)
        self.conns: dict[tuple[int, int], tuple] = {}
        self.earlier: dict[tuple[int, int], tuple] = {}
        self.connected: dict[int, dict[int, str]] = {}   # owner -> person they are connected to -> since
        self.shared: list[int] = []   # people of buffered interactions with others
        self.touched: set[int] = set()   # people with new interactions: their kept aggregates change
        self.tied: set[int] = set()      # people with new interactions shared with others: their ties change

    def begin(self, summary: Summary, seen: str, source: str, unique_keys: bool = False,
              distinct_emails: bool = False) -> None:
        """Start one import: nothing resolved yet, nothing counted."""
        self.run = _Run(summary, seen, source, unique_keys, distinct_emails)

    def count_row(self, outcome: str, reason: str | None = None, row: int | None = None) -> None:
        """Count one row as new, updated, merged, unchanged or skipped (with *reason*). Records of one
        *row* (a series' occurrences) make one row: new if any is, else updated, unchanged, merged,
        skipped (the first reason)."""
        if row is not None:
            rank = _OUTCOMES.index(outcome)
            had = self.run.row_outcomes.get(row)
            if had is None or rank < had[0]:
                self.run.row_outcomes[row] = (rank, reason)
            return
        if outcome == "skipped":
            self.run.summary.skipped[reason] += 1
        else:
            field = _OUTCOME_FIELDS[outcome]
            setattr(self.run.summary, field, getattr(self.run.summary, field) + 1)

    def person_row(self, pid) -> None:
        """Count a row of a people file (contacts) that resolved to *pid*: new, updated (it added to
        someone the store had before), merged (someone an earlier row named) or unchanged."""
        if pid is _AMBIGUOUS:
            self.count_row("skipped", "ambiguous name")
        elif pid is None:
            self.count_row("skipped", "rows naming nobody")
        else:
            self.count_row(self._outcome(("p", pid), self.run.resolved_as == "new",
                                         self.run.resolved_as == "updated" and pid not in self.run.created))

    def _outcome(self, entity, new: bool, updated: bool) -> str:
        """What became of a row that made (*new*) or named *entity*: a row adding to what the store
        had before the import is updated, else one naming what an earlier row named is merged."""
        merged = entity in self.run.reached
        self.run.reached.add(entity)
        return "new" if new else "updated" if updated else "merged" if merged else "unchanged"

    def apply(self, batch: Batch, owner: str | None, progress, new_owners=()) -> Summary:
        """Write one parsed import (inside the caller's transaction) and say what changed."""
        streamed = not isinstance(batch.interactions, list)
        self.volume += len(batch.people) + len(batch.knows) + ((batch.expected or 0) if streamed
                                                               else len(batch.interactions))
        if not self.complete and self.volume >= _PRELOAD_RATIO * self.stored_people:
            self.preload()
        try:
            return self._apply(batch, owner, progress, new_owners)
        except RefgraphError:
            if streamed:   # a bad row further down the file is the error to report, as when read whole
                for _ in batch.interactions:
                    pass
            raise

    def _apply(self, batch: Batch, owner: str | None, progress, new_owners=()) -> Summary:
        store = self.store
        owner_name = owner or batch.owner_name
        if not owner_name and batch.owner_emails:
            owner_name = self.owner_by_email(batch)
        summary = Summary(batch.kind, batch.source)
        self.begin(summary, (batch.export_date or date.min).isoformat(), batch.source, batch.unique_keys,
                   batch.distinct_emails)
        # a name the file itself confirms (Profile.csv) or one the user says is new is no typo
        self.run.new_owners = {name_key(n) for n in new_owners} | (
            {name_key(batch.owner_name)} if batch.owner_confirmed and batch.owner_name else set())
        owner_ids: dict[str, int] = {}

        def owner_id(name: str | None, linkedin: str | None = None) -> int:
            # (not recursive: a closure that calls itself is a reference cycle, and it would keep
            # the batch alive until the collector, which is off while importing, came by)
            name, default = name or owner_name, False
            if not name:
                if None in owner_ids:   # the store's default owner, looked up once
                    return owner_ids[None]
                owners = store.owners()
                if not owners:
                    raise RefgraphError(f"{batch.source}: no owner named — pass --owner NAME "
                                        "(the person whose network this is) or add an owner column")
                name, linkedin, default = owners[0]["name"], None, True
            key = name_key(name)
            if key not in owner_ids:
                owner_ids[key] = self.owner(name, linkedin)
            if default:
                owner_ids[None] = owner_ids[key]
            return owner_ids[key]

        self.run.export_owner = None
        if owner_name or batch.owner_positions:
            main = owner_id(owner_name, batch.owner_linkedin)
            if batch.kind == "linkedin":   # no one in one's own export is oneself: one named so is a namesake
                self.run.export_owner = main
            for job in batch.owner_positions:
                self.position(main, job)
            if batch.owner_emails:   # the calendar's own address is the owner's
                self._add_identifier(main, "email", batch.owner_emails[0])
        streamed = not isinstance(batch.interactions, list)
        total = len(batch.people) + ((batch.expected or 0) if streamed else len(batch.interactions))
        # a contacts file's rows are its people; a LinkedIn export's people are those of its
        # connection rows (counted with them)
        people_rows = not (streamed or batch.interactions or batch.knows or batch.accounts)
        for n, rec in enumerate(batch.people, 1):
            pid = self.resolve(rec)
            if people_rows:
                self.person_row(pid)
            if progress and n % 500 == 0:
                progress(n, total)
        n = len(batch.people)
        for n, rec in enumerate(batch.interactions, len(batch.people) + 1):
            self.interaction(owner_id(rec.owner), rec, batch.owner_attends)
            if progress and n % 500 == 0:
                progress(n, max(n, total))
        for i in range(0, len(batch.knows), KNOWS_CHUNK):
            self.knows(batch.knows[i:i + KNOWS_CHUNK])
        for rec in batch.accounts:
            self.account(rec)
        if progress:
            progress(max(n, total), max(n, total))
        used = set(owner_ids.values())
        remembered = sum(map(len, self.known.values())) + sum(map(len, self.connected.values()))
        if batch.unique_keys or remembered > people_module._KEPT:
            # not all remembered, or too many to keep: the next import reads them from the store
            self.flush()
            self.known.clear()
            self.connected.clear()
        summary.owner = store.person(used.pop())["name"] if len(used) == 1 else None
        for rank, reason in self.run.row_outcomes.values():
            self.count_row(_OUTCOMES[rank], reason)
        skipped = batch.skipped.copy()   # the reader's (complete once a streamed batch is read), then ours
        for reason, count in summary.skipped.items():
            skipped[reason] += count
        summary.skipped = skipped
        left_out = batch.left_out.copy()
        left_out.update(summary.left_out)
        summary.left_out = left_out
        return summary

    def owner_by_email(self, batch: Batch) -> str:
        """Whose calendar *batch* is: the owner with its address, else, for a calendar that names
        its own address (not one guessed from organizers: a teammate may organise most meetings),
        the owner that address's lines name (ORGANIZER;CN=Alex Morgan:mailto:…)."""
        owners = {row["id"]: row["name"] for row in self.store.owners()}
        for email in batch.owner_emails:
            pid = self.store.find_identifier("email", email)
            if pid in owners:
                return owners[pid]
        if batch.owner_email_named:
            by_key = {name_key(name): name for name in owners.values()}
            own = batch.owner_emails[0]
            named = Counter(name_key(p.name) for rec in batch.interactions for p in rec.people
                            if own in p.emails and p.name and "@" not in p.name)
            for key, _ in named.most_common():
                if key in by_key:
                    return by_key[key]
        raise RefgraphError(f"{batch.source}: cannot tell whose calendar this is (its address "
                            f"{batch.owner_emails[0]} is not a known owner's) — pass --owner NAME")

    def owner(self, name: str, linkedin: str | None) -> int:
        key = name_key(name)
        for row in self.store.owners():
            if name_key(row["name"]) == key:
                pid = row["id"]
                break
        else:
            ids = {row["id"] for row in self.store.owners()}
            # an owner named another way is known by their profile URL ("Alex J. Morgan" in a newer
            # export) or their address (an owner column of addresses)
            pid = self.identifier("linkedin", linkedin) if linkedin else None
            email = normalise_email(name) if pid not in ids and "@" in name else None
            if email:
                pid = self.identifier("email", email)
            if pid not in ids:
                owners = [row["name"] for row in self.store.owners()]
                close = [o for o in owners if _similar(name, o)] if key not in self.run.new_owners else []
                if close:   # "Jordan Ekwume" is a typo for the owner Jordan Ekwueme, not a new teammate
                    raise RefgraphError(f"{self.run.source}: no owner called {name!r} — did you mean {close[0]!r}? "
                                        f"(owners: {', '.join(owners)}; if {name!r} is a new teammate, add "
                                        f"--new-owner {_quoted(name)})")
                pid = self.resolve(PersonRecord(name=name, linkedin=linkedin))
                if pid is _AMBIGUOUS:
                    raise RefgraphError(f"{self.run.source}: several people in the store are called {name!r} — "
                                        "name the owner as they appear in one export with --owner")
            if pid not in ids:   # (an owner's own address names that owner: "alex.morgan@…")
                first = not self.conn.execute("SELECT 1 FROM owners").fetchone()
                self.flush_people()
                self.conn.execute("INSERT INTO owners (person_id, is_default) VALUES (?, ?)", (pid, int(first)))
        if linkedin:
            self._add_identifier(pid, "linkedin", linkedin)
        return pid

    def knows(self, records) -> None:
        """Upsert knows ties (one row per pair; a newer file updates it), many rows at once: their
        people resolved row by row, then the pairs' rows in the store read in one statement and the
        new ones written in one (a row that names a pair again sees what the rows before it wrote)."""
        rows = []
        for rec in records:
            a = self.resolve(rec.person)
            touched = self.run.resolved_as == "updated" and a not in self.run.created
            b = self.resolve(rec.knows)
            touched |= self.run.resolved_as == "updated" and b not in self.run.created
            if a is _AMBIGUOUS or b is _AMBIGUOUS:
                self.count_row("skipped", "ambiguous name")
            elif a is None or b is None or a == b:
                self.count_row("skipped", "ties of a person with themselves")
            else:
                lo, hi = sorted((a, b))
                values = (rec.strength, rec.last_contact.isoformat() if rec.last_contact else None, rec.note)
                rows.append((a, b, f"pair:{lo}:{hi}", values, touched))
        self.flush_people()
        stored = self.run.knows_rows   # {key: (strength, last contact, note)} read or written in this run
        unread = list(dict.fromkeys(key for _, _, key, _, _ in rows if key not in stored))
        for key, *found in self.store.query_in(
                "SELECT source_key, strength, last_contact, note FROM knows WHERE source_key IN ({ids})", unread):
            stored[key] = tuple(found)
        new: dict[str, list] = {}       # key: the row to insert
        changed: dict[str, tuple] = {}  # key: the values to update a stored row to
        for a, b, key, values, touched in rows:
            row = stored.get(key)
            if row is None:
                new[key] = [a, b, *values, self.run.source, key]
                self.run.summary.new_knows += 1
                self.run.new_ties.add(key)
            elif row != values:
                if key in new:
                    new[key][2:5] = values
                else:
                    changed[key] = values
                if key not in self.run.new_ties:   # a tie the store had before
                    touched = True
                    if key not in self.run.updated_ties:   # each tie counted once
                        self.run.updated_ties.add(key)
                        self.run.summary.updated_knows += 1
            stored[key] = values
            self.count_row(self._outcome(("k", key), row is None, touched))
        self.conn.executemany("INSERT INTO knows (person_a, person_b, strength, last_contact, note, source, source_key) "
                              "VALUES (?,?,?,?,?,?,?)", list(new.values()))
        self.conn.executemany("UPDATE knows SET strength = ?, last_contact = ?, note = ?, source = ? WHERE source_key = ?",
                              [(*values, self.run.source, key) for key, values in changed.items()])

    def account(self, rec) -> None:
        """Upsert an account by its normalised name; aliases and domains are added, never dropped; a
        reason replaces the one kept (a row without one leaves it)."""
        key = company_key(rec.name)
        row = self.conn.execute("SELECT id, name, domain, reason FROM accounts WHERE name_key = ?", (key,)).fetchone()
        domains = list(dict.fromkeys(d for d in map(normalise_domain, rec.domains) if d))
        changed = False
        if row is None:
            account_id = (self.conn.execute("SELECT max(id) FROM accounts").fetchone()[0] or 0) + 1
            self.conn.execute("INSERT INTO accounts (id, name, name_key, domain, reason) VALUES (?,?,?,?,?)",
                              (account_id, rec.name, key, domains[0] if domains else None, rec.reason))
            self.run.summary.new_accounts += 1
            self.run.new_accounts.add(account_id)
        else:
            account_id = row[0]
            if row[2] is None and domains:
                self.conn.execute("UPDATE accounts SET domain = ? WHERE id = ?", (domains[0], account_id))
                changed = True
            if rec.reason and rec.reason != row[3]:
                self.conn.execute("UPDATE accounts SET reason = ? WHERE id = ?", (rec.reason, account_id))
                changed = True
        for alias in dict.fromkeys(a for a in rec.aliases if company_key(a)):
            cur = self.conn.execute("INSERT OR IGNORE INTO account_aliases (account_id, alias, alias_key) "
                                    "VALUES (?, ?, ?)", (account_id, alias, company_key(alias)))
            changed |= cur.rowcount == 1
        for domain in domains:
            cur = self.conn.execute("INSERT OR IGNORE INTO account_domains (account_id, domain) VALUES (?, ?)",
                                    (account_id, domain))
            changed |= cur.rowcount == 1
        if changed and row is not None and account_id not in self.run.new_accounts | self.run.updated_accounts:
            self.run.updated_accounts.add(account_id)   # each account counted once
            self.run.summary.updated_accounts += 1
        self.count_row(self._outcome(("a", account_id), row is None,
                                     changed and row is not None and account_id not in self.run.new_accounts))

    def interaction(self, owner_id: int, rec: InteractionRecord, owner_attends: bool = False) -> None:
        people = []
        cache = self.run.cache
        if owner_attends and not any((cache[p.key] if p.key in cache else self.match(p))
                                     == owner_id for p in rec.people):
            self.count_row("skipped", "events the owner is not in", rec.row)
            return
        ambiguous = unnamed = 0
        touched = False   # a person of the row new or given something new by it
        for person in rec.people:
            pid = cache.get(person.key, _MISSING)
            if pid is _MISSING:
                pid = self.resolve(person)
                touched |= self.run.resolved_as == "updated" and pid not in self.run.created
            if pid is _AMBIGUOUS:
                ambiguous += 1
            elif pid is None:
                unnamed += 1
            elif pid != owner_id and pid not in people:
                people.append(pid)
        if not people:
            self.count_row("skipped", "ambiguous name" if ambiguous else
                           "recipients known only by a profile URL" if unnamed else "rows naming only the owner", rec.row)
            return
        if ambiguous:   # the row is imported without them
            self.run.summary.left_out["participants with an ambiguous name"] += ambiguous
        if unnamed:
            self.run.summary.left_out["recipients known only by a profile URL"] += unnamed
        day = self.days.get(rec.day)
        if day is None:
            day = self.days[rec.day] = rec.day.isoformat()
        if rec.channel == "connection":
            made = self.connection(owner_id, people, day, rec)
            pid = people[0]
            first = ("p", pid) not in self.run.reached   # (else an earlier row of the export connected them)
            added = pid not in self.run.created and (made == "earlier" or (first and pid in self.run.updated))
            self.count_row(self._outcome(("p", pid), made == "new" or (first and pid in self.run.created), added),
                           row=rec.row)
            return
        key, remember = rec.key, not self.run.unique_keys
        prefix = key[:key.find(":") + 1]   # a key can only be one with the same prefix
        known = self.known.get((owner_id, prefix))
        if known is None:
            known = self._known_keys(owner_id, prefix)
        seen = self.run.seen_keys
        if key in known:
            if rec.row is None and not touched and key not in seen:   # (a re-import of a big log: inline)
                self.run.summary.unchanged += 1
            else:
                self.count_row("updated" if touched else "merged" if key in seen else "unchanged", row=rec.row)
            if remember:
                seen.add(key)
            return
        if rec.row is None:   # (inline: once per row of a big log)
            self.run.summary.new_rows += 1
        else:
            self.count_row("new", row=rec.row)
        if remember:   # a batch of unique keys cannot repeat one: a big log need not hold them all
            known.add(key)
            seen.add(key)
        iid = self.next_id
        self.next_id += 1
        self.rows.append((iid, owner_id, day, rec.stamp, rec.channel, rec.direction, rec.subject,
                          rec.duration_minutes, rec.source, key, rec.attendees))
        if len(people) == 1:
            self.links.append((people[0], iid))
        else:
            self.links.extend((pid, iid) for pid in people)
            if rec.attendees is None or rec.attendees <= (THREAD_MAX_PEOPLE if rec.channel == "message"
                                                          else self.tie_max_attendees):
                self.shared.extend(people)   # their ties change (a meeting too large for ties changes none)
        self.run.summary.new_interactions += 1
        if len(self.rows) >= 50000:
            self.flush()

    def connection(self, owner_id: int, people: list[int], day: str, rec: InteractionRecord) -> str | None:
        """One connection per owner and person, the earliest any source gives (a row of its own, not
        an interaction: a team's exports hold a million). ``"new"``, ``"earlier"`` (an earlier day
        than the one kept) or ``None`` (nothing new)."""
        known = self.connected.get(owner_id)
        if known is None:
            known = self.connected[owner_id] = dict(self.conn.execute(
                "SELECT person_id, day FROM connections WHERE owner_id = ?", (owner_id,)))
        made = None
        for pid in people:
            had = known.get(pid)
            if had is None or day < had:   # new, or earlier than the one kept (a connection logged by hand)
                known[pid] = day
                row = (owner_id, pid, day, rec.stamp, rec.direction, rec.subject, rec.source)
                if had is None or (owner_id, pid) in self.conns:
                    self.conns[owner_id, pid] = row
                else:
                    self.earlier[owner_id, pid] = row
                self.run.summary.new_interactions += had is None
                made = made or ("new" if had is None else "earlier")
        if len(self.conns) + len(self.earlier) >= 50000:
            self.flush()
        return made

    def _known_keys(self, owner_id: int, prefix: str = "") -> set[str]:
        """The source keys this owner's interactions already have that start with *prefix* (up to
        the first ":", as "row:"; re-imports write nothing)."""
        if (owner_id, prefix) not in self.known:
            sql, args = "SELECT source_key FROM interactions WHERE owner_id = ?", (owner_id,)
            if prefix:   # keys are compared byte for byte: "row:…" sort from "row:" to before "row;"
                sql += " AND source_key >= ? AND source_key < ?"
                args += (prefix, prefix[:-1] + ";")
            self.known[owner_id, prefix] = {r[0] for r in self.conn.execute(sql, args)}
        return self.known[owner_id, prefix]

    def flush(self) -> None:
        """Write the buffered interactions and their people (ids were allocated in this transaction)."""
        self.flush_people()
        if self.rows:
            self.conn.executemany(
                """INSERT INTO interactions (id, owner_id, day, stamp, channel, direction, subject,
                   duration_minutes, source, source_key, attendees) VALUES (?,?,?,?,?,?,?,?,?,?,?)""", self.rows)
            self.conn.executemany("INSERT OR IGNORE INTO interaction_people (person_id, interaction_id) VALUES (?, ?)",
                                  self.links)
            self.touched.update(pid for pid, _ in self.links)
            self.tied.update(self.shared)
            self.shared = []
            self.rows, self.links = [], []
        if self.conns or self.earlier:
            # in key order: appended to the table's B-tree; new pairs are plain rows (COPY on
            # PostgreSQL), pairs held with a later day are updated
            self.conn.executemany("INSERT INTO connections (owner_id, person_id, day, stamp, direction, subject, "
                                  "source) VALUES (?,?,?,?,?,?,?)", [self.conns[k] for k in sorted(self.conns)])
            write_connections(self.conn, [self.earlier[k] for k in sorted(self.earlier)])
            self.touched.update(pid for _, pid in self.conns)
            self.touched.update(pid for _, pid in self.earlier)
            self.conns, self.earlier = {}, {}


def _quoted(name: str) -> str:
    """A name as a shell command line takes it."""
    import shlex

    return shlex.quote(name)


def _similar(a: str, b: str) -> bool:
    """Two owner names close enough to be one person mistyped (rapidfuzz, accent-free)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(name_key(a), name_key(b)) >= 88
