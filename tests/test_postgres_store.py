"""The same refgraph on PostgreSQL: a store in a database on a real server (``--db postgresql://…``)
answers every command as a SQLite file does, byte for byte.

The demo's store is built in both engines the way the demo builds it; the README's read commands
print on PostgreSQL exactly the golden transcript the SQLite store prints, and more reads' JSON is
compared between the two. Store-level behaviour (atomic imports, re-imports that change nothing, a
newer export that moves a job, merge, log, introductions and the ledger) runs against both engines,
and every table's rows are compared. Two imports at once both land; a read during an import sees the
store before or after it.
"""
from __future__ import annotations

import os
import shlex
import subprocess
import sys
import threading
import uuid
from datetime import date
from pathlib import Path

import pytest

import refgraph
from refgraph.cli import cli
from refgraph.demo import AS_OF, DEMO_INTROS, import_samples
from refgraph.errors import RefgraphError

from .conftest import SAMPLES, stderr_apart, write
from .postgres import DATABASE, _create_database, _drop_database, connect
from .test_golden import AS_OF as GOLDEN_AS_OF, COMMANDS, GOLDEN, WIDTH

pytest.importorskip("psycopg")


def _url(server_url: str, name: str) -> str:
    return server_url.replace(f"/{DATABASE}?", f"/{name}?")


@pytest.fixture(scope="module")
def pg_module_database(pg_server):
    """A database of this module's own (the demo's store is built once)."""
    name = f"m_{uuid.uuid4().hex[:16]}"
    _create_database(pg_server, name)
    try:
        yield _url(pg_server, name)
    finally:
        _drop_database(pg_server, name)


def build_demo_store(location) -> None:
    """The demo's store: every sample imported, then its introduction history."""
    with refgraph.open(location) as g:
        list(import_samples(g, SAMPLES, AS_OF))
        for via, to, status, day in DEMO_INTROS:
            g.intro_log(via, to, status, day)


@pytest.fixture(scope="module")
def demo_stores(pg_module_database, tmp_path_factory):
    """The demo's store in both engines: ``{"sqlite": path, "postgresql": url}``."""
    path = tmp_path_factory.mktemp("engines") / "demo.db"
    build_demo_store(path)
    build_demo_store(pg_module_database)
    return {"sqlite": str(path), "postgresql": pg_module_database}


def invoke(location: str, *args: str) -> tuple[int, str, str]:
    result = stderr_apart().invoke(cli, ["--db", location, *args], env=WIDTH, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_readme_commands_print_on_postgresql_what_they_print_on_sqlite(demo_stores):
    """The golden transcript of the README's read commands (tables, --json, --csv), from PostgreSQL."""
    parts = []
    for command in COMMANDS:
        for fmt in ([], ["--json"], ["--csv"]):
            args = [*shlex.split(command), "--as-of", GOLDEN_AS_OF, *fmt]
            code, out, err = invoke(demo_stores["postgresql"], *args)
            if fmt and code == 2 and "No such option" in err:
                continue
            parts.append(f"$ refgraph {shlex.join(args)}   [exit {code}]\n{out}" + (f"[stderr]\n{err}" if err else ""))
    assert "\n".join(parts) == (GOLDEN / "readme-commands.txt").read_text(encoding="utf-8")


MORE_READS = [
    "people", "people --stale", "people --owner 'Sam Rivera'", "why 'Maria Ortiz' --all", "why 'Dana Whitfield'",
    "path 'Acme Corp'", "path Fabrikam --team -k 10", "path Contoso --max-hops 2 --all",
    "coverage --team", "reconnect --team", "reconnect --limit 50", "triage --limit 100",
    "triage --owner 'Sam Rivera'", "changes", "intro list", "ask --to 'Lee Park'", "accounts",
]


@pytest.mark.parametrize("command", MORE_READS)
def test_more_reads_are_the_same_json_on_both_engines(demo_stores, command):
    fmt = [] if command.startswith("triage") else ["--json"]   # triage is a table (and -o FILE.csv)
    answers = {engine: invoke(where, *shlex.split(command), "--as-of", GOLDEN_AS_OF, *fmt)
               for engine, where in demo_stores.items()}
    assert answers["sqlite"][0] == 0, answers["sqlite"]
    assert answers["postgresql"] == answers["sqlite"]


# -- every table, both engines -------------------------------------------------------------------
def dump(location: str) -> dict[str, list]:
    """Every row of every refgraph table, sorted, floats to 12 significant digits (the engines may
    differ in the last bits of a sum's rounding)."""
    def norm(row):   # a logged interaction's key is random (log:UUID)
        return tuple(float(f"{v:.12g}") if isinstance(v, float) else
                     "log:…" if isinstance(v, str) and v.startswith("log:") else v for v in row)

    with refgraph.open(location) as g:
        conn = g.store.conn
        if location.startswith("postgresql://"):
            tables = [r[0] for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "AND tablename NOT IN ('refgraph_meta', 'team_roles')")]
        else:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: sorted(map(norm, conn.execute(f"SELECT * FROM {t}").fetchall()), key=repr) for t in sorted(tables)}


