"""The schema on PostgreSQL (refgraph/store/pg_schema.py) is SQLite's, numbered the same: a new
database migrates to SCHEMA_VERSION; every table, column (in order), key and index of a new SQLite
store is there by the same name; migrating twice does nothing; a failed migration changes nothing.
Against a real server (tests/postgres.py)."""
from __future__ import annotations

import sqlite3

import pytest

from refgraph.errors import RefgraphError
from refgraph.store import Store
from refgraph.store import pg_schema
from refgraph.store.pg_schema import PG_MIGRATIONS, pg_upgrade, pg_version
from refgraph.store.schema import MIGRATIONS, SCHEMA_VERSION
from refgraph.strength import DEFAULTS

from .postgres import connect

# SQLite's declared types, as PostgreSQL holds them
PG_TYPES = {"INTEGER": {"bigint", "integer"}, "TEXT": {"text"}, "REAL": {"double precision"}}


@pytest.fixture
def pg(pg_database):
    """A connection to a new database; each pg_upgrade is a transaction of its own."""
    with connect(pg_database, autocommit=True) as conn:
        yield conn


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("pg-schema") / "store.db"
    Store(path, kept=DEFAULTS).close()
    conn = sqlite3.connect(path)
    yield conn
    conn.close()


def sqlite_tables(c) -> list[str]:
    return [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                    "AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def pg_tables(conn) -> list[str]:
    return [r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables "
                                       "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
                                       "ORDER BY table_name")]


def pg_columns(conn, table) -> list[tuple[str, str, bool]]:
    return [(name, kind, nullable == "NO") for name, kind, nullable in conn.execute(
        "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position", (table,))]


def sqlite_keys(c, table) -> set[tuple[str, tuple[str, ...]]]:
    """The table's primary key and unique constraints: (kind, columns in order)."""
    pk = tuple(r[1] for r in sorted((r for r in c.execute(f"PRAGMA table_info({table})") if r[5]), key=lambda r: r[5]))
    keys = {("p", pk)} if pk else set()
    for _, name, unique, origin, _ in c.execute(f"PRAGMA index_list({table})"):
        if unique and origin == "u":
            keys.add(("u", tuple(r[2] for r in c.execute(f"PRAGMA index_info({name})"))))
    return keys


def pg_keys(conn, table) -> set[tuple[str, tuple[str, ...]]]:
    rows = conn.execute("""
        SELECT k.contype, array_agg(a.attname::text ORDER BY u.n)
        FROM pg_constraint k CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, n)
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum
        WHERE k.conrelid = %s::regclass AND k.contype IN ('p', 'u')
        GROUP BY k.oid, k.contype""", (table,)).fetchall()
    return {(kind, tuple(columns)) for kind, columns in rows}


def sqlite_foreign_keys(c, table) -> set[tuple[str, str, str]]:
    return {(r[3], r[2], r[4]) for r in c.execute(f"PRAGMA foreign_key_list({table})")}


def pg_foreign_keys(conn, table) -> set[tuple[str, str, str]]:
    rows = conn.execute("""
        SELECT a.attname::text, k.confrelid::regclass::text, f.attname::text
        FROM pg_constraint k
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        JOIN pg_attribute f ON f.attrelid = k.confrelid AND f.attnum = k.confkey[1]
        WHERE k.conrelid = %s::regclass AND k.contype = 'f'""", (table,)).fetchall()
    return set(rows)


def sqlite_indexes(c) -> dict[str, tuple]:
    """Every named index: (table, columns in order (None for an expression), unique, partial)."""
    out = {}
    for name, table in c.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' "
                                 "AND name NOT LIKE 'sqlite_autoindex_%'"):
        unique, partial = next((r[2], r[4]) for r in c.execute(f"PRAGMA index_list({table})") if r[1] == name)
        columns = tuple(r[2] for r in c.execute(f"PRAGMA index_info({name})"))
        out[name] = (table, columns, bool(unique), bool(partial))
    return out


def pg_indexes(conn) -> dict[str, tuple]:
    """Every index that is not a constraint's, in the same shape as :func:`sqlite_indexes`."""
    rows = conn.execute("""
        SELECT i.relname::text, t.relname::text,
               array(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                     LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                     ORDER BY k.n),
               x.indisunique, x.indpred IS NOT NULL
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace s ON s.oid = t.relnamespace
        WHERE s.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
        """).fetchall()
    return {name: (table, tuple(columns), unique, partial) for name, table, columns, unique, partial in rows}


def shape(conn):
    """Every table's columns and every index: what a migration changes."""
    return [(t, pg_columns(conn, t)) for t in pg_tables(conn)], pg_indexes(conn), pg_version(conn)


