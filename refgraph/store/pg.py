"""PostgreSQL as the store's second engine: :class:`PgStore` is a :class:`~refgraph.store.Store` whose
connection is a PostgreSQL database (``--db postgresql://USER@HOST:PORT/DB``).

Everything above the store (imports, reads, the path search, the referral tables) runs unchanged: it
speaks to :class:`PgConnection`, which answers the part of :class:`sqlite3.Connection` the store uses
(``execute``, ``executemany``, ``in_transaction``, cursors with ``fetchone``, ``fetchall``,
``rowcount``, ``row_factory``). The store's SQL is one text for both engines, written so that
both read it the same (``ON CONFLICT DO NOTHING``, ``NULLS FIRST``, explicit ids); what PostgreSQL
lacks of SQLite's dialect is small and kept here:

- placeholders: ``?`` becomes ``%s`` (and a literal ``%`` is doubled), ``INSERT OR IGNORE`` becomes
  ``INSERT … ON CONFLICT DO NOTHING``, SQLite's ``temp`` schema is ``pg_temp``, ``CROSS JOIN … ON``
  (SQLite's way to fix the join order) is ``JOIN … ON``, ``BEGIN IMMEDIATE``
  is ``BEGIN`` plus a transaction-level advisory lock (one writer at a time, as SQLite has: two
  imports at once both land, one after the other; reads go on meanwhile and see the state before or
  after a write, never half of it);
- SQL functions (:data:`FUNCTIONS`, created with the schema): ``julianday``, two-argument ``max``
  and ``min`` (on ``double precision``), ``group_concat``, ``instr`` and an ``exp`` that gives 0
  where PostgreSQL's would fail with underflow (the session's ``search_path`` puts ``public``
  before ``pg_catalog``);
- many rows of one plain ``INSERT`` (an import's people, interactions, links, aggregates) go by
  ``COPY`` (:data:`COPY_ROWS` and more), through a temporary table where ``OR IGNORE`` or
  row-level security applies; a big import ends with an ``ANALYZE`` of the tables it fills;
- ``numeric`` values (``sum`` of ``bigint``) come back as ``int`` when whole, else ``float``, as
  SQLite gives them; the session's time zone is UTC;
- psycopg prepares a statement run often, and PostgreSQL may keep a generic plan of it made while
  a table was small or analysed empty: a scan of the whole table for every lookup once the table
  has grown (a 150,000-row knows file took over 20 minutes). So an empty table is never analysed,
  and a statement of many values (an IN list) is planned with them every time, never prepared.

A team on one server (:func:`add_team_owner`): each owner connects as a database role of their
own; column privileges and row-level security let every role read every relationship's strength,
counts and dates, and only its owner's subjects, notes and ledger.

The version lives in ``refgraph_meta`` (:mod:`.pg_schema`). The driver, psycopg 3, is the
``postgres`` extra; it is imported only when a PostgreSQL store is opened.
"""
from __future__ import annotations

import functools
import re
from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Sequence
from urllib.parse import urlsplit, urlunsplit

from ..errors import RefgraphError
from ..identity import name_key
from . import Store, is_url
from .pg_schema import pg_upgrade, pg_version
from .schema import APPLICATION_ID, SCHEMA_VERSION

__all__ = ["is_url", "display_url", "PgConnection", "PgStore", "connect", "FUNCTIONS", "translate"]


def display_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


