"""The SQLite store: one file per store, its transactions, its reads and writes. The only package
that writes SQL tables.

One file per store, created readable by its owner only (0600), in WAL mode with foreign keys on.
Every import is one transaction (:meth:`Store.apply`): on any error nothing is written. Interactions
carry a stable source-row key, unique per owner, so re-importing a file writes nothing.

Its jobs, a module each: :mod:`.schema` (migrations, version), :mod:`.writer` and :mod:`.people`
(the import writer), :mod:`.aggregates` (the strength model's per-pair aggregates in SQL, with the
model's parameters passed in: the store does not import the model).
"""
from __future__ import annotations

import gc
import os
import sqlite3
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import RefgraphError
from ..records import Batch, InteractionRecord
from . import aggregates
from .aggregates import SHARED_EVENTS, SHARED_TIE, floor_filter
from .schema import (APPLICATION_ID, EARLIER_CONNECTION, MIGRATIONS, SCHEMA_VERSION, add_functions, mark, upgrade,
                     write_connections)
from .referrals import add_intro_step, add_ledger, intro_rows, ledger_rows, merge_referrals
from .writer import _Writer

__all__ = ["Store", "open_store", "is_url", "default_path", "local_default_path", "busy_timeout", "SCHEMA_VERSION",
           "APPLICATION_ID", "MIGRATIONS", "SHARED_EVENTS", "SHARED_TIE"]


def busy_timeout() -> float:
    """How long a write waits for another refgraph command's write to finish (seconds):
    ``$REFGRAPH_BUSY_TIMEOUT``, else 60 — two imports into one store at once both land."""
    try:
        return max(0.0, float(os.environ.get("REFGRAPH_BUSY_TIMEOUT", "60")))
    except ValueError:
        return 60.0