def test_numbered_as_sqlite():
    assert len(PG_MIGRATIONS) == len(MIGRATIONS) == SCHEMA_VERSION


def test_a_new_database_migrates_to_the_schema_version(pg):
    assert pg_version(pg) == 0 and pg_tables(pg) == []
    assert pg_upgrade(pg) is None   # a new database: everyone's aggregates (there are none yet)
    assert pg_version(pg) == SCHEMA_VERSION
    assert pg.execute("SELECT count(*), max(schema_version) FROM refgraph_meta").fetchone() == (1, SCHEMA_VERSION)
    with pytest.raises(Exception, match="refgraph_meta_one_row"):   # one row, ever
        pg.execute("INSERT INTO refgraph_meta VALUES (1)")


def test_every_table_and_column_as_in_sqlite(pg, sqlite_store):
    pg_upgrade(pg)
    tables = sqlite_tables(sqlite_store)
    assert len(tables) == 18
    assert pg_tables(pg) == sorted([*tables, "refgraph_meta", "team_roles"])   # PostgreSQL's own two
    for table in tables:
        lite = [(r[1], r[2], bool(r[3] or r[5])) for r in sqlite_store.execute(f"PRAGMA table_info({table})")]
        post = pg_columns(pg, table)
        assert [c[0] for c in post] == [c[0] for c in lite], table
        for (name, declared, not_null), (_, kind, pg_not_null) in zip(lite, post):
            assert kind in PG_TYPES[declared], (table, name, declared, kind)
            assert pg_not_null == not_null, (table, name)


def test_the_views_of_private_text_as_in_sqlite(pg, sqlite_store):
    pg_upgrade(pg)
    views = [r[0] for r in sqlite_store.execute("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")]
    assert views == ["connection_subjects", "interaction_subjects", "intro_notes"]
    assert [r[0] for r in pg.execute("SELECT table_name FROM information_schema.views WHERE table_schema = 'public' "
                                      "ORDER BY table_name")] == views
    for view in views:
        assert [c[0] for c in pg_columns(pg, view)] == [
            r[1] for r in sqlite_store.execute(f"PRAGMA table_info({view})")], view


def test_every_key_and_index_as_in_sqlite(pg, sqlite_store):
    pg_upgrade(pg)
    for table in sqlite_tables(sqlite_store):
        assert pg_keys(pg, table) == sqlite_keys(sqlite_store, table), table
        assert pg_foreign_keys(pg, table) == sqlite_foreign_keys(sqlite_store, table), table
    lite = sqlite_indexes(sqlite_store)
    post = pg_indexes(pg)
    post.pop("refgraph_meta_one_row")
    assert len(lite) == 11
    # the one expression index: both sides say "an expression" (None; PostgreSQL's empty name)
    lite = {k: (t, tuple(c or "" for c in cols), u, p) for k, (t, cols, u, p) in lite.items()}
    post = {k: (t, tuple(c or "" for c in cols), u, p) for k, (t, cols, u, p) in post.items()}
    assert post == lite
    expression = pg.execute("SELECT indexdef FROM pg_indexes "
                            "WHERE indexname = 'identifiers_email_domain'").fetchone()[0]
    assert "strpos(value, '@'::text) + 1" in expression and "WHERE (kind = 'email'::text)" in expression


def test_text_compares_byte_by_byte_as_in_sqlite(pg):
    pg_upgrade(pg)
    collations = pg.execute("""
        SELECT DISTINCT c.collname::text FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid
        JOIN pg_namespace s ON s.oid = t.relnamespace JOIN pg_collation c ON c.oid = a.attcollation
        WHERE s.nspname = 'public' AND t.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped""").fetchall()
    assert collations == [("C",)]
    words = ["b", "B", "a", "2026-01-02T09:00", "2026-01-02", "Ä", "z"]
    pg.execute("INSERT INTO people (name, name_key) SELECT w, w FROM unnest(%s::text[]) AS w", (words,))
    assert [r[0] for r in pg.execute("SELECT name_key FROM people ORDER BY name_key")] == sorted(words)


def test_migrating_twice_does_nothing(pg):
    pg_upgrade(pg)
    before = shape(pg)
    assert pg_upgrade(pg) == set()
    assert pg_upgrade(pg, SCHEMA_VERSION) == set()
    assert shape(pg) == before and pg_version(pg) == SCHEMA_VERSION
    with pytest.raises(RefgraphError, match="not 3"):   # a version that is no longer the database's
        pg_upgrade(pg, 3)


def test_step_by_step_is_the_same_schema(pg, pg_server):
    for target in range(SCHEMA_VERSION + 1):
        pg_upgrade(pg, target=target)
        assert pg_version(pg) == target
    with connect(pg_server) as whole:   # the session's database, migrated at once, in a transaction undone
        with whole.transaction(force_rollback=True):
            pg_upgrade(whole)
            assert shape(whole) == shape(pg)


