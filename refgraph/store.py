"""The SQLite store: schema, migrations, transactions. The only module that writes SQL tables.

One file per store, created readable by its owner only (0600), in WAL mode with foreign keys on.
Every import is one transaction (:meth:`Store.apply`): on any error nothing is written. Interactions
carry a stable source-row key, unique per owner, so re-importing a file writes nothing.
"""
from __future__ import annotations

import gc
import os
import sqlite3
from collections import Counter
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import RefgraphError
from .identity import company_key, name_from_address, name_key, normalise_domain, normalise_email
from .records import Batch, InteractionRecord, PersonRecord, Summary
from .strength import DEFAULTS

__all__ = ["Store", "default_path", "SCHEMA_VERSION"]

# Forward migrations: MIGRATIONS[i] takes the schema from version i to i + 1.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE people (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL CHECK (name <> ''),
        name_key     TEXT NOT NULL,
        credentials  TEXT NOT NULL DEFAULT '',
        company      TEXT,
        title        TEXT,
        company_seen TEXT,            -- export date of the record that set company/title
        merged_into  INTEGER REFERENCES people(id)
    );
    CREATE INDEX people_name_key ON people(name_key);
    CREATE TABLE identifiers (
        kind      TEXT NOT NULL CHECK (kind IN ('linkedin', 'email', 'phone')),
        value     TEXT NOT NULL,
        person_id INTEGER NOT NULL REFERENCES people(id),
        PRIMARY KEY (kind, value)
    ) WITHOUT ROWID;
    CREATE INDEX identifiers_person ON identifiers(person_id);
    CREATE TABLE employment (
        id        INTEGER PRIMARY KEY,
        person_id INTEGER NOT NULL REFERENCES people(id),
        company   TEXT NOT NULL,
        title     TEXT,
        start     TEXT,
        "end"     TEXT,
        source    TEXT
    );
    CREATE INDEX employment_person ON employment(person_id);
    CREATE TABLE owners (
        person_id  INTEGER PRIMARY KEY REFERENCES people(id),
        is_default INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE interactions (
        id         INTEGER PRIMARY KEY,
        owner_id   INTEGER NOT NULL REFERENCES owners(person_id),
        day        TEXT NOT NULL,      -- YYYY-MM-DD, the date where it happened
        stamp      TEXT NOT NULL,      -- ISO date or date-time (with offset when known)
        channel    TEXT NOT NULL,
        direction  TEXT,
        subject    TEXT,
        duration_minutes REAL,
        source     TEXT NOT NULL,
        source_key TEXT NOT NULL,
        UNIQUE (owner_id, source_key)
    );
    CREATE INDEX interactions_owner_day ON interactions(owner_id, day);
    CREATE TABLE interaction_people (
        person_id      INTEGER NOT NULL REFERENCES people(id),
        interaction_id INTEGER NOT NULL REFERENCES interactions(id),
        PRIMARY KEY (person_id, interaction_id)
    ) WITHOUT ROWID;
    CREATE INDEX interaction_people_interaction ON interaction_people(interaction_id);
    CREATE TABLE accounts (
        id       INTEGER PRIMARY KEY,
        name     TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        domain   TEXT
    );
    CREATE TABLE account_aliases (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        alias_key  TEXT NOT NULL,
        PRIMARY KEY (alias_key, account_id)
    ) WITHOUT ROWID;
    CREATE TABLE knows (
        id           INTEGER PRIMARY KEY,
        person_a     INTEGER NOT NULL REFERENCES people(id),
        person_b     INTEGER NOT NULL REFERENCES people(id),
        strength     REAL,
        last_contact TEXT,
        note         TEXT,
        source       TEXT NOT NULL,
        source_key   TEXT NOT NULL UNIQUE
    );
    CREATE INDEX knows_a ON knows(person_a);
    CREATE INDEX knows_b ON knows(person_b);
    """,
    # v2: meeting sizes, indexed company keys for account membership, several domains per account
    """
    ALTER TABLE interactions ADD COLUMN attendees INTEGER;
    ALTER TABLE people ADD COLUMN company_key TEXT;
    UPDATE people SET company_key = refgraph_company_key(company) WHERE company IS NOT NULL;
    CREATE INDEX people_company_key ON people(company_key);
    CREATE TABLE account_domains (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        domain     TEXT NOT NULL,
        PRIMARY KEY (domain, account_id)
    ) WITHOUT ROWID;
    INSERT INTO account_domains SELECT id, lower(domain) FROM accounts WHERE domain IS NOT NULL;
    CREATE TABLE account_alias_names (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        alias      TEXT NOT NULL,      -- as written ("Contoso Limited")
        alias_key  TEXT NOT NULL,      -- as compared ("contoso")
        PRIMARY KEY (account_id, alias)
    ) WITHOUT ROWID;
    INSERT INTO account_alias_names SELECT account_id, alias_key, alias_key FROM account_aliases;
    DROP TABLE account_aliases;
    ALTER TABLE account_alias_names RENAME TO account_aliases;
    CREATE INDEX account_aliases_key ON account_aliases(alias_key);
    """,
    # v3: the strength model's per-pair aggregates over all events, kept at import (see refresh_stats)
    """
    CREATE TABLE pair_stats (
        owner_id          INTEGER NOT NULL,
        person_id         INTEGER NOT NULL,
        conversations     INTEGER NOT NULL,
        last_conversation TEXT,
        first_event       TEXT NOT NULL,
        touch_keep        REAL NOT NULL,     -- Π(1 − x_day) over the pair's touch days
        last_event        TEXT NOT NULL,     -- the aggregates hold for any as_of from this day on
        days_from         TEXT NOT NULL,     -- pair_days answers any as_of from this day on
        PRIMARY KEY (owner_id, person_id)
    ) WITHOUT ROWID;
    CREATE INDEX pair_stats_person ON pair_stats(person_id);
    CREATE TABLE pair_days (                 -- the same aggregates as of each recent or future event day
        person_id         INTEGER NOT NULL,
        owner_id          INTEGER NOT NULL,
        day               TEXT NOT NULL,
        conversations     INTEGER NOT NULL,
        last_conversation TEXT,
        first_event       TEXT NOT NULL,
        touch_keep        REAL NOT NULL,
        PRIMARY KEY (person_id, owner_id, day)
    ) WITHOUT ROWID;
    CREATE TABLE tie_stats (                 -- shared meetings and threads; both directions stored
        person_a          INTEGER NOT NULL,
        person_b          INTEGER NOT NULL,
        meetings          INTEGER NOT NULL,
        last_meeting      TEXT,
        first_event       TEXT NOT NULL,
        touch_keep        REAL NOT NULL,
        last_event        TEXT NOT NULL,
        days_from         TEXT NOT NULL,
        PRIMARY KEY (person_a, person_b)
    ) WITHOUT ROWID;
    CREATE INDEX identifiers_email_domain ON identifiers(substr(value, instr(value, '@') + 1))
        WHERE kind = 'email';                -- account members by the domain of their address
    CREATE TABLE tie_days (
        person_a          INTEGER NOT NULL,
        person_b          INTEGER NOT NULL,
        day               TEXT NOT NULL,
        meetings          INTEGER NOT NULL,
        last_meeting      TEXT,
        first_event       TEXT NOT NULL,
        touch_keep        REAL NOT NULL,
        PRIMARY KEY (person_a, person_b, day)
    ) WITHOUT ROWID;
    """,
    # v4: a person's pairs read from the index alone (path searches read thousands of targets' pairs)
    """
    DROP INDEX pair_stats_person;
    CREATE INDEX pair_stats_person ON pair_stats(person_id, last_event, conversations, last_conversation,
                                                 first_event, touch_keep, days_from);
    """,
    # v5: no (owner, day) index on interactions. No read narrows events by day (only "on or before
    # as_of", nearly all of them); an owner's events are found by the unique (owner, source key)
    # index. Every import wrote it row by row for nothing (a 200-export LinkedIn import: about 7 s).
    """
    DROP INDEX IF EXISTS interactions_owner_day;
    """,
    # v6: a LinkedIn connection is one row of its owner and person (there is one per pair), not an
    # interaction with a link to its person: a million rows of a team's import were five B-tree
    # entries each. Moved over earliest first; a pair connected twice (after a merge) keeps the
    # earlier, as imports, merges and logged connections do, and its aggregates are computed again
    # (_migrate)
    """
    CREATE TABLE connections (
        owner_id  INTEGER NOT NULL REFERENCES owners(person_id),
        person_id INTEGER NOT NULL REFERENCES people(id),
        day       TEXT NOT NULL,
        stamp     TEXT NOT NULL,
        direction TEXT,
        subject   TEXT,
        source    TEXT NOT NULL,
        PRIMARY KEY (owner_id, person_id)
    ) WITHOUT ROWID;
    CREATE INDEX connections_person ON connections(person_id);
    CREATE TEMP TABLE twice_connected AS
        SELECT DISTINCT ip.person_id AS id FROM interactions i JOIN interaction_people ip ON ip.interaction_id = i.id
        WHERE i.channel = 'connection' GROUP BY i.owner_id, ip.person_id HAVING count(*) > 1;
    INSERT OR IGNORE INTO connections (owner_id, person_id, day, stamp, direction, subject, source)
        SELECT i.owner_id, ip.person_id, i.day, i.stamp, i.direction, i.subject, i.source
        FROM interactions i JOIN interaction_people ip ON ip.interaction_id = i.id
        WHERE i.channel = 'connection' ORDER BY i.day, i.id;
    DELETE FROM interaction_people WHERE interaction_id IN (SELECT id FROM interactions WHERE channel = 'connection');
    DELETE FROM interactions WHERE channel = 'connection';
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
APPLICATION_ID = 0x52674770   # "RgGp": marks a SQLite file as a refgraph store
# compute the events of a pair aggregate once, not once per use (SQLite 3.35 and newer)
_MATERIALIZED = "MATERIALIZED " if sqlite3.sqlite_version_info >= (3, 35) else ""

# Events shared by two people: ip1's person, the event i, ip2's person. In this order (CROSS JOIN
# keeps it): whether anyone else is in the event is looked up in the interaction's index first, so the
# one-person events (nearly all) are dropped without reading their row; then the event's row, so that
# a condition on it (SHARED_TIE: no meeting of thousands) drops the event before its people are paired
SHARED_EVENTS = """interaction_people ip1
    CROSS JOIN interactions i ON i.id = ip1.interaction_id AND EXISTS (
        SELECT 1 FROM interaction_people x WHERE x.interaction_id = ip1.interaction_id AND x.person_id != ip1.person_id)
    CROSS JOIN interaction_people ip2 ON ip2.interaction_id = ip1.interaction_id AND ip2.person_id != ip1.person_id"""
# The shared events that make a tie (with the conversation channels' marks, then knows_max_attendees):
# group message threads, and meetings of at most knows_max_attendees people. A larger meeting says
# nothing about who knows whom, and would pair every two of its people (a million pairs for 1,500)
# A message thread of more than THREAD_MAX_PEOPLE (the owner included) is a broadcast: no ties either.
THREAD_MAX_PEOPLE = 50
SHARED_TIE = ("((i.channel = 'message' AND (i.attendees IS NULL OR i.attendees <= " + str(THREAD_MAX_PEOPLE) + "))"
              " OR (i.channel IN ({marks}) AND (i.attendees IS NULL OR i.attendees <= ?)))")

_TIE_MAX_ATTENDEES = DEFAULTS.knows_max_attendees   # the kept aggregates' parameters
_AMBIGUOUS = object()
_MISSING = object()
_KEPT = 300_000   # identifiers an import keeps in memory at most (then it reads them again)
# An import that will look up at least this many people per person in the store reads all
# identifiers and names at once (one scan) instead of one person at a time
_PRELOAD_RATIO = 0.5
_KINDS = ("linkedin", "email", "phone")
# what becomes of a row read (Summary), in the order a row of several records takes the first of
_OUTCOMES = ("new", "updated", "unchanged", "merged", "skipped")
_OUTCOME_FIELDS = {"new": "new_rows", "updated": "updated_rows", "merged": "merged", "unchanged": "unchanged"}
_REINDEX_ROWS = 100_000   # kept aggregates written anew in at least this many rows: indexes made after
_BULK_PEOPLE = 5000   # kept aggregates of at least this many people are computed in arrays (numpy)
# an event's ln(1 − w) (conversations: 0), and a day's ln(1 − x_day) from their sum, capped at the
# touch_day_cap bound to the ? (the kept aggregates' SQL; _bulk_cumulative does the same in arrays)
_LW = "CASE WHEN conv THEN 0.0 ELSE ln(max(1e-15, 1.0 - w)) END"
_LX = "ln(max(1e-15, 1.0 - min(?, 1.0 - exp({lw}))))"


# one connection per owner and person: of two, the earlier stays (merges, logged connections)
_EARLIER_CONNECTION = """
    ON CONFLICT (owner_id, person_id) DO UPDATE SET
        day = excluded.day, stamp = excluded.stamp, direction = excluded.direction,
        subject = excluded.subject, source = excluded.source
    WHERE excluded.day < connections.day"""


def busy_timeout() -> float:
    """How long a write waits for another refgraph command's write to finish (seconds):
    ``$REFGRAPH_BUSY_TIMEOUT``, else 60 — two imports into one store at once both land."""
    try:
        return max(0.0, float(os.environ.get("REFGRAPH_BUSY_TIMEOUT", "60")))
    except ValueError:
        return 60.0


def default_path() -> Path:
    """``$REFGRAPH_DB``, else ``refgraph.db`` in the user's data directory."""
    env = os.environ.get("REFGRAPH_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("refgraph", appauthor=False)) / "refgraph.db"


class Store:
    """A refgraph store. ``Store(path)`` creates the file (mode 0600) and migrates it; *notice* is
    called with one line before an upgrade of a store written by an older refgraph."""

    def __init__(self, path: str | os.PathLike | None = None, notice: Callable[[str], None] | None = None):
        self.path = Path(path).expanduser() if path else default_path()
        self.notice = notice
        if self.path.is_dir():
            raise RefgraphError(f"{self.path}: is a folder — give --db a file name such as refgraph.db")
        created = not self.path.exists()
        if created:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                fd = os.open(self.path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
                os.close(fd)
            except FileExistsError:   # another refgraph made it just now: open it as theirs
                created = False
            except OSError as exc:
                raise RefgraphError(f"{self.path}: cannot create the store ({exc.strerror}) — give --db a path "
                                    "in a folder you can write to") from None
        if not created and not (os.access(self.path, os.R_OK | os.W_OK) and os.access(self.path.parent, os.W_OK)):
            raise RefgraphError(f"{self.path}: the store or its folder is read-only (SQLite needs to write its "
                                "journal beside it) — copy it to a writable folder or fix the permissions")
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=busy_timeout())
            self.conn.create_function("refgraph_company_key", 1, _company_key_or_null, deterministic=True)
            _ensure_math(self.conn)
            fresh = self._check()
            if fresh:   # an empty file becomes a store: its owner's only, as are the -wal/-shm made from it
                self._private()
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
            if fresh:
                self._private()
            self.created = created   # True until something is committed: see Refgraph.discard_if_created
        except sqlite3.DatabaseError as exc:
            if getattr(self, "conn", None) is not None:
                self.conn.close()
            raise RefgraphError(f"{self.path}: not a refgraph store ({exc}) — "
                                "point --db at a refgraph store or a new file name") from None

    def _check(self) -> bool:
        """Refuse, before writing anything, a file that is some other program's database: one with
        tables but no schema version, or marked by another program (``application_id``). True when
        the file is empty (no tables, no version): a new store."""
        # one read transaction: a store another refgraph is creating is seen whole or not at all
        self.conn.execute("BEGIN")
        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            app = self.conn.execute("PRAGMA application_id").fetchone()[0]
            tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        if (version == 0 and tables) or app not in (0, APPLICATION_ID) or (version and app != APPLICATION_ID):
            self.conn.close()
            raise RefgraphError(f"{self.path}: not a refgraph store (another program's SQLite file) — "
                                "point --db at a refgraph store or a new file name")
        return version == 0 and not tables

    def _private(self) -> None:
        """Make the store file and its -wal/-shm readable and writable by their owner only."""
        for suffix in ("", "-wal", "-shm"):
            try:
                os.chmod(f"{self.path}{suffix}", 0o600)
            except OSError:   # not there (yet), or someone else's file: leave it as it is
                pass

    # -- lifecycle ------------------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _outdated(self) -> int | None:
        """The store's schema version when it needs migrating, else ``None``; a newer one is an error."""
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RefgraphError(f"{self.path}: store schema {version} is newer than this refgraph "
                                f"({SCHEMA_VERSION}) — upgrade refgraph")
        return None if version == SCHEMA_VERSION else version

    def _migrate(self) -> None:
        version = self._outdated()
        if version is None:
            return
        if version and self.notice:   # an old store (not a new one): a big one takes a minute or more
            self.notice(f"{self.path}: upgrading the store from schema {version} to {SCHEMA_VERSION} "
                        "(once; about half a minute for a team's store)")
        # all steps in one transaction: the aggregates below read events the way the current schema
        # holds them, and an interrupted upgrade leaves the store as it was
        with self.transaction():
            # read again under the write lock: another refgraph may have created or upgraded the
            # store since (two first imports at once); then there is nothing left to do
            version = self._outdated()
            if version is None:
                return
            refresh: set[int] | None = set()
            for target in range(version, SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[target]):
                    self.conn.execute(statement)
                if target == 2:   # v3: the kept aggregates of the interactions already stored
                    refresh = None
                elif target == 5:   # v6: pairs that were connected twice
                    twice = {r[0] for r in self.conn.execute("SELECT id FROM temp.twice_connected")}
                    self.conn.execute("DROP TABLE temp.twice_connected")
                    if refresh is not None:
                        refresh |= twice
            self.refresh_stats(refresh)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside commits together or not at all."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
            self.created = False

    # -- reads ----------------------------------------------------------------------------------
    def query(self, sql: str, params: Iterable = ()) -> list[sqlite3.Row]:
        cur = self.conn.execute(sql, tuple(params))
        cur.row_factory = sqlite3.Row
        return cur.fetchall()

    def query_in(self, sql: str, ids: Iterable, before: Iterable = (), after: Iterable = (), named: bool = False,
                 size: int = 20000) -> list:
        """The rows of *sql*, in which ``{ids}`` stands for the placeholders of *ids*, read in chunks
        of at most *size* ids (SQLite caps the variables of a statement); *before* and *after* are
        the arguments on either side of them. ``sqlite3.Row`` rows with *named*, else tuples."""
        ids, before, after, out = list(ids), tuple(before), tuple(after), []
        for i in range(0, len(ids), size):
            chunk = ids[i:i + size]
            cur = self.conn.execute(sql.replace("{ids}", ",".join("?" * len(chunk))), (*before, *chunk, *after))
            if named:
                cur.row_factory = sqlite3.Row
            out += cur.fetchall()
        return out

    def owners(self) -> list[sqlite3.Row]:
        """Owners with their names, the default first, then in the order they were imported."""
        return self.query("""SELECT o.person_id AS id, p.name, o.is_default FROM owners o
                             JOIN people p ON p.id = o.person_id
                             ORDER BY o.is_default DESC, o.rowid""")

    def person(self, person_id: int) -> sqlite3.Row:
        return self.query("SELECT * FROM people WHERE id = ?", (person_id,))[0]

    def identifiers(self, person_id: int) -> list[sqlite3.Row]:
        return self.query("SELECT kind, value FROM identifiers WHERE person_id = ? ORDER BY kind, value",
                          (person_id,))

    def employment(self, person_id: int) -> list[sqlite3.Row]:
        return self.query("""SELECT company, title, start, "end", source FROM employment
                             WHERE person_id = ? ORDER BY "end" IS NOT NULL, coalesce("end", start) DESC, id DESC""",
                          (person_id,))

    def pair_aggregates(self, as_of: date | None, params, owner_id: int | None = None,
                        person_ids: Iterable[int] | None = None) -> list[tuple]:
        """Everything the strength model needs per (owner, person) pair, computed in SQL from the
        events up to *as_of*: ``(owner, person, conversations, last conversation, first event,
        Π(1 − x_day), last event)``.

        Conversations count once per day per source (the source with most that day); meetings larger
        than ``conversation_max_attendees`` are ``large_meeting`` touches; a day's touch value is
        ``min(touch_day_cap, 1 − Π(1 − w))`` with outbound touches at ``outbound_factor``.
        """
        ev, args = self._pair_events(params, as_of, owner_id, person_ids)
        return self._totals(ev, args, params)

    def tie_aggregates(self, as_of: date | None, params, person_ids: Iterable[int] | None = None) -> list[tuple]:
        """Shared meetings and threads per ordered pair of people (the first among *person_ids*), in
        the :meth:`pair_aggregates` row layout. Meetings of at most ``knows_max_attendees`` people are
        conversations between every two of them and group messages ``message`` touches; larger
        meetings make no tie."""
        ev, args = self._tie_events(params, as_of, person_ids)
        return self._totals(ev, args, params, by_source=False)

    def _pair_events(self, params, as_of=None, owner_id=None, person_ids=None, people_table=None):
        """Every event of (owner, person) pairs ``(a, b, d, src, conv, w)``: the interactions (through
        their people) and the connections, each read through its own indexes."""
        conv = list(params.conversation_channels)
        marks = ",".join("?" * len(conv))
        weights = [(c, float(w)) for c, w in params.touch_weights.items() if c != "large_meeting"]
        values = [*conv, int(params.conversation_max_attendees), *conv,
                  float(params.touch_weights.get("large_meeting", 0.0)),
                  *[x for pair in weights for x in pair], float(params.outbound_factor)]
        arms, args = [], []
        for table, owner, person, channel, attendees, direction in (
                ("interaction_people ip JOIN interactions i ON i.id = ip.interaction_id", "i.owner_id", "ip.person_id",
                 "i.channel", "i.attendees", "i.direction"),
                ("connections i", "i.owner_id", "i.person_id", "'connection'", "NULL", "i.direction")):
            where, these = ["1"], []
            if as_of is not None:
                where, these = ["i.day <= ?"], [as_of.isoformat()]
            if owner_id is not None:
                # with people given, start from them (their index), not from the owner's whole history:
                # the unary + keeps SQLite from choosing the owner index
                where.append(f"+{owner} = ?" if person_ids is not None else f"{owner} = ?")
                these.append(owner_id)
            _people_filter(person, person_ids, people_table, where, these)
            arms.append(f"""SELECT {owner} AS a, {person} AS b, i.day AS d, i.source AS src,
                         ({channel} IN ({marks}) AND ({attendees} IS NULL OR {attendees} <= ?)) AS conv,
                         (CASE WHEN {channel} IN ({marks}) THEN ? {' '.join(f'WHEN {channel} = ? THEN ?' for _ in weights)}
                          ELSE 0.0 END) * (CASE WHEN {direction} = 'outbound' THEN ? ELSE 1.0 END) AS w
                  FROM {table} WHERE {' AND '.join(where)}""")
            args += [*values, *these]
        return "\n                  UNION ALL ".join(arms), args

    def _tie_events(self, params, as_of=None, person_ids=None, people_table=None, once=False):
        """Shared events of pairs of people ``(a, b, d, src, conv, w)``, a among the people asked
        for. Both ways round, or with *once* each unordered pair one way only: a < b, or b not
        among the people asked for (who is asked for is then *people_table* or everyone)."""
        conv = list(params.conversation_channels)
        marks = ",".join("?" * len(conv))
        where, args = [SHARED_TIE.format(marks=marks)], [*conv, int(params.knows_max_attendees)]
        if as_of is not None:
            where.append("i.day <= ?")
            args.append(as_of.isoformat())
        _people_filter("ip1.person_id", person_ids, people_table, where, args)
        if once:
            where.append("(ip1.person_id < ip2.person_id" + (
                f" OR ip2.person_id NOT IN (SELECT id FROM {people_table}))" if people_table else ")"))
        sql = f"""SELECT ip1.person_id AS a, ip2.person_id AS b, i.day AS d, NULL AS src,
                         i.channel IN ({marks}) AS conv, CASE WHEN i.channel IN ({marks}) THEN 0.0 ELSE ? END AS w
                  FROM {SHARED_EVENTS}
                  WHERE {' AND '.join(where)}"""
        return sql, [*conv, *conv, float(params.touch_weights.get("message", 0.0)), *args]

    @staticmethod
    def _daily(ev: str, by_source: bool = True) -> str:
        """CTEs from an event query ``(a, b, d, src, conv, w)`` to one row per pair and day:
        ``days(a, b, d, n, lx)`` with n the day's conversations (of the source with most) and lx
        ``ln(1 − x_day)`` of its touches. Two grouping passes over the events; one where the events
        have no source (*by_source* false: shared meetings and threads)."""
        if not by_source:
            return f"""
            WITH raw AS (SELECT a, b, d, sum(conv) AS n, sum({_LW}) AS lw FROM ({ev}) GROUP BY a, b, d),
            days AS (SELECT a, b, d, n, {_LX.format(lw="lw")} AS lx FROM raw)"""
        return f"""
            WITH per_source AS (
                SELECT a, b, d, sum(conv) AS n, sum({_LW}) AS lw FROM ({ev}) GROUP BY a, b, d, src),
            days AS (SELECT a, b, d, max(n) AS n, {_LX.format(lw="sum(lw)")} AS lx
                     FROM per_source GROUP BY a, b, d)"""

    def _totals(self, ev: str, args: list, params, by_source: bool = True) -> list[tuple]:
        sql = self._daily(ev, by_source) + """
            SELECT a, b, sum(n), max(CASE WHEN n > 0 THEN d END), min(d), exp(sum(lx)), max(d)
            FROM days GROUP BY a, b"""
        return self.conn.execute(sql, [*args, float(params.touch_day_cap)]).fetchall()

    def refresh_stats(self, people: set[int] | None, since: date | None = None, ties: set[int] | None = None) -> None:
        """Recompute the kept aggregates of *people* (``None``: everyone) from their events, with
        the model's default parameters: ``pair_stats``/``tie_stats`` as of the pair's last event,
        and ``pair_days``/``tie_days`` as of each event day from *since* (default: 180 days ago) on,
        plus the last day before it, so that any as_of from *since* on is one index seek (meetings
        still to come, the last few months). *ties*, when given, are the people whose shared
        meetings and threads changed (else *people*'s): an import of one-person events changes no
        tie. Runs inside the caller's transaction: an import and its aggregates commit together."""
        from .strength import DEFAULTS

        c = self.conn
        if people is not None and not people:
            return
        cut = (since or date.today() - timedelta(days=180)).isoformat()
        total = c.execute("SELECT count(*) FROM people").fetchone()[0]
        # pair_days is keyed person first; ties are stored both ways round, and aggregated one way
        # (each unordered pair once: (b, a) is the same tie); ties have no source, so one grouping
        for which, some in (("pair", people), ("tie", people if ties is None else ties)):
            if some is not None and not some:
                continue
            pair = which == "pair"   # a pair's days are stored person first; a tie both ways round
            stats, days_name = f"{which}_stats", f"{which}_days"
            table = None
            if some is None or len(some) * 4 > total:   # most people changed: recompute all at once
                c.execute(f"DELETE FROM {stats}")
                c.execute(f"DELETE FROM {days_name}")
            else:
                table = "temp.stats_people"
                c.execute("CREATE TEMP TABLE IF NOT EXISTS stats_people (id INTEGER PRIMARY KEY)")
                c.execute("DELETE FROM temp.stats_people")
                c.executemany("INSERT INTO temp.stats_people (id) VALUES (?)", ((p,) for p in some))
                for name in (stats, days_name):
                    for column in (("person_id",) if pair else ("person_a", "person_b")):
                        c.execute(f"DELETE FROM {name} WHERE {column} IN (SELECT id FROM temp.stats_people)")
            if pair:
                events = self._pair_events(DEFAULTS, people_table=table)
            else:
                events = self._tie_events(DEFAULTS, people_table=table, once=True)
            days_sql = f"INSERT INTO {days_name} VALUES (?,?,?,?,?,?,?)"
            stats_sql = f"INSERT INTO {stats} VALUES (?,?,?,?,?,?,?,?)"
            bulk = (total if some is None else len(some)) >= _BULK_PEOPLE
            days, latest = [], []
            if bulk:   # the pairs' rows in (a, b) order, and the days of those with recent events
                latest, pairs = _bulk_cumulative(c, *events, float(DEFAULTS.touch_day_cap), cut)
            else:
                pairs = _cumulative(self._days(*events, DEFAULTS, by_source=pair), cut)
            for (a, b), rows in pairs:
                last = rows[-1]
                if not bulk:
                    latest.append((a, b, last[1], last[2], last[3], last[4], last[0], cut))
                if last[0] >= cut:   # events from the cut on: each of their days (and the one before)
                    for r in rows:
                        days.append((b, a, *r))
                        if not pair:
                            days.append((a, b, *r))
            if not pair:
                latest.extend([(b, a, *rest) for a, b, *rest in latest])
            # in key order: appending to a B-tree is much cheaper than inserting all over it
            days.sort()     # (a, b, day) lead and are unique up to exact duplicates
            if not (pair and bulk):
                latest.sort()
            c.executemany(days_sql, days)
            # a table written anew has its other indexes made again after (one sort), not kept up
            # to date row by row all over them
            with _indexes_rebuilt(c, stats, table is None and len(latest) >= _REINDEX_ROWS):
                c.executemany(stats_sql, latest)

    def _days(self, ev: str, args: list, params, by_source: bool = True):
        """One row per pair and event day, in pair then day order: ``(a, b, day, n, lx)``."""
        cap = float(params.touch_day_cap)
        if not by_source:   # one grouping, already in the order asked (no second sort)
            return self.conn.execute(f"""
                SELECT a, b, d, sum(conv), {_LX.format(lw=f"sum({_LW})")}
                FROM ({ev}) GROUP BY a, b, d ORDER BY a, b, d""", [cap, *args])
        sql = self._daily(ev) + " SELECT a, b, d, n, lx FROM days ORDER BY a, b, d"
        return self.conn.execute(sql, [*args, cap])

    def as_of_day(self, table: str, pairs: Iterable[tuple[int, int]], as_of: date) -> list[tuple]:
        """The kept aggregates of some pairs as of *as_of* from ``pair_days`` (pairs are (owner,
        person)) or ``tie_days`` (pairs are (a, b)), in the :meth:`pair_aggregates` row layout;
        pairs with no event by then are left out."""
        if table == "pair_days":   # keyed person first
            a, b, cols = "owner_id", "person_id", "conversations, last_conversation, first_event, touch_keep"
        else:
            a, b, cols = "person_a", "person_b", "meetings, last_meeting, first_event, touch_keep"
        pairs, out = list(pairs), []
        for i in range(0, len(pairs), 10000):
            chunk = pairs[i:i + 10000]
            # the latest kept day on or before as_of of each pair (SQLite takes the bare columns
            # from the row where max() is found)
            out += self.conn.execute(
                f"""WITH want(a, b) AS (VALUES {','.join('(?, ?)' for _ in chunk)})
                    SELECT {a}, {b}, {cols}, max(day) FROM want JOIN {table} t
                           ON t.{a} = want.a AND t.{b} = want.b AND t.day <= ?
                    GROUP BY {a}, {b}""", [*(x for pair in chunk for x in pair), as_of.isoformat()]).fetchall()
        return out

    def pair_stats(self, owner_id: int | None = None, person_ids: list[int] | None = None,
                   other_than: Iterable[int] = (), floor: tuple | None = None) -> list[tuple]:
        """Kept aggregates (the :meth:`pair_aggregates` row layout, then ``days_from``) of an owner's
        pairs, of some people's pairs (with owners *other_than* these), or of both at once.

        *floor* ``(as_of, floor, params)`` leaves out pairs whose aggregates hold at as_of and whose
        strength then is below the floor: pairs too weak to matter, never read into Python."""
        sql = ("SELECT owner_id, person_id, conversations, last_conversation, first_event, touch_keep, last_event, "
               "days_from FROM pair_stats WHERE 1")
        where, base = _floor_filter("conversations", "last_conversation", floor)
        sql += where
        if person_ids is None:
            if owner_id is None:
                return self.conn.execute(sql, base).fetchall()
            return self.conn.execute(sql + " AND owner_id = ?", (*base, owner_id)).fetchall()
        sql += " AND person_id IN ({ids})"
        if owner_id is not None:
            return self.query_in(sql + " AND owner_id = ?", person_ids, base, (owner_id,))
        skip = list(other_than)
        return self.query_in(sql + (f" AND owner_id NOT IN ({','.join('?' * len(skip))})" if skip else ""),
                             person_ids, base, skip)

    def tie_stats(self, person_ids: list[int] | None = None,
                  floor: tuple | None = None) -> list[tuple]:
        """Kept shared-meeting aggregates (the :meth:`tie_aggregates` row layout, then ``days_from``)
        of some people (``None``: every pair, each once with ``a < b``); *floor* as in
        :meth:`pair_stats`."""
        sql = ("SELECT person_a, person_b, meetings, last_meeting, first_event, touch_keep, last_event, days_from "
               "FROM tie_stats WHERE 1")
        where, base = _floor_filter("meetings", "last_meeting", floor)
        sql += where
        if person_ids is None:
            return self.conn.execute(sql + " AND person_a < person_b", base).fetchall()
        return self.query_in(sql + " AND person_a IN ({ids})", person_ids, base)

    def events(self, person_id: int, owner_id: int | None = None) -> list[sqlite3.Row]:
        """Every interaction of one person, connections included (all dates; the caller applies
        as_of); by day and time, a connection (no id) first among events of the same moment."""
        owner = "" if owner_id is None else " AND owner_id = ?"
        sql = f"""SELECT i.id, i.owner_id, i.day, i.stamp, i.channel, i.direction, i.subject, i.source, i.attendees
                  FROM interaction_people ip JOIN interactions i ON i.id = ip.interaction_id
                  WHERE ip.person_id = ?{owner}
                  UNION ALL
                  SELECT NULL, owner_id, day, stamp, 'connection', direction, subject, source, NULL
                  FROM connections WHERE person_id = ?{owner}"""
        params = [person_id] if owner_id is None else [person_id, owner_id]
        return self.query(sql + " ORDER BY 3, 4, 1", params * 2)

    # -- identity -------------------------------------------------------------------------------
    def find_identifier(self, kind: str, value: str) -> int | None:
        row = self.conn.execute("SELECT person_id FROM identifiers WHERE kind = ? AND value = ?",
                                (kind, value)).fetchone()
        return self._follow(row[0]) if row else None

    def _follow(self, person_id: int) -> int:
        """The surviving person after merges."""
        while True:
            row = self.conn.execute("SELECT merged_into FROM people WHERE id = ?", (person_id,)).fetchone()
            if not row or row[0] is None:
                return person_id
            person_id = row[0]

    def match_person(self, rec: PersonRecord):
        """The id of the person *rec* names: by LinkedIn URL, then email, then a unique name.

        Returns an id, ``None`` (nobody yet) or the ``_AMBIGUOUS`` marker (several people share
        the name and the record has no URL or email to tell them apart). The rules are
        :meth:`_Writer.match` (an import keeps what it read of the store)."""
        return _Writer(self).match(rec)

    # -- writes ---------------------------------------------------------------------------------
    def apply(self, batch: Batch | Iterable[Batch], owner: str | None = None, progress=None):
        """Write one parsed import in one transaction and say what changed (a :class:`Summary`).

        Given several batches (any iterable, e.g. a generator parsing one export after the other),
        they are written one after the other as separate imports would write them, but in the same
        transaction: one bad batch leaves the store as it was. The result is then their summaries.
        """
        several = not isinstance(batch, Batch)
        summaries = []
        # A big import keeps millions of small objects (records, what it resolved) and makes no
        # reference cycles: the cyclic collector would only walk them again and again. Its inserts
        # touch indexes all over: a bigger page cache than SQLite's 2 MB keeps them in memory.
        collecting = gc.isenabled()
        gc.disable()
        pages = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute("PRAGMA cache_size = -131072")   # 128 MiB at most, used only as needed
        writer = None
        try:
            with self.transaction():
                writer = _Writer(self)
                for one in (batch if several else (batch,)):
                    summaries.append(writer.apply(one, owner, progress))
                writer.flush()
                self.refresh_stats(writer.touched, ties=writer.tied)
        finally:
            writer = one = None   # freed before the collector is back, or its first pass walks them all
            self.conn.execute(f"PRAGMA cache_size = {int(pages)}")
            if collecting:
                gc.enable()
        return summaries if several else summaries[0]

    def _owner_by_email(self, batch: Batch) -> str:
        """Whose calendar *batch* is: the owner with its address, else, for a calendar that names
        its own address (not one guessed from organizers: a teammate may organise most meetings),
        the owner that address's lines name (ORGANIZER;CN=Alex Morgan:mailto:…)."""
        owners = {row["id"]: row["name"] for row in self.owners()}
        for email in batch.owner_emails:
            pid = self.find_identifier("email", email)
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

    def set_default_owner(self, owner_id: int) -> None:
        with self.transaction():
            self.conn.execute("UPDATE owners SET is_default = (person_id = ?)", (owner_id,))

    def merge(self, keep: int, other: int) -> None:
        """Make *other* part of *keep*: identifiers, interactions, knows ties and job history move
        over; *other* stays as a pointer (``merged_into``) so later imports land on *keep*."""
        if keep == other:
            raise RefgraphError(f"both names are {self.person(keep)['name']} (#{keep}) — name two different "
                                "people, e.g. the pair refgraph people --duplicates lists")
        owners = {row["id"] for row in self.owners()}
        if other in owners:
            name = self.person(other)["name"]
            raise RefgraphError(f"{name} (#{other}) is an owner and cannot be merged away — merge the other way "
                                f"round: refgraph merge '#{other}' '#{keep}'")
        with self.transaction():
            c = self.conn
            c.execute("UPDATE identifiers SET person_id = ? WHERE person_id = ?", (keep, other))
            c.execute("INSERT OR IGNORE INTO interaction_people (person_id, interaction_id) "
                      "SELECT ?, interaction_id FROM interaction_people WHERE person_id = ?", (keep, other))
            c.execute("DELETE FROM interaction_people WHERE person_id = ?", (other,))
            # one connection per owner and person: where both were connected, the earlier stays
            c.execute("""INSERT INTO connections (owner_id, person_id, day, stamp, direction, subject, source)
                         SELECT owner_id, ?, day, stamp, direction, subject, source FROM connections
                         WHERE person_id = ?
                         """ + _EARLIER_CONNECTION, (keep, other))
            c.execute("DELETE FROM connections WHERE person_id = ?", (other,))
            if keep in owners:   # interactions the owner appeared in as a person are their own now
                c.execute("DELETE FROM interaction_people WHERE person_id = ? AND interaction_id IN "
                          "(SELECT id FROM interactions WHERE owner_id = ?)", (keep, keep))
                c.execute("DELETE FROM connections WHERE person_id = ? AND owner_id = ?", (keep, keep))
            for column in ("person_a", "person_b"):
                c.execute(f"UPDATE knows SET {column} = ? WHERE {column} = ?", (keep, other))
            c.execute("DELETE FROM knows WHERE person_a = person_b")
            kept, gone = self.person(keep), self.person(other)
            c.execute('UPDATE employment SET person_id = ?, "end" = coalesce("end", ?) WHERE person_id = ?',
                      (keep, kept["company_seen"] if kept["company"] else None, other))
            if not kept["company"] and gone["company"]:
                c.execute('UPDATE employment SET "end" = NULL WHERE person_id = ? AND company = ? AND "end" IS NULL',
                          (keep, gone["company"]))
                c.execute("UPDATE people SET company = ?, company_key = ?, title = ?, company_seen = ? WHERE id = ?",
                          (gone["company"], gone["company_key"], gone["title"], gone["company_seen"], keep))
            if not kept["credentials"] and gone["credentials"]:
                c.execute("UPDATE people SET credentials = ? WHERE id = ?", (gone["credentials"], keep))
            c.execute("UPDATE people SET merged_into = ? WHERE id = ?", (keep, other))
            c.execute("UPDATE people SET merged_into = ? WHERE merged_into = ?", (keep, other))
            self.refresh_stats({keep, other})

    def log(self, owner_id: int, person_id: int, rec: InteractionRecord) -> bool:
        """Record one interaction the user logged by hand; a connection is the pair's connection if
        the store has none as early (else nothing changes, and the answer is False)."""
        with self.transaction():
            if rec.channel == "connection":
                changed = self.conn.execute(
                    """INSERT INTO connections (owner_id, person_id, day, stamp, direction, subject, source)
                       VALUES (?,?,?,?,?,?,?)""" + _EARLIER_CONNECTION,
                    (owner_id, person_id, rec.day.isoformat(), rec.stamp, rec.direction, rec.subject,
                     rec.source)).rowcount > 0
                if changed:
                    self.refresh_stats({person_id})
                return changed
            cur = self.conn.execute(
                """INSERT INTO interactions (owner_id, day, stamp, channel, direction, subject,
                   duration_minutes, source, source_key, attendees) VALUES (?,?,?,?,?,?,?,?,?,?)""",
                (owner_id, rec.day.isoformat(), rec.stamp, rec.channel, rec.direction, rec.subject,
                 rec.duration_minutes, rec.source, rec.key, rec.attendees))
            self.conn.execute("INSERT INTO interaction_people (person_id, interaction_id) VALUES (?, ?)",
                              (person_id, cur.lastrowid))
            self.refresh_stats({person_id})
            return True


class _Writer:
    """The state of :meth:`Store.apply`: buffered interactions and the source keys each owner has
    (for the whole transaction), and per import (:meth:`apply`) the resolution cache and counters."""

    def __init__(self, store: Store):
        self.store, self.conn = store, store.conn
        self.known: dict[tuple[int, str], set[str]] = {}
        # what the store says, read once and kept up to date by this writer (nothing else writes
        # during the transaction): identifier -> person, name key -> people, who has a LinkedIn URL,
        # where merged people went
        self.ids: dict[str, dict[str, int | None]] = {kind: {} for kind in _KINDS}   # kind -> value -> person
        self.named: dict[str, list[int]] = {}
        self.has_linkedin: dict[int, bool] = {}
        # complete: ids, named and has_linkedin hold the whole store (read at once by preload): what
        # they lack, the store lacks
        self.complete = False
        self.volume = 0   # records this writer was given so far
        self.stored_people = self.conn.execute("SELECT count(*) FROM people").fetchone()[0]
        # new people, their identifiers and jobs are written in bulk (flush_people): their ids are
        # given here, as SQLite would give them
        self.next_person = (self.conn.execute("SELECT max(id) FROM people").fetchone()[0] or 0) + 1
        self.new_people: list[tuple] = []
        self.new_ids: list[tuple[str, str, int]] = []
        self.new_jobs: list[tuple] = []
        self.pending: dict[int, int] = {}   # people not written yet -> their row in new_people
        self.merged: dict[int, int] | None = None   # merged person -> whom into (read once: few)
        self.people: dict[int, dict] = {}   # person -> the people columns imports read and write
        self.days: dict = {}
        self.rows: list[tuple] = []
        self.links: list[tuple[int, int]] = []
        self.conns: list[tuple] = []   # new connections: the connections table's rows
        self.connected: dict[int, dict[int, str]] = {}   # owner -> person they are connected to -> since
        self.shared: list[int] = []   # people of buffered interactions with others
        self.touched: set[int] = set()   # people with new interactions: their kept aggregates change
        self.tied: set[int] = set()      # people with new interactions shared with others: their ties change
        self.next_id = (self.conn.execute("SELECT max(id) FROM interactions").fetchone()[0] or 0) + 1

    def begin(self, summary: Summary, seen: str, source: str, unique_keys: bool = False,
              distinct_emails: bool = False) -> None:
        """Start one import: nothing resolved yet, nothing counted."""
        self.summary, self.seen, self.source, self.unique_keys = summary, seen, source, unique_keys
        self.distinct_emails = distinct_emails
        self.cache: dict = {}
        self.authoritative_seen: set[int] = set()
        self.created: set[int] = set()
        self.updated: set[int] = set()
        # what became of each row (see Summary): what rows of this import named so far ("p", person),
        # ("k", tie key), ("a", account) and interaction keys (seen_keys), so a later row naming the
        # same is merged; how the last resolve went; outcomes of rows several records share (by row)
        self.reached: set = set()
        self.resolved_as = "unchanged"
        self.row_outcomes: dict[int, tuple[int, str | None]] = {}
        self.new_ties: set[str] = set()
        self.updated_ties: set[str] = set()
        self.new_accounts: set[int] = set()
        self.updated_accounts: set[int] = set()
        self.seen_keys: set[str] = set()   # interaction keys rows of this import named (not of unique-key batches)

    def count_row(self, outcome: str, reason: str | None = None, row: int | None = None) -> None:
        """Count one row as new, updated, merged, unchanged or skipped (with *reason*). Records of one
        *row* (a series' occurrences) make one row: new if any is, else updated, unchanged, merged,
        skipped (the first reason)."""
        if row is not None:
            rank = _OUTCOMES.index(outcome)
            had = self.row_outcomes.get(row)
            if had is None or rank < had[0]:
                self.row_outcomes[row] = (rank, reason)
            return
        if outcome == "skipped":
            self.summary.skipped[reason] += 1
        else:
            field = _OUTCOME_FIELDS[outcome]
            setattr(self.summary, field, getattr(self.summary, field) + 1)

    def person_row(self, pid) -> None:
        """Count a row of a people file (contacts) that resolved to *pid*: new, updated (it added to
        someone the store had before), merged (someone an earlier row named) or unchanged."""
        if pid is _AMBIGUOUS:
            self.count_row("skipped", "ambiguous name")
        elif pid is None:
            self.count_row("skipped", "rows naming nobody")
        else:
            self.count_row(self._outcome(("p", pid), self.resolved_as == "new",
                                         self.resolved_as == "updated" and pid not in self.created))

    def _outcome(self, entity, new: bool, updated: bool) -> str:
        """What became of a row that made (*new*) or named *entity*: a row adding to what the store
        had before the import is updated, else one naming what an earlier row named is merged."""
        merged = entity in self.reached
        self.reached.add(entity)
        return "new" if new else "updated" if updated else "merged" if merged else "unchanged"

    def apply(self, batch: Batch, owner: str | None, progress) -> Summary:
        """Write one parsed import (inside the caller's transaction) and say what changed."""
        streamed = not isinstance(batch.interactions, list)
        self.volume += len(batch.people) + len(batch.knows) + ((batch.expected or 0) if streamed
                                                               else len(batch.interactions))
        if not self.complete and self.volume >= _PRELOAD_RATIO * self.stored_people:
            self.preload()
        try:
            return self._apply(batch, owner, progress)
        except RefgraphError:
            if streamed:   # a bad row further down the file is the error to report, as when read whole
                for _ in batch.interactions:
                    pass
            raise

    def _apply(self, batch: Batch, owner: str | None, progress) -> Summary:
        store = self.store
        owner_name = owner or batch.owner_name
        if not owner_name and batch.owner_emails:
            owner_name = store._owner_by_email(batch)
        summary = Summary(batch.kind, batch.source)
        self.begin(summary, (batch.export_date or date.min).isoformat(), batch.source, batch.unique_keys,
                   batch.distinct_emails)
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

        self.export_owner = None
        if owner_name or batch.owner_positions:
            main = owner_id(owner_name, batch.owner_linkedin)
            if batch.kind == "linkedin":   # no one in one's own export is oneself: one named so is a namesake
                self.export_owner = main
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
        for rec in batch.knows:
            self.knows(rec)
        for rec in batch.accounts:
            self.account(rec)
        if progress:
            progress(max(n, total), max(n, total))
        used = set(owner_ids.values())
        if batch.unique_keys or sum(map(len, self.known.values())) + sum(map(len, self.connected.values())) > _KEPT:
            # not all remembered, or too many to keep: the next import reads them from the store
            self.flush()
            self.known.clear()
            self.connected.clear()
        summary.owner = store.person(used.pop())["name"] if len(used) == 1 else None
        for rank, reason in self.row_outcomes.values():
            self.count_row(_OUTCOMES[rank], reason)
        skipped = batch.skipped.copy()   # the reader's (complete once a streamed batch is read), then ours
        for reason, count in summary.skipped.items():
            skipped[reason] += count
        summary.skipped = skipped
        left_out = batch.left_out.copy()
        left_out.update(summary.left_out)
        summary.left_out = left_out
        return summary

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
                close = [o for o in owners if _similar(name, o)]
                if close:   # "Jordan Ekwume" is a typo for the owner Jordan Ekwueme, not a new teammate
                    raise RefgraphError(f"{self.source}: no owner called {name!r} — did you mean {close[0]!r}? "
                                        f"(owners: {', '.join(owners)}; a new teammate needs a name not this close)")
                pid = self.resolve(PersonRecord(name=name, linkedin=linkedin))
                if pid is _AMBIGUOUS:
                    raise RefgraphError(f"{self.source}: several people in the store are called {name!r} — "
                                        "name the owner as they appear in one export with --owner")
            if pid not in ids:   # (an owner's own address names that owner: "alex.morgan@…")
                first = not self.conn.execute("SELECT 1 FROM owners").fetchone()
                self.flush_people()
                self.conn.execute("INSERT INTO owners (person_id, is_default) VALUES (?, ?)", (pid, int(first)))
        if linkedin:
            self._add_identifier(pid, "linkedin", linkedin)
        return pid

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
                          "VALUES (?,?,?,?,?,?)", (person_id, job.company, job.title, start, end, self.source))
        if end is None:
            self.conn.execute("UPDATE people SET company = ?, company_key = ?, title = ?, company_seen = ? "
                              "WHERE id = ?", (job.company, company_key(job.company), job.title, self.seen, person_id))
            self.people.pop(person_id, None)

    def resolve(self, rec: PersonRecord):
        key = rec.key
        pid = self.cache.get(key, _MISSING)
        if pid is not _MISSING:
            return pid
        pid = self.match(rec)
        self.resolved_as = "unchanged"
        if pid is None and rec.name:
            pid = self._create(rec)
            self.resolved_as = "new"
        elif pid is not _AMBIGUOUS and pid is not None:
            if self._update(pid, rec):
                self.resolved_as = "updated"
        self.cache[key] = pid
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
        # merged people still answer to their old names, on behalf of the person they became
        candidates = sorted({self.follow(pid) for pid in self._named(key)})
        if rec.linkedin:  # someone with a different profile URL is someone else
            candidates = [c for c in candidates if not self.linkedin_of(c)]
        if getattr(self, "export_owner", None) in candidates:   # (a namesake in the owner's own export)
            candidates.remove(self.export_owner)
        if rec.emails and candidates and getattr(self, "distinct_emails", False):
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
        for key, pid in c.execute("SELECT name_key, id FROM people"):
            found = named.get(key)
            if found is None:
                named[key] = [pid]
            else:
                found.append(pid)
        self.named = named
        self.complete = True

    def forget(self) -> None:
        """Drop what was kept of the store (it is all written: the next reads see it): a big import
        keeps its memory bounded."""
        self.flush_people()
        for kept in (*self.ids.values(), self.named, self.has_linkedin, self.people):
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
        seen = self.seen if company else None
        self.pending[pid] = len(self.new_people)
        self.new_people.append((pid, rec.name, key, rec.credentials, company,
                                company_key(company) if company else None, title, seen))
        self.people[pid] = {"name": rec.name, "name_key": key, "credentials": rec.credentials,
                            "company": company, "title": title, "company_seen": seen}
        self.has_linkedin[pid] = False
        self._named(key).append(pid)
        if company:
            self.new_jobs.append((pid, company, title, None, None, self.source))
        if rec.linkedin:
            self._add_identifier(pid, "linkedin", rec.linkedin)
        for email in rec.emails:
            self._add_identifier(pid, "email", email)
        for phone in rec.phones:
            self._add_identifier(pid, "phone", phone)
        self.created.add(pid)
        if rec.authoritative:
            self.authoritative_seen.add(pid)
        self.summary.new_people += 1
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
        self.pending.clear()

    def _settle(self, pid: int) -> None:
        """Before SQL reads or changes a person's rows: write them if they are only kept so far."""
        if pid in self.pending:
            self.flush_people()

    def _mark_updated(self, pid: int) -> None:
        if pid not in self.created and pid not in self.updated:
            self.updated.add(pid)
            self.summary.updated_people += 1

    def person(self, pid: int) -> dict:
        """The person's name, name key, credentials, company, title and company_seen."""
        row = self.people.get(pid)
        if row is None:
            found = self.conn.execute("SELECT name, name_key, credentials, company, title, company_seen FROM people "
                                      "WHERE id = ?", (pid,)).fetchone()
            row = self.people[pid] = dict(zip(("name", "name_key", "credentials", "company", "title",
                                               "company_seen"), found))
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
        authoritative = rec.authoritative and pid not in self.authoritative_seen
        if rec.authoritative:
            self.authoritative_seen.add(pid)
        if authoritative and rec.name and rec.name != row["name"] and (row["company_seen"] or "") <= self.seen:
            self._settle(pid)
            self.conn.execute("UPDATE people SET name = ?, name_key = ? WHERE id = ?",
                              (rec.name, name_key(rec.name), pid))
            if pid in self.named.get(row["name_key"], ()):
                self.named[row["name_key"]].remove(pid)
            if name_key(rec.name) in self.named or self.complete:   # (else read from the store when asked)
                self.named.setdefault(name_key(rec.name), []).append(pid)
            row["name"], row["name_key"] = rec.name, name_key(rec.name)
            changed = True
        company, title = rec.company or None, rec.title or None
        if authoritative and (row["company_seen"] or "") <= self.seen:
            if (company, title) != (row["company"], row["title"]):
                self._job_change(pid, row, company, title)
                changed = True
        elif company and not row["company"] and not rec.authoritative:
            self._job_change(pid, row, company, title)
            changed = True
        if changed:
            self._mark_updated(pid)
        return changed

    def _job_change(self, pid: int, row, company: str | None, title: str | None) -> None:
        """Close the current job at the export date and open the new one (history is kept)."""
        moved = bool(row["company"]) and company_key(row["company"] or "") != company_key(company or "")
        self._settle(pid)
        if row["company"]:
            self.conn.execute("""UPDATE employment SET "end" = ? WHERE person_id = ? AND "end" IS NULL""",
                              (self.seen, pid))
        if company:
            self.conn.execute('INSERT INTO employment (person_id, company, title, start, "end", source) '
                              "VALUES (?,?,?,?,NULL,?)",
                              (pid, company, title, self.seen if row["company"] else None, self.source))
        self.conn.execute("UPDATE people SET company = ?, company_key = ?, title = ?, company_seen = ? WHERE id = ?",
                          (company, company_key(company) if company else None, title, self.seen, pid))
        row["company"], row["title"], row["company_seen"] = company, title, self.seen
        if moved:
            self.summary.job_changes += 1

    def knows(self, rec) -> None:
        """Upsert one knows tie (one row per pair; a newer file updates it)."""
        a = self.resolve(rec.person)
        touched = self.resolved_as == "updated" and a not in self.created
        b = self.resolve(rec.knows)
        touched |= self.resolved_as == "updated" and b not in self.created
        self.flush_people()
        if a is _AMBIGUOUS or b is _AMBIGUOUS:
            self.count_row("skipped", "ambiguous name")
            return
        if a is None or b is None or a == b:
            self.count_row("skipped", "ties of a person with themselves")
            return
        lo, hi = sorted((a, b))
        key = f"pair:{lo}:{hi}"
        values = (rec.strength, rec.last_contact.isoformat() if rec.last_contact else None, rec.note)
        row = self.conn.execute("SELECT strength, last_contact, note FROM knows WHERE source_key = ?", (key,)).fetchone()
        if row is None:
            self.conn.execute("INSERT INTO knows (person_a, person_b, strength, last_contact, note, source, source_key) "
                              "VALUES (?,?,?,?,?,?,?)", (a, b, *values, self.source, key))
            self.summary.new_knows += 1
            self.new_ties.add(key)
        elif tuple(row) != values:
            self.conn.execute("UPDATE knows SET strength = ?, last_contact = ?, note = ?, source = ? WHERE source_key = ?",
                              (*values, self.source, key))
            if key not in self.new_ties:   # a tie the store had before
                touched = True
                if key not in self.updated_ties:   # each tie counted once
                    self.updated_ties.add(key)
                    self.summary.updated_knows += 1
        self.count_row(self._outcome(("k", key), row is None, touched))

    def account(self, rec) -> None:
        """Upsert an account by its normalised name; aliases and domains are added, never dropped."""
        key = company_key(rec.name)
        row = self.conn.execute("SELECT id, name, domain FROM accounts WHERE name_key = ?", (key,)).fetchone()
        domains = list(dict.fromkeys(d for d in map(normalise_domain, rec.domains) if d))
        changed = False
        if row is None:
            cur = self.conn.execute("INSERT INTO accounts (name, name_key, domain) VALUES (?,?,?)",
                                    (rec.name, key, domains[0] if domains else None))
            account_id = cur.lastrowid
            self.summary.new_accounts += 1
            self.new_accounts.add(account_id)
        else:
            account_id = row[0]
            if row[2] is None and domains:
                self.conn.execute("UPDATE accounts SET domain = ? WHERE id = ?", (domains[0], account_id))
                changed = True
        for alias in dict.fromkeys(a for a in rec.aliases if company_key(a)):
            cur = self.conn.execute("INSERT OR IGNORE INTO account_aliases (account_id, alias, alias_key) "
                                    "VALUES (?, ?, ?)", (account_id, alias, company_key(alias)))
            changed |= cur.rowcount == 1
        for domain in domains:
            cur = self.conn.execute("INSERT OR IGNORE INTO account_domains (account_id, domain) VALUES (?, ?)",
                                    (account_id, domain))
            changed |= cur.rowcount == 1
        if changed and row is not None and account_id not in self.new_accounts | self.updated_accounts:
            self.updated_accounts.add(account_id)   # each account counted once
            self.summary.updated_accounts += 1
        self.count_row(self._outcome(("a", account_id), row is None,
                                     changed and row is not None and account_id not in self.new_accounts))

    def interaction(self, owner_id: int, rec: InteractionRecord, owner_attends: bool = False) -> None:
        people = []
        cache = self.cache
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
                touched |= self.resolved_as == "updated" and pid not in self.created
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
            self.summary.left_out["participants with an ambiguous name"] += ambiguous
        if unnamed:
            self.summary.left_out["recipients known only by a profile URL"] += unnamed
        day = self.days.get(rec.day)
        if day is None:
            day = self.days[rec.day] = rec.day.isoformat()
        if rec.channel == "connection":
            made = self.connection(owner_id, people, day, rec)
            pid = people[0]
            first = ("p", pid) not in self.reached   # (else an earlier row of the export connected them)
            added = pid not in self.created and (made == "earlier" or (first and pid in self.updated))
            self.count_row(self._outcome(("p", pid), made == "new" or (first and pid in self.created), added),
                           row=rec.row)
            return
        key, remember = rec.key, not self.unique_keys
        prefix = key[:key.find(":") + 1]   # a key can only be one with the same prefix
        known = self.known.get((owner_id, prefix))
        if known is None:
            known = self._known_keys(owner_id, prefix)
        seen = self.seen_keys
        if key in known:
            if rec.row is None and not touched and key not in seen:   # (a re-import of a big log: inline)
                self.summary.unchanged += 1
            else:
                self.count_row("updated" if touched else "merged" if key in seen else "unchanged", row=rec.row)
            if remember:
                seen.add(key)
            return
        if rec.row is None:   # (inline: once per row of a big log)
            self.summary.new_rows += 1
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
                                                          else _TIE_MAX_ATTENDEES):
                self.shared.extend(people)   # their ties change (a meeting too large for ties changes none)
        self.summary.new_interactions += 1
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
                self.conns.append((owner_id, pid, day, rec.stamp, rec.direction, rec.subject, rec.source))
                self.summary.new_interactions += had is None
                made = made or ("new" if had is None else "earlier")
        if len(self.conns) >= 50000:
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
        if self.conns:
            self.conns.sort(key=lambda r: (r[0], r[1]))   # in key order: appended to the table's B-tree
            self.conn.executemany("INSERT INTO connections (owner_id, person_id, day, stamp, direction, subject, "
                                  "source) VALUES (?,?,?,?,?,?,?)" + _EARLIER_CONNECTION, self.conns)
            self.touched.update(pid for _, pid, *_ in self.conns)
            self.conns = []