def test_every_table_holds_the_same_rows_on_both_engines(demo_stores):
    sqlite, pg = dump(demo_stores["sqlite"]), dump(demo_stores["postgresql"])
    assert list(pg) == list(sqlite)
    for table in sqlite:
        assert pg[table] == sqlite[table], table
    assert len(sqlite["interactions"]) > 100 and len(sqlite["pair_stats"]) > 50


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path):
    """A new store in either engine: a file name, or the URL of a new empty database."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("pg_database")


LOG = "date,person,channel,owner,company\n2026-10-01,Dana Whitfield,call,Alex Morgan,Fabrikam\n"


def test_a_bad_file_leaves_the_store_as_it_was(location, tmp_path):
    good = write(tmp_path / "good.csv", LOG)
    bad = write(tmp_path / "bad.csv",
                LOG + "2026-10-02,Lee Park,call,Alex Morgan,Contoso\nnot a date,Lee Park,call,,\n")
    with refgraph.open(location) as g:
        g.import_interactions(good)
    before = dump(location)
    with refgraph.open(location) as g, pytest.raises(RefgraphError, match="bad.csv: row 4: cannot read the date"):
        g.import_interactions(bad)
    assert dump(location) == before


def test_importing_the_same_file_again_changes_nothing(location, tmp_path):
    log = write(tmp_path / "log.csv", LOG)
    with refgraph.open(location) as g:
        assert g.import_interactions(log).new_interactions == 1
    before = dump(location)
    with refgraph.open(location) as g:
        again = g.import_interactions(log)
    assert (again.new_interactions, again.new_people, again.updated_people) == (0, 0, 0)
    assert dump(location) == before


def test_a_newer_export_moves_a_job_and_keeps_its_history(location, tmp_path):
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    older = write(tmp_path / "old" / "Connections.csv",
                  header + "Lee,Park,https://www.linkedin.com/in/leepark,,Contoso,Director,01 Mar 2024\n")
    newer = write(tmp_path / "new" / "Connections.csv",
                  header + "Lee,Park,https://www.linkedin.com/in/leepark,,Fabrikam,VP Sales,01 Mar 2024\n")
    with refgraph.open(location) as g:
        g.import_linkedin(older.parent, owner="Alex Morgan")
        moved = g.import_linkedin(newer.parent, owner="Alex Morgan")
        lee = g.person_id("Lee Park")
        assert moved.job_changes == 1
        assert [(r["company"], r["title"], r["end"] is None) for r in g.store.employment(lee)] == [
            ("Fabrikam", "VP Sales", True), ("Contoso", "Director", False)]


def test_log_merge_introductions_and_the_ledger_write_the_same_rows(tmp_path, pg_database):
    """The hand-written records, each its own transaction, on both engines: the same rows."""
    log = write(tmp_path / "log.csv", LOG + "2026-10-03,Lee Park,meeting,Alex Morgan,Contoso\n"
                "2026-10-04,L. Park,email,Alex Morgan,Contoso\n")
    knows = write(tmp_path / "knows.csv", "person,knows\nLee Park,Dana Whitfield\n")
    stores = {"sqlite": str(tmp_path / "s.db"), "postgresql": pg_database}
    for where in stores.values():
        with refgraph.open(where) as g:
            g.import_interactions(log)
            g.import_knows(knows)
            g.log("Lee Park", "call", date(2026, 11, 2), note="renewal")
            g.merge("Lee Park", "L. Park")
            g.log("Dana Whitfield", "connection", date(2026, 1, 5))
            g.intro_log("Lee Park", "Dana Whitfield", "asked", date(2026, 11, 6))
            g.intro_log("Lee Park", "Dana Whitfield", "introduced", date(2026, 11, 8))
            g.log_ledger("Lee Park", "gave", "intro", date(2026, 11, 9), note="to a hiring manager")
    sqlite, pg = dump(stores["sqlite"]), dump(stores["postgresql"])
    assert pg == sqlite
    assert len(sqlite["intros"]) == 1 and len(sqlite["intro_steps"]) == 2 and len(sqlite["ledger"]) == 1
    with refgraph.open(pg_database) as g:   # L. Park points to Lee Park
        assert [tuple(r) for r in g.store.query("SELECT name, merged_into FROM people WHERE merged_into IS NOT NULL")
                ] == [("L. Park", g.person_id("Lee Park"))]


def big_log(n: int, seed: int) -> str:
    """A call log of *n* rows: people by name, email or LinkedIn URL, two owners, re-used people."""
    import random

    rnd = random.Random(seed)
    rows = ["date,person,email,linkedin,channel,owner,company"]
    for _ in range(n):
        i = rnd.randrange(n // 3)
        how = i % 3
        rows.append(",".join([f"2026-{1 + rnd.randrange(11):02d}-{1 + rnd.randrange(28):02d}", f"Person {i}",
                              f"p{i}@example.com" if how == 1 else "",
                              f"https://www.linkedin.com/in/p{i}" if how == 2 else "",
                              rnd.choice(["call", "meeting", "email", "video"]),
                              rnd.choice(["Alex Morgan", "Sam Rivera"]), f"Company {i % 40}"]))
    return "\n".join(rows) + "\n"


def test_an_import_of_many_people_writes_the_same_rows_on_both_engines(tmp_path, pg_database):
    """5,000 people and more: their kept aggregates computed in arrays from one read of the events
    in chunks (fetchmany), as SQLite's."""
    log = write(tmp_path / "many.csv", big_log(16500, 4))
    stores = {"sqlite": str(tmp_path / "s.db"), "postgresql": pg_database}
    for where in stores.values():
        with refgraph.open(where) as g:
            assert g.import_interactions(log).new_people > 5000
    assert dump(stores["postgresql"]) == dump(stores["sqlite"])
    with connect(pg_database) as c:   # a big import is analysed at once (the next one's plans)
        analysed = dict(c.execute("SELECT relname, last_analyze IS NOT NULL FROM pg_stat_user_tables").fetchall())
    assert analysed["identifiers"] and analysed["interactions"] and analysed["pair_stats"]