def test_a_failed_migration_leaves_version_and_tables_as_before(pg, monkeypatch):
    pg_upgrade(pg, target=5)
    before = shape(pg)
    broken = [*PG_MIGRATIONS]
    broken[6] += "\nSELECT no_such_column FROM intros;"   # v7 fails after creating its tables
    monkeypatch.setattr(pg_schema, "PG_MIGRATIONS", broken)
    with pytest.raises(Exception, match="no_such_column"):
        pg_upgrade(pg)
    assert shape(pg) == before and pg_version(pg) == 5
    monkeypatch.undo()
    pg_upgrade(pg)
    assert pg_version(pg) == SCHEMA_VERSION


def test_a_failed_first_migration_leaves_the_database_empty(pg, monkeypatch):
    monkeypatch.setattr(pg_schema, "PG_MIGRATIONS", [*PG_MIGRATIONS[:2], "SELECT 1/0;", *PG_MIGRATIONS[3:]])
    with pytest.raises(Exception, match="division by zero"):
        pg_upgrade(pg)
    assert pg_version(pg) == 0 and pg_tables(pg) == []


def test_the_migrations_carry_rows_as_sqlite_does(pg):
    """v2 fills in company keys (from Python); v6 moves connections over, the earlier of two."""
    pg_upgrade(pg, target=1)
    pg.execute("INSERT INTO people (id, name, name_key, company) VALUES "
               "(1, 'Sam', 'sam', 'Fabrikam, Inc.'), (2, 'Lee', 'lee', NULL), (3, 'Kim', 'kim', '')")
    pg_upgrade(pg, target=5)
    assert pg.execute("SELECT id, company_key FROM people ORDER BY id").fetchall() == [
        (1, "fabrikam"), (2, None), (3, None)]
    pg.execute("INSERT INTO owners (person_id, is_default) VALUES (1, 1)")
    pg.execute("""INSERT INTO interactions (id, owner_id, day, stamp, channel, source, source_key) VALUES
        (10, 1, '2025-03-01', '2025-03-01', 'connection', 'later', 'c10'),
        (11, 1, '2024-01-01', '2024-01-01', 'connection', 'earlier', 'c11'),
        (12, 1, '2024-06-01', '2024-06-01', 'connection', 'only', 'c12'),
        (13, 1, '2024-06-01', '2024-06-01', 'call', 'crm', 'k13')""")
    pg.execute("INSERT INTO interaction_people (person_id, interaction_id) VALUES (2, 10), (2, 11), (3, 12), (3, 13)")
    assert pg_upgrade(pg) == {2}
    assert pg.execute("SELECT person_id, day, source FROM connections ORDER BY person_id").fetchall() == [
        (2, "2024-01-01", "earlier"), (3, "2024-06-01", "only")]
    assert pg.execute("SELECT id FROM interactions").fetchall() == [(13,)]
    assert pg.execute("SELECT interaction_id FROM interaction_people").fetchall() == [(13,)]
    assert pg.execute("SELECT to_regclass('twice_connected')").fetchone() == (None,)


def test_two_upgrades_at_once_take_turns(pg_database):
    """Two first uses of a new database at once: one migrates, the other then finds nothing to do."""
    from concurrent.futures import ThreadPoolExecutor

    def first_use(_):
        with connect(pg_database, autocommit=True) as conn:
            return pg_upgrade(conn)

    with ThreadPoolExecutor(2) as pool:
        results = sorted(map(repr, pool.map(first_use, range(2))))
    assert results == ["None", "set()"]
    with connect(pg_database) as conn:
        assert pg_version(conn) == SCHEMA_VERSION


def test_the_ledger_ids_given_before_v10_are_not_given_again(pg):
    # before v10 every entry's id was counted (the next after the largest); from v10 the ledger's
    # sequence gives them, moved past those ids by the migration
    pg_upgrade(pg, target=9)
    pg.execute("INSERT INTO people (id, name, name_key) VALUES (1, 'Alex Morgan', 'alex morgan'), "
               "(2, 'Lee Park', 'lee park')")
    pg.execute("INSERT INTO owners (person_id, is_default) VALUES (1, 1)")
    pg.execute("INSERT INTO ledger (id, owner_id, person_id, direction, kind, day) VALUES "
               "(1, 1, 2, 'gave', 'help', '2026-01-01'), (2, 1, 2, 'received', 'intro', '2026-01-02')")
    pg_upgrade(pg)
    assert pg.execute("INSERT INTO ledger (owner_id, person_id, direction, kind, day) "
                      "VALUES (1, 2, 'gave', 'referral', '2026-01-03') RETURNING id").fetchone()[0] == 3