def _busy(exc: Exception) -> bool:
    """Whether SQLite said the database is locked or busy (another connection holds it)."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def is_url(location) -> bool:
    """Whether a ``--db`` value names a PostgreSQL database (``postgresql://…``), not a SQLite file."""
    return isinstance(location, str) and location.lower().startswith(("postgresql://", "postgres://"))


def default_path() -> Path | str:
    """``$REFGRAPH_DB`` (a file, or a ``postgresql://`` URL), else ``refgraph.db`` in the user's
    data directory."""
    env = os.environ.get("REFGRAPH_DB")
    if env:
        return env if is_url(env) else Path(env).expanduser()
    return local_default_path()


def local_default_path() -> Path:
    """``refgraph.db`` in the user's data directory."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("refgraph", appauthor=False)) / "refgraph.db"


def open_store(location, notice: Callable[[str], None] | None = None, today: date | None = None, *, kept) -> "Store":
    """The store at *location*: a SQLite file (a path), or a PostgreSQL database (a
    ``postgresql://`` URL: :class:`refgraph.store.pg.PgStore`, which needs the ``postgres`` extra)."""
    if is_url(location):
        from .pg import PgStore

        return PgStore(location, notice=notice, today=today, kept=kept)
    return Store(location, notice=notice, today=today, kept=kept)


class Store:
    """A refgraph store. ``Store(path)`` creates the file (mode 0600) and migrates it; *notice* is
    called with one line before an upgrade of a store written by an older refgraph. *kept* are the
    strength model's parameters the aggregates kept at import are computed with (the model's
    defaults: :data:`refgraph.strength.DEFAULTS`; the store does not import the model). *today* is the
    day imports run: the aggregates are kept as of each event day of the 180 days before it
    (:meth:`refresh_stats`); without it, none are, and a read as of a day before a pair's last
    event aggregates that pair's events (the same numbers, more slowly)."""

    def __init__(self, path: str | os.PathLike | None = None, notice: Callable[[str], None] | None = None,
                 today: date | None = None, *, kept):
        self.path = Path(path).expanduser() if path else default_path()
        self.notice = notice
        self.today = today
        self.kept = kept
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
        deadline = time.monotonic() + busy_timeout()
        while True:
            try:
                self._open()
                break
            except sqlite3.OperationalError as exc:
                if getattr(self, "conn", None) is not None:
                    self.conn.close()
                # another refgraph is making or upgrading this store right now (switching it to WAL
                # takes a lock no busy handler waits for): wait for it, as a write would
                if _busy(exc) and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                raise RefgraphError(f"{self.path}: " + (
                    "the store is busy: another refgraph command is writing to it — try again when it has finished"
                    if _busy(exc) else f"not a refgraph store ({exc}) — point --db at a refgraph store or a "
                    "new file name")) from None
            except sqlite3.DatabaseError as exc:
                if getattr(self, "conn", None) is not None:
                    self.conn.close()
                raise RefgraphError(f"{self.path}: not a refgraph store ({exc}) — "
                                    "point --db at a refgraph store or a new file name") from None
        self.created = created   # True until something is committed: see Refgraph.discard_if_created

    def _open(self) -> None:
        """Connect, refuse another program's file, switch to WAL and migrate."""
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=busy_timeout())
        add_functions(self.conn)
        fresh = self._check()
        if fresh:   # an empty file becomes a store: its owner's only, as are the -wal/-shm made from it
            self._private()
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self._migrate()
        if fresh:
            self._private()

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
    _snapshot = False

    def begin_snapshot(self) -> None:
        """Read one state of the store from here on (a read transaction) until :meth:`close` or the
        next write, whatever other refgraph commands commit meanwhile."""
        if not self.conn.in_transaction:
            self.conn.execute(self._SNAPSHOT)
            self._snapshot = True

    _SNAPSHOT = "BEGIN"   # SQLite: the snapshot is taken at the first read

    def _end_snapshot(self) -> None:
        if self._snapshot:
            self._snapshot = False
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def close(self) -> None:
        self._end_snapshot()
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _version(self) -> int:
        """The store's schema version (0: a new store)."""
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _upgrade(self, version: int) -> set[int] | None:
        """Run the migrations from *version* (inside the caller's transaction) and stamp the store;
        the people whose kept aggregates must be computed again (``None``: everyone)."""
        refresh = upgrade(self.conn, version)
        mark(self.conn)
        return refresh

    def _outdated(self) -> int | None:
        """The store's schema version when it needs migrating, else ``None``; a newer one is an error."""
        version = self._version()
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
            self.refresh_stats(self._upgrade(version))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside commits together or not at all."""
        self._end_snapshot()   # a write sees, and writes on, the store as it is now
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
                             ORDER BY o.is_default DESC, o.person_id""")

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
        ev, args = aggregates.pair_events(params, as_of, owner_id, person_ids)
        return aggregates.totals(self.conn, ev, args, params)

    def tie_aggregates(self, as_of: date | None, params, person_ids: Iterable[int] | None = None) -> list[tuple]:
        """Shared meetings and threads per ordered pair of people (the first among *person_ids*), in
        the :meth:`pair_aggregates` row layout. Meetings of at most ``knows_max_attendees`` people are
        conversations between every two of them and group messages ``message`` touches; larger
        meetings make no tie."""
        ev, args = aggregates.tie_events(params, as_of, person_ids)
        return aggregates.totals(self.conn, ev, args, params, by_source=False)

    def refresh_stats(self, people: set[int] | None, since: date | None = None, ties: set[int] | None = None) -> None:
        """Recompute the kept aggregates of *people* (``None``: everyone) from their events, under
        the store's *kept* parameters: ``pair_stats``/``tie_stats`` as of the pair's last event,
        and ``pair_days``/``tie_days`` as of each event day from *since* (default: 180 days before
        the store's *today*; no day without one) on, plus the last day before it, so that any
        as_of from *since* on is one index seek (meetings still to come, the last few months).
        *ties*, when given, are the people whose shared meetings and threads changed (else
        *people*'s): an import of one-person events changes no tie. Runs inside the caller's
        transaction: an import and its aggregates commit together."""
        if since is None:
            since = self.today - timedelta(days=180) if self.today is not None else date.max
        aggregates.refresh(self.conn, self.kept, people, since=since, ties=ties)

    def as_of_day(self, table: str, pairs: Iterable[tuple[int, int]], as_of: date) -> list[tuple]:
        """The kept aggregates of some pairs as of *as_of* from ``pair_days`` (pairs are (owner,
        person)) or ``tie_days`` (pairs are (a, b)), in the :meth:`pair_aggregates` row layout;
        pairs with no event by then are left out."""
        return aggregates.as_of_day(self.conn, table, pairs, as_of)

    def pair_stats(self, owner_id: int | None = None, person_ids: list[int] | None = None,
                   other_than: Iterable[int] = (), *, as_of: date | None = None, floor: float = 0.0,
                   strength: Callable[..., tuple[str, list]] | None = None) -> list[tuple]:
        """Kept aggregates (the :meth:`pair_aggregates` row layout, then ``days_from``) of an owner's
        pairs, of some people's pairs (with owners *other_than* these), or of both at once.

        A *floor* above 0 leaves out pairs whose aggregates hold at *as_of* and whose strength then is
        below it: pairs too weak to matter, never read into Python. *strength* is the model's strength
        at as_of as SQL over a row's columns (``functools.partial(strength_sql, as_of, params)``, see
        :func:`refgraph.strength.strength_sql`)."""
        sql = ("SELECT owner_id, person_id, conversations, last_conversation, first_event, touch_keep, last_event, "
               "days_from FROM pair_stats WHERE 1 = 1")
        where, base = floor_filter("conversations", "last_conversation", as_of=as_of, floor=floor, strength=strength)
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

    def tie_stats(self, person_ids: list[int] | None = None, *, as_of: date | None = None, floor: float = 0.0,
                  strength: Callable[..., tuple[str, list]] | None = None) -> list[tuple]:
        """Kept shared-meeting aggregates (the :meth:`tie_aggregates` row layout, then ``days_from``)
        of some people (``None``: every pair, each once with ``a < b``); *as_of*, *floor* and
        *strength* as in :meth:`pair_stats`."""
        sql = ("SELECT person_a, person_b, meetings, last_meeting, first_event, touch_keep, last_event, days_from "
               "FROM tie_stats WHERE 1 = 1")
        where, base = floor_filter("meetings", "last_meeting", as_of=as_of, floor=floor, strength=strength)
        sql += where
        if person_ids is None:
            return self.conn.execute(sql + " AND person_a < person_b", base).fetchall()
        return self.query_in(sql + " AND person_a IN ({ids})", person_ids, base)

    def events(self, person_id: int, owner_id: int | None = None) -> list[sqlite3.Row]:
        """Every interaction of one person, connections included (all dates; the caller applies
        as_of); by day and time, a connection (no id) first among events of the same moment."""
        owner = "" if owner_id is None else " AND owner_id = ?"
        # subjects through their views: on a team's server, a teammate's are not shown (None)
        sql = f"""SELECT i.id, i.owner_id, i.day, i.stamp, i.channel, i.direction, s.subject, i.source, i.attendees,
                         i.source_key
                  FROM interaction_people ip JOIN interactions i ON i.id = ip.interaction_id
                  LEFT JOIN interaction_subjects s ON s.id = i.id
                  WHERE ip.person_id = ?{owner.replace("owner_id", "i.owner_id")}
                  UNION ALL
                  SELECT NULL, c.owner_id, c.day, c.stamp, 'connection', c.direction, s.subject, c.source, NULL, NULL
                  FROM connections c LEFT JOIN connection_subjects s
                       ON s.owner_id = c.owner_id AND s.person_id = c.person_id
                  WHERE c.person_id = ?{owner.replace("owner_id", "c.owner_id")}"""
        params = [person_id] if owner_id is None else [person_id, owner_id]
        return self.query(sql + " ORDER BY 3, 4, 1 NULLS FIRST", params * 2)

    # -- identity -------------------------------------------------------------------------------
    def find_identifier(self, kind: str, value: str) -> int | None:
        row = self.conn.execute("SELECT person_id FROM identifiers WHERE kind = ? AND value = ?",
                                (kind, value)).fetchone()
        return self.follow(row[0]) if row else None

    def follow(self, person_id: int) -> int:
        """The surviving person after merges."""
        while True:
            row = self.conn.execute("SELECT merged_into FROM people WHERE id = ?", (person_id,)).fetchone()
            if not row or row[0] is None:
                return person_id
            person_id = row[0]

    # -- writes ---------------------------------------------------------------------------------
    def apply(self, batch: Batch | Iterable[Batch], owner: str | None = None, progress=None, new_owners=()):
        """Write one parsed import in one transaction and say what changed (a :class:`Summary`).

        Given several batches (any iterable, e.g. a generator parsing one export after the other),
        they are written one after the other as separate imports would write them, but in the same
        transaction: one bad batch leaves the store as it was. The result is then their summaries.
        """
        several = not isinstance(batch, Batch)
        summaries = []
        # A big import keeps millions of small objects (records, what it resolved) and makes no
        # reference cycles: the cyclic collector would only walk them again and again.
        collecting = gc.isenabled()
        gc.disable()
        writer = None
        try:
            with self._bulk(), self.transaction():
                writer = _Writer(self)
                for one in (batch if several else (batch,)):
                    summaries.append(writer.apply(one, owner, progress, new_owners))
                writer.flush()
                self.refresh_stats(writer.touched, ties=writer.tied)
        finally:
            writer = one = None   # freed before the collector is back, or its first pass walks them all
            if collecting:
                gc.enable()
        return summaries if several else summaries[0]

    @contextmanager
    def _bulk(self) -> Iterator[None]:
        """Settings for a big write: a bigger page cache than SQLite's 2 MB keeps the indexes an
        import touches all over in memory (128 MiB at most, used only as needed)."""
        pages = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute("PRAGMA cache_size = -131072")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(pages)}")

    def set_default_owner(self, owner_id: int) -> None:
        with self.transaction():
            self.conn.execute("UPDATE owners SET is_default = CASE WHEN person_id = ? THEN 1 ELSE 0 END",
                              (owner_id,))

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
                         """ + EARLIER_CONNECTION, (keep, other))
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
            merge_referrals(c, keep, other)
            c.execute("UPDATE people SET merged_into = ? WHERE id = ?", (keep, other))
            c.execute("UPDATE people SET merged_into = ? WHERE merged_into = ?", (keep, other))
            self.refresh_stats({keep, other})

    # -- the referral tables (store/referrals.py) ----------------------------------------------------
    def add_intro_step(self, owner_id: int, via_id: int, to_id: int, status: str, day, note: str | None = None
                       ) -> tuple[int, bool]:
        """Record one status of an introduction (see :func:`referrals.add_intro_step`)."""
        with self.transaction():
            return add_intro_step(self.conn, owner_id, via_id, to_id, status, day, note)

    def intros(self, owner_id: int | None = None) -> list[dict]:
        return intro_rows(self.conn, owner_id)

    def add_ledger(self, owner_id: int, person_id: int, direction: str, kind: str, day, note: str | None = None
                   ) -> bool:
        """Record what an owner gave a person or received (see :func:`referrals.add_ledger`)."""
        with self.transaction():
            return add_ledger(self.conn, owner_id, person_id, direction, kind, day, note)

    def ledger(self, owner_id: int | None = None, person_id: int | None = None) -> list[dict]:
        return ledger_rows(self.conn, owner_id, person_id)

    def log(self, owner_id: int, person_id: int, rec: InteractionRecord) -> str:
        """Record one interaction the user logged by hand: ``"new"``, ``"noted"`` or ``""``. A
        connection is the pair's connection if the store has none as early. Another is the same entry
        as one logged with the person on that day and channel with the same note, or with none: then
        nothing changes (``""``), but a note the first lacked, which is added to it (``"noted"``); with
        another note it is a second one (a second call that day)."""
        with self.transaction():
            if rec.channel == "connection":
                changed = write_connections(self.conn, [(owner_id, person_id, rec.day.isoformat(), rec.stamp,
                                                         rec.direction, rec.subject, rec.source)]) > 0
                if changed:
                    self.refresh_stats({person_id})
                return "new" if changed else ""
            logged = self.conn.execute(   # (subjects through the view: on a team's server, the role's own)
                "SELECT i.id, s.subject FROM interactions i JOIN interaction_people ip ON ip.interaction_id = i.id "
                "LEFT JOIN interaction_subjects s ON s.id = i.id WHERE i.owner_id = ? AND ip.person_id = ? "
                "AND i.channel = ? AND i.day = ? AND i.source = 'log' ORDER BY i.id",
                (owner_id, person_id, rec.channel, rec.day.isoformat())).fetchall()
            if logged and (rec.subject is None or any(subject == rec.subject for _, subject in logged)):
                return ""
            blank = next((iid for iid, subject in logged if subject is None), None)
            if blank is not None:
                self.conn.execute("UPDATE interactions SET subject = ? WHERE id = ?", (rec.subject, blank))
                return "noted"
            # ids are given, as the import writer gives them (one writer at a time: max + 1 is free)
            iid = (self.conn.execute("SELECT max(id) FROM interactions").fetchone()[0] or 0) + 1
            self.conn.execute(
                """INSERT INTO interactions (id, owner_id, day, stamp, channel, direction, subject,
                   duration_minutes, source, source_key, attendees) VALUES (?,?,?,?,?,?,?,?,?,?,?)""",
                (iid, owner_id, rec.day.isoformat(), rec.stamp, rec.channel, rec.direction, rec.subject,
                 rec.duration_minutes, rec.source, rec.key, rec.attendees))
            self.conn.execute("INSERT INTO interaction_people (person_id, interaction_id) VALUES (?, ?)",
                              (person_id, iid))
            self.refresh_stats({person_id})
            return "new"
