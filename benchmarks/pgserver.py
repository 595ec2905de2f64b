"""A throw-away PostgreSQL server for the benchmarks: the tests' server (``tests/postgres.py``),
started once for a run with settings nearer a real one, and a fresh database for each world.

    with BenchServer() as server:
        url = server.new_database("bench_team")      # postgresql://postgres@/bench_team?host=…

The tests' server trades safety for speed (``fsync`` off, 32 MB of shared buffers). For a
measurement beside SQLite the server here is set as SQLite's store is (WAL with ``synchronous =
NORMAL``: nothing flushed at each commit, but safe against a crash): ``fsync`` and
``full_page_writes`` on, ``synchronous_commit`` off; 256 MB of shared buffers and a 2 GB WAL so that
a big import does not checkpoint all the time. They are set with ``ALTER SYSTEM`` and a restart, over
the tests' own settings. Everything sits in one temporary folder, stopped and removed on leaving the
``with`` block whatever happened (and on SIGTERM, which the runner turns into an exit).

The runner keeps its own process small (a child's peak memory, from ``os.wait4``, starts from the
size of the process that forked it), so it drives this module as a child of its own:

    python benchmarks/pgserver.py serve DBNAME     # prints {"url": …, "server": {…}}; stops at end of stdin
    python benchmarks/pgserver.py facts URL        # size and row counts of a refgraph database (JSON)
    python benchmarks/pgserver.py shims            # the shims refgraph lacks (JSON)
    python benchmarks/pgserver.py refgraph --db URL ARGS...

runs refgraph's command line with :data:`SHIMS` applied where refgraph lacks them (``run.py
--pg-shim``): what the benchmark needs of the PostgreSQL engine that refgraph at the measured commit
does not have yet, kept here and not in refgraph, and said in the results. Run this way, the module
imports nothing of the tests (no pytest).
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _tests_postgres():
    """``tests/postgres.py``, loaded from its file: the repository is not put on ``sys.path``, so the
    refgraph that runs is the one installed beside this Python (the commit measured), not the
    working tree."""
    import importlib.util

    name = "refgraph_bench_tests_postgres"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "tests" / "postgres.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def connect(url: str, **kwargs):
    """A psycopg connection to *url*."""
    import psycopg

    return psycopg.connect(url, **kwargs)

SETTINGS = {
    "fsync": "on",
    "full_page_writes": "on",
    "synchronous_commit": "off",
    "shared_buffers": "256MB",
    "max_wal_size": "2GB",
}


class BenchServer:
    """One PostgreSQL server for a benchmark run (a context manager)."""

    def __init__(self, settings: dict[str, str] | None = None):
        tp = _tests_postgres()
        bindir = tp.find_bindir()
        if bindir is None:
            raise SystemExit("no PostgreSQL server binary (initdb, pg_ctl, postgres): install postgresql-15")
        self.settings = SETTINGS if settings is None else settings
        self.server = tp.Server(bindir)

    def __enter__(self) -> "BenchServer":
        try:
            self.server.start()
            self._tune()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop the server (fast, else immediate) and remove its folder."""
        s = self.server
        try:
            s.stop()
        except Exception as exc:  # noqa: BLE001 - the folder goes only once the server is down
            print(f"pgserver: {exc}", file=sys.stderr)
            s.run("pg_ctl", "stop", "-D", str(s.data), "-m", "immediate", "-w", "-t", "30")
        finally:
            s.remove()

    def _tune(self) -> None:
        with connect(self.server.url("postgres"), autocommit=True) as conn:
            for name, value in self.settings.items():
                conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")
        s = self.server
        s._check("pg_ctl restart", s.run("pg_ctl", "restart", "-D", str(s.data), "-l", str(s.log), "-m", "fast",
                                         "-w", "-t", "60"))
        s._check("pg_isready", s.run("pg_isready", "-h", str(s.socket), "-U", "postgres", "-d", "postgres",
                                     "-t", "30"))

    def shown(self) -> dict[str, str]:
        """The settings as the running server has them (for the results)."""
        names = [*self.settings, "work_mem", "max_connections", "server_version"]
        with connect(self.server.url("postgres"), autocommit=True) as conn:
            return {n: conn.execute(f"SHOW {n}").fetchone()[0] for n in names}

    def new_database(self, name: str) -> str:
        """A new, empty database on this server: its URL."""
        _tests_postgres()._create_database(self.server.url("postgres"), name)
        return self.server.url(name)


def database_facts(url: str) -> dict:
    """Size, row counts of the main tables and the server's version, of a refgraph database."""
    tables = ("people", "identifiers", "interactions", "interaction_people", "connections", "knows", "accounts",
              "owners")
    with connect(url, autocommit=True) as conn:
        present = {r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()}
        rows = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables if t in present}
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        version = conn.execute("SHOW server_version").fetchone()[0]
    return {"store_rows": rows, "store_bytes": size, "server_version": version, "tables": len(present)}


def _fetchmany(self, size=None):
    """:meth:`sqlite3.Cursor.fetchmany` for refgraph's ``PgCursor`` (the kept aggregates of 5,000 or
    more people read their events in batches)."""
    if not self._cur.description:
        return []
    rows = self._cur.fetchmany(size) if size else self._cur.fetchmany()
    return rows if self.row_factory is None else [self._row(r) for r in rows]


SHIMS = {"fetchmany": ("refgraph.store.pg", "PgCursor", "fetchmany", _fetchmany)}


def apply_shims() -> list[str]:
    """Add each of :data:`SHIMS` that refgraph lacks: the names of those added."""
    import importlib

    added = []
    for name, (module, cls, attr, fn) in SHIMS.items():
        klass = getattr(importlib.import_module(module), cls)
        if not hasattr(klass, attr):
            setattr(klass, attr, fn)
            added.append(name)
    return added


def _refgraph(args: list[str]) -> int:
    apply_shims()
    from refgraph.cli import main

    sys.argv = ["refgraph", *args]
    return main()


__all__ = ["BenchServer", "database_facts", "apply_shims", "SHIMS"]

def _serve(name: str) -> int:
    """Start a server, make database *name*, say where (one JSON line), and keep it until stdin ends
    (the runner closes it, or dies); then stop and remove it. SIGTERM and SIGHUP end it the same way."""
    import json
    import signal

    def leave(*_):   # once: a second signal must not cut the stopping short
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(sig, signal.SIG_IGN)
        sys.exit(143)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, leave)
    with BenchServer() as server:
        url = server.new_database(name)
        print(json.dumps({"url": url, "server": server.shown()}), flush=True)
        sys.stdin.read()
    return 0


if __name__ == "__main__":
    import json

    command, rest = (sys.argv[1:2] or [""])[0], sys.argv[2:]
    if command == "refgraph":
        sys.exit(_refgraph(rest))
    elif command == "serve" and len(rest) == 1:
        sys.exit(_serve(rest[0]))
    elif command == "facts" and len(rest) == 1:
        print(json.dumps(database_facts(rest[0])))
    elif command == "shims" and not rest:
        print(json.dumps(apply_shims()))
    else:
        raise SystemExit("usage: python benchmarks/pgserver.py serve DBNAME | facts URL | shims | "
                         "refgraph --db URL ARGS...")