@contextmanager
def _indexes_rebuilt(conn: sqlite3.Connection, table: str, rebuild: bool = True) -> Iterator[None]:
    """Inside: *table* without its secondary indexes (when *rebuild*); after: the same indexes made
    again, from their own SQL (in the caller's transaction: a failure leaves them as they were)."""
    made = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                        "AND sql IS NOT NULL", (table,)).fetchall() if rebuild else []
    for name, _ in made:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in made:
        conn.execute(sql)


def _floor_filter(count: str, last: str, floor: tuple | None) -> tuple[str, list]:
    """The SQL condition (and its arguments) of ``pair_stats``/``tie_stats`` rows that may be at
    least as strong as a floor: *floor* is ``(as_of, floor, params)``. Rows whose aggregates do not
    hold yet (a later event) all pass; the others pass when the model's strength
    (:func:`~refgraph.strength.strength_sql`) reaches the floor, less a hair for rounding."""
    if floor is None:
        return "", []
    from .strength import strength_sql

    as_of, value, params = floor
    sql, args = strength_sql(as_of, params, n=count, last=last, first="first_event", keep="touch_keep")
    return f" AND (last_event > ? OR {sql} >= ?)", [as_of.isoformat(), *args, value * (1.0 - 1e-9)]


def _people_filter(column: str, person_ids, people_table: str | None, where: list, args: list) -> None:
    """Restrict an event query to some people: listed (*person_ids*) or in a temporary table."""
    if person_ids is not None:
        ids = list(person_ids)
        where.append(f"{column} IN ({','.join('?' * len(ids))})")
        args.extend(ids)
    if people_table is not None:
        where.append(f"{column} IN (SELECT id FROM {people_table})")


