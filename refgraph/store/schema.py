"""The store's schema: its forward migrations, its version and mark, and the SQL functions it uses.

A store's ``user_version`` is its schema version; ``application_id`` marks the file as a refgraph
store. Every migration step of an upgrade runs in one transaction (the caller's).
"""
from __future__ import annotations

import sqlite3

from ..identity import company_key

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "APPLICATION_ID", "EARLIER_CONNECTION", "upgrade", "mark", "add_functions",
           "write_connections"]

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
    # v7: the referral itself: introductions asked for and what became of them (each status with
    # its day, in order), the reciprocity ledger (what an owner gave a person and received), and an
    # account's business reason for an introduction
    """
    CREATE TABLE intros (
        id        INTEGER PRIMARY KEY,
        owner_id  INTEGER NOT NULL REFERENCES owners(person_id),
        via_id    INTEGER NOT NULL REFERENCES people(id),
        to_id     INTEGER NOT NULL REFERENCES people(id),
        UNIQUE (owner_id, via_id, to_id)
    );
    CREATE TABLE intro_steps (
        intro_id INTEGER NOT NULL REFERENCES intros(id),
        seq      INTEGER NOT NULL,
        status   TEXT NOT NULL CHECK (status IN ('planned', 'asked', 'introduced', 'met', 'declined', 'no-reply')),
        day      TEXT NOT NULL,
        note     TEXT,
        PRIMARY KEY (intro_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE ledger (
        id        INTEGER PRIMARY KEY,
        owner_id  INTEGER NOT NULL REFERENCES owners(person_id),
        person_id INTEGER NOT NULL REFERENCES people(id),
        direction TEXT NOT NULL CHECK (direction IN ('gave', 'received')),
        kind      TEXT NOT NULL CHECK (kind <> ''),
        day       TEXT NOT NULL,
        note      TEXT
    );
    ALTER TABLE accounts ADD COLUMN reason TEXT;   -- the business reason for an introduction there
    """,
    # v8: an owner's private text (subjects and introduction notes) is read through views: one user's
    # store shows it all; on a team's PostgreSQL server each owner sees only their own (pg_schema.py)
    """
    CREATE VIEW interaction_subjects AS SELECT id, subject FROM interactions;
    CREATE VIEW connection_subjects AS SELECT owner_id, person_id, subject FROM connections;
    CREATE VIEW intro_notes AS SELECT intro_id, seq, note FROM intro_steps;
    """,
    # v9: a knows tie read from its index alone (the path search reads every tie of the people who
    # know the targets: a big knows file is 100,000 rows and more)
    """
    DROP INDEX knows_a;
    DROP INDEX knows_b;
    CREATE INDEX knows_a ON knows(person_a, person_b, strength, last_contact);
    CREATE INDEX knows_b ON knows(person_b, person_a, strength, last_contact);
    """,
    # v10: nothing changes here (a new ledger entry takes the next rowid, as before); on a team's
    # server its ids come from the ledger's own sequence from now on (pg_schema.py)
    "",
]
SCHEMA_VERSION = len(MIGRATIONS)
APPLICATION_ID = 0x52674770   # "RgGp": marks a SQLite file as a refgraph store


def write_connections(conn, rows: list[tuple]) -> int:
    """Write connections ``(owner, person, day, stamp, direction, subject, source)``, one a pair (the
    earliest of several): a pair not yet connected is added, one connected later than *day* takes
    this one. Two statements, not an upsert: a teammate's role on a team's server may write
    subjects it may not read, and an upsert reads them (``excluded.subject``). How many changed."""
    if not rows:
        return 0
    earlier = conn.executemany(
        "UPDATE connections SET day = ?, stamp = ?, direction = ?, subject = ?, source = ? "
        "WHERE owner_id = ? AND person_id = ? AND day > ?",
        [(day, stamp, direction, subject, source, owner, person, day)
         for owner, person, day, stamp, direction, subject, source in rows]).rowcount
    added = conn.executemany("INSERT INTO connections (owner_id, person_id, day, stamp, direction, subject, source) "
                             "VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING", rows).rowcount
    return max(earlier, 0) + max(added, 0)


# one connection per owner and person: of two, the earlier stays (merges, migrations)
EARLIER_CONNECTION = """
    ON CONFLICT (owner_id, person_id) DO UPDATE SET
        day = excluded.day, stamp = excluded.stamp, direction = excluded.direction,
        subject = excluded.subject, source = excluded.source
    WHERE excluded.day < connections.day"""


def upgrade(conn: sqlite3.Connection, version: int) -> set[int] | None:
    """Run the migrations from schema *version* to :data:`SCHEMA_VERSION` (inside the caller's
    transaction); the people whose kept aggregates must be computed again (``None``: everyone)."""
    refresh: set[int] | None = set()
    for target in range(version, SCHEMA_VERSION):
        for statement in _statements(MIGRATIONS[target]):
            conn.execute(statement)
        if target == 2:   # v3: the kept aggregates of the interactions already stored
            refresh = None
        elif target == 5:   # v6: pairs that were connected twice
            twice = {r[0] for r in conn.execute("SELECT id FROM temp.twice_connected")}
            conn.execute("DROP TABLE temp.twice_connected")
            if refresh is not None:
                refresh |= twice
    return refresh


def mark(conn: sqlite3.Connection) -> None:
    """Stamp the store with this schema version and refgraph's mark."""
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def add_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the schema and the aggregates use: ``refgraph_company_key``, and ``ln``,
    ``exp`` and ``pow`` where this SQLite was built without them."""
    conn.create_function("refgraph_company_key", 1, _company_key_or_null, deterministic=True)
    _ensure_math(conn)


def _ensure_math(conn: sqlite3.Connection) -> None:
    """``ln``, ``exp`` and ``pow`` for the strength aggregates and the knows ties' floor, where this
    SQLite was built without them."""
    try:
        conn.execute("SELECT ln(2.0), exp(1.0), pow(2.0, 0.5)").fetchone()
    except sqlite3.OperationalError:
        import math

        conn.create_function("ln", 1, math.log, deterministic=True)
        conn.create_function("exp", 1, math.exp, deterministic=True)
        conn.create_function("pow", 2, math.pow, deterministic=True)


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