# What PostgreSQL lacks of the SQL the store writes for SQLite: created with the schema, or on
# opening a database made before they were all here.
FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION public.julianday(text) RETURNS double precision
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT extract(epoch FROM $1::timestamptz)::double precision / 86400.0 + 2440587.5 $$;
CREATE OR REPLACE FUNCTION public.max(double precision, double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN $1 IS NULL OR $2 IS NULL THEN NULL
                                                           ELSE greatest($1, $2) END $$;
CREATE OR REPLACE FUNCTION public.min(double precision, double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN $1 IS NULL OR $2 IS NULL THEN NULL
                                                           ELSE least($1, $2) END $$;
CREATE OR REPLACE FUNCTION public.exp(double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN $1 < -745.0 THEN 0.0 ELSE pg_catalog.exp($1) END $$;
CREATE OR REPLACE FUNCTION public.refgraph_concat(text, text, text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || $3 || $2 END $$;
CREATE OR REPLACE AGGREGATE public.group_concat(text, text) (SFUNC = public.refgraph_concat, STYPE = text);
CREATE OR REPLACE FUNCTION public.instr(text, text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT strpos($1, $2) $$;
"""
_SIGNATURES = ("julianday(text)", "max(double precision, double precision)", "min(double precision, double precision)",
               "exp(double precision)", "group_concat(text, text)", "instr(text, text)")
_FUNCTIONS_PRESENT = "SELECT " + " AND ".join(f"to_regprocedure('public.{s}') IS NOT NULL" for s in _SIGNATURES)

# A plain INSERT of one row of placeholders, which COPY can do for many rows at once
_COPYABLE = re.compile(r"^\s*INSERT\s+(?P<ignore>OR\s+IGNORE\s+)?INTO\s+(?P<table>[a-z_]+)\s*"
                       r"(?:\((?P<columns>[^)]*)\))?\s*VALUES\s*\(\s*\?(?:\s*,\s*\?)*\s*\)\s*"
                       r"(?P<conflict>ON\s+CONFLICT\s+DO\s+NOTHING)?\s*$", re.IGNORECASE)
COPY_ROWS = 1000   # from this many rows on, COPY (a round trip per row of pipelined INSERTs costs more)
ANALYZE_ROWS = 5000   # an import of this many rows or more is followed by ANALYZE of the tables it fills
MANY_VALUES = 50      # a statement with more arguments than this is planned each time (never prepared)
ANALYZED = ("people", "identifiers", "employment", "interactions", "interaction_people", "connections", "knows",
            "pair_stats", "pair_days", "tie_stats", "tie_days")
_INSERT_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.IGNORECASE)
_TEMP = re.compile(r"\btemp\.", re.IGNORECASE)
_CROSS_JOIN_ON = re.compile(r"\bCROSS\s+JOIN\b(?=[^()]*?\bON\b)", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def translate(sql: str, with_params: bool = True) -> str:
    """The store's SQL as PostgreSQL reads it (see the module's notes). The store writes no ``?`` or
    ``%`` inside a string literal but the ``LIKE`` patterns, whose ``%`` is doubled here.

    >>> translate("INSERT OR IGNORE INTO t (a) VALUES (?)")
    'INSERT INTO t (a) VALUES (%s) ON CONFLICT DO NOTHING'
    >>> translate("SELECT a FROM temp.x WHERE b LIKE '10%' AND c = ?")
    "SELECT a FROM pg_temp.x WHERE b LIKE '10%%' AND c = %s"
    """
    out = sql
    if _INSERT_OR_IGNORE.match(out):
        out = _INSERT_OR_IGNORE.sub("INSERT INTO", out, count=1).rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    out = _TEMP.sub("pg_temp.", out)
    out = _CROSS_JOIN_ON.sub("JOIN", out)   # SQLite's way to fix the join order; an inner join here
    if with_params:
        out = out.replace("%", "%%").replace("?", "%s")
    return out


class Row(tuple):
    """A row read by name or position, as :class:`sqlite3.Row` is (``row["name"]``, ``row[0]``,
    ``dict(row)``)."""

    def __new__(cls, values: Sequence, names: dict[str, int]):
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


class PgCursor:
    """The rows of one statement, as a :class:`sqlite3.Cursor` gives them."""

    def __init__(self, cur, rowcount: int):
        self._cur = cur
        self.rowcount = rowcount
        self.row_factory = None   # sqlite3.Row (or anything set): rows by name as well as position
        self._names: dict[str, int] | None = None

    def _row(self, values):
        if values is None or self.row_factory is None:
            return values
        if self._names is None:   # in the statement's order; of two columns of one name, the first
            self._names = {}
            for i, column in enumerate(self._cur.description):
                self._names.setdefault(column.name, i)
        return Row(values, self._names)

    @property
    def description(self):
        return self._cur.description if self._cur is not None else None

    def fetchone(self):
        return self._row(self._cur.fetchone()) if self.description else None

    def fetchmany(self, size: int = 1) -> list:
        if not self.description:
            return []
        rows = self._cur.fetchmany(size)
        return rows if self.row_factory is None else [self._row(r) for r in rows]

    def fetchall(self) -> list:
        if not self.description:
            return []
        rows = self._cur.fetchall()
        return rows if self.row_factory is None else [self._row(r) for r in rows]

    def __iter__(self):
        return iter(self.fetchall())


class PgConnection:
    """A psycopg connection as the store uses a :class:`sqlite3.Connection` (see the module's notes).
    Statements outside an explicit ``BEGIN`` commit on their own, as SQLite's do with
    ``isolation_level=None``."""

    engine = "postgresql"

    def __init__(self, raw, name: str = "PostgreSQL"):
        self.raw = raw
        self.name = name   # the database's URL without its password, for messages
        self._rls: dict[str, bool] = {}

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgCursor:
        head = sql.lstrip()[:16].upper()
        if head.startswith("ROLLBACK") and (self.raw.closed or self.raw.broken):
            return PgCursor(None, -1)   # the server ended the transaction with the connection
        if head.startswith("BEGIN IMMEDIATE"):   # the one writer at a time SQLite has
            cur = self.raw.execute("BEGIN")
            self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (APPLICATION_ID,))
            return PgCursor(cur, -1)
        params = tuple(params) if params is not None else ()
        cur = self.raw.cursor()
        with _refused(self):
            # a lookup of many values at once is planned with them, never prepared: a generic plan
            # of a long IN list made while its table was small scans the table for each value
            cur.execute(translate(sql, bool(params)), params or None,
                        prepare=False if len(params) > MANY_VALUES else None)
        return PgCursor(cur, cur.rowcount)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> PgCursor:
        cur = self.raw.cursor()
        rows = list(rows)
        if not rows:
            return PgCursor(cur, 0)
        plain = _COPYABLE.match(sql) if len(rows) >= COPY_ROWS else None
        with _refused(self):
            if plain:
                return PgCursor(cur, self._copy(cur, plain, rows))
            cur.executemany(translate(sql), rows)
        return PgCursor(cur, cur.rowcount)

    def _copy(self, cur, plain: re.Match, rows: list) -> int:
        """Many rows of one plain ``INSERT`` by ``COPY``: straight into the table, or, where a row
        may already be there (``OR IGNORE``), into a temporary table of the same shape and from there
        with ``ON CONFLICT DO NOTHING``. How many rows were added."""
        from psycopg import sql

        table = sql.Identifier(plain["table"])
        names = [c.strip().strip('"') for c in plain["columns"].split(",")] if plain["columns"] else None
        columns = sql.SQL(" ({})").format(sql.SQL(", ").join(map(sql.Identifier, names))) if names else sql.SQL("")
        ignore = bool(plain["ignore"] or plain["conflict"])
        target = table
        # COPY cannot write into a table whose row-level security applies to this role: staged too
        if ignore or self._guarded(plain["table"]):
            target = sql.Identifier(f"refgraph_copy_{plain['table']}")
            # the table's columns and types from the catalogue (LIKE would need to read the table,
            # which a teammate's role may not do for its private columns)
            shape = cur.execute("SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                                "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped "
                                "ORDER BY a.attnum", (plain["table"],)).fetchall()
            cur.execute(sql.SQL("CREATE TEMP TABLE IF NOT EXISTS {} ({})").format(target, sql.SQL(", ").join(
                sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(kind)) for name, kind in shape)))
            cur.execute(sql.SQL("TRUNCATE {}").format(target))
        with cur.copy(sql.SQL("COPY {}{} FROM STDIN").format(target, columns)) as copy:
            for row in rows:
                copy.write_row(row)
        if target is table:
            return len(rows)
        cur.execute(sql.SQL("INSERT INTO {}{} SELECT {} FROM {}{}").format(
            table, columns, sql.SQL(", ").join(map(sql.Identifier, names)) if names else sql.SQL("*"), target,
            sql.SQL(" ON CONFLICT DO NOTHING" if ignore else "")))
        return cur.rowcount

    def _guarded(self, table: str) -> bool:
        """Whether row-level security applies to this role on *table* (asked once a table)."""
        if table not in self._rls:
            self._rls[table] = bool(self.raw.execute("SELECT row_security_active(%s)", (table,)).fetchone()[0])
        return self._rls[table]

    def close(self) -> None:
        self.raw.close()


@contextmanager
def _refused(conn: "PgConnection") -> Iterator[None]:
    """What the server refuses a teammate's role (a row of another owner, a private column) as one
    line: the caller's transaction is then rolled back."""
    import psycopg

    try:
        yield
    except psycopg.errors.InsufficientPrivilege as exc:
        first = str(exc).strip().splitlines()[0]
        raise RefgraphError(f"{conn.name}: refused by the team's server ({first}) — a teammate's role writes only "
                            "its own owner's records and reads only its own subjects and notes; the database's "
                            "owner role imports files of the whole team") from None
    except psycopg.OperationalError as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise RefgraphError(f"{conn.name}: lost the connection to PostgreSQL ({first}) — nothing of the last "
                            "change was kept; try again") from None


def _numeric_loader():
    """A loader for ``numeric``: an ``int`` when the value is whole (``sum`` of ``bigint``), else a
    ``float`` (SQLite gives no decimals)."""
    from psycopg.adapt import Loader

    class NumericLoader(Loader):
        def load(self, data):
            text = bytes(data)
            if b"." in text or b"e" in text or b"N" in text or b"I" in text:
                return float(text)
            return int(text)

    return NumericLoader


def connect_fix(message: str) -> str:
    """What to do when the server refuses a connection with *message* (libpq's first line).

    >>> connect_fix('connection failed: FATAL:  database "team" does not exist')
    'create the database first (createdb team, as a role that may), or correct its name in the URL'
    >>> connect_fix("connection failed: fe_sendauth: no password supplied")[:40]
    "give the role's password in PGPASSWORD o"
    """
    missing = re.search(r'database "([^"]+)" does not exist', message)
    if missing:
        return (f"create the database first (createdb {missing[1]}, as a role that may), or correct its name "
                "in the URL")
    if "no password supplied" in message or "password authentication failed" in message:
        return ("give the role's password in PGPASSWORD or ~/.pgpass (or in the URL: "
                "postgresql://USER:PASSWORD@HOST:PORT/DB), and check it")
    return "check the URL, that the server runs and that this role may log in"


def connect(url: str) -> PgConnection:
    """Connect to the database at *url* (autocommit: transactions are explicit, as the store's
    are): UTC, ``public`` before ``pg_catalog``, and ``numeric`` read as SQLite gives it."""
    try:
        import psycopg
    except ImportError:
        raise RefgraphError(f"{display_url(url)}: PostgreSQL needs the driver — pip install 'refgraph[postgres]'"
                            ) from None
    try:
        raw = psycopg.connect(url, autocommit=True, options="-c search_path=public,pg_catalog -c TimeZone=UTC",
                              connect_timeout=30)
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RefgraphError(f"{display_url(url)}: cannot connect to PostgreSQL ({first}) — {connect_fix(first)}"
                            ) from None
    loader = _numeric_loader()
    raw.adapters.register_loader("numeric", loader)
    return PgConnection(raw, display_url(url))


def ensure_functions(conn: PgConnection) -> None:
    """Create :data:`FUNCTIONS` where they are missing (inside the caller's transaction)."""
    if not conn.raw.execute(_FUNCTIONS_PRESENT).fetchone()[0]:
        conn.raw.execute(FUNCTIONS)


class PgStore(Store):
    """A store in a PostgreSQL database (*url*): the same tables, migrations, transactions, reads
    and writes as a SQLite store's (:class:`~refgraph.store.Store`). A new database becomes a store;
    one holding other tables and no ``refgraph_meta`` is refused, as another program's SQLite file is."""

    def __init__(self, url: str, notice=None, today=None, *, kept):
        self.url = url
        self.path = display_url(url)   # what messages name
        self.notice, self.today, self.kept = notice, today, kept
        self.created = False   # a database is never removed: see Refgraph.discard_if_created
        self.conn = connect(url)
        try:
            self._migrate()
        except BaseException:
            self.conn.close()
            raise

    def _version(self) -> int:
        """The database's schema version: 0 for a new one; one holding other tables is refused."""
        version = pg_version(self.conn.raw)
        if version == 0 and self.conn.raw.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").fetchone()[0]:
            raise RefgraphError(f"{self.path}: not a refgraph database (it holds other tables) — point --db at "
                                "a refgraph database or a new, empty one")
        return version

    def _upgrade(self, version: int) -> set[int] | None:
        ensure_functions(self.conn)
        return pg_upgrade(self.conn.raw, version)   # (which records the version in refgraph_meta)

    def _migrate(self) -> None:
        """As :meth:`Store._migrate`, and the functions PostgreSQL lacks made where missing; a role
        that may not create tables or functions is told whom to ask."""
        import psycopg

        try:
            super()._migrate()
            if not self.conn.raw.execute(_FUNCTIONS_PRESENT).fetchone()[0]:
                with self.transaction():
                    ensure_functions(self.conn)
        except psycopg.errors.InsufficientPrivilege:
            raw = self.conn.raw
            raw.rollback()
            role, outsider = raw.execute("SELECT current_user, to_regclass('refgraph_meta') IS NOT NULL AND NOT "
                                         "has_table_privilege('refgraph_meta', 'SELECT')").fetchone()
            if outsider:   # a refgraph database this role may not read: not one of the team yet
                raise RefgraphError(f"{self.path}: role {role} is not on this team yet — ask whoever runs the "
                                    "database to add you (refgraph team add-owner 'YOUR NAME' --role "
                                    f"{role}, as the database's owner role)") from None
            raise RefgraphError(f"{self.path}: the store needs its schema made or upgraded to {SCHEMA_VERSION}, "
                                "which this role may not do — run refgraph once as the database's owner role") from None

    @contextmanager
    def _bulk(self) -> Iterator[None]:
        yield

    def apply(self, batch, owner=None, progress=None, new_owners=()):
        """As :meth:`Store.apply`; after a big import, the tables it filled are analysed at once, so
        that the next import's lookups are planned on their new sizes (autovacuum may come later:
        a knows import right after a LinkedIn one ran 3× slower before it did)."""
        done = super().apply(batch, owner, progress, new_owners)
        if sum(s.new_rows + s.updated_rows for s in (done if isinstance(done, list) else [done])) >= ANALYZE_ROWS:
            # not an empty table: analysed empty, it is planned as empty (a scan for every lookup)
            # until analysed again, however much the next import puts in it
            raw = self.conn.raw
            filled = [t for t in ANALYZED if raw.execute(f"SELECT EXISTS (SELECT 1 FROM {t})").fetchone()[0]]
            if filled:
                self.conn.raw.execute("ANALYZE " + ", ".join(filled))
        return done

    _SNAPSHOT = "BEGIN ISOLATION LEVEL REPEATABLE READ"   # one snapshot for every statement after

    # -- a team's roles (see add_team_owner) ----------------------------------------------------------
    def me(self) -> int | None:
        """The owner this connection's role is, on a team's server; ``None`` for the database's owner
        role or a database without teammates' roles."""
        row = self.conn.raw.execute("SELECT owner_id FROM team_roles WHERE role = current_user").fetchone()
        return row[0] if row else None

    def owners(self) -> list:
        """As :meth:`Store.owners`; a teammate's role is its own default owner."""
        me = self.me()
        if me is None:
            return super().owners()
        return self.query("""SELECT o.person_id AS id, p.name, CASE WHEN o.person_id = ? THEN 1 ELSE 0 END AS is_default
                             FROM owners o JOIN people p ON p.id = o.person_id
                             ORDER BY o.person_id = ? DESC, o.person_id""", (me, me))

    def merge(self, keep: int, other: int) -> None:
        if self.me() is not None:   # it rewrites every teammate's records of the two people
            raise RefgraphError(f"{self.path}: merging people changes every teammate's records — run it as the "
                                "database's owner role")
        super().merge(keep, other)

    def set_default_owner(self, owner_id: int) -> None:
        if self.me() is not None:   # the team's default, which every role without one of its own reads
            raise RefgraphError(f"{self.path}: the team's default owner is set by the database's owner role — "
                                "a teammate's own commands default to their own owner already")
        super().set_default_owner(owner_id)

    def add_team_owner(self, person_id: int, role: str) -> dict:
        return add_team_owner(self, person_id, role)

    def add_person(self, name: str) -> int:
        """A new person called *name* (a teammate not yet imported): their id."""
        with self.transaction():
            pid = (self.conn.execute("SELECT max(id) FROM people").fetchone()[0] or 0) + 1
            self.conn.execute("INSERT INTO people (id, name, name_key) VALUES (?, ?, ?)", (pid, name, name_key(name)))
        return pid

    def team(self) -> list[tuple[str, str]]:
        return team_rows(self)


def read_rows(url: str, sql: str) -> list[tuple]:
    """The rows of one read of a refgraph database, without creating or upgrading anything: none
    where it cannot be read (no server, no schema yet)."""
    try:
        conn = connect(url)
    except RefgraphError:
        return []
    try:
        if pg_version(conn.raw) != SCHEMA_VERSION:
            return []
        return [tuple(row) for row in conn.execute(sql).fetchall()]
    except Exception:   # noqa: BLE001 - any failure means: nothing to read
        return []
    finally:
        conn.close()


# -- a team on one server: each owner their own role ---------------------------------------------
# Columns a teammate's role may not read: an owner's subjects and introduction notes (read through
# the views interaction_subjects, connection_subjects and intro_notes, which show a role its own).
PRIVATE_COLUMNS = {"interactions": ("subject",), "connections": ("subject",), "intro_steps": ("note",)}
# Row-level security: every role reads every row (strengths, counts and dates are the team's); a
# role writes only its own owner's rows; the ledger is its owner's alone, read or written.
_MINE = "refgraph_mine(owner_id)"
_STEP_MINE = "EXISTS (SELECT 1 FROM intros i WHERE i.id = intro_id AND refgraph_mine(i.owner_id))"
POLICIES = {
    "interactions": (True, _MINE), "connections": (True, _MINE), "intros": (True, _MINE),
    "intro_steps": (True, _STEP_MINE), "ledger": (False, _MINE),
}


def _policies(raw) -> None:
    """Row-level security on the owners' tables (the database's owner role is not subject to it)."""
    from psycopg import sql

    for table, (everyone_reads, mine) in POLICIES.items():
        name = sql.Identifier(table)
        raw.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(name))
        for policy in ("refgraph_read", "refgraph_insert", "refgraph_update", "refgraph_delete"):
            raw.execute(sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(sql.Identifier(policy), name))
        read = "true" if everyone_reads else mine
        raw.execute(sql.SQL(f"CREATE POLICY refgraph_read ON {{}} FOR SELECT USING ({read})").format(name))
        raw.execute(sql.SQL(f"CREATE POLICY refgraph_insert ON {{}} FOR INSERT WITH CHECK ({mine})").format(name))
        raw.execute(sql.SQL(f"CREATE POLICY refgraph_update ON {{}} FOR UPDATE USING ({mine}) WITH CHECK ({mine})"
                            ).format(name))
        raw.execute(sql.SQL(f"CREATE POLICY refgraph_delete ON {{}} FOR DELETE USING ({mine})").format(name))


def _grants(raw, role: str) -> None:
    """What a teammate's role may do: read every table but the private columns, write every table."""
    from psycopg import sql

    who = sql.Identifier(role)
    raw.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(who))
    tables = [r[0] for r in raw.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
    for table in tables:
        name = sql.Identifier(table)
        hidden = PRIVATE_COLUMNS.get(table, ())
        if table in ("refgraph_meta", "team_roles"):
            raw.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(name, who))
            continue
        raw.execute(sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(name, who))
        if hidden:
            raw.execute(sql.SQL("REVOKE SELECT ON {} FROM {}").format(name, who))
            columns = [r[0] for r in raw.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND table_name = %s ORDER BY ordinal_position", (table,)) if r[0] not in hidden]
            raw.execute(sql.SQL("GRANT SELECT ({}) ON {} TO {}").format(
                sql.SQL(", ").join(map(sql.Identifier, columns)), name, who))
        else:
            raw.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(name, who))
    for view in ("interaction_subjects", "connection_subjects", "intro_notes"):
        raw.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(sql.Identifier(view), who))
    raw.execute(sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(who))


_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def add_team_owner(store: "PgStore", person_id: int, role: str) -> dict:
    """Make *person_id* an owner who connects as *role* (created with LOGIN when missing, which needs
    a role that may create roles): the grants and row-level security above, and the role in
    ``team_roles``. Run by the database's owner role. Again for the same pair changes nothing."""
    import psycopg
    from psycopg import sql

    if not _ROLE.match(role):
        raise RefgraphError(f"{role!r}: a role name is lower-case letters, digits and _ (at most 63), starting "
                            "with a letter — e.g. sam_rivera")
    raw = store.conn.raw
    if store.me() is not None:
        raise RefgraphError(f"{store.path}: only the database's owner role adds teammates — connect as it "
                            "(the role that owns the database)")
    with store.transaction():
        taken = raw.execute("SELECT owner_id FROM team_roles WHERE role = %s", (role,)).fetchone()
        if taken and taken[0] != person_id:
            name = raw.execute("SELECT name FROM people WHERE id = %s", (taken[0],)).fetchone()[0]
            raise RefgraphError(f"role {role} already connects as {name} — give each teammate a role of their own")
        held = raw.execute("SELECT role FROM team_roles WHERE owner_id = %s", (person_id,)).fetchone()
        if held and held[0] != role:
            raise RefgraphError(f"this owner already connects as role {held[0]} — one role an owner")
        raw.execute("INSERT INTO owners (person_id, is_default) VALUES (%s, 0) ON CONFLICT DO NOTHING", (person_id,))
        created = not raw.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if created:
            try:
                with raw.transaction():
                    raw.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
            except psycopg.errors.InsufficientPrivilege:
                raise RefgraphError(f"cannot create role {role} (this role may not create roles) — create it first "
                                    f"(CREATE ROLE {role} LOGIN PASSWORD '…'), then add the owner again") from None
        _policies(raw)
        _grants(raw, role)
        raw.execute("INSERT INTO team_roles (role, owner_id) VALUES (%s, %s) ON CONFLICT DO NOTHING", (role, person_id))
    return {"role": role, "created": created}


def team_rows(store: "PgStore") -> list[tuple[str, str]]:
    """(owner's name, role) of every teammate with a role, by name."""
    return [tuple(r) for r in store.conn.raw.execute(
        "SELECT p.name, t.role FROM team_roles t JOIN people p ON p.id = t.owner_id ORDER BY p.name, t.role")]