def _cumulative(rows, cut: str):
    """``(pair, [(day, conversations, last conversation, first event, Π(1 − x_day)), …])`` per pair
    from per-day rows ``(a, b, day, n, ln(1 − x_day))`` in pair then day order: the aggregates as of
    each event day from *cut* on, after the last one before it (earlier days are never asked for)."""
    from math import exp

    pair, out, n, last, first, lx = None, [], 0, None, None, 0.0
    for a, b, d, dn, dlx in rows:
        if (a, b) != pair:
            if pair is not None:
                yield pair, [(d_, n_, l_, f_, exp(x_)) for d_, n_, l_, f_, x_ in out]
            pair, out, n, last, first, lx = (a, b), [], 0, None, d, 0.0
        n += dn
        if dn:
            last = d
        lx += dlx
        if out and d < cut:   # before the cut only the latest day is kept
            out[-1] = (d, n, last, first, lx)
        else:
            out.append((d, n, last, first, lx))
    if pair is not None:
        yield pair, [(d_, n_, l_, f_, exp(x_)) for d_, n_, l_, f_, x_ in out]


def _bulk_cumulative(conn: sqlite3.Connection, ev: str, args: list, cap: float, cut: str):
    """The ``pair_stats`` rows ``(a, b, n, last conversation, first event, touch keep, last event,
    cut)`` of every pair with events, in (a, b) order, and what ``_cumulative(Store._days(ev,
    args), cut)`` yields for the pairs with events from the cut on; computed in arrays from the
    events (the same sums, grouped by sorting once): for many pairs, much faster."""
    import itertools
    from collections import defaultdict
    from math import exp

    import numpy as np

    cur = conn.execute(f"SELECT a, b, CAST(replace(d, '-', '') AS INTEGER), src, conv, w FROM ({ev})", args)
    sources = defaultdict(itertools.count().__next__)   # each source (a file name) as a number
    parts = []
    while True:
        rows = cur.fetchmany(1 << 18)
        if not rows:
            break
        a, b, d, src, conv, w = zip(*rows)
        parts.append((np.array(a, np.int64), np.array(b, np.int64), np.array(d, np.int64),
                      np.fromiter(map(sources.__getitem__, src), np.int64, len(src)),
                      np.array(conv, np.int64), np.array(w, np.float64)))
    if not parts:
        return [], []
    a, b, d, src, conv, w = (np.concatenate(x) for x in zip(*parts))
    del parts
    with np.errstate(divide="ignore"):
        lw = np.where(conv != 0, 0.0, np.log(np.maximum(1e-15, 1.0 - w)))
    order = np.lexsort((src, d, b, a))
    a, b, d, src, conv, lw = a[order], b[order], d[order], src[order], conv[order], lw[order]

    def starts(*keys):
        new = np.zeros(len(keys[0]), bool)
        new[0] = True
        for k in keys:
            new[1:] |= k[1:] != k[:-1]
        return np.flatnonzero(new)

    s = starts(a, b, d, src)   # per source and day: conversations, Σ ln(1 − w) of the touches
    n, lw, a, b, d = np.add.reduceat(conv, s), np.add.reduceat(lw, s), a[s], b[s], d[s]
    s = starts(a, b, d)        # per day: the source with most conversations, the touches capped
    n, lw, a, b, d = np.maximum.reduceat(n, s), np.add.reduceat(lw, s), a[s], b[s], d[s]
    lx = np.log(np.maximum(1e-15, 1.0 - np.minimum(cap, 1.0 - np.exp(lw))))
    s = starts(a, b)           # per pair
    ends = np.append(s[1:], len(a))
    iso = {int(v): f"{v // 10000:04d}-{v // 100 % 100:02d}-{v % 100:02d}" for v in np.unique(d)}
    iso[0] = None
    cut_day = int(cut.replace("-", ""))
    last = d[ends - 1]
    day = iso.__getitem__
    firsts = d[s].tolist()
    latest = list(zip(a[s].tolist(), b[s].tolist(), np.add.reduceat(n, s).tolist(),
                      map(day, np.maximum.reduceat(np.where(n > 0, d, 0), s).tolist()), map(day, firsts),
                      map(exp, np.add.reduceat(lx, s).tolist()), map(day, last.tolist()), itertools.repeat(cut)))
    # the per-day rows of the pairs with recent events (only they become Python objects), running-
    # summed as the SQL path sums them
    recent = np.repeat(last >= cut_day, ends - s)
    days = zip(a[recent].tolist(), b[recent].tolist(), map(iso.__getitem__, d[recent].tolist()), n[recent].tolist(),
               lx[recent].tolist())
    return latest, _cumulative(days, cut)


def _similar(a: str, b: str) -> bool:
    """Two owner names close enough to be one person mistyped (rapidfuzz, accent-free)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(name_key(a), name_key(b)) >= 88


def _ensure_math(conn: sqlite3.Connection) -> None:
    """``ln`` and ``exp`` for the strength aggregates, where this SQLite was built without them."""
    try:
        conn.execute("SELECT ln(2.0), exp(1.0)").fetchone()
    except sqlite3.OperationalError:
        import math

        conn.create_function("ln", 1, math.log, deterministic=True)
        conn.create_function("exp", 1, math.exp, deterministic=True)


def _company_key_or_null(name):
    return company_key(name) if name else None


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (``sqlite3.complete_statement`` decides)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