def test_big_imports_write_the_same_rows_on_both_engines(tmp_path, pg_database, monkeypatch):
    """Imports big enough to go by COPY on PostgreSQL (the people, interactions, their links and the
    kept aggregates), again (nothing changes) and a second file over the first: the same rows."""
    from refgraph.store.pg import PgConnection

    copied, copy = [], PgConnection._copy
    monkeypatch.setattr(PgConnection, "_copy", lambda self, cur, plain, rows: copied.append(plain["table"]) or
                        copy(self, cur, plain, rows))
    first = write(tmp_path / "first.csv", big_log(3000, 1))
    second = write(tmp_path / "second.csv", big_log(2400, 2))
    stores = {"sqlite": str(tmp_path / "s.db"), "postgresql": pg_database}
    summaries = {}
    for engine, where in stores.items():
        with refgraph.open(where) as g:
            summaries[engine] = [g.import_interactions(first), g.import_interactions(first),
                                 g.import_interactions(second)]
    assert summaries["postgresql"] == summaries["sqlite"]
    assert summaries["sqlite"][1].new_interactions == 0 and summaries["sqlite"][0].new_interactions > 2000
    assert dump(stores["postgresql"]) == dump(stores["sqlite"])
    assert {"interactions", "interaction_people", "pair_stats"} <= set(copied)


