import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import refgraph
from refgraph.cli import cli
from refgraph.samples import AS_OF

from .postgres import pg_database, pg_server  # noqa: F401  (fixtures: a PostgreSQL server for the tests)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    """Tables as wide as their cells, whatever the terminal running the tests: the tests of fitting
    the terminal (test_fit_and_shares, the golden transcripts at 80 columns) set COLUMNS themselves."""
    monkeypatch.setenv("COLUMNS", "400")


@pytest.fixture
def db(tmp_path):
    return tmp_path / "store.db"


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_db(request, tmp_path):
    """A new store in each engine: a SQLite file name, then a new empty PostgreSQL database's URL. A
    module runs its tests on both by naming this its ``db`` (``db = engine_db`` as a fixture)."""
    if request.param == "sqlite":
        return tmp_path / "store.db"
    return request.getfixturevalue("pg_database")


def sqlite_file(db):
    """*db* when it is a SQLite file; a test about the store's file (created or not, its bytes, the
    config beside it) is skipped on PostgreSQL."""
    if isinstance(db, str) and db.startswith("postgresql://"):
        pytest.skip("about the store's file: SQLite's")
    return db


def stderr_apart() -> CliRunner:
    """A runner whose results keep stderr apart from stdout on every click this project supports."""
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2: stderr is only separate on request
    except TypeError:
        return CliRunner()                  # click >= 8.2: result.stderr is always separate


@pytest.fixture
def run(db):
    """Run the CLI against a temporary store: ``run("people", "--json")``."""
    runner = CliRunner()

    def _run(*args, input=None):
        return runner.invoke(cli, ["--db", str(db), *map(str, args)], input=input, catch_exceptions=False)

    return _run


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory):
    """A store with every bundled sample imported (read-only for tests: copy it to change it)."""
    path = tmp_path_factory.mktemp("samples") / "samples.db"
    with refgraph.open(path) as g:
        g.import_linkedin(SAMPLES / "Complete_LinkedInDataExport_11-01-2026.zip")
        g.import_linkedin(next(p for p in SAMPLES.glob("Basic_LinkedInDataExport_*") if p.is_dir()))
        g.import_interactions(SAMPLES / "interactions.csv")
    return path


@pytest.fixture
def samples_db(sample_store, tmp_path):
    """A private copy of the sample store."""
    path = tmp_path / "copy.db"
    shutil.copy(sample_store, path)
    return path


def write(path: Path, text: str, encoding="utf-8", newline="\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


@pytest.fixture(scope="session")
def full_store(tmp_path_factory):
    """A store with every bundled sample imported the way the demo does (read-only for tests)."""
    from refgraph.demo import import_samples

    path = tmp_path_factory.mktemp("full") / "full.db"
    with refgraph.open(path) as g:
        list(import_samples(g, SAMPLES, AS_OF))
    return path


def store_dump(db):
    """Every row of every table of a store, comparable across two stores built differently."""
    import sqlite3

    c = sqlite3.connect(db)
    tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    dump = {t: sorted(map(repr, c.execute(f"SELECT * FROM {t}"))) for t in tables}
    c.close()
    return dump


def as_v4(db):
    """A current store written back the way schema v4 kept it, to test the migrations from there:
    connections as interactions with a link to their person, the (owner, day) index, and no v7 tables
    or v8 views."""
    import sqlite3

    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN")
    for view in ("interaction_subjects", "connection_subjects", "intro_notes"):   # v8's
        con.execute(f"DROP VIEW {view}")
    first = con.execute("SELECT coalesce(max(id), 0) + 1 FROM interactions").fetchone()[0]
    rows = con.execute("SELECT owner_id, person_id, day, stamp, direction, subject, source FROM connections "
                       "ORDER BY owner_id, person_id").fetchall()
    for n, (owner, person, day, stamp, direction, subject, source) in enumerate(rows, first):
        con.execute("INSERT INTO interactions (id, owner_id, day, stamp, channel, direction, subject, source, "
                    "source_key) VALUES (?, ?, ?, ?, 'connection', ?, ?, ?, ?)",
                    (n, owner, day, stamp, direction, subject, source, f"connection:{person}"))
        con.execute("INSERT INTO interaction_people (person_id, interaction_id) VALUES (?, ?)", (person, n))
    con.execute("DROP TABLE connections")
    con.execute("CREATE INDEX interactions_owner_day ON interactions(owner_id, day)")
    for table in ("intro_steps", "intros", "ledger"):   # v7's
        con.execute(f"DROP TABLE {table}")
    con.execute("ALTER TABLE accounts DROP COLUMN reason")
    con.execute("PRAGMA user_version = 4")
    con.execute("COMMIT")
    con.close()
