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
- SQL functions (:data:`FUNCTIONS`, created with the schema): ``julianday``, two-argument ``max`` and
  ``min`` (on ``double precision``), ``group_concat``, ``instr`` and an ``exp`` that gives 0 where PostgreSQL's
  would fail with underflow (the session's ``search_path`` puts ``public`` before ``pg_catalog``);
- ``numeric`` values (``sum`` of ``bigint``) come back as ``int`` when whole, else ``float``, as
  SQLite gives them; the session's time zone is UTC.

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

_INSERT_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.IGNORECASE)
_TEMP = re.compile(r"\btemp\.", re.IGNORECASE)
_CROSS_JOIN_ON = re.compile(r"\bCROSS\s+JOIN\b(?=[^()]*?\bON\b)", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def translate(sql: str, with_params: bool = True) -> str:
    """The store's SQL as PostgreSQL reads it (see the module's notes).

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

    def _row(self, values):
        if values is None or self.row_factory is None:
            return values
        names = {d.name: i for i, d in reversed(list(enumerate(self._cur.description)))}
        return Row(values, names)

    @property
    def description(self):
        return self._cur.description

    def fetchone(self):
        return self._row(self._cur.fetchone()) if self._cur.description else None

    def fetchall(self) -> list:
        if not self._cur.description:
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

    def __init__(self, raw):
        self.raw = raw

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgCursor:
        head = sql.lstrip()[:16].upper()
        if head.startswith("BEGIN IMMEDIATE"):   # the one writer at a time SQLite has
            cur = self.raw.execute("BEGIN")
            self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (APPLICATION_ID,))
            return PgCursor(cur, -1)
        params = tuple(params) if params is not None else ()
        cur = self.raw.cursor()
        cur.execute(translate(sql, bool(params)), params or None)
        return PgCursor(cur, cur.rowcount)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> PgCursor:
        cur = self.raw.cursor()
        rows = list(rows)
        if rows:
            cur.executemany(translate(sql), rows)
        return PgCursor(cur, cur.rowcount)

    def close(self) -> None:
        self.raw.close()


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
        raise RefgraphError(f"{display_url(url)}: cannot connect to PostgreSQL ({first}) — check the URL, "
                            "that the server runs and that this role may log in") from None
    loader = _numeric_loader()
    raw.adapters.register_loader("numeric", loader)
    return PgConnection(raw)


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

    def _outdated(self) -> int | None:
        version = pg_version(self.conn.raw)
        if version == 0 and self.conn.raw.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").fetchone()[0]:
            raise RefgraphError(f"{self.path}: not a refgraph database (it holds other tables) — point --db at "
                                "a refgraph database or a new, empty one")
        if version > SCHEMA_VERSION:
            raise RefgraphError(f"{self.path}: store schema {version} is newer than this refgraph "
                                f"({SCHEMA_VERSION}) — upgrade refgraph")
        return None if version == SCHEMA_VERSION else version

    def _migrate(self) -> None:
        version = self._outdated()
        if version is None:
            if not self.conn.raw.execute(_FUNCTIONS_PRESENT).fetchone()[0]:
                with self.transaction():
                    ensure_functions(self.conn)
            return
        if version and self.notice:
            self.notice(f"{self.path}: upgrading the store from schema {version} to {SCHEMA_VERSION} (once)")
        with self.transaction():   # under the writers' lock: another refgraph may have done it since
            version = self._outdated()
            ensure_functions(self.conn)
            if version is None:
                return
            self.refresh_stats(pg_upgrade(self.conn.raw, version))

    @contextmanager
    def _bulk(self) -> Iterator[None]:
        yield


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