# -- the search on PostgreSQL ------------------------------------------------------------------
def test_the_path_search_is_exact_on_postgresql(pg_database):
    """The property test's worlds, built in a PostgreSQL database (fewer examples: each is a schema
    made anew): the top-k equals networkx's brute force there too, single source or the team, and
    so do reconnect's best ways into each account (``REFGRAPH_PG_EXAMPLES`` for more)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from refgraph.paths import best_ways, rank, search

    from .test_paths_property import (AS_OF as P_AS_OF, assert_ways, brute_force, brute_force_ways, build, talked_to,
                                      worlds)

    @settings(max_examples=int(os.environ.get("REFGRAPH_PG_EXAMPLES", "40")), deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(world=worlds(), team=st.booleans(), floor=st.sampled_from([0.0, 0.05, 0.2]))
    def check(world, team, floor):
        owners, rows, knows = world
        with connect(pg_database, autocommit=True) as c:
            c.execute("DROP SCHEMA public CASCADE")
            c.execute("CREATE SCHEMA public")
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            build(Path(tmp), owners, rows, knows, db=pg_database)
        with refgraph.open(pg_database) as g:
            owner_ids = {r["id"] for r in g.store.owners()}
            source = g.owner_id("Owner A")
            sources = owner_ids if team else {source}
            targets = {r["id"] for r in g.account_members(g.account("Acme"))} - owner_ids
            keys = {r["id"]: r["name_key"] for r in g.store.query("SELECT id, name_key FROM people")}
            graph, G = g.reads.graph(as_of=P_AS_OF), g.graph(P_AS_OF)
            found = rank(search(graph, sources, targets, 3, team=team), lambda n: keys[n])[:12]
            expected = brute_force(G, sources, targets, 3, team, lambda n: keys[n], owner_ids)[:12]
            people = set(keys) - owner_ids
            accounts = {"Acme": targets, "Rest": people - targets, "All": people}
            ways = best_ways(graph, source, accounts, floor)
            known = talked_to(g.reads.graph(as_of=P_AS_OF), source)
        assert [p.nodes for p in found] == [nodes for nodes, _ in expected]
        for p, (_, strength) in zip(found, expected):
            assert abs(p.strength - strength) <= 1e-12
        assert_ways(*ways, *brute_force_ways(G, source, accounts, floor, owner_ids, known))

    check()


# -- two teammates at once ---------------------------------------------------------------------
def _import(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "refgraph", "--db", url, "import", *args],
                          capture_output=True, text=True, timeout=600, env={**os.environ, "COLUMNS": "100"})


def test_two_imports_at_once_both_land_and_reads_see_before_or_after(pg_database, tmp_path):
    logs = []
    for owner in ("Alex Morgan", "Sam Rivera"):
        rows = "".join(f"2026-{1 + i % 11:02d}-{1 + i % 27:02d},Person {owner[0]}{i},call,{owner},Co{i % 7}\n"
                       for i in range(1500))
        logs.append(write(tmp_path / f"{owner.split()[0]}.csv", "date,person,channel,owner,company\n" + rows))
    seen, stop = set(), threading.Event()

    def watch():
        with connect(pg_database) as c:
            while not stop.is_set():
                try:
                    seen.add(c.execute("SELECT count(*) FROM interactions").fetchone()[0])
                except Exception:   # noqa: BLE001 - the schema is being created
                    c.rollback()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        results = []
        threads = [threading.Thread(target=lambda p=p: results.append(_import(pg_database, "interactions", str(p))))
                   for p in logs]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        stop.set()
        watcher.join()
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    with refgraph.open(pg_database) as g:
        owners = {r["name"]: r["interactions"] for r in g.owners(None)}
    assert owners == {"Alex Morgan": 1500, "Sam Rivera": 1500}
    assert seen <= {0, 1500, 3000}, sorted(seen)   # never half an import


def test_a_database_of_another_program_is_refused(pg_database):
    with connect(pg_database, autocommit=True) as c:
        c.execute("CREATE TABLE invoices (id int)")
    code, out, err = invoke(pg_database, "people")
    assert code == 1
    assert err.strip() == (f"Error: {pg_database}: not a refgraph database (it holds other tables) — point --db "
                           "at a refgraph database or a new, empty one")


def test_a_server_that_is_not_there_is_one_line(tmp_path):
    url = f"postgresql://nobody@/refgraph?host={tmp_path}"
    code, out, err = invoke(url, "people")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert err.startswith(f"Error: {url}: cannot connect to PostgreSQL (")
    assert err.rstrip().endswith("— check the URL, that the server runs and that this role may log in")


def test_a_database_that_is_not_there_says_to_create_it(pg_database):
    name = pg_database.split("@/", 1)[1].split("?", 1)[0]   # postgresql://postgres@/NAME?host=…
    url = pg_database.replace(f"@/{name}?", "@/no_such_team?", 1)
    code, out, err = invoke(url, "people")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert err.rstrip().endswith('database "no_such_team" does not exist) — create the database first (createdb '
                                 "no_such_team, as a role that may), or correct its name in the URL"), err


def test_a_password_is_never_printed(tmp_path):
    url = f"postgresql://nobody:s3cret@/refgraph?host={tmp_path}"
    code, out, err = invoke(url, "people")
    assert code == 1 and "s3cret" not in err and "nobody:***@" in err


def test_refgraph_db_names_the_database_as_db_does(demo_stores):
    runner = stderr_apart()
    by_env = runner.invoke(cli, ["people", "--as-of", GOLDEN_AS_OF, "--json"],
                           env={**WIDTH, "REFGRAPH_DB": demo_stores["postgresql"]}, catch_exceptions=False)
    assert by_env.exit_code == 0, by_env.stderr
    assert by_env.stdout == invoke(demo_stores["postgresql"], "people", "--as-of", GOLDEN_AS_OF, "--json")[1]
    assert by_env.stdout == invoke(demo_stores["sqlite"], "people", "--as-of", GOLDEN_AS_OF, "--json")[1]


def test_a_read_command_reads_one_state_of_the_store(location, tmp_path):
    """Every read of a read command sees the store as its first read did: an import that commits
    in between is seen whole by the next command, not half by this one."""
    with refgraph.open(location) as g:
        g.import_interactions(write(tmp_path / "a.csv", LOG))
    reader = refgraph.open(location)
    reader.snapshot = True   # as the CLI's read commands set it

    def count(g):
        return g.store.query("SELECT count(*) AS n FROM interactions")[0]["n"]

    assert count(reader) == 1
    with refgraph.open(location) as writer:
        writer.import_interactions(write(tmp_path / "b.csv", LOG.replace("2026-10-01", "2026-10-02")))
        assert count(writer) == 2
    assert count(reader) == 1
    reader.log("Dana Whitfield", "call", date(2026, 10, 3), owner="Alex Morgan")   # a write ends the snapshot
    assert count(reader) == 3
    reader.close()


def test_a_database_reads_its_config_beside_the_default_store(monkeypatch, tmp_path):
    from refgraph.store import local_default_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    graph = refgraph.open("postgresql://someone@/team?host=/nowhere")   # nothing connects before a read
    assert graph.config_path == local_default_path().with_name("refgraph.toml")
    assert graph.config_path.parent == tmp_path / "refgraph" and graph.path is None


def test_a_connection_lost_during_an_import_is_one_line_and_keeps_nothing(pg_database, tmp_path):
    """The server ends the session in the middle of an import: one line, and the store as before."""
    log = write(tmp_path / "log.csv", big_log(1500, 3))
    with refgraph.open(pg_database) as g:
        g.import_interactions(write(tmp_path / "first.csv", LOG))
    before = dump(pg_database)
    g = refgraph.open(pg_database)
    pid = g.store.conn.raw.info.backend_pid
    real = g.store.refresh_stats

    def killed(*args, **kwargs):   # the rows are written; the server goes before the commit
        with connect(pg_database, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        return real(*args, **kwargs)

    g.store.refresh_stats = killed
    with pytest.raises(RefgraphError, match=r"lost the connection to PostgreSQL \(.*\) — nothing of the last "
                                            "change was kept; try again"):
        g.import_interactions(log)
    assert dump(pg_database) == before



@pytest.mark.parametrize("expression", [
    "julianday('2024-03-01') - julianday('2023-12-31')", "julianday('2026-11-15')",
    "max(1e-15, 1.0 - 0.25)", "min(0.1, 0.05)", "max(NULL, 1.0)", "instr('ann@contoso.example', '@')",
    "exp(-1000.0)", "exp(0.5)",
])
def test_the_functions_postgresql_lacks_answer_as_sqlites(pg_database, expression):
    import sqlite3

    with refgraph.open(pg_database) as g:
        ours = g.store.conn.execute(f"SELECT {expression}").fetchone()[0]
    theirs = sqlite3.connect(":memory:").execute(f"SELECT {expression}").fetchone()[0]
    assert ours == theirs


def test_group_concat_joins_as_sqlites(pg_database):
    with refgraph.open(pg_database) as g:
        joined = g.store.conn.execute("SELECT group_concat(v, ' ') FROM (VALUES ('a'), (NULL), ('b')) AS t(v)"
                                      ).fetchone()[0]
    assert joined == "a b"


def test_no_lookup_runs_from_a_plan_made_while_its_table_was_empty(pg_database, tmp_path, monkeypatch):
    """psycopg prepares a statement run often, and PostgreSQL may keep a generic plan of it made
    while its table was small or analysed empty: a scan of the whole table for every lookup once it
    has grown (a 150,000-row knows file after a LinkedIn import: over 20 minutes). A big import
    analyses only the tables it filled, and a lookup of many values at once is never prepared."""
    from refgraph.store import pg

    monkeypatch.setattr(pg, "ANALYZE_ROWS", 20)
    with refgraph.open(pg_database) as g:
        g.import_linkedin(SAMPLES / "Complete_LinkedInDataExport_11-01-2026.zip")
        analysed = dict(g.store.conn.raw.execute(
            "SELECT relname, last_analyze IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname IN ('people', 'connections', 'knows')").fetchall())
        assert analysed == {"people": True, "connections": True, "knows": False}   # knows: still empty
        conn = g.store.conn
        few, many = "SELECT note FROM knows WHERE source_key IN ({})", "SELECT strength FROM knows WHERE source_key IN ({})"
        for n in range(8):
            conn.execute(few.format("?, ?"), ("a", f"b{n}")).fetchall()
            keys = [f"pair:{n}:{k}" for k in range(pg.MANY_VALUES + 1)]
            conn.execute(many.format(", ".join("?" * len(keys))), keys).fetchall()
        prepared = [r[0] for r in conn.raw.execute("SELECT statement FROM pg_prepared_statements").fetchall()]
    assert any(p.startswith("SELECT note FROM knows") for p in prepared)
    assert not any(p.startswith("SELECT strength FROM knows") for p in prepared)
